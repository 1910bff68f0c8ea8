// The model domain: a provider turns one prompt into n generations. Providers exist per protocol
// (OpenAI chat/completions and compatible servers, Anthropic Messages, local GGUF through
// node-llama-cpp, and samples files written by other tools); `parseModelSpec` picks one from a CLI
// string such as `openai-compatible:http://localhost:8000/v1#Qwen2.5-Coder-7B`.
import { AnthropicProvider } from './anthropic.js';
import { GgufProvider } from './gguf.js';
import { normalizeBaseUrl, type Price, type RetryOptions } from './http.js';
import { OpenAIProvider } from './openai.js';
import { SamplesProvider } from './samples.js';

export interface GenerateRequest {
  prompt: string;
  /** 'completion': the prompt is code to continue; 'instruction': a problem statement */
  style: 'completion' | 'instruction';
  system?: string;
  n: number;
  temperature?: number;
  top_p?: number;
  max_tokens?: number;
  stop?: string[];
  seed?: number;
  /** only read by `samples:` providers, which answer from a file by task id (and language) */
  task_id?: string;
  language?: string;
}

export interface Generation {
  text: string;
  /** 'stop' | 'length' | a provider's own reason */
  finish_reason?: string;
  prompt_tokens?: number;
  completion_tokens?: number;
  latency_ms: number;
  cost_usd?: number;
  /** samples files only: the text is a whole program (EvalPlus `solution`), not a continuation */
  self_contained?: boolean;
}

export interface ModelProvider {
  id: string;
  /** n generations for the request (fewer only when a samples file holds fewer) */
  generate(req: GenerateRequest, signal?: AbortSignal): Promise<Generation[]>;
  /** log p(continuation | context) per pair (providers that can score text: completions endpoints) */
  loglikelihood?(reqs: LoglikelihoodRequest[], signal?: AbortSignal): Promise<Loglikelihood[]>;
}

/** One (context, continuation) pair to score, as in lm-evaluation-harness's loglikelihood requests. */
export interface LoglikelihoodRequest {
  context: string;
  continuation: string;
}

export interface Loglikelihood {
  /** sum of the continuation's token log-probabilities (nats) */
  logprob: number;
  /** every continuation token was the model's top choice */
  is_greedy: boolean;
  /** continuation tokens scored */
  tokens: number;
  prompt_tokens?: number;
  completion_tokens?: number;
}

export type { Price } from './http.js';

/** Options every spec accepts (the CLI passes its flags through). */
export interface SpecOptions extends RetryOptions {
  /** concurrent requests per provider (default 8) */
  concurrency?: number;
  price?: Price;
  /** a price per model id; used when `price` is not given */
  prices?: Record<string, Price>;
}

export const SPEC_FORMS = [
  'openai:<model>                                  OpenAI chat completions (OPENAI_API_KEY, OPENAI_BASE_URL)',
  'openai-completions:<model>                      OpenAI legacy completions (/v1/completions)',
  'openai-compatible:<base_url>#<model>            chat on vLLM, SGLang, llama.cpp server, Ollama... (OPENAI_COMPATIBLE_API_KEY optional)',
  'openai-compatible-completions:<base_url>#<model> raw completions on such a server',
  'anthropic:<model>                               Anthropic Messages API (ANTHROPIC_API_KEY, ANTHROPIC_BASE_URL)',
  'gguf:<path.gguf>                                local GGUF model through node-llama-cpp (npm i node-llama-cpp)',
  'samples:<file>                                  completions from a samples file (.jsonl, .jsonl.gz, MultiPL-E .json[.gz])',
];

function specError(spec: string, problem: string): Error {
  return new Error(`invalid model spec "${spec}": ${problem}\naccepted forms:\n  ${SPEC_FORMS.join('\n  ')}`);
}

export function parseModelSpec(spec: string, env: Record<string, string | undefined> = process.env,
  opts: SpecOptions = {}): ModelProvider {
  const colon = spec.indexOf(':');
  if (colon <= 0) throw specError(spec, 'missing the "<kind>:" prefix');
  const kind = spec.slice(0, colon);
  const rest = spec.slice(colon + 1);
  const priceFor = (model: string) => opts.price ?? opts.prices?.[model];
  const common = (model: string) => ({
    concurrency: opts.concurrency, retries: opts.retries, backoff_base_ms: opts.backoff_base_ms,
    backoff_max_ms: opts.backoff_max_ms, timeout_ms: opts.timeout_ms, price: priceFor(model),
  });
  switch (kind) {
    case 'openai':
    case 'openai-completions': {
      if (!rest.trim()) throw specError(spec, `the model after "${kind}:" is empty (e.g. ${kind}:gpt-4o-mini)`);
      const official = !env.OPENAI_BASE_URL;
      const base = normalizeBaseUrl(env.OPENAI_BASE_URL ?? 'https://api.openai.com/v1', 'OPENAI_BASE_URL');
      if (official && !env.OPENAI_API_KEY) {
        throw specError(spec, 'OPENAI_API_KEY is not set (or set OPENAI_BASE_URL to a server that needs no key)');
      }
      return new OpenAIProvider({
        ...common(rest), base_url: base, model: rest, api_key: env.OPENAI_API_KEY,
        mode: kind === 'openai' ? 'chat' : 'completions', official,
      });
    }
    case 'openai-compatible':
    case 'openai-compatible-completions': {
      const hash = rest.indexOf('#'); // a URL's fragment is never sent: the first # ends the URL
      if (hash < 0) throw specError(spec, `"${rest}" needs "<base_url>#<model>" (e.g. http://localhost:8000/v1#Qwen/Qwen2.5-Coder-7B-Instruct)`);
      const url = rest.slice(0, hash);
      const model = rest.slice(hash + 1);
      if (!url) throw specError(spec, 'the base_url before "#" is empty');
      if (!model.trim()) throw specError(spec, `the model after "#" is empty`);
      let base: string;
      try {
        base = normalizeBaseUrl(url, 'base_url');
      } catch (e) {
        throw specError(spec, (e as Error).message);
      }
      return new OpenAIProvider({
        ...common(model), base_url: base, model, api_key: env.OPENAI_COMPATIBLE_API_KEY,
        mode: kind === 'openai-compatible' ? 'chat' : 'completions', official: false,
      });
    }
    case 'anthropic': {
      if (!rest.trim()) throw specError(spec, 'the model after "anthropic:" is empty (e.g. anthropic:claude-sonnet-4-5)');
      if (!env.ANTHROPIC_API_KEY && !env.ANTHROPIC_BASE_URL) throw specError(spec, 'ANTHROPIC_API_KEY is not set');
      const base = env.ANTHROPIC_BASE_URL ? normalizeBaseUrl(env.ANTHROPIC_BASE_URL, 'ANTHROPIC_BASE_URL') : 'https://api.anthropic.com/v1';
      return new AnthropicProvider({ ...common(rest), base_url: base, model: rest, api_key: env.ANTHROPIC_API_KEY });
    }
    case 'gguf':
      if (!rest.trim()) throw specError(spec, 'the path after "gguf:" is empty');
      if (!/\.gguf$/i.test(rest)) throw specError(spec, `"${rest}" is not a .gguf file`);
      return new GgufProvider({ path: rest, concurrency: 1 });
    case 'samples':
      if (!rest.trim()) throw specError(spec, 'the file after "samples:" is empty');
      return new SamplesProvider(rest);
    default:
      throw specError(spec, `unknown kind "${kind}"`);
  }
}
