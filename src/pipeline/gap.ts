// The overfitting gap (issue 15): the same model's score on public benchmarks minus its score on
// fresh tasks (procedural families, never published), per capability and overall, with a 95%
// bootstrap interval of the difference (tasks resampled independently on each side) and a flag when
// the interval excludes 0. A model that memorised public answers scores high there and low on fresh
// tasks of the same shapes; an honest one scores alike.
//
// Capabilities are the families' shapes (string, arithmetic, parsing, dp, graph, simulation). Fresh
// tasks carry theirs (meta.shape); public tasks (HumanEval, MBPP, ...) carry none, so their prompt is
// classified by keywords: a heuristic, reported as such; "all" compares everything with everything.
import type { Task } from '../benchmarks/types.js';
import { SHAPES } from '../tasks/family.js';
import { rng } from './metrics.js';

const KEYWORDS: [string, RegExp][] = [
  ['graph', /\b(graph|node|vertex|vertices|edge|tree|grid|maze|path|neighbou?r|bfs|dfs)\b/i],
  ['dp', /\b(subsequence|ways|minimum (number|cost)|maximum (sum|profit)|knapsack|coins?|stairs|dynamic programming|edit distance)\b/i],
  ['parsing', /\b(parse|parenthes[ie]s|brackets?|expression|roman|format|tokens?|date|time|duration)\b/i],
  ['simulation', /\b(simulat\w*|robot|moves?|commands?|stack|queue|turns?|rounds?|game|circle)\b/i],
  ['arithmetic', /\b(prime|digits?|divisors?|factorial|fibonacci|gcd|lcm|modulo|sum of|integer|numbers?|base)\b/i],
  ['string', /\b(strings?|characters?|words?|letters?|vowels?|palindrome|substring|sentence|uppercase|lowercase)\b/i],
];

/** A task's capability: its family's shape, else a keyword guess from the prompt ("other" if none). */
export function capabilityOf(task: Pick<Task, 'prompt' | 'meta'>): string {
  const shape = task.meta?.shape;
  if (typeof shape === 'string' && (SHAPES as readonly string[]).includes(shape)) return shape;
  for (const [cap, re] of KEYWORDS) if (re.test(task.prompt)) return cap;
  return 'other';
}

/** One task's outcome: the fraction of its samples that passed. */
export interface TaskScore {
  capability: string;
  score: number;
}

export interface SideStats {
  tasks: number;
  score: number | null;
  ci95: [number, number] | null;
}

export interface GapRow {
  capability: string;
  public: SideStats;
  fresh: SideStats;
  /** public − fresh */
  gap: number | null;
  /** 95% for "all"; Bonferroni-widened (1 − 0.05/m, m capabilities compared) for a capability */
  gap_ci95: [number, number] | null;
  /** the interval excludes 0 and each side has at least MIN_TASKS tasks */
  significant: boolean;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const resampledMean = (xs: number[], r: () => number) => {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[Math.floor(r() * xs.length)];
  return s / xs.length;
};
/** Percentile interval at level 1 − alpha. */
const interval = (v: Float64Array, alpha = 0.05): [number, number] => {
  v.sort();
  return [v[Math.floor((alpha / 2) * (v.length - 1))], v[Math.ceil((1 - alpha / 2) * (v.length - 1))]];
};

/** Fewest tasks on each side for a gap to be called significant (a percentile bootstrap of 3 tasks
 * that all pass has a zero-width interval). */
export const MIN_TASKS = 5;

function side(xs: number[], iterations: number, r: () => number): SideStats {
  if (!xs.length) return { tasks: 0, score: null, ci95: null };
  const v = new Float64Array(iterations);
  for (let b = 0; b < iterations; b++) v[b] = resampledMean(xs, r);
  return { tasks: xs.length, score: mean(xs), ci95: interval(v) };
}

export function gapRows(pub: TaskScore[], fresh: TaskScore[], o: { iterations?: number; seed?: number } = {}): GapRow[] {
  const iterations = o.iterations ?? 2000;
  const r = rng(o.seed ?? 1234);
  const caps = ['all', ...[...new Set([...pub, ...fresh].map((t) => t.capability))].sort()];
  // per-capability rows are several tests at once: their gap intervals are Bonferroni-widened
  const compared = caps.filter((c) => c !== 'all' && pub.some((t) => t.capability === c) && fresh.some((t) => t.capability === c)).length;
  return caps.map((capability): GapRow => {
    const alpha = capability === 'all' ? 0.05 : 0.05 / Math.max(1, compared);
    const p = pub.filter((t) => capability === 'all' || t.capability === capability).map((t) => t.score);
    const f = fresh.filter((t) => capability === 'all' || t.capability === capability).map((t) => t.score);
    const row: GapRow = { capability, public: side(p, iterations, r), fresh: side(f, iterations, r), gap: null, gap_ci95: null, significant: false };
    if (p.length && f.length) {
      const v = new Float64Array(iterations);
      for (let b = 0; b < iterations; b++) v[b] = resampledMean(p, r) - resampledMean(f, r);
      row.gap = mean(p) - mean(f);
      row.gap_ci95 = interval(v, alpha);
      row.significant = p.length >= MIN_TASKS && f.length >= MIN_TASKS && (row.gap_ci95[0] > 0 || row.gap_ci95[1] < 0);
    }
    return row;
  });
}

export interface GapReport {
  kind: 'gap';
  /** the report's id in the store */
  id?: string;
  model: string;
  public: { benchmarks: string[]; run_id: string };
  fresh: { benchmarks: string[]; run_id: string };
  rows: GapRow[];
  note: string;
}

export const GAP_NOTE = 'capabilities of public tasks are guessed from their prompts by keywords; fresh tasks carry their family\'s shape. ' +
  'gap = public − fresh mean per-task pass rate; 95% bootstrap interval over tasks (per capability Bonferroni-widened); ' +
  `significant when it excludes 0 with at least ${MIN_TASKS} tasks on each side.`;
