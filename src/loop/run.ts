// The loop: round 0 evaluates the initial weights (serve → evaluate → gate: the baseline), then each
// round samples from the last accepted weights, executes, curates, trains, serves the new weights,
// evaluates them and gates. Every step is recorded in the store when it begins and when it ends;
// running the loop again (after a crash, kill -9 included) skips finished steps and re-runs the one
// that was in flight.
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { defaultStateDir } from '../sandbox/engine.js';
import type { Sandbox } from '../sandbox/engine.js';
import type { Store } from '../store/store.js';
import type { LoopConfig } from './config.js';
import { roundBill } from './bill.js';
import { decide } from './gates.js';
import { stopGroup } from './proc.js';
import { BASELINE_STEPS, LoopRecords, type LoopRow, type MetricValue, ROUND_STEPS, type StepName } from './records.js';
import { type StepContext, curateStep, ensureServing, evaluateStep, sampleStep, trainStep } from './steps.js';

export interface LoopOptions {
  log?: (m: string) => void;
  /** leave the model server running when the loop ends */
  keepServing?: boolean;
}

export function newLoop(store: Store, cfg: LoopConfig, configPath: string): LoopRow {
  const id = `${cfg.name}-${randomBytes(3).toString('hex')}`;
  const dir = cfg.state_dir ?? join(defaultStateDir(), 'loops', id);
  mkdirSync(dir, { recursive: true });
  return new LoopRecords(store).createLoop({ id, name: cfg.name, config_path: configPath, config: cfg, state_dir: dir });
}

/** Fault injection for the crash tests: RLCF_LOOP_CRASH_AT=<round>:<step> makes the process kill
 * itself with SIGKILL right after that step's start is recorded (first attempt only). */
function maybeCrash(round: number, step: StepName, attempts: number): void {
  const at = process.env.RLCF_LOOP_CRASH_AT;
  if (at && at === `${round}:${step}` && attempts === 1) process.kill(process.pid, 'SIGKILL');
}

/** Runs (or resumes) the loop to its end; returns its final status. */
export async function runLoop(store: Store, sandbox: Sandbox, loopId: string, o: LoopOptions = {}): Promise<LoopRow> {
  const rec = new LoopRecords(store);
  let loop = rec.getLoop(loopId);
  if (!loop) throw new Error(`no loop ${loopId}`);
  const cfg = loop.config as LoopConfig;
  const log = o.log ?? (() => {});
  rec.setLoop(loop.id, { status: 'running' });
  try {
    for (let r = 0; r <= cfg.rounds; r++) {
      const prev = r === 0 ? null : rec.getRound(loop.id, r - 1)!;
      const parent = prev ? prev.checkpoint : cfg.policy.checkpoint;
      let round = rec.getRound(loop.id, r) ?? rec.startRound(loop.id, r, parent, prev ? prev.checkpoint : null);
      if (round.status === 'accepted' || round.status === 'rejected') {
        const g = round.gate as { decision?: string } | null;
        if (g?.decision === 'stop' || g?.decision === 'rollback') break;
        continue;
      }
      if (round.status === 'failed') rec.setRound(loop.id, r, { status: 'running' });
      const dir = join(loop.state_dir, `round-${r}`);
      mkdirSync(dir, { recursive: true });
      for (const step of r === 0 ? BASELINE_STEPS : ROUND_STEPS) {
        const done = rec.getStep(loop.id, r, step);
        if (done && (done.status === 'done' || done.status === 'skipped')) continue;
        const previousOutput = done?.output ?? null;
        const began = rec.beginStep(loop.id, r, step);
        maybeCrash(r, step, began.attempts);
        const ctx: StepContext = {
          store, sandbox, rec, loop, cfg, round: r, dir, log,
          note: (x) => store.db.prepare('UPDATE loop_steps SET output = ? WHERE loop_id = ? AND round = ? AND step = ?')
            .run(JSON.stringify(x), loop!.id, r, step),
        };
        const t0 = performance.now();
        try {
          const out = await runStep(ctx, step, previousOutput);
          rec.endStep(loop.id, r, step, out.skipped ? 'skipped' : 'done', (performance.now() - t0) / 1000, out);
        } catch (e) {
          rec.endStep(loop.id, r, step, 'failed', (performance.now() - t0) / 1000, previousOutput, (e as Error).message);
          rec.setRound(loop.id, r, { status: 'failed' });
          throw e;
        }
        round = rec.getRound(loop.id, r)!;
      }
      const g = round.gate as { decision?: string } | null;
      if (g?.decision === 'stop' || g?.decision === 'rollback') break;
    }
    const last = rec.rounds(loop.id).at(-1);
    const decision = last?.gate as { decision?: string } | null;
    const stopped = decision?.decision === 'stop' || decision?.decision === 'rollback';
    rec.setLoop(loop.id, { status: stopped ? 'stopped' : 'done', decision: stopped ? last!.gate : null });
  } catch (e) {
    rec.setLoop(loop.id, { status: 'failed', decision: { error: (e as Error).message } });
    throw e;
  } finally {
    loop = rec.getLoop(loop.id)!;
    if (!o.keepServing && loop.status !== 'running' && loop.serving) {
      await stopGroup(loop.serving.pid);
      rec.setLoop(loop.id, { serving: null });
    }
  }
  return rec.getLoop(loop.id)!;
}

async function runStep(ctx: StepContext, step: StepName, previous: Record<string, unknown> | null): Promise<Record<string, unknown>> {
  const { rec, loop, round: r } = ctx;
  const row = rec.getRound(loop.id, r)!;
  const parent = row.parent ?? ctx.cfg.policy.checkpoint;
  const out = (s: StepName) => rec.getStep(loop.id, r, s)?.output ?? {};
  switch (step) {
    case 'sample':
      return sampleStep(ctx, parent);
    case 'curate':
      return curateStep(ctx, String(out('sample').run_id));
    case 'train': {
      const t = await trainStep(ctx, parent, out('curate'), previous);
      rec.setRound(loop.id, r, { checkpoint: t.checkpoint });
      return t;
    }
    case 'serve':
      return ensureServing(ctx, row.checkpoint, r, join(ctx.dir, 'serve'));
    case 'evaluate': {
      const e = await evaluateStep(ctx, row.checkpoint);
      const metrics: Record<string, MetricValue> = {};
      for (const [k, v] of Object.entries(e.suites as Record<string, MetricValue & { run_id?: string }>)) {
        metrics[k] = { metric: v.metric, value: v.value, ci95: v.ci95, n: v.n, run_id: v.run_id ?? null };
      }
      rec.setRound(loop.id, r, { metrics });
      return e;
    }
    case 'gate': {
      const rounds = rec.rounds(loop.id).filter((x) => x.round <= r);
      const d = decide(ctx.cfg.gates, rounds.map((x) => x.metrics));
      const steps = rec.steps(loop.id).filter((s) => s.round === r);
      const cost = roundBill(ctx.store, ctx.cfg, steps);
      const gate: Record<string, unknown> = { ...d, at: new Date().toISOString() };
      if (d.decision === 'rollback') {
        // the round's weights are rejected: the last accepted ones are served again
        gate.restored = parent;
        if (ctx.cfg.policy.serve) await ensureServing(ctx, parent, r - 1, join(ctx.dir, 'serve-rollback'));
      }
      rec.setRound(loop.id, r, { status: d.decision === 'rollback' ? 'rejected' : 'accepted', gate, cost: cost as unknown as Record<string, unknown>, ended: true });
      for (const x of d.results) ctx.log(`round ${r}: gate ${x.gate} ${x.fired ? `FIRED (${x.action})` : 'ok'}: ${x.reason}`);
      return { decision: d.decision, fired: d.results.filter((x) => x.fired).map((x) => x.gate) };
    }
  }
}
