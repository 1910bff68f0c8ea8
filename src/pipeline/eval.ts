// An eval run: tasks × n samples → generate (or read a samples file) → sanitise → judge → store.
// Everything is keyed so that a killed run resumes where it stopped: finished samples are skipped,
// generations come from the cache by (model, prompt, params, index), verdicts by (program, tests,
// limits).
import { createHash, randomBytes } from 'node:crypto';
import type { Judgement, Task } from '../benchmarks/types.js';
import { TaskCosts } from '../judge/costs.js';
import { gradeCompletion } from '../judge/grade.js';
import type { JudgeOptions } from '../judge/index.js';
import type { GenerateRequest, ModelProvider } from '../models/types.js';
import type { Sandbox } from '../sandbox/engine.js';
import type { Limits } from '../sandbox/types.js';
import type { Store } from '../store/store.js';
import { type PassAtKCell, type SampleOutcome, summarize } from './metrics.js';

export interface SampleSource {
  /** completions for a task (up to n), or null when the source has none for it */
  completions(task: Task): string[] | null;
  /** the i-th completion is a whole program (EvalPlus `solution`): the prompt is not prepended */
  selfContained?(task: Task, i: number): boolean;
  id: string;
}

export interface EvalOptions {
  benchmarks: string[];
  tasks: Task[];
  model?: ModelProvider;
  samples?: SampleSource;
  n: number;
  ks: number[];
  temperature?: number;
  top_p?: number;
  max_tokens?: number;
  seed?: number;
  system?: string;
  retryErrors?: boolean;
  /** run every test of a failing sample (per-test detail) instead of stopping at the first
   * failure; pass@k needs only pass/fail, so the default stops early */
  runAll?: boolean;
  /** ignore cached verdicts and start a new run: every sample is executed again (`--fresh`) */
  freshVerdicts?: boolean;
  /** limits over every task's own (`--timeout-ms`, `--memory-mb`); part of the verdict cache key */
  limits?: Partial<Limits>;
  /** concurrent tasks in generation */
  genConcurrency?: number;
}

export interface EvalProgress {
  /** the run is in the store (new or resumed) and about to be worked on */
  started?(runId: string): void;
  planned(total: number, skipped: number): void;
  generated(count: number): void;
  judged(passed: boolean): void;
}

export interface RunSummary {
  run_id: string;
  model: string;
  benchmarks: string[];
  n: number;
  k: number[];
  pass_at_k: Record<string, number | null>;
  ci95: Record<string, [number, number] | null>;
  groups: Record<string, PassAtKCell>;
  verdicts: Record<string, number>;
  tasks: number;
  samples: number;
  tasks_without_samples: number;
  resumed_samples: number;
  time: { total_s: number; generation_wait_s: number; execution_s: number };
  tokens: { prompt: number; completion: number };
  cost_usd: number;
  executions_per_s: number;
  /** mean graded score per group ("benchmark language") and "all", where the judge gives one
   * (RepoBench next-line tasks: edit similarity 0..100; pass@1 is their exact match) */
  scores?: Record<string, { mean: number; samples: number }>;
}

/** Wall time during which at least one operation of a kind was in flight. */
class BusyClock {
  private n = 0;
  private since = 0;
  private total = 0;
  enter(): void {
    if (this.n++ === 0) this.since = performance.now();
  }
  leave(): void {
    if (--this.n === 0) this.total += performance.now() - this.since;
  }
  get seconds(): number {
    return this.total / 1000;
  }
}

export const taskKey = (t: Task) => `${t.benchmark}/${t.id}/${t.language}`;

/** Part of every cached verdict's key: verdicts of an older judge (other semantics) are not reused.
 * 2: judged Python harness (compile errors are compile_error), completion proofs. */
const JUDGE_VERSION = 2;

const sha = (...parts: unknown[]) => createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32);

/** The same command (model, benchmarks, parameters) has the same fingerprint: it resumes. */
export function fingerprint(o: EvalOptions): string {
  return sha(o.model?.id ?? `samples:${o.samples?.id}`, [...o.benchmarks].sort(), o.n, o.temperature ?? null, o.top_p ?? null,
    o.max_tokens ?? null, o.seed ?? null, o.system ?? null, o.tasks.length);
}

function genRequest(task: Task, o: EvalOptions, n: number): GenerateRequest {
  return {
    prompt: task.prompt, style: task.style, n, temperature: o.temperature, top_p: o.top_p, max_tokens: o.max_tokens,
    seed: o.seed, system: o.system, task_id: task.id, language: task.language,
    // providers send these to completion endpoints only; sanitising applies them to chat answers
    stop: task.style === 'completion' ? task.stop_tokens : undefined,
  };
}

/** Bounded parallel map over an array (results not kept). */
async function pool<T>(items: T[], limit: number, fn: (t: T) => Promise<void>): Promise<void> {
  let i = 0;
  const worker = async () => {
    while (i < items.length) await fn(items[i++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Anything that grades like the local sandbox (an Executor: the fleet's, for `rlcf eval --queue`). */
export interface Grader {
  grade(task: Task, code: string, opts?: JudgeOptions): Promise<Judgement>;
}

export async function runEval(store: Store, sandbox: Sandbox | Grader, o: EvalOptions, progress?: EvalProgress): Promise<RunSummary> {
  if (!o.model === !o.samples) throw new Error('an eval needs exactly one of a model or a samples file');
  const t0 = performance.now();
  const fp = fingerprint(o);
  const modelName = o.model?.id ?? `samples:${o.samples!.id}`;
  const run = (o.freshVerdicts ? null : store.findResumable(fp)) ?? store.createRun({
    id: `${new Date().toISOString().slice(0, 10).replace(/-/g, '')}-${randomBytes(3).toString('hex')}`,
    fingerprint: fp, model: modelName, benchmarks: o.benchmarks,
    config: { n: o.n, k: o.ks, temperature: o.temperature, top_p: o.top_p, max_tokens: o.max_tokens, seed: o.seed },
  });
  store.setRunStatus(run.id, 'running');
  progress?.started?.(run.id);
  const done = store.judgedKeys(run.id, !!o.retryErrors);

  // Work plan: which (task, index) pairs still need a verdict.
  let withoutSamples = 0;
  const plan: { task: Task; idx: number[]; texts?: string[] }[] = [];
  for (const task of o.tasks) {
    let texts: string[] | undefined;
    let count = o.n;
    if (o.samples) {
      const c = o.samples.completions(task);
      if (!c || !c.length) {
        withoutSamples++;
        continue;
      }
      texts = c.slice(0, o.n);
      count = texts.length;
    }
    const idx = [];
    for (let i = 0; i < count; i++) if (!done.has(`${taskKey(task)}#${i}`)) idx.push(i);
    plan.push({ task, idx, texts });
  }
  store.addTasks(run.id, plan.map((p) => ({ task_key: taskKey(p.task), benchmark: p.task.benchmark, task_id: p.task.id,
    language: p.task.language, prompt: p.task.prompt })));
  const todo = plan.reduce((s, p) => s + p.idx.length, 0);
  progress?.planned(todo, done.size);

  // samples of tasks that have been slow to judge start first (see judge/costs.ts)
  const costs = new TaskCosts();
  const genClock = new BusyClock();
  const execClock = new BusyClock();
  const judging: Promise<void>[] = [];

  const judgeOne = async (task: Task, idx: number, raw: string, gen: { key: string | null; ms: number; pt?: number | null;
    ct?: number | null; cost?: number | null; selfContained?: boolean }) => {
    // the one grading path (judge/grade.ts, as the reward server), through the verdict cache
    let vkey = '';
    let fresh = false;
    const e0 = performance.now();
    const g = await gradeCompletion(async (t, code, jo) => {
      // a verdict holds for this program under these tests and limits only (a time-out under a
      // 1 s limit says nothing of a 4 s one), and for this judge
      const limits = jo.limits || t.limits ? { ...t.limits, ...jo.limits } : null;
      vkey = sha('verdict', JUDGE_VERSION, t.benchmark, t.id, t.language, t.style, code, t.judge, limits, o.runAll ?? false);
      const cached = o.freshVerdicts ? null : store.getVerdict(vkey);
      if (cached) return cached;
      execClock.enter();
      try {
        fresh = true;
        return await ('grade' in sandbox ? sandbox.grade(t, code, jo) : costs.judge(sandbox, t, code, jo));
      } finally {
        execClock.leave();
      }
    }, task, raw, { runAll: o.runAll ?? false, ...(o.limits ? { limits: o.limits } : {}), ...(gen.selfContained ? { selfContained: true } : {}) });
    const j = g.judgement;
    // stored as graded (with each test's input), not as the sandbox returned it
    if (fresh && j.status !== 'sandbox_error') store.putVerdict(vkey, j);
    const s = { code: g.code, steps: g.sanitize_steps };
    const ms = performance.now() - e0;
    store.saveSample({
      run_id: run.id, task_key: taskKey(task), idx, gen_key: gen.key, raw, code: s.code, steps: s.steps, verdict_key: vkey,
      status: j.status, passed: j.passed, result: j.result, passed_tests: j.passed_tests, total_tests: j.total_tests,
      // the sandbox's own time for this sample (queueing behind other samples is not the sample's cost)
      prompt_tokens: gen.pt ?? null, completion_tokens: gen.ct ?? null, cost_usd: gen.cost ?? null, gen_ms: gen.ms,
      exec_ms: Number.isFinite(j.wall_ms) ? j.wall_ms : ms,
    });
    progress?.judged(j.passed);
  };

  const failGeneration = (task: Task, idx: number, err: Error) => {
    store.saveSample({
      run_id: run.id, task_key: taskKey(task), idx, gen_key: null, raw: null, code: null, steps: [], verdict_key: null,
      status: 'generation_error', passed: false, result: `failed: generation error: ${err.message}`, passed_tests: 0, total_tests: 0,
      prompt_tokens: null, completion_tokens: null, cost_usd: null, gen_ms: null, exec_ms: null,
    });
    progress?.judged(false);
  };

  try {
    await pool(plan.filter((p) => p.idx.length), o.genConcurrency ?? 16, async (p) => {
      if (p.texts) {
        progress?.generated(p.idx.length);
        for (const i of p.idx) {
          judging.push(judgeOne(p.task, i, p.texts[i], { key: null, ms: 0, selfContained: o.samples!.selfContained?.(p.task, i) }));
        }
        return;
      }
      // generation cache first, then one request for every index still missing
      const req = genRequest(p.task, o, 1);
      const keys = new Map(p.idx.map((i) => [i, sha('gen', o.model!.id, req.prompt, req.system ?? null, req.temperature ?? null,
        req.top_p ?? null, req.max_tokens ?? null, req.stop ?? null, req.seed ?? null, i)]));
      const missing: number[] = [];
      for (const i of p.idx) {
        const c = store.getGeneration(keys.get(i)!);
        if (c) {
          progress?.generated(1);
          judging.push(judgeOne(p.task, i, c.text, { key: keys.get(i)!, ms: 0, pt: c.prompt_tokens, ct: c.completion_tokens, cost: c.cost_usd }));
        } else {
          missing.push(i);
        }
      }
      if (!missing.length) return;
      let gens;
      genClock.enter();
      try {
        gens = await o.model!.generate(genRequest(p.task, o, missing.length));
      } catch (e) {
        for (const i of missing) failGeneration(p.task, i, e as Error);
        return;
      } finally {
        genClock.leave();
      }
      progress?.generated(missing.length);
      missing.forEach((i, j) => {
        const g = gens[j];
        if (!g) {
          failGeneration(p.task, i, new Error(`the model returned ${gens.length} of ${missing.length} generations`));
          return;
        }
        const key = keys.get(i)!;
        store.putGeneration(key, { text: g.text, finish_reason: g.finish_reason, prompt_tokens: g.prompt_tokens,
          completion_tokens: g.completion_tokens, cost_usd: g.cost_usd, latency_ms: g.latency_ms });
        judging.push(judgeOne(p.task, i, g.text, { key, ms: g.latency_ms, pt: g.prompt_tokens, ct: g.completion_tokens,
          cost: g.cost_usd, selfContained: g.self_contained }));
      });
    });
    await Promise.all(judging);
  } catch (e) {
    store.setRunStatus(run.id, 'failed', undefined, (e as Error).message);
    throw e;
  }

  const summary = summaryOf(store, run.id, o, {
    total_s: (performance.now() - t0) / 1000, generation_wait_s: genClock.seconds, execution_s: execClock.seconds,
  }, withoutSamples, done.size, todo);
  store.setRunStatus(run.id, 'done', summary);
  return summary;
}

export function summaryOf(store: Store, runId: string, o: { ks: number[]; n: number; benchmarks: string[] },
  time: RunSummary['time'], withoutSamples = 0, resumed = 0, executed = 0): RunSummary {
  const run = store.getRun(runId)!;
  const outcomes: SampleOutcome[] = [];
  let pt = 0;
  let ct = 0;
  let cost = 0;
  const scored: Record<string, { sum: number; samples: number }> = {};
  for (const s of store.iterateSamples(runId)) {
    if (s.status === null) continue;
    outcomes.push({ task_key: s.task_key, benchmark: s.benchmark, language: s.language, passed: !!s.passed, status: s.status });
    // graded scores live in the judgement (verdict cache); only next-line benchmarks have one
    const score = s.benchmark === 'repobench' && s.verdict_key ? store.getVerdict(s.verdict_key)?.score : undefined;
    if (typeof score === 'number') {
      for (const g of [`${s.benchmark} ${s.language}`, 'all']) {
        scored[g] ??= { sum: 0, samples: 0 };
        scored[g].sum += score;
        scored[g].samples++;
      }
    }
    pt += s.prompt_tokens ?? 0;
    ct += s.completion_tokens ?? 0;
    cost += s.cost_usd ?? 0;
  }
  const m = summarize(outcomes, o.ks);
  return {
    run_id: runId, model: run.model, benchmarks: o.benchmarks, n: o.n, k: o.ks,
    pass_at_k: m.overall.pass_at_k, ci95: m.overall.ci95, groups: m.groups, verdicts: m.overall.verdicts,
    tasks: m.overall.tasks, samples: m.overall.samples, tasks_without_samples: withoutSamples, resumed_samples: resumed,
    time: { total_s: round(time.total_s), generation_wait_s: round(time.generation_wait_s), execution_s: round(time.execution_s) },
    tokens: { prompt: pt, completion: ct }, cost_usd: Math.round(cost * 1e6) / 1e6,
    executions_per_s: time.total_s > 0 ? round(executed / time.total_s) : 0,
    ...(Object.keys(scored).length
      ? { scores: Object.fromEntries(Object.entries(scored).map(([g, v]) => [g, { mean: Math.round((v.sum / v.samples) * 100) / 100, samples: v.samples }])) }
      : {}),
  };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
