// What a round cost: model tokens in and out (sampling and every eval suite), the sandbox's CPU
// seconds and executions (from the judgements of the round's runs), the trainer's wall time (and
// GPU-hours when the trainer reports them), each stage's wall time, and dollars from the
// configured prices. Cumulative figures are sums over rounds.
import type { Store } from '../store/store.js';
import type { LoopConfig } from './config.js';
import type { StepRow } from './records.js';

export interface RoundCost {
  tokens_in: number;
  tokens_out: number;
  /** judged samples (each one program run against its tests) and the tests they ran */
  executions: number;
  tests_run: number;
  sandbox_cpu_s: number;
  trainer_wall_s: number;
  gpu_hours: number | null;
  stage_s: Record<string, number>;
  usd: { tokens: number; sandbox: number; trainer: number; gpu: number; total: number };
}

const r6 = (x: number) => Math.round(x * 1e6) / 1e6;
const r3 = (x: number) => Math.round(x * 1e3) / 1e3;

/** CPU seconds and executions recorded in the judgements of a run's samples (a verdict reused from
 * the cache counts: it is the cost of judging that sample, paid once). */
export function sandboxUse(store: Store, runId: string): { cpu_s: number; executions: number; tests_run: number } {
  let cpu = 0;
  let executions = 0;
  let tests = 0;
  const rows = store.db.prepare(`SELECT s.status, v.judgement FROM samples s LEFT JOIN verdicts v ON v.verdict_key = s.verdict_key
    WHERE s.run_id = ? AND s.status IS NOT NULL AND s.status != 'generation_error'`).iterate(runId) as Iterable<{ status: string; judgement: string | null }>;
  for (const r of rows) {
    executions++;
    if (!r.judgement) continue;
    const j = JSON.parse(r.judgement) as { cpu_ms?: number; tests?: { cpu_ms?: number }[] };
    cpu += j.cpu_ms ?? (j.tests ?? []).reduce((a, t) => a + (t.cpu_ms ?? 0), 0);
    tests += j.tests?.length ?? 0;
  }
  return { cpu_s: cpu / 1000, executions, tests_run: tests };
}

export function roundCost(store: Store, cfg: LoopConfig, steps: StepRow[]): RoundCost {
  let tin = 0;
  let tout = 0;
  const runs: string[] = [];
  const by = new Map(steps.map((s) => [s.step, s]));
  const sample = by.get('sample')?.output;
  if (sample?.run_id) runs.push(String(sample.run_id));
  const tok = (t: unknown) => {
    const x = t as { prompt?: number; completion?: number } | null;
    tin += x?.prompt ?? 0;
    tout += x?.completion ?? 0;
  };
  tok(sample?.tokens);
  const suites = (by.get('evaluate')?.output?.suites ?? {}) as Record<string, { run_id?: string; tokens?: unknown }>;
  for (const s of Object.values(suites)) {
    tok(s.tokens);
    if (s.run_id) runs.push(s.run_id);
  }
  let cpu = 0;
  let executions = 0;
  let tests = 0;
  for (const id of runs) {
    const u = sandboxUse(store, id);
    cpu += u.cpu_s;
    executions += u.executions;
    tests += u.tests_run;
  }
  const train = by.get('train')?.output;
  const trainerS = Number(train?.wall_s ?? 0);
  const metrics = (train?.metrics ?? null) as { gpu_hours?: number } | null;
  const gpu = typeof metrics?.gpu_hours === 'number' ? metrics.gpu_hours : null;
  const p = cfg.prices;
  const usd = {
    tokens: r6((tin * p.input_usd_per_mtok + tout * p.output_usd_per_mtok) / 1e6),
    sandbox: r6((cpu / 3600) * p.sandbox_usd_per_cpu_hour),
    trainer: r6((trainerS / 3600) * p.trainer_usd_per_hour),
    gpu: r6((gpu ?? 0) * p.gpu_usd_per_hour),
    total: 0,
  };
  usd.total = r6(usd.tokens + usd.sandbox + usd.trainer + usd.gpu);
  const stage: Record<string, number> = {};
  for (const s of steps) if (s.seconds !== null) stage[s.step] = r3(s.seconds);
  return { tokens_in: tin, tokens_out: tout, executions, tests_run: tests, sandbox_cpu_s: r3(cpu), trainer_wall_s: r3(trainerS), gpu_hours: gpu, stage_s: stage, usd };
}

export function cumulative(costs: (RoundCost | null)[]): Omit<RoundCost, 'stage_s'> {
  const acc: Omit<RoundCost, 'stage_s'> = { tokens_in: 0, tokens_out: 0, executions: 0, tests_run: 0, sandbox_cpu_s: 0, trainer_wall_s: 0, gpu_hours: null,
    usd: { tokens: 0, sandbox: 0, trainer: 0, gpu: 0, total: 0 } };
  for (const c of costs) {
    if (!c) continue;
    acc.tokens_in += c.tokens_in;
    acc.tokens_out += c.tokens_out;
    acc.executions += c.executions;
    acc.tests_run += c.tests_run;
    acc.sandbox_cpu_s = r3(acc.sandbox_cpu_s + c.sandbox_cpu_s);
    acc.trainer_wall_s = r3(acc.trainer_wall_s + c.trainer_wall_s);
    if (c.gpu_hours !== null) acc.gpu_hours = (acc.gpu_hours ?? 0) + c.gpu_hours;
    for (const k of ['tokens', 'sandbox', 'trainer', 'gpu', 'total'] as const) acc.usd[k] = r6(acc.usd[k] + c.usd[k]);
  }
  return acc;
}
