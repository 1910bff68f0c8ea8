// A round's bill from its recorded steps, with the pieces of cost.ts: the sampling run and every
// code eval run (tokens; sandbox CPU-seconds and executions paid for, cached verdicts apart), the
// tokens a breadth or command suite reports, the trainer's time from its log (TRL's train_runtime,
// a reported gpu_hours, else the loop's own measurement), and each stage's wall time.
import { readFileSync } from 'node:fs';
import type { Store } from '../store/store.js';
import type { LoopConfig } from './config.js';
import { type RoundCost, addCosts, priceRound, runCost, trainerCost, zeroCost } from './cost.js';
import type { StepRow } from './records.js';

export type RoundBill = RoundCost & { stage_s: Record<string, number> };

export function roundBill(store: Store, cfg: LoopConfig, steps: StepRow[]): RoundBill {
  const by = new Map(steps.map((s) => [s.step, s]));
  let parts: RoundCost = zeroCost();
  const runs: string[] = [];
  const sample = by.get('sample')?.output;
  if (sample?.run_id) runs.push(String(sample.run_id));
  const suites = (by.get('evaluate')?.output?.suites ?? {}) as Record<string, { run_id?: string; tokens?: { prompt?: number; completion?: number } | null }>;
  for (const s of Object.values(suites)) {
    if (s.run_id) runs.push(s.run_id);
    else if (s.tokens) { // breadth and command suites: the tokens they report
      parts.tokens.prompt += s.tokens.prompt ?? 0;
      parts.tokens.completion += s.tokens.completion ?? 0;
    }
  }
  for (const id of runs) parts = addCosts(parts, { ...zeroCost(), ...runCost(store, id) });
  const train = by.get('train')?.output;
  if (train?.wall_s !== undefined) {
    let log = '';
    try {
      log = readFileSync(String(train.log), 'utf8');
    } catch {
      // no log: the measured wall time stands
    }
    parts.trainer = trainerCost(log, Number(train.wall_s));
  }
  const stage_s: Record<string, number> = {};
  for (const s of steps) if (s.seconds !== null) stage_s[s.step] = s.seconds;
  return { ...priceRound(parts, cfg.prices), stage_s };
}
