// `rlcf eval --bench mmlu:<path> | hellaswag:<path> | winogrande:<path> | arc:<path>`: the breadth
// guard. These benchmarks are not code: eval.ts hands them here when every --bench names one, and
// they are scored as lm-evaluation-harness 0.4.x scores them (src/pipeline/breadth.ts).
import { createWriteStream } from 'node:fs';
import type { ChoiceItem } from '../benchmarks/choice.js';
import type { BreadthSummary, ItemResult } from '../pipeline/breadth.js';
import { EXIT, UsageError, modelFromFlags, numberIn, positiveInt } from './options.js';
import { Progress } from './progress.js';
import { ci, pct, table } from './table.js';

export interface BreadthFlags {
  bench?: string[];
  model?: string;
  samples?: string;
  numFewshot?: string;
  generative?: boolean;
  limit?: string;
  results?: string;
  json?: boolean;
  concurrency?: string;
  maxTokens?: string;
  failUnder?: string;
  progress?: boolean;
  n?: string;
  language?: string[];
}

/** True when the benches are multiple-choice ones; an error when code and multiple-choice are mixed. */
export async function isBreadthRun(bench: string[]): Promise<boolean> {
  const { isChoiceBenchmark } = await import('../benchmarks/choice.js');
  const choice = bench.filter(isChoiceBenchmark);
  if (choice.length && choice.length < bench.length) {
    throw new UsageError(`--bench ${choice.join(', ')} are multiple-choice (breadth) benchmarks scored by log-likelihood; ` +
      `run them apart from the code benchmarks ${bench.filter((b) => !choice.includes(b)).join(', ')}`);
  }
  return choice.length > 0;
}

export async function loadBreadthItems(bench: string[], numFewshot: number, limit?: number): Promise<ChoiceItem[]> {
  const { loadChoiceBenchmark } = await import('../benchmarks/choice.js');
  const items: ChoiceItem[] = [];
  for (const spec of bench) {
    let got: ChoiceItem[];
    try {
      got = await loadChoiceBenchmark(spec, { num_fewshot: numFewshot });
    } catch (e) {
      throw new UsageError(`--bench ${spec}: ${(e as Error).message}`);
    }
    // --limit: the first n items of each task, as lm-eval's --limit
    if (limit !== undefined) {
      const seen = new Map<string, number>();
      got = got.filter((it) => {
        const c = seen.get(it.task) ?? 0;
        seen.set(it.task, c + 1);
        return c < limit;
      });
    }
    process.stderr.write(`rlcf: ${spec}: ${got.length} items in ${new Set(got.map((i) => i.task)).size} task(s)\n`);
    items.push(...got);
  }
  return items;
}

export function printBreadth(s: BreadthSummary): void {
  const metric = s.mode === 'generative' ? ['exact_match'] as const : ['acc', 'acc_norm'] as const;
  const members = new Set(Object.values(s.groups).flat());
  const row = (task: string, label: string) => {
    const r = s.results[task];
    return [label, r.n, ...metric.map((m) => {
      const c = r.metrics[m];
      return c ? `${pct(c.value)} ${ci(c.ci95)}` : '';
    })];
  };
  // a group (mmlu) first, then its tasks indented under it
  const rows = Object.keys(s.results).filter((t) => !members.has(t)).flatMap((t) =>
    [row(t, t), ...(s.groups[t] ?? []).map((m) => row(m, `  ${m}`))]);
  const out = ['', table(['task', 'n', ...metric.map((m) => `${m} [95% CI]`)], rows), '',
    s.mode === 'generative'
      ? 'mode generative letter answer (chat endpoint): NOT lm-eval\'s log-likelihood scores, not comparable with them'
      : 'mode log-likelihood, scored as lm-evaluation-harness 0.4.x (acc; acc_norm = by choice length in characters)',
    `model ${s.model}  ${s.num_fewshot}-shot  items ${s.items}  requests ${s.requests}  tokens ${s.tokens.prompt}+${s.tokens.completion}  time ${s.time_s}s`];
  process.stdout.write(`${out.join('\n')}\n`);
}

async function writeItems(path: string, items: ItemResult[]): Promise<void> {
  const out = createWriteStream(path);
  for (const r of items) out.write(`${JSON.stringify(r)}\n`);
  await new Promise<void>((res, rej) => out.end((e?: Error | null) => (e ? rej(e) : res())));
}

export async function runBreadthCommand(f: BreadthFlags): Promise<void> {
  if (f.samples) throw new UsageError('--samples is for code benchmarks; multiple-choice benchmarks are scored from a --model');
  if (f.n) throw new UsageError('-n is for code benchmarks (samples per task); multiple-choice items are scored once');
  if (f.language?.length) throw new UsageError('--language is for code benchmarks');
  const numFewshot = f.numFewshot === undefined ? 0 : numberIn(f.numFewshot, '--num-fewshot', 0, 100)!;
  if (!Number.isInteger(numFewshot)) throw new UsageError('--num-fewshot must be a whole number');
  const failUnder = f.failUnder === undefined ? undefined : numberIn(f.failUnder, '--fail-under', 0, 100)!;
  const limit = f.limit ? positiveInt(f.limit, '--limit') : undefined;
  const model = await modelFromFlags(f.model, f.concurrency);
  // log-likelihoods need a completions endpoint (echo + logprobs): chat specs and providers without
  // scoring are a usage error before any request
  if (!f.generative && (!model.loglikelihood || /^(openai|openai-compatible):/.test(f.model ?? ''))) {
    throw new UsageError(`--model ${f.model}: log-likelihood scoring needs /v1/completions with echo and logprobs ` +
      '(openai-compatible-completions:<base_url>#<model> on vLLM or llama-cpp-python\'s server); for a chat-only model add --generative');
  }
  const items = await loadBreadthItems(f.bench ?? [], numFewshot, limit);
  const { runBreadth } = await import('../pipeline/breadth.js');
  const bar = new Progress(items.length, 'breadth', f.progress !== false && !f.json);
  const { summary, items: results } = await runBreadth(model, items, {
    mode: f.generative ? 'generative' : 'loglikelihood', num_fewshot: numFewshot,
    max_tokens: f.maxTokens ? positiveInt(f.maxTokens, '--max-tokens') : undefined,
    onItem: (r) => bar.tick((r.acc ?? r.exact_match) === 1),
  });
  bar.finish();
  if (f.results) await writeItems(f.results, results);
  if (f.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  else printBreadth(summary);
  if (failUnder !== undefined) {
    const p = failUnder > 1 ? failUnder / 100 : failUnder;
    const m = summary.mode === 'generative' ? 'exact_match' : 'acc';
    // a group (mmlu) counts as one score, its subjects not separately
    const members = new Set(Object.values(summary.groups).flat());
    const low = Object.entries(summary.results).filter(([t, r]) => !members.has(t) && (r.metrics[m]?.value ?? 0) < p);
    if (low.length) {
      process.stderr.write(`rlcf: ${m} below --fail-under ${pct(p)}: ${low.map(([t, r]) => `${t} ${pct(r.metrics[m]?.value)}`).join(', ')}\n`);
      process.exitCode = EXIT.failed;
    }
  }
}
