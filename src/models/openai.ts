// OpenAI protocol: /v1/chat/completions and /v1/completions, on api.openai.com or any compatible
// server (vLLM, SGLang, llama.cpp server, Ollama, TGI...). A server that ignores or caps `n` gets
// more requests until n generations are collected (the cap is learnt per provider); requests share
// a semaphore (default 8 in flight) and are retried on 429/5xx/timeouts/resets (see http.ts).
import { costOf, postJson, type Price, type RetryOptions, Semaphore } from './http.js';
import { chatStops, chatUserContent, splitUsage, truncateAtStop } from './prompt.js';
import type { GenerateRequest, Generation, Loglikelihood, LoglikelihoodRequest, ModelProvider } from './types.js';

export interface OpenAIOptions extends RetryOptions {
  /** e.g. https://api.openai.com/v1 or http://localhost:8000/v1 */
  base_url: string;
  model: string;
  api_key?: string;
  mode: 'chat' | 'completions';
  /** api.openai.com: `max_completion_tokens` for chat, at most 4 stop strings */
  official?: boolean;
  /** concurrent requests (default 8) */
  concurrency?: number;
  price?: Price;
  headers?: Record<string, string>;
  /** largest n sent in one request (default 128, OpenAI's limit) */
  max_n?: number;
  /** wrap completion-style prompts for chat models (default true; see prompt.ts) */
  wrap_completion_prompts?: boolean;
  id?: string;
  onRetry?: (info: { attempt: number; wait_ms: number; error: Error }) => void;
}

interface Usage {
  prompt_tokens?: number;
  completion_tokens?: number;
}
interface ChatChoice {
  index?: number;
  message?: { content?: string | null | { type?: string; text?: string }[] };
  text?: string;
  finish_reason?: string | null;
}
interface Response {
  choices?: ChatChoice[];
  usage?: Usage;
}
interface EchoChoice {
  index?: number;
  logprobs?: {
    tokens?: string[];
    token_logprobs?: (number | null)[];
    top_logprobs?: (Record<string, number> | null)[] | null;
    text_offset?: number[];
  } | null;
}

/** lm-evaluation-harness's split of a (context, continuation) pair: trailing whitespace of the
 * context moves to the continuation, so that " word" stays one token as the model saw it in training. */
export function moveTrailingSpace(context: string, continuation: string): { context: string; continuation: string } {
  const n = context.length - context.replace(/\s+$/u, '').length;
  return n > 0 ? { context: context.slice(0, -n), continuation: context.slice(-n) + continuation } : { context, continuation };
}

/** log p(continuation | context) from an echoed prompt's token log-probabilities. The continuation's
 * tokens are those that end past the context (a token straddling the boundary counts for the
 * continuation) and start before the end of the prompt (the generated token is not scored). Token
 * offsets come from `text_offset`, or from the tokens' lengths when a server leaves it out. */
export function continuationLogprob(choice: EchoChoice, contextLen: number, fullText: string, url: string): Loglikelihood {
  const lp = choice.logprobs;
  const tokens = lp?.tokens;
  const values = lp?.token_logprobs;
  if (!lp || !Array.isArray(tokens) || !Array.isArray(values)) {
    throw new Error(`${url} returned no token logprobs for an echoed prompt: log-likelihood scoring needs a server ` +
      'whose /v1/completions returns logprobs for the echoed prompt (vLLM and llama-cpp-python do; llama.cpp\'s llama-server ' +
      'and OpenAI\'s API do not); ' +
      'for a chat-only endpoint use the generative letter-answer mode (--generative)');
  }
  let offsets = lp.text_offset;
  if (!Array.isArray(offsets) || offsets.length !== tokens.length) {
    offsets = [];
    let o = 0;
    for (const t of tokens) {
      offsets.push(o);
      o += t.length;
    }
    if (o < fullText.length) throw new Error(`${url} returned echoed tokens without text_offset that do not spell the prompt back`);
  }
  // servers that ignore echo for logprobs (llama.cpp's llama-server) return only the generated
  // token's: scoring that would give every choice 0 and chance-level accuracy, so it is an error
  const last = tokens.length - 1;
  if (offsets[0] !== 0 || (last >= 0 && offsets[last] + tokens[last].length < fullText.length)) {
    throw new Error(`${url} returned logprobs for ${tokens.length} token(s) that do not cover the ${fullText.length}-character prompt: ` +
      'it does not return logprobs for the echoed prompt (llama.cpp\'s llama-server does not; vLLM and llama-cpp-python do), ' +
      'so log-likelihoods cannot be computed there; for a chat-only model use --generative');
  }
  let logprob = 0;
  let is_greedy = true;
  let count = 0;
  for (let i = 0; i < tokens.length; i++) {
    const start = offsets[i];
    const end = i + 1 < tokens.length ? offsets[i + 1] : start + tokens[i].length;
    if (end <= contextLen || start >= fullText.length) continue;
    const v = values[i];
    if (typeof v !== 'number') throw new Error(`${url} returned no logprob for prompt token ${i} ("${tokens[i]}"): the context must be non-empty`);
    logprob += v;
    count++;
    const top = lp.top_logprobs?.[i];
    if (top && Object.keys(top).length && v < Math.max(...Object.values(top))) is_greedy = false;
  }
  if (count === 0) throw new Error(`${url} echoed no token for the continuation "${fullText.slice(contextLen, contextLen + 40)}"`);
  return { logprob, is_greedy, tokens: count };
}

function contentText(c: ChatChoice): string {
  if (typeof c.text === 'string') return c.text;
  const m = c.message?.content;
  if (typeof m === 'string') return m;
  if (Array.isArray(m)) return m.map((p) => p.text ?? '').join('');
  return '';
}

export class OpenAIProvider implements ModelProvider {
  readonly id: string;
  readonly semaphore: Semaphore;
  /** choices per request that the server actually returns (learnt; starts at max_n) */
  private nCap: number;

  constructor(readonly opts: OpenAIOptions) {
    this.id = opts.id ?? `${opts.mode === 'chat' ? 'openai' : 'openai-completions'}:${opts.official ? '' : `${opts.base_url}#`}${opts.model}`;
    this.semaphore = new Semaphore(opts.concurrency ?? 8);
    this.nCap = Math.max(1, opts.max_n ?? 128);
  }

  private url(): string {
    return `${this.opts.base_url}/${this.opts.mode === 'chat' ? 'chat/completions' : 'completions'}`;
  }

  /** The JSON body for k choices. */
  body(req: GenerateRequest, k: number, seed: number | undefined): Record<string, unknown> {
    const o = this.opts;
    const chat = o.mode === 'chat';
    let stop = chat ? chatStops(req) : req.stop?.filter((s) => s.length > 0);
    if (stop && o.official) stop = stop.slice(0, 4); // the rest are applied locally
    const b: Record<string, unknown> = { model: o.model };
    if (chat) {
      const user = o.wrap_completion_prompts === false ? req.prompt : chatUserContent(req);
      b.messages = [...(req.system ? [{ role: 'system', content: req.system }] : []), { role: 'user', content: user }];
    } else {
      b.prompt = req.system ? `${req.system}\n\n${req.prompt}` : req.prompt;
    }
    if (k > 1) b.n = k;
    if (req.temperature !== undefined) b.temperature = req.temperature;
    if (req.top_p !== undefined) b.top_p = req.top_p;
    if (req.max_tokens !== undefined) b[chat && o.official ? 'max_completion_tokens' : 'max_tokens'] = req.max_tokens;
    if (stop && stop.length) b.stop = stop;
    if (seed !== undefined) b.seed = seed;
    b.stream = false;
    return b;
  }

  /** One request for up to k choices. */
  private async once(req: GenerateRequest, k: number, seed: number | undefined, signal?: AbortSignal): Promise<Generation[]> {
    const o = this.opts;
    const headers: Record<string, string> = { ...(o.headers ?? {}) };
    if (o.api_key) headers.authorization = `Bearer ${o.api_key}`;
    const t0 = performance.now();
    const res = (await postJson(this.url(), this.body(req, k, seed), headers, {
      retries: o.retries, backoff_base_ms: o.backoff_base_ms, backoff_max_ms: o.backoff_max_ms, timeout_ms: o.timeout_ms,
      signal, semaphore: this.semaphore, onRetry: o.onRetry,
    })) as Response;
    const latency = performance.now() - t0;
    if (!res || !Array.isArray(res.choices)) {
      throw new Error(`${this.url()} answered without a "choices" array: ${JSON.stringify(res).slice(0, 300)}`);
    }
    const choices = [...res.choices].sort((a, b) => (a.index ?? 0) - (b.index ?? 0)).slice(0, k);
    const stops = req.stop?.filter((s) => s.length > 0);
    const usage = splitUsage(choices.length, res.usage?.prompt_tokens, res.usage?.completion_tokens);
    return choices.map((c, i) => {
      // completion-style stops are not sent to chat models (prompt.ts): never cut their answers here
      const cut = o.mode === 'chat' && req.style === 'completion' ? { text: contentText(c), stopped: false }
        : truncateAtStop(contentText(c), stops);
      const { pt, ct } = usage[i];
      return {
        text: cut.text, finish_reason: cut.stopped ? 'stop' : (c.finish_reason ?? undefined),
        prompt_tokens: pt, completion_tokens: ct, latency_ms: latency, cost_usd: costOf(o.price, pt, ct),
      };
    });
  }

  /** log p(continuation | context) for each pair, as lm-evaluation-harness computes it: one
   * /v1/completions request per pair with the whole text, echo, logprobs 1 and max_tokens 1. */
  async loglikelihood(reqs: LoglikelihoodRequest[], signal?: AbortSignal): Promise<Loglikelihood[]> {
    const o = this.opts;
    if (o.mode !== 'completions') {
      throw new Error(`${this.id} is a chat endpoint: log-likelihood scoring needs /v1/completions with echo and logprobs ` +
        '(use openai-compatible-completions:<base_url>#<model>), or score with the generative letter-answer mode (--generative)');
    }
    const headers: Record<string, string> = { ...(o.headers ?? {}) };
    if (o.api_key) headers.authorization = `Bearer ${o.api_key}`;
    return Promise.all(reqs.map(async (r) => {
      const { context, continuation } = moveTrailingSpace(r.context, r.continuation);
      if (!context) throw new Error('log-likelihood of a continuation needs a non-empty context');
      if (!continuation) throw new Error(`empty continuation after context "${context.slice(-40)}"`);
      const prompt = context + continuation;
      const res = (await postJson(this.url(), {
        model: o.model, prompt, echo: true, logprobs: 1, max_tokens: 1, temperature: 0, seed: 1234, stream: false,
      }, headers, {
        retries: o.retries, backoff_base_ms: o.backoff_base_ms, backoff_max_ms: o.backoff_max_ms, timeout_ms: o.timeout_ms,
        signal, semaphore: this.semaphore, onRetry: o.onRetry,
      })) as { choices?: EchoChoice[]; usage?: Usage };
      const choice = Array.isArray(res?.choices) ? res.choices[0] : undefined;
      if (!choice) throw new Error(`${this.url()} answered without a "choices" array: ${JSON.stringify(res).slice(0, 300)}`);
      const out = continuationLogprob(choice, context.length, prompt, this.url());
      return { ...out, prompt_tokens: res.usage?.prompt_tokens, completion_tokens: res.usage?.completion_tokens };
    }));
  }

  async generate(req: GenerateRequest, signal?: AbortSignal): Promise<Generation[]> {
    const n = Math.floor(req.n);
    if (!(n >= 1)) return [];
    const out: Generation[] = [];
    while (out.length < n) {
      const remaining = n - out.length;
      const cap = this.nCap;
      const batches: { k: number; offset: number }[] = [];
      for (let off = 0; off < remaining; off += cap) batches.push({ k: Math.min(cap, remaining - off), offset: out.length + off });
      // the first request keeps the caller's seed; later ones vary it, or a server that ignores n
      // would return the same sample n times
      const results = await Promise.all(batches.map((b) =>
        this.once(req, b.k, req.seed === undefined ? undefined : req.seed + b.offset, signal)));
      let added = 0;
      results.forEach((gens, i) => {
        if (gens.length > 0 && gens.length < batches[i].k) this.nCap = Math.min(this.nCap, gens.length);
        for (const g of gens) if (out.length < n) {
          out.push(g);
          added++;
        }
      });
      if (added === 0) throw new Error(`${this.url()} returned no choices for model ${this.opts.model}`);
    }
    return out;
  }
}
