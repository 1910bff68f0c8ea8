// Cost per round of the training loop (issue 16 item 4): tokens in/out, sandbox CPU-seconds and
// executions, trainer wall time (and GPU-hours when the trainer reports them), and dollars from
// configurable prices; per round and cumulative. The pieces are read from what rlcf already records:
// a run's samples in the store (tokens, and the verdicts whose executions this run paid for), a
// breadth summary (its scoring tokens), and the trainer's log (Hugging Face Trainer's
// `train_runtime`, or a `gpu_hours` the trainer prints).
import type { Store } from '../store/store.js';

/** USD prices; a missing price leaves that part of the bill null (unknown), never 0. */
export interface Prices {
  /** per million prompt (input) tokens */
  input_per_mtok?: number;
  /** per million completion (output) tokens */
  output_per_mtok?: number;
  /** per sandbox CPU-hour */
  sandbox_cpu_hour?: number;
  /** per GPU-hour of training */
  gpu_hour?: number;
  /** per hour of trainer wall time, for trainers without GPUs (a CPU box's price) */
  trainer_hour?: number;
}

export interface RoundCost {
  tokens: { prompt: number; completion: number };
  sandbox: { cpu_s: number; executions: number; judged: number; reused_verdicts: number };
  trainer: { wall_s: number; gpu_hours: number | null };
  /** dollars per part; null where the price (or the GPU-hours) is unknown */
  usd: { tokens: number | null; sandbox: number | null; trainer: number | null; total: number | null };
}

const PRICE_KEYS = ['input_per_mtok', 'output_per_mtok', 'sandbox_cpu_hour', 'gpu_hour', 'trainer_hour'] as const;

/** Prices from a config value, with an error naming the bad key and what is expected. */
export function parsePrices(v: unknown, where = 'prices'): Prices {
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) throw new Error(`${where} must be an object with any of ${PRICE_KEYS.join(', ')} (USD)`);
  const out: Prices = {};
  for (const [k, x] of Object.entries(v)) {
    if (!(PRICE_KEYS as readonly string[]).includes(k)) throw new Error(`${where}.${k}: unknown price (known: ${PRICE_KEYS.join(', ')})`);
    if (typeof x !== 'number' || !Number.isFinite(x) || x < 0) throw new Error(`${where}.${k} must be a number >= 0 (USD), got ${JSON.stringify(x)}`);
    out[k as keyof Prices] = x;
  }
  return out;
}

export const zeroCost = (): RoundCost => ({
  tokens: { prompt: 0, completion: 0 },
  sandbox: { cpu_s: 0, executions: 0, judged: 0, reused_verdicts: 0 },
  trainer: { wall_s: 0, gpu_hours: 0 },
  usd: { tokens: 0, sandbox: 0, trainer: 0, total: 0 },
});

/** What a run in the store cost: the tokens of its samples, and the sandbox CPU time and executions
 * of the verdicts it produced. A verdict reused from the cache (the same program under the same
 * tests and limits, judged earlier) cost nothing this time: it is counted apart, as the store keeps
 * one verdict per key and the first sample of the run that points at a verdict written before the
 * run started is a reuse. */
export function runCost(store: Store, runId: string): Pick<RoundCost, 'tokens' | 'sandbox'> {
  const run = store.getRun(runId);
  if (!run) throw new Error(`no run ${runId} in ${store.path}`);
  const tokens = { prompt: 0, completion: 0 };
  const sandbox = { cpu_s: 0, executions: 0, judged: 0, reused_verdicts: 0 };
  const seen = new Set<string>();
  for (const s of store.iterateSamples(runId)) {
    tokens.prompt += s.prompt_tokens ?? 0;
    tokens.completion += s.completion_tokens ?? 0;
    if (!s.verdict_key || s.status === null) continue;
    sandbox.judged++;
    if (seen.has(s.verdict_key)) continue; // the same program twice in a run runs once
    seen.add(s.verdict_key);
    const at = store.verdictCreatedAt(s.verdict_key);
    if (at !== null && at < run.created_at) {
      sandbox.reused_verdicts++;
      continue;
    }
    const j = store.getVerdict(s.verdict_key);
    if (!j) continue;
    sandbox.cpu_s += j.cpu_ms / 1000;
    sandbox.executions += Math.max(1, j.tests.length);
  }
  sandbox.cpu_s = Math.round(sandbox.cpu_s * 1000) / 1000;
  return { tokens, sandbox };
}

/** Trainer time from its log: Hugging Face Trainer (TRL) prints `'train_runtime': 12.34` at the end;
 * a trainer that knows its GPU use can print `gpu_hours: 1.5` (or `"gpu_hours": 1.5`). `wall_s` is
 * the loop's own measurement of the trainer command, used when the log says nothing; `gpus` turns
 * wall time into GPU-hours when the trainer does not report them (0 = a CPU trainer). */
export function trainerCost(log: string, wall_s: number, gpus?: number): RoundCost['trainer'] {
  const num = (re: RegExp) => {
    let last: number | undefined;
    for (const m of log.matchAll(re)) last = Number(m[1]);
    return last !== undefined && Number.isFinite(last) ? last : undefined;
  };
  const runtime = num(/['"]?train_runtime['"]?\s*[:=]\s*([0-9.eE+-]+)/g);
  const reported = num(/['"]?gpu_hours['"]?\s*[:=]\s*([0-9.eE+-]+)/g);
  const wall = runtime ?? wall_s;
  const gpu_hours = reported ?? (gpus === undefined ? null : (gpus * wall) / 3600);
  return { wall_s: Math.round(wall * 1000) / 1000, gpu_hours };
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/** A round's bill from its parts and the prices. */
export function priceRound(parts: Pick<RoundCost, 'tokens' | 'sandbox' | 'trainer'>, prices: Prices): RoundCost {
  const { tokens, sandbox, trainer } = parts;
  const tok = prices.input_per_mtok === undefined && prices.output_per_mtok === undefined ? null
    : (tokens.prompt * (prices.input_per_mtok ?? 0) + tokens.completion * (prices.output_per_mtok ?? 0)) / 1e6;
  const sb = prices.sandbox_cpu_hour === undefined ? null : (sandbox.cpu_s / 3600) * prices.sandbox_cpu_hour;
  let tr: number | null = null;
  if (trainer.gpu_hours !== null && trainer.gpu_hours > 0 && prices.gpu_hour !== undefined) tr = trainer.gpu_hours * prices.gpu_hour;
  else if (prices.trainer_hour !== undefined) tr = (trainer.wall_s / 3600) * prices.trainer_hour;
  else if (trainer.wall_s === 0) tr = 0; // no training this round
  const parts3 = [tok, sb, tr];
  return {
    tokens: { ...tokens }, sandbox: { ...sandbox }, trainer: { ...trainer },
    usd: {
      tokens: tok === null ? null : round6(tok), sandbox: sb === null ? null : round6(sb), trainer: tr === null ? null : round6(tr),
      total: parts3.some((p) => p === null) ? null : round6((tok ?? 0) + (sb ?? 0) + (tr ?? 0)),
    },
  };
}

/** Sum of two bills (a null part stays null: an unknown cost added to a known one is unknown). */
export function addCosts(a: RoundCost, b: RoundCost): RoundCost {
  const n = (x: number | null, y: number | null) => (x === null || y === null ? null : round6(x + y));
  return {
    tokens: { prompt: a.tokens.prompt + b.tokens.prompt, completion: a.tokens.completion + b.tokens.completion },
    sandbox: {
      cpu_s: Math.round((a.sandbox.cpu_s + b.sandbox.cpu_s) * 1000) / 1000, executions: a.sandbox.executions + b.sandbox.executions,
      judged: a.sandbox.judged + b.sandbox.judged, reused_verdicts: a.sandbox.reused_verdicts + b.sandbox.reused_verdicts,
    },
    trainer: { wall_s: Math.round((a.trainer.wall_s + b.trainer.wall_s) * 1000) / 1000, gpu_hours: n(a.trainer.gpu_hours, b.trainer.gpu_hours) },
    usd: { tokens: n(a.usd.tokens, b.usd.tokens), sandbox: n(a.usd.sandbox, b.usd.sandbox), trainer: n(a.usd.trainer, b.usd.trainer), total: n(a.usd.total, b.usd.total) },
  };
}

/** Cumulative bills: element i is the sum of rounds 0..i. */
export function cumulative(rounds: RoundCost[]): RoundCost[] {
  const out: RoundCost[] = [];
  rounds.forEach((r, i) => out.push(i === 0 ? addCosts(zeroCost(), r) : addCosts(out[i - 1], r)));
  return out;
}
