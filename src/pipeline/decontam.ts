// Benchmark decontamination of training data.
//   substring: a benchmark prompt or solution occurs in the row (BigCode style: case-insensitive,
//              whitespace-normalised exact substring), for items of at least `minChars` characters
//   ngram:     the row shares at least `minOverlap` word n-grams (default 8-grams) with an item
// Items are indexed by n-gram hash (53-bit keys from two 32-bit rolling hashes of word hashes), so a
// row costs one map look-up per n-gram; substring checks run only on the items an n-gram hit names.
// N-grams that occur in more than `maxDf` distinct items (boilerplate such as MBPP's "You are an
// expert Python programmer") are not indexed.
import { BENCHMARKS, loadBenchmark } from '../benchmarks/index.js';
import { loadBuiltinProblems } from '../benchmarks/builtin.js';
import type { Task } from '../benchmarks/types.js';
import { fnv } from './dedup.js';

export interface DecontamOptions {
  ngram?: number;
  /** shared n-grams needed to flag a row (default 1: any shared n-gram, as OpenCoder / StarCoder2 do) */
  minOverlap?: number;
  /** shortest item text checked as a substring (shorter solutions such as `return a + b` would flag everything) */
  minChars?: number;
  maxDf?: number;
  /** a solution (code) is flagged by n-grams only when this fraction of its n-grams is shared: code
   * shares boilerplate (reading stdin, imports) that a prompt does not (default 0.25) */
  minSolutionRatio?: number;
}

export interface BenchItem {
  benchmark: string;
  id: string;
  field: 'prompt' | 'solution';
  norm: string;
  ngrams: number;
}

export interface Overlap {
  benchmark: string;
  id: string;
  field: 'prompt' | 'solution';
  kind: 'substring' | 'ngram';
  /** shared distinct n-grams, and their fraction of the item's n-grams */
  shared: number;
  ratio: number;
}

export const normText = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();

const WORD = /[a-z0-9_]+/g;

/** The distinct n-gram keys of a text. */
export function ngramKeys(text: string, n: number): Set<number> {
  const ws = text.toLowerCase().match(WORD) ?? [];
  const out = new Set<number>();
  if (ws.length < n) return out;
  const hw = ws.map((w) => fnv(w));
  for (let i = 0; i + n <= hw.length; i++) {
    let a = 0x811c9dc5;
    let b = 0x12345678;
    for (let j = i; j < i + n; j++) {
      a = (Math.imul(a, 0x01000193) ^ hw[j]) >>> 0;
      b = (Math.imul(b ^ hw[j], 0x5bd1e995) + 0x9e3779b9) >>> 0;
    }
    out.add(a * 2097152 + (b >>> 11));
  }
  return out;
}

export class DecontamIndex {
  readonly items: BenchItem[] = [];
  readonly n: number;
  readonly minOverlap: number;
  readonly minChars: number;
  private readonly maxDf: number;
  private readonly minSolutionRatio: number;
  private index = new Map<number, number[]>();
  private seen = new Set<string>();
  readonly benchmarks = new Map<string, number>();

  constructor(o: DecontamOptions = {}) {
    this.n = o.ngram ?? 8;
    this.minOverlap = o.minOverlap ?? 1;
    this.minChars = o.minChars ?? 40;
    this.maxDf = o.maxDf ?? 25;
    this.minSolutionRatio = o.minSolutionRatio ?? 0.25;
  }

  add(benchmark: string, id: string, field: 'prompt' | 'solution', text: string | undefined): void {
    if (!text || !text.trim()) return;
    const norm = normText(text);
    const dedupKey = `${benchmark}\u0000${field}\u0000${norm}`;
    if (this.seen.has(dedupKey)) return;
    this.seen.add(dedupKey);
    const keys = ngramKeys(norm, this.n);
    if (!keys.size && norm.length < this.minChars) return;
    const i = this.items.length;
    this.items.push({ benchmark, id, field, norm, ngrams: keys.size });
    this.benchmarks.set(benchmark, (this.benchmarks.get(benchmark) ?? 0) + 1);
    for (const k of keys) {
      const l = this.index.get(k);
      if (!l) this.index.set(k, [i]);
      else if (l.length <= this.maxDf && l[l.length - 1] !== i) l.push(i);
    }
  }

  addTasks(name: string, tasks: Task[]): void {
    for (const t of tasks) {
      this.add(name, t.id, 'prompt', t.prompt);
      this.add(name, t.id, 'solution', t.reference);
    }
  }

  get size(): number {
    return this.items.length;
  }

  /** The benchmark items a text overlaps (best first), empty when clean. */
  check(text: string): Overlap[] {
    const norm = normText(text);
    const counts = new Map<number, number>();
    for (const k of ngramKeys(norm, this.n)) {
      const l = this.index.get(k);
      if (!l || l.length > this.maxDf) continue;
      for (const i of l) counts.set(i, (counts.get(i) ?? 0) + 1);
    }
    const out: Overlap[] = [];
    for (const [i, shared] of counts) {
      const it = this.items[i];
      const sub = it.norm.length >= this.minChars && norm.includes(it.norm);
      const ratio = Math.round((shared / Math.max(1, it.ngrams)) * 1000) / 1000;
      if (!sub && (shared < this.minOverlap || (it.field === 'solution' && ratio < this.minSolutionRatio))) continue;
      out.push({ benchmark: it.benchmark, id: it.id, field: it.field, kind: sub ? 'substring' : 'ngram', shared, ratio });
    }
    return out.sort((a, b) => (a.kind === b.kind ? b.ratio - a.ratio : a.kind === 'substring' ? -1 : 1));
  }
}

/** Builtin items: the statement once per task (without the per-language instruction) and every reference solution. */
export function addBuiltin(ix: DecontamIndex): void {
  for (const p of loadBuiltinProblems()) {
    ix.add('builtin', p.slug, 'prompt', p.statement);
    for (const src of Object.values(p.solutions)) ix.add('builtin', p.slug, 'solution', src);
  }
}

/** Benchmarks (other than builtin) whose data loads from a local directory without the network. */
const LOCAL_CANDIDATES = () => BENCHMARKS.filter((b) => b !== 'builtin' && b !== 'multipl-e');

/** An index over `specs` (`name[:path]`, data found as every command finds it: see loadBenchmark),
 * or over every benchmark available locally (no network) when specs is empty. */
export async function buildIndex(specs: string[], o: DecontamOptions = {}, log?: (m: string) => void): Promise<DecontamIndex> {
  const ix = new DecontamIndex(o);
  const group = (name: string) => (name.startsWith('multipl-e-') ? 'multipl-e' : name);
  if (!specs.length) {
    addBuiltin(ix);
    for (const name of LOCAL_CANDIDATES()) {
      let tasks: Task[];
      try {
        tasks = await loadBenchmark(name, { hub: false });
      } catch {
        continue; // not available locally
      }
      ix.addTasks(group(name), tasks);
    }
  } else {
    for (const spec of specs) {
      const name = spec.split(':')[0].toLowerCase();
      if (name === 'builtin') addBuiltin(ix);
      else ix.addTasks(group(name), await loadBenchmark(spec));
    }
  }
  log?.(`decontam index: ${[...ix.benchmarks].map(([b, c]) => `${b} ${c}`).join(', ')} items, ${ix.n}-grams`);
  return ix;
}

/** The text of a training row: every string value except metadata fields, joined by newlines. */
export function rowText(v: unknown, out: string[] = [], key = ''): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) rowText(x, out, key);
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) if (!SKIP.has(k)) rowText(x, out, k);
  }
  return out;
}

const SKIP = new Set(['metadata', 'decontam', 'extra_info', 'data_source', 'role', 'ability', 'reward_model', 'id', 'task_id']);


export interface FlaggedRow {
  /** 1-based line in the input file */
  line: number;
  id?: unknown;
  overlaps: Overlap[];
}

export interface DecontamReport {
  rows: number;
  flagged: number;
  by_benchmark: Record<string, number>;
  by_kind: Record<string, number>;
  invalid_lines: number;
  flagged_rows: FlaggedRow[];
}

/** Check every row of a JSONL file (streamed); with `mode` write the rows kept (`drop`) or all rows
 * with a `decontam` field (`tag`) to `out`. `maxListed` caps the flagged rows kept in the report. */
export async function decontamFile(ix: DecontamIndex, file: string, o: { mode?: 'drop' | 'tag'; out?: string; maxListed?: number;
  onRow?: () => void } = {}): Promise<DecontamReport> {
  const { createReadStream } = await import('node:fs');
  const { createInterface } = await import('node:readline');
  const { JsonlWriter } = await import('./formats.js');
  const w = o.mode && o.out ? new JsonlWriter(o.out) : null;
  const rep: DecontamReport = { rows: 0, flagged: 0, by_benchmark: {}, by_kind: {}, invalid_lines: 0, flagged_rows: [] };
  let line = 0;
  const rl = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const l of rl) {
    line++;
    if (!l.trim()) continue;
    let row: Record<string, unknown>;
    try {
      row = JSON.parse(l);
    } catch {
      rep.invalid_lines++;
      continue;
    }
    rep.rows++;
    o.onRow?.();
    const hits = ix.check(rowText(row).join('\n'));
    if (hits.length) {
      rep.flagged++;
      rep.by_benchmark[hits[0].benchmark] = (rep.by_benchmark[hits[0].benchmark] ?? 0) + 1;
      rep.by_kind[hits[0].kind] = (rep.by_kind[hits[0].kind] ?? 0) + 1;
      if (rep.flagged_rows.length < (o.maxListed ?? Infinity)) {
        const meta = row.metadata as Record<string, unknown> | undefined;
        rep.flagged_rows.push({ line, id: row.id ?? row.task_id ?? meta?.task_id, overlaps: hits.slice(0, 5) });
      }
    }
    if (w) {
      if (o.mode === 'tag') w.write({ ...row, decontam: { flagged: hits.length > 0, overlaps: hits.slice(0, 5) } });
      else if (!hits.length) w.write(row);
    }
  }
  w?.close();
  return rep;
}
