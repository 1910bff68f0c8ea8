// The loop's records in the store (migration 3): loops, rounds, steps. Every step is written when
// it starts (status running) and when it ends, in its own transaction, so after a kill -9 the
// store says exactly which step of which round was in flight.
import type { Store } from '../store/store.js';

export type LoopStatus = 'running' | 'done' | 'stopped' | 'failed' | 'interrupted';
export type StepName = 'sample' | 'curate' | 'train' | 'serve' | 'evaluate' | 'gate';
export const ROUND_STEPS: StepName[] = ['sample', 'curate', 'train', 'serve', 'evaluate', 'gate'];
/** round 0 evaluates the initial weights: nothing is sampled or trained */
export const BASELINE_STEPS: StepName[] = ['serve', 'evaluate', 'gate'];

export interface LoopRow {
  id: string;
  name: string;
  config_path: string;
  config: unknown;
  state_dir: string;
  status: LoopStatus;
  decision: unknown | null;
  serving: { pid: number; checkpoint: string; round: number } | null;
  created_at: string;
  updated_at: string;
}

export interface MetricValue {
  metric: string;
  value: number;
  ci95: [number, number] | null;
  n: number | null;
  run_id?: string | null;
}

export interface RoundRow {
  loop_id: string;
  round: number;
  status: 'running' | 'accepted' | 'rejected' | 'failed';
  checkpoint: string;
  parent: string | null;
  metrics: Record<string, MetricValue> | null;
  cost: Record<string, unknown> | null;
  gate: Record<string, unknown> | null;
  started_at: string;
  ended_at: string | null;
}

export interface StepRow {
  loop_id: string;
  round: number;
  step: StepName;
  status: 'running' | 'done' | 'skipped' | 'failed';
  attempts: number;
  started_at: string;
  ended_at: string | null;
  seconds: number | null;
  output: Record<string, unknown> | null;
  error: string | null;
}

const now = () => new Date().toISOString();
const j = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));
const p = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : null);

export class LoopRecords {
  constructor(readonly store: Store) {}

  private get db() {
    return this.store.db;
  }

  createLoop(l: Pick<LoopRow, 'id' | 'name' | 'config_path' | 'config' | 'state_dir'>): LoopRow {
    const t = now();
    this.db.prepare(`INSERT INTO loops (id, name, config_path, config, state_dir, status, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, 'running', ?, ?)`).run(l.id, l.name, l.config_path, JSON.stringify(l.config), l.state_dir, t, t);
    return this.getLoop(l.id)!;
  }

  getLoop(idOrName: string): LoopRow | null {
    const r = this.db.prepare('SELECT * FROM loops WHERE id = ? OR name = ? ORDER BY created_at DESC LIMIT 1').get(idOrName, idOrName) as
      Record<string, unknown> | undefined;
    return r ? toLoop(r) : null;
  }

  listLoops(): LoopRow[] {
    return (this.db.prepare('SELECT * FROM loops ORDER BY created_at DESC').all() as Record<string, unknown>[]).map(toLoop);
  }

  setLoop(id: string, u: { status?: LoopStatus; decision?: unknown; serving?: LoopRow['serving'] | null; config?: unknown }): void {
    const cur = this.getLoop(id)!;
    this.db.prepare('UPDATE loops SET status = ?, decision = ?, serving = ?, config = ?, updated_at = ? WHERE id = ?').run(
      u.status ?? cur.status, j(u.decision === undefined ? cur.decision : u.decision),
      j(u.serving === undefined ? cur.serving : u.serving), JSON.stringify(u.config ?? cur.config), now(), id);
  }

  startRound(loopId: string, round: number, checkpoint: string, parent: string | null): RoundRow {
    this.db.prepare(`INSERT OR IGNORE INTO loop_rounds (loop_id, round, status, checkpoint, parent, started_at)
      VALUES (?, ?, 'running', ?, ?, ?)`).run(loopId, round, checkpoint, parent, now());
    return this.getRound(loopId, round)!;
  }

  getRound(loopId: string, round: number): RoundRow | null {
    const r = this.db.prepare('SELECT * FROM loop_rounds WHERE loop_id = ? AND round = ?').get(loopId, round) as Record<string, unknown> | undefined;
    return r ? toRound(r) : null;
  }

  rounds(loopId: string): RoundRow[] {
    return (this.db.prepare('SELECT * FROM loop_rounds WHERE loop_id = ? ORDER BY round').all(loopId) as Record<string, unknown>[]).map(toRound);
  }

  setRound(loopId: string, round: number, u: Partial<Pick<RoundRow, 'status' | 'checkpoint' | 'metrics' | 'cost' | 'gate'>> & { ended?: boolean }): void {
    const cur = this.getRound(loopId, round)!;
    this.db.prepare(`UPDATE loop_rounds SET status = ?, checkpoint = ?, metrics = ?, cost = ?, gate = ?, ended_at = ?
      WHERE loop_id = ? AND round = ?`).run(u.status ?? cur.status, u.checkpoint ?? cur.checkpoint, j(u.metrics ?? cur.metrics),
      j(u.cost ?? cur.cost), j(u.gate ?? cur.gate), u.ended ? now() : cur.ended_at, loopId, round);
  }

  getStep(loopId: string, round: number, step: StepName): StepRow | null {
    const r = this.db.prepare('SELECT * FROM loop_steps WHERE loop_id = ? AND round = ? AND step = ?').get(loopId, round, step) as
      Record<string, unknown> | undefined;
    return r ? ({ ...r, output: p(r.output) } as unknown as StepRow) : null;
  }

  steps(loopId: string): StepRow[] {
    return (this.db.prepare('SELECT * FROM loop_steps WHERE loop_id = ? ORDER BY round, started_at').all(loopId) as Record<string, unknown>[])
      .map((r) => ({ ...r, output: p(r.output) }) as unknown as StepRow);
  }

  /** A step begins (again: a step found `running` was cut short by a crash and counts an attempt). */
  beginStep(loopId: string, round: number, step: StepName): StepRow {
    const t = now();
    this.db.prepare(`INSERT INTO loop_steps (loop_id, round, step, status, attempts, started_at) VALUES (?, ?, ?, 'running', 1, ?)
      ON CONFLICT (loop_id, round, step) DO UPDATE SET status = 'running', attempts = attempts + 1, started_at = ?, ended_at = NULL,
      error = NULL`).run(loopId, round, step, t, t);
    return this.getStep(loopId, round, step)!;
  }

  endStep(loopId: string, round: number, step: StepName, status: 'done' | 'skipped' | 'failed', seconds: number,
    output: Record<string, unknown> | null, error?: string): void {
    this.db.prepare(`UPDATE loop_steps SET status = ?, ended_at = ?, seconds = ?, output = ?, error = ? WHERE loop_id = ? AND round = ? AND step = ?`)
      .run(status, now(), Math.round(seconds * 1000) / 1000, j(output), error ?? null, loopId, round, step);
  }
}

function toLoop(r: Record<string, unknown>): LoopRow {
  return { ...(r as unknown as LoopRow), config: p(r.config), decision: p(r.decision), serving: p(r.serving) };
}

function toRound(r: Record<string, unknown>): RoundRow {
  return { ...(r as unknown as RoundRow), metrics: p(r.metrics), cost: p(r.cost), gate: p(r.gate) };
}
