// `rlcf loop status`: one object with everything the table, --json and the viewer show.
import type { Store } from '../store/store.js';
import type { LoopConfig } from './config.js';
import type { RoundBill } from './bill.js';
import { cumulative, zeroCost } from './cost.js';
import type { GateResult } from './gates.js';
import { LoopRecords, type MetricValue } from './records.js';

export function loopStatus(store: Store, id: string) {
  const rec = new LoopRecords(store);
  const l = rec.getLoop(id);
  if (!l) throw new Error(`no loop ${id}`);
  const cfg = l.config as LoopConfig;
  const steps = rec.steps(l.id);
  const o = cfg.gates.overfitting;
  const rounds = rec.rounds(l.id).map((r) => {
    const mine = steps.filter((s) => s.round === r.round);
    const cur = mine.find((s) => s.step === 'curate')?.output as { sft?: number; dpo?: number; repair?: number } | undefined;
    const m = r.metrics as Record<string, MetricValue> | null;
    const gap = o && m?.[o.public] && m?.[o.fresh] ? Math.round((m[o.public].value - m[o.fresh].value) * 10000) / 100 : null;
    const gate = r.gate as { decision?: string; results?: GateResult[] } | null;
    const stage: Record<string, number> = {};
    for (const s of mine) if (s.seconds !== null) stage[s.step] = s.seconds;
    const sample = mine.find((s) => s.step === 'sample')?.output as { run_id?: string; pass_at_1?: number } | undefined;
    return {
      round: r.round, status: r.status, checkpoint: r.checkpoint, parent: r.parent, metrics: m, gap_points: gap,
      sample_run: sample?.run_id ?? null, sample_pass_at_1: sample?.pass_at_1 ?? null,
      kept: cur ? { sft: cur.sft ?? 0, dpo: cur.dpo ?? 0, repair: cur.repair ?? 0 } : null,
      data_dir: (mine.find((s) => s.step === 'curate')?.output as { out_dir?: string } | undefined)?.out_dir ?? null,
      cost: r.cost as unknown as RoundBill | null, decision: gate?.decision ?? null, gates: gate?.results ?? [], stage_s: stage,
      started_at: r.started_at, ended_at: r.ended_at,
    };
  });
  return {
    id: l.id, name: l.name, status: l.status, state_dir: l.state_dir, config_path: l.config_path, decision: l.decision,
    serving: l.serving, suites: cfg.eval.map((s) => s.name), rounds,
    cumulative: cumulative(rounds.map((r) => r.cost ?? zeroCost())).at(-1) ?? zeroCost(),
    steps: steps.map((s) => ({ round: s.round, step: s.step, status: s.status, attempts: s.attempts, seconds: s.seconds, error: s.error })),
  };
}
