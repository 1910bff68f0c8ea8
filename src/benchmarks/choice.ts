// Multiple-choice benchmarks for the breadth guard (MMLU, HellaSwag, WinoGrande, ARC): not code
// tasks but items scored by the log-likelihood of each choice, as lm-evaluation-harness 0.4.x scores
// them. One loader per dataset (mmlu.ts, hellaswag.ts, winogrande.ts, arc.ts) reads local files in
// the Hugging Face layout of its dataset (parquet, or jsonl/json rows of the same schema) and builds
// the exact (context, continuation) requests of lm-eval's task; this file holds what they share and
// `loadChoiceBenchmark("<name>:<path>")`, the dispatcher by name.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { LoglikelihoodRequest } from '../models/types.js';
import { BenchmarkDataError, type Located, readRecords } from './io.js';

export type ChoiceMetric = 'acc' | 'acc_norm';

export interface ChoiceItem {
  /** mmlu | hellaswag | winogrande | arc_easy | arc_challenge */
  benchmark: string;
  /** lm-eval's task name: mmlu_<subject>, hellaswag, winogrande, arc_easy, arc_challenge */
  task: string;
  /** the dataset's id, or <subject>/<index> (MMLU), or the row's index */
  id: string;
  /** position in its task's split: lm-eval's doc_id */
  index: number;
  /** one (context, continuation) pair per choice, exactly as lm-eval builds them */
  requests: LoglikelihoodRequest[];
  /** lm-eval's doc_to_choice strings: acc_norm divides each log-likelihood by their length */
  choices: string[];
  gold: number;
  metrics: ChoiceMetric[];
  /** the item as the generative letter-answer mode asks it: a question and lettered options */
  letter: { question: string; options: string[] };
}

export interface ChoiceLoadOptions {
  /** few-shot examples (MMLU only: the first n of the subject's dev split, lm-eval's first_n) */
  num_fewshot?: number;
}

export const CHOICE_BENCHMARKS = ['mmlu', 'hellaswag', 'winogrande', 'arc', 'arc_easy', 'arc_challenge'] as const;

export const isChoiceBenchmark = (spec: string): boolean =>
  (CHOICE_BENCHMARKS as readonly string[]).includes(spec.split(':')[0]);

const DATA_EXT = /\.(parquet|jsonl|ndjson|json)(\.gz)?$/i;

/** Data files of one split in a directory, in the Hugging Face layout: `<split>-00000-of-00001.parquet`
 * shards, or `<split>.jsonl` / `<split>.json` / `<split>.parquet`. */
export function splitFiles(dir: string, split: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  return readdirSync(dir).filter((f) => DATA_EXT.test(f) && (f.startsWith(`${split}-`) || f.replace(DATA_EXT, '') === split))
    .sort().map((f) => join(dir, f));
}

/** Rows of a split: `path` is a data file, or a directory holding the split's files directly or in
 * one of `subdirs` (the dataset's config folders, first match wins). */
export async function readSplit(path: string, split: string, subdirs: string[], example: string): Promise<Located[]> {
  if (!existsSync(path)) throw new BenchmarkDataError(path, null, `not found (expected ${example})`);
  let files: string[];
  if (statSync(path).isDirectory()) {
    files = splitFiles(path, split);
    for (const d of subdirs) if (!files.length) files = splitFiles(join(path, d), split);
    if (!files.length) {
      throw new BenchmarkDataError(path, null, `no "${split}" split here (looked for ${split}-*.parquet or ${split}.jsonl` +
        `${subdirs.length ? ` in it and in ${subdirs.join(', ')}/` : ''}); expected ${example}`);
    }
  } else files = [path];
  const rows: Located[] = [];
  for (const f of files) rows.push(...(await readRecords(f)));
  if (!rows.length) throw new BenchmarkDataError(files[0], null, `the "${split}" split is empty`);
  return rows;
}

/** The same file name with one split swapped for another (test-00000-of-00001.parquet → dev-...). */
export function siblingSplit(file: string, from: string, to: string): string | null {
  const name = basename(file);
  if (!name.startsWith(from)) return null;
  const other = join(file.slice(0, file.length - name.length), to + name.slice(from.length));
  return existsSync(other) ? other : null;
}

export function str(r: Located, name: string): string {
  const v = r.row[name];
  if (typeof v !== 'string') throw new BenchmarkDataError(r.file, r.line, `field "${name}" must be a string${v === undefined ? ' (missing)' : ''}`);
  return v;
}

export function strList(r: Located, name: string, min = 2): string[] {
  const v = r.row[name];
  if (!Array.isArray(v) || v.length < min || !v.every((x) => typeof x === 'string')) {
    throw new BenchmarkDataError(r.file, r.line, `field "${name}" must be a list of at least ${min} strings`);
  }
  return v as string[];
}

export function goldIndex(r: Located, gold: number, n: number, what: string): number {
  if (!Number.isInteger(gold) || gold < 0 || gold >= n) throw new BenchmarkDataError(r.file, r.line, `${what} is not one of the ${n} choices`);
  return gold;
}

/** Items of `<name>:<path>` (mmlu, hellaswag, winogrande, arc, arc_easy, arc_challenge). */
export async function loadChoiceBenchmark(spec: string, opts: ChoiceLoadOptions = {}): Promise<ChoiceItem[]> {
  const colon = spec.indexOf(':');
  const name = colon < 0 ? spec : spec.slice(0, colon);
  const path = colon < 0 ? '' : spec.slice(colon + 1);
  if (!(CHOICE_BENCHMARKS as readonly string[]).includes(name)) {
    throw new Error(`unknown multiple-choice benchmark "${name}" (known: ${CHOICE_BENCHMARKS.join(', ')})`);
  }
  if (!path) {
    throw new Error(`${name} needs a local path to its data in the Hugging Face layout, e.g. ${name}:${EXAMPLES[name]}`);
  }
  if (opts.num_fewshot && name !== 'mmlu') {
    throw new Error(`few-shot is supported for mmlu only (its shots are the first n of the dev split, as in lm-eval); ` +
      `lm-eval draws ${name}'s shots at random from its training split, which rlcf does not reproduce`);
  }
  switch (name) {
    case 'mmlu':
      return (await import('./mmlu.js')).loadMmlu(path, opts.num_fewshot ?? 0);
    case 'hellaswag':
      return (await import('./hellaswag.js')).loadHellaSwag(path);
    case 'winogrande':
      return (await import('./winogrande.js')).loadWinoGrande(path);
    default:
      return (await import('./arc.js')).loadArc(path, name === 'arc' ? undefined : name === 'arc_easy' ? 'ARC-Easy' : 'ARC-Challenge');
  }
}

export const EXAMPLES: Record<string, string> = {
  mmlu: '/data/mmlu (cais/mmlu: <subject>/test-00000-of-00001.parquet and dev-...), or one subject\'s test file',
  hellaswag: '/data/hellaswag (Rowan/hellaswag: data/validation-00000-of-00001.parquet), or that file',
  winogrande: '/data/winogrande (allenai/winogrande: winogrande_xl/validation-00000-of-00001.parquet), or that file',
  arc: '/data/ai2_arc (allenai/ai2_arc: ARC-Easy/ and ARC-Challenge/ with test-00000-of-00001.parquet), or one test file',
  arc_easy: '/data/ai2_arc/ARC-Easy (test-00000-of-00001.parquet)',
  arc_challenge: '/data/ai2_arc/ARC-Challenge (test-00000-of-00001.parquet)',
};
