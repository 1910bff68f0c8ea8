// One round's steps. Each is idempotent given the store: sampling and evaluation resume through
// the eval pipeline's fingerprints and caches, curation rewrites its folder, training starts over
// in an emptied output folder (after stopping a trainer a killed loop left running), serving stops
// whatever server the loop started before starting the next.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { curate } from '../pipeline/curate.js';
import { runEval } from '../pipeline/eval.js';
import { runSample } from '../pipeline/sample.js';
import { parseModelSpec } from '../models/types.js';
import type { ModelProvider } from '../models/types.js';
import type { Sandbox } from '../sandbox/engine.js';
import type { Store } from '../store/store.js';
import { type LoopConfig, type SuiteConfig, render } from './config.js';
import { alive, runToEnd, startDetached, stopGroup, waitReady } from './proc.js';
import type { LoopRecords, LoopRow, MetricValue } from './records.js';
import { evalIndex, poolTasks, selectTasks, withStop } from './tasks.js';

export interface StepContext {
  store: Store;
  sandbox: Sandbox;
  rec: LoopRecords;
  loop: LoopRow;
  cfg: LoopConfig;
  round: number;
  dir: string;
  log: (m: string) => void;
  /** record something about the step while it runs (a child's pid, to stop it after a crash) */
  note: (o: Record<string, unknown>) => void;
}

/** The recipes shipped with rlcf (clients/python/recipes), for {scripts} in command templates. */
export const SCRIPTS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'clients', 'python', 'recipes');

/** This rlcf's command line (for {rlcf}: a trainer that starts `rlcf serve` for its rewards). */
const RLCF_BIN = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'rlcf.js');

export function templateVars(cfg: LoopConfig, extra: Record<string, string | number>): Record<string, string | number> {
  const u = new URL(cfg.policy.base_url);
  return {
    python: process.env.RLCF_LOOP_PYTHON ?? 'python3', scripts: SCRIPTS_DIR, rlcf: `${process.execPath} ${RLCF_BIN}`, base_url: cfg.policy.base_url, model: cfg.policy.model,
    host: u.hostname, port: u.port || (u.protocol === 'https:' ? 443 : 80), ...extra,
  };
}

/** The policy at a checkpoint: the configured endpoint, under an id naming the weights, so that
 * the generation cache never hands one round's completions to another round's weights. */
export function policyAt(cfg: LoopConfig, checkpoint: string): ModelProvider {
  const kind = cfg.policy.api === 'chat' ? 'openai-compatible' : 'openai-compatible-completions';
  const inner = parseModelSpec(`${kind}:${cfg.policy.base_url}#${cfg.policy.model}`, process.env,
    { concurrency: cfg.policy.concurrency, timeout_ms: cfg.policy.timeout_s * 1000, retries: 2 });
  return { id: `${inner.id}@${checkpoint}`, generate: (r, s) => inner.generate(r, s) };
}

/** The server answers for `checkpoint`: started by the configured command (the one the loop
 * started before is stopped first), or, without a serve command, the fixed endpoint answers. */
export async function ensureServing(ctx: Pick<StepContext, 'rec' | 'loop' | 'cfg' | 'log'>, checkpoint: string, round: number, dir: string): Promise<Record<string, unknown>> {
  const { cfg } = ctx;
  const t0 = performance.now();
  const serve = cfg.policy.serve;
  if (!serve) {
    await waitReady(cfg.policy.base_url, 30);
    return { checkpoint, external: true, ready_s: (performance.now() - t0) / 1000 };
  }
  const cur = ctx.rec.getLoop(ctx.loop.id)!.serving;
  if (cur && cur.checkpoint === checkpoint && alive(cur.pid)) {
    await waitReady(cfg.policy.base_url, serve.ready_timeout_s);
    return { checkpoint, pid: cur.pid, reused: true, ready_s: (performance.now() - t0) / 1000 };
  }
  if (cur && alive(cur.pid)) {
    ctx.log(`stopping the server of ${cur.checkpoint} (pid ${cur.pid})`);
    await stopGroup(cur.pid);
  }
  mkdirSync(dir, { recursive: true });
  const cmd = render(serve.command, templateVars(cfg, { checkpoint, round }), 'policy.serve.command');
  const logFile = join(dir, 'serve.log');
  ctx.log(`serving ${checkpoint}: ${cmd}`);
  const p = startDetached(cmd, logFile);
  ctx.rec.setLoop(ctx.loop.id, { serving: { pid: p.pid, checkpoint, round } });
  try {
    await waitReady(cfg.policy.base_url, serve.ready_timeout_s, p.exited);
  } catch (e) {
    await stopGroup(p.pid, 2000);
    throw new Error(`${(e as Error).message}; server log: ${logFile}\n${tail(logFile)}`);
  }
  return { checkpoint, pid: p.pid, log: logFile, ready_s: Math.round((performance.now() - t0) / 10) / 100 };
}

export function tail(file: string, lines = 15): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

// ---- the steps ---------------------------------------------------------------------------------

export async function sampleStep(ctx: StepContext, parent: string): Promise<Record<string, unknown>> {
  await ensureServing(ctx, parent, ctx.round - 1, join(ctx.dir, 'serve'));
  const s = ctx.cfg.sampling;
  const tasks = withStop(await poolTasks(ctx.cfg), s.stop);
  ctx.log(`round ${ctx.round}: sampling ${s.n} × ${tasks.length} tasks from ${parent}`);
  const sum = await runSample(ctx.store, ctx.sandbox, {
    sources: [`loop:${ctx.loop.id}/r${ctx.round}/pool`], tasks, model: policyAt(ctx.cfg, parent), n: s.n, temperature: s.temperature,
    top_p: s.top_p, max_tokens: s.max_tokens, system: s.system, seed: ctx.round, concurrency: ctx.cfg.policy.concurrency,
  });
  return {
    run_id: sum.run_id, tasks: sum.tasks, samples: sum.samples, pass_at_1: sum.pass_at_k['1'], verdicts: sum.verdicts,
    tokens: sum.tokens, generation_wait_s: sum.time.generation_wait_s, execution_s: sum.time.execution_s,
  };
}

export async function curateStep(ctx: StepContext, sampleRun: string): Promise<Record<string, unknown>> {
  const c = ctx.cfg.curation;
  const out = join(ctx.dir, 'data');
  const s = await curate(ctx.store, {
    runId: sampleRun, outDir: out, format: c.format, k: c.k_per_task, prefer: c.prefer,
    decontam: c.decontam ? await evalIndex(ctx.cfg) : null, system: ctx.cfg.sampling.system,
  });
  return {
    out_dir: out, samples: s.samples, tasks: s.tasks, sft: s.sft.kept, dpo: s.dpo.kept, repair: s.repair.kept, rl: s.rl?.kept ?? 0,
    dropped: { sft: s.sft.dropped, dpo: s.dpo.dropped, repair: s.repair.dropped },
    decontam: { items: s.decontam.items, flagged_tasks: s.decontam.flagged_tasks, flagged_completions: s.decontam.flagged_completions },
  };
}

export async function trainStep(ctx: StepContext, parent: string, curated: Record<string, unknown>, previous: Record<string, unknown> | null): Promise<Record<string, unknown> & { checkpoint: string }> {
  const t = ctx.cfg.trainer;
  const rows = Number(curated[t.data] ?? 0);
  if (!rows) return { checkpoint: parent, skipped: `no rows in ${t.data === 'rl' ? 'rl.parquet' : `${t.data}.jsonl`}: the round keeps its parent's weights` };
  // a trainer that a killed loop left running would write into the folder we are about to reuse
  if (previous && typeof previous.pid === 'number' && alive(previous.pid)) {
    ctx.log(`stopping the trainer left by the interrupted attempt (pid ${previous.pid})`);
    await stopGroup(previous.pid, 5000);
  }
  const out = join(ctx.dir, 'checkpoint');
  rmSync(out, { recursive: true, force: true });
  const data = String(curated.out_dir);
  const cmd = render(t.command, templateVars(ctx.cfg, {
    checkpoint: parent, data_dir: data, sft: join(data, 'sft.jsonl'), dpo: join(data, 'dpo.jsonl'), repair: join(data, 'repair.jsonl'),
    rl: join(data, 'rl.parquet'),
    out, round: ctx.round,
  }), 'trainer.command');
  const log = join(ctx.dir, 'train.log');
  ctx.log(`round ${ctx.round}: training on ${rows} ${t.data} rows: ${cmd}`);
  const t0 = performance.now();
  const r = await runToEnd(cmd, log, t.timeout_s, (pid) => ctx.note({ pid, log, command: cmd }));
  const wall = (performance.now() - t0) / 1000;
  if (r.timedOut) throw new Error(`the trainer ran past trainer.timeout_s (${t.timeout_s}s) and was stopped; log: ${log}`);
  if (r.code !== 0) throw new Error(`the trainer exited with code ${r.code}; log: ${log}\n${tail(log)}`);
  if (!existsSync(out)) throw new Error(`the trainer exited 0 but wrote no checkpoint at {out} = ${out}; log: ${log}`);
  let metrics: Record<string, unknown> | null = null;
  try {
    metrics = JSON.parse(readFileSync(join(out, 'rlcf_train_metrics.json'), 'utf8'));
  } catch {
    // optional: the shipped recipes write it (steps, loss, gpu_hours); other trainers may not
  }
  return { checkpoint: out, rows, wall_s: Math.round(wall * 1000) / 1000, log, command: cmd, metrics };
}

async function codeSuite(ctx: StepContext, s: SuiteConfig, model: ModelProvider): Promise<MetricValue & Record<string, unknown>> {
  const tasks = withStop(await selectTasks(s), s.stop);
  const sum = await runEval(ctx.store, ctx.sandbox, {
    benchmarks: [`loop:${ctx.loop.id}/r${ctx.round}/${s.name}`], tasks, model, n: s.n, ks: [1], temperature: s.temperature,
    max_tokens: s.max_tokens ?? ctx.cfg.sampling.max_tokens, system: ctx.cfg.sampling.system, genConcurrency: ctx.cfg.policy.concurrency,
  });
  return {
    metric: 'pass@1', value: sum.pass_at_k['1'] ?? 0, ci95: sum.ci95['1'] ?? null, n: sum.tasks, run_id: sum.run_id,
    samples: sum.samples, verdicts: sum.verdicts, tokens: sum.tokens, time_s: sum.time.total_s,
  };
}

/** A breadth suite: `rlcf eval --bench <mmlu|hellaswag|winogrande|arc>:<path> --json` against the
 * served checkpoint (log-likelihoods through /v1/completions), one lm-eval metric of its results. */
function breadthSuite(ctx: StepContext, s: SuiteConfig): MetricValue & Record<string, unknown> {
  const bin = RLCF_BIN;
  const model = `openai-compatible-completions:${ctx.cfg.policy.base_url}#${ctx.cfg.policy.model}`;
  const args = [bin, 'eval', '--bench', s.bench!, '--model', model, '--json', '--no-progress'];
  let out: string;
  try {
    out = execFileSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`breadth suite ${s.name}: rlcf eval --bench ${s.bench} failed: ${(err.stderr ?? err.message).trim().split('\n').slice(-3).join(' ')}`);
  }
  return metricFromJson(JSON.parse(out), s);
}

/** One metric from `rlcf eval --json` of a breadth run ({results: {task: {n, metrics: {acc: {value,
 * ci95}}}}}) or from a command's {value, ci95?, n?} line. */
export function metricFromJson(j: Record<string, unknown>, s: Pick<SuiteConfig, 'name' | 'metric' | 'task'>): MetricValue & Record<string, unknown> {
  const results = j.results as Record<string, { n: number; metrics: Record<string, { value: number; ci95: [number, number] }> }> | undefined;
  if (results) {
    const task = s.task ?? Object.keys(results)[0];
    const r = results[task];
    const m = r?.metrics?.[s.metric];
    if (!m) throw new Error(`suite ${s.name}: no ${s.metric} for task ${task} in the breadth results (tasks: ${Object.keys(results).join(', ')})`);
    return { metric: s.metric, value: m.value, ci95: m.ci95 ?? null, n: r.n, task, tokens: j.tokens ?? null };
  }
  if (typeof j.value !== 'number') throw new Error(`suite ${s.name}: the output has neither "results" (rlcf eval --json) nor a numeric "value"`);
  return { metric: typeof j.metric === 'string' ? j.metric : s.metric, value: j.value, ci95: (j.ci95 as [number, number]) ?? null,
    n: typeof j.n === 'number' ? j.n : null, tokens: j.tokens ?? null };
}

function commandSuite(ctx: StepContext, s: SuiteConfig, checkpoint: string): MetricValue & Record<string, unknown> {
  const cmd = render(s.command!, templateVars(ctx.cfg, { checkpoint, round: ctx.round, out: join(ctx.dir, 'eval', s.name) }), `eval.${s.name}.command`);
  mkdirSync(join(ctx.dir, 'eval', s.name), { recursive: true });
  let out: string;
  try {
    out = execFileSync('sh', ['-c', cmd], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
  } catch (e) {
    throw new Error(`eval suite ${s.name}: \`${cmd}\` failed: ${((e as { stderr?: string }).stderr ?? (e as Error).message).trim().slice(-500)}`);
  }
  const last = out.trim().split('\n').pop() ?? '';
  let j: Record<string, unknown>;
  try {
    j = JSON.parse(last);
  } catch {
    throw new Error(`eval suite ${s.name}: the command's last output line is not JSON: ${JSON.stringify(last.slice(0, 200))}`);
  }
  return metricFromJson(j, s);
}

export async function evaluateStep(ctx: StepContext, checkpoint: string): Promise<Record<string, unknown>> {
  const model = policyAt(ctx.cfg, checkpoint);
  const suites: Record<string, MetricValue & Record<string, unknown>> = {};
  for (const s of ctx.cfg.eval) {
    const t0 = performance.now();
    suites[s.name] = s.kind === 'code' ? await codeSuite(ctx, s, model) : s.kind === 'breadth' ? breadthSuite(ctx, s) : commandSuite(ctx, s, checkpoint);
    suites[s.name].wall_s = Math.round(performance.now() - t0) / 1000;
    ctx.log(`round ${ctx.round}: ${s.name} ${suites[s.name].metric} = ${(suites[s.name].value * 100).toFixed(1)}%`);
  }
  return { checkpoint, suites };
}
