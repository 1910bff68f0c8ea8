// The breadth guard's scorer: multiple-choice items (src/benchmarks/choice.ts) scored as
// lm-evaluation-harness 0.4.x scores them, and reported under its metric names.
//  - log-likelihood mode (the lm-eval way): every choice's (context, continuation) pair is scored by
//    the model (OpenAIProvider.loglikelihood); pred = the first argmax of the log-likelihoods (acc),
//    pred_norm = the first argmax of log-likelihood / choice length in characters (acc_norm).
//  - generative letter-answer mode, for chat-only endpoints that return no logprobs: the question
//    and lettered options are asked, the first answer letter in the reply is the prediction; the
//    metric is `exact_match` (lm-eval's name for its generative variants) and the summary says
//    mode "generative": its scores are not comparable with log-likelihood ones.
// Per task (lm-eval's task names: mmlu_<subject>, hellaswag, winogrande, arc_easy, arc_challenge)
// and per group (mmlu: all subjects, weighted by size as lm-eval's group is): the mean, lm-eval's
// stderr (sample standard deviation / sqrt(n)) and a 95% Wilson interval.
import type { ChoiceItem, ChoiceMetric } from '../benchmarks/choice.js';
import type { ModelProvider } from '../models/types.js';

export type BreadthMode = 'loglikelihood' | 'generative';
export type BreadthMetric = ChoiceMetric | 'exact_match';

export interface ItemResult {
  benchmark: string;
  task: string;
  id: string;
  /** lm-eval's doc_id */
  index: number;
  gold: number;
  /** the model's choice (argmax of log-likelihood, or the letter it answered; -1: no letter) */
  pred: number;
  /** argmax of log-likelihood / choice length (tasks with acc_norm) */
  pred_norm?: number;
  acc?: number;
  acc_norm?: number;
  exact_match?: number;
  /** per choice: sum of the continuation's token log-probabilities */
  lls?: number[];
  is_greedy?: boolean[];
  /** generative mode: the model's reply */
  answer?: string;
}

export interface MetricStats {
  value: number;
  /** lm-eval's <metric>_stderr: sample standard deviation / sqrt(n) (null when n < 2) */
  stderr: number | null;
  /** 95% Wilson score interval */
  ci95: [number, number];
}

export interface TaskScores {
  n: number;
  metrics: Partial<Record<BreadthMetric, MetricStats>>;
}

export interface BreadthSummary {
  mode: BreadthMode;
  model: string;
  num_fewshot: number;
  /** lm-eval task name → scores; groups (mmlu) too, over all their items */
  results: Record<string, TaskScores>;
  /** group name → its tasks */
  groups: Record<string, string[]>;
  items: number;
  requests: number;
  tokens: { prompt: number; completion: number };
  time_s: number;
}

export interface BreadthOptions {
  mode: BreadthMode;
  num_fewshot?: number;
  /** generative mode: reply length cap (default 16 tokens) */
  max_tokens?: number;
  signal?: AbortSignal;
  onItem?: (r: ItemResult) => void;
}

const LETTERS = 'ABCDEFGHIJ';

/** First index of the largest value (numpy's argmax). */
export function argmax(xs: number[]): number {
  let best = 0;
  for (let i = 1; i < xs.length; i++) if (xs[i] > xs[best]) best = i;
  return best;
}

export function wilson(k: number, n: number, z = 1.959963984540054): [number, number] {
  if (n === 0) return [0, 1];
  const p = k / n;
  const d = 1 + (z * z) / n;
  const c = (p + (z * z) / (2 * n)) / d;
  const h = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d;
  return [Math.max(0, c - h), Math.min(1, c + h)];
}

export function metricStats(values: number[]): MetricStats {
  const n = values.length;
  const sum = values.reduce((a, b) => a + b, 0);
  const mean = n ? sum / n : 0;
  const stderr = n < 2 ? null : Math.sqrt(values.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1)) / Math.sqrt(n);
  return { value: mean, stderr, ci95: wilson(sum, n) };
}

/** The generative mode's prompt: the question, lettered options, and the instruction to answer with a letter. */
export function letterPrompt(item: ChoiceItem): string {
  const opts = item.letter.options.map((o, i) => `${LETTERS[i]}. ${o}`).join('\n');
  return `${item.letter.question}\n${opts}\nAnswer with the letter of the correct option (${LETTERS.slice(0, item.letter.options.length).split('').join(', ')}) only.`;
}

/** The option letter a reply gives: "B", "(B)", "B.", "B) ...", "Answer: B", "The answer is B";
 * else the first standalone option letter; -1 when there is none. */
export function parseLetter(reply: string, options: number): number {
  const valid = LETTERS.slice(0, options);
  const t = reply.trim();
  const pick = (m: RegExpMatchArray | null) => (m && valid.includes(m[1]) ? valid.indexOf(m[1]) : -1);
  const direct = pick(t.match(/^\(?([A-J])(?:[).:,\s]|$)/));
  if (direct >= 0) return direct;
  const stated = pick(t.match(/answer(?:\s+is)?\s*[:\-]?\s*\(?([A-J])\b/i));
  if (stated >= 0) return stated;
  for (const m of t.matchAll(/\b([A-J])\b/g)) if (valid.includes(m[1])) return valid.indexOf(m[1]);
  return -1;
}

async function scoreItem(model: ModelProvider, item: ChoiceItem, o: BreadthOptions, tokens: { prompt: number; completion: number }): Promise<ItemResult> {
  const base = { benchmark: item.benchmark, task: item.task, id: item.id, index: item.index, gold: item.gold };
  if (o.mode === 'generative') {
    const [g] = await model.generate({
      prompt: letterPrompt(item), style: 'instruction', n: 1, temperature: 0, max_tokens: o.max_tokens ?? 16,
    }, o.signal);
    tokens.prompt += g?.prompt_tokens ?? 0;
    tokens.completion += g?.completion_tokens ?? 0;
    const pred = parseLetter(g?.text ?? '', item.letter.options.length);
    return { ...base, pred, exact_match: pred === item.gold ? 1 : 0, answer: g?.text ?? '' };
  }
  if (!model.loglikelihood) {
    throw new Error(`${model.id} cannot score text (log-likelihood needs /v1/completions with echo and logprobs: ` +
      'openai-compatible-completions:<base_url>#<model>); use --generative for a chat-only model');
  }
  const out = await model.loglikelihood(item.requests, o.signal);
  for (const l of out) {
    tokens.prompt += l.prompt_tokens ?? 0;
    tokens.completion += l.completion_tokens ?? 0;
  }
  const lls = out.map((l) => l.logprob);
  const pred = argmax(lls);
  const r: ItemResult = { ...base, pred, lls, is_greedy: out.map((l) => l.is_greedy) };
  if (item.metrics.includes('acc')) r.acc = pred === item.gold ? 1 : 0;
  if (item.metrics.includes('acc_norm')) {
    r.pred_norm = argmax(lls.map((ll, i) => ll / item.choices[i].length));
    r.acc_norm = r.pred_norm === item.gold ? 1 : 0;
  }
  return r;
}

function scores(rs: ItemResult[]): TaskScores {
  const metrics: TaskScores['metrics'] = {};
  for (const m of ['acc', 'acc_norm', 'exact_match'] as const) {
    const vs = rs.map((r) => r[m]).filter((v): v is number => v !== undefined);
    if (vs.length) metrics[m] = metricStats(vs);
  }
  return { n: rs.length, metrics };
}

/** Per-task and per-group scores of item results (also used to re-score a --results file). */
export function summarizeItems(results: ItemResult[]): { results: Record<string, TaskScores>; groups: Record<string, string[]> } {
  const byTask = new Map<string, ItemResult[]>();
  for (const r of results) byTask.set(r.task, [...(byTask.get(r.task) ?? []), r]);
  const out: Record<string, TaskScores> = {};
  const groups: Record<string, string[]> = {};
  const mmlu = results.filter((r) => r.benchmark === 'mmlu');
  if (mmlu.length) {
    out.mmlu = scores(mmlu);
    groups.mmlu = [...new Set(mmlu.map((r) => r.task))].sort();
  }
  for (const t of [...byTask.keys()].sort()) out[t] = scores(byTask.get(t)!);
  return { results: out, groups };
}

export async function runBreadth(model: ModelProvider, items: ChoiceItem[], o: BreadthOptions): Promise<{ summary: BreadthSummary; items: ItemResult[] }> {
  const t0 = performance.now();
  const tokens = { prompt: 0, completion: 0 };
  // the provider's semaphore bounds requests in flight; items are started together
  const results = await Promise.all(items.map(async (it) => {
    const r = await scoreItem(model, it, o, tokens);
    o.onItem?.(r);
    return r;
  }));
  const { results: res, groups } = summarizeItems(results);
  return {
    items: results,
    summary: {
      mode: o.mode, model: model.id, num_fewshot: o.num_fewshot ?? 0, results: res, groups, items: items.length,
      requests: o.mode === 'generative' ? items.length : items.reduce((a, it) => a + it.requests.length, 0),
      tokens, time_s: Math.round((performance.now() - t0) / 10) / 100,
    },
  };
}
