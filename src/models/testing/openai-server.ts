// A local OpenAI-compatible server speaking the real HTTP protocol, for tests and benchmarks:
// POST /v1/chat/completions and /v1/completions (non-streaming), GET /v1/models. Answers come from a
// script; it honours n (or caps it, like servers that ignore n), stop (cut at the first stop string,
// finish_reason "stop") and max_tokens (~4 characters a token, finish_reason "length"), reports
// usage, and can fail the first requests (429 with Retry-After, 500, a hang past the client's
// timeout, a connection reset) to exercise retries.
// Scoring (log-likelihood evaluation): /v1/completions with `echo` or `logprobs` answers with
// per-token log-probabilities from a deterministic function of the text (logprob-lm.ts), for a
// prompt given as text or token ids, one choice per prompt of a batch; the tokenizer is served the
// way vLLM serves it (GET /tokenizer_info, POST /tokenize, POST /detokenize), which is what
// lm-evaluation-harness's local-completions model needs to compute context lengths.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EOS, TestTokenizer, type TokenLogprob, echoLogprobs } from './logprob-lm.js';

export interface ScriptRequest {
  kind: 'chat' | 'completions';
  /** the user message (chat, last user turn) or the prompt (completions) */
  prompt: string;
  system?: string;
  body: Record<string, unknown>;
  /** choices asked for (after the server's cap) */
  n: number;
  /** 0-based count of generation requests answered so far */
  request_index: number;
}

export type Failure =
  | { kind: 'status'; status: number; count: number; retry_after?: string; body?: string }
  | { kind: 'hang'; count: number }
  | { kind: 'reset'; count: number };

export interface TestServerOptions {
  /** a string = every choice; an array = choice i gets element i (cycled) */
  script: (req: ScriptRequest) => string | string[];
  /** a fixed port on 127.0.0.1 (default: any free one) */
  port?: number;
  /** applied in order to the first generation requests: [{kind:'status', status:429, count:2, retry_after:'1'}] */
  failures?: Failure[];
  /** choices returned per request at most (1 = a server that ignores n) */
  max_n?: number;
  /** delay before each answer (lets tests observe concurrency) */
  latency_ms?: number;
  models?: string[];
  /** log p(token | text before it) for echo/logprobs requests (default: a hash of both) */
  logprob?: TokenLogprob;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown> | null;
  /** what the server did: 'ok' or the injected failure */
  outcome: string;
  at_ms: number;
}

export interface TestServer {
  /** base URL including /v1, e.g. http://127.0.0.1:40123/v1 */
  url: string;
  requests: RecordedRequest[];
  /** most generation requests in progress at once */
  readonly maxInFlight: number;
  close(): Promise<void>;
}

export const approxTokens = (s: string): number => Math.ceil(s.length / 4);

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function stopAt(text: string, stop: unknown): { text: string; stopped: boolean } {
  const stops = typeof stop === 'string' ? [stop] : Array.isArray(stop) ? stop.filter((s) => typeof s === 'string' && s) : [];
  let cut = -1;
  for (const s of stops as string[]) {
    const i = text.indexOf(s);
    if (i >= 0 && (cut < 0 || i < cut)) cut = i;
  }
  return cut < 0 ? { text, stopped: false } : { text: text.slice(0, cut), stopped: true };
}

export async function startTestServer(opts: TestServerOptions): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  const failures = (opts.failures ?? []).map((f) => ({ ...f, left: f.count }));
  let genIndex = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  const t0 = performance.now();
  const tokenizer = new TestTokenizer();

  /** A completions request asking for log-probabilities: one choice per prompt of the batch. */
  const scoring = (b: Record<string, unknown>, res: ServerResponse) => {
    const raw = b.prompt;
    const isIds = (v: unknown): v is number[] => Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'number');
    const prompts: unknown[] = typeof raw === 'string' || isIds(raw) ? [raw] : Array.isArray(raw) ? raw : [];
    if (!prompts.length || !prompts.every((p) => typeof p === 'string' || isIds(p))) {
      return send(res, 400, { error: { message: 'prompt must be a string, token ids, or a list of either', type: 'invalid_request_error' } });
    }
    const maxTokens = typeof b.max_tokens === 'number' ? b.max_tokens : 16;
    let promptTokens = 0;
    const choices = prompts.map((p, index) => {
      const pieces = typeof p === 'string' ? tokenizer.pieceList(p) : (p as number[]).map((i) => tokenizer.piece(i));
      if (typeof p === 'string') tokenizer.encode(p); // every piece gets an id, as in a real vocabulary
      promptTokens += pieces.length;
      const lp = echoLogprobs(pieces, maxTokens, opts.logprob);
      const start = b.echo === true ? 0 : pieces.length;
      const cut = <T>(xs: T[]) => xs.slice(start);
      return {
        index, text: lp.tokens.slice(start).join(''), finish_reason: 'stop',
        logprobs: b.logprobs == null ? null : {
          tokens: cut(lp.tokens), token_logprobs: cut(lp.token_logprobs), top_logprobs: cut(lp.top_logprobs),
          text_offset: cut(lp.text_offset).map((o) => o - (start ? lp.text_offset[start] : 0)),
        },
      };
    });
    const completionTokens = prompts.length * Math.max(0, maxTokens);
    send(res, 200, {
      id: `test-score-${genIndex++}`, object: 'text_completion', created: Math.floor(Date.now() / 1000),
      model: String(b.model ?? 'test-model'), choices,
      usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
    });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    const raw = req.method === 'POST' ? await readBody(req) : '';
    let body: Record<string, unknown> | null = null;
    const rec: RecordedRequest = { method: req.method ?? '', path, headers: req.headers, body, outcome: 'ok', at_ms: performance.now() - t0 };
    requests.push(rec);
    if (req.method === 'GET' && path === '/v1/models') {
      const ids = opts.models ?? ['test-model'];
      return send(res, 200, { object: 'list', data: ids.map((id) => ({ id, object: 'model', created: 0, owned_by: 'rlcf-test' })) });
    }
    if (req.method === 'GET' && path === '/tokenizer_info') {
      return send(res, 200, { eos_token: EOS, bos_token: null, pad_token: null, tokenizer_class: 'rlcf-test', model_max_length: 4096 });
    }
    if (req.method === 'POST' && (path === '/tokenize' || path === '/detokenize')) {
      let tb: Record<string, unknown>;
      try {
        tb = JSON.parse(raw);
      } catch {
        return send(res, 400, { error: { message: 'invalid JSON body', type: 'invalid_request_error' } });
      }
      if (path === '/tokenize') {
        if (typeof tb.prompt !== 'string') return send(res, 400, { error: { message: '"prompt" must be a string' } });
        const tokens = tokenizer.encode(tb.prompt);
        return send(res, 200, { tokens, count: tokens.length, max_model_len: 4096 });
      }
      const ids = tb.tokens;
      if (!Array.isArray(ids) || !ids.every((x) => Number.isInteger(x))) return send(res, 400, { error: { message: '"tokens" must be token ids' } });
      try {
        return send(res, 200, { prompt: tokenizer.decode(ids as number[]) });
      } catch (e) {
        return send(res, 400, { error: { message: (e as Error).message } });
      }
    }
    const kind = path === '/v1/chat/completions' ? 'chat' : path === '/v1/completions' ? 'completions' : null;
    if (req.method !== 'POST' || !kind) {
      rec.outcome = '404';
      return send(res, 404, { error: { message: `no route ${req.method} ${path}`, type: 'invalid_request_error' } });
    }
    try {
      body = JSON.parse(raw);
      rec.body = body;
    } catch {
      rec.outcome = '400';
      return send(res, 400, { error: { message: 'invalid JSON body', type: 'invalid_request_error' } });
    }
    const b = body as Record<string, unknown>;
    if (b.stream === true) {
      rec.outcome = '400';
      return send(res, 400, { error: { message: 'this test server does not stream', type: 'invalid_request_error' } });
    }
    const f = failures.find((x) => x.left > 0);
    if (f) {
      f.left--;
      rec.outcome = f.kind === 'status' ? String(f.status) : f.kind;
      if (f.kind === 'hang') return; // never answers; close() drops the socket
      if (f.kind === 'reset') return req.socket.destroy();
      return send(res, f.status, { error: { message: f.body ?? `injected ${f.status}`, type: 'server_error' } },
        f.retry_after !== undefined ? { 'retry-after': f.retry_after } : {});
    }
    if (kind === 'completions' && (b.echo === true || (b.logprobs !== undefined && b.logprobs !== null))) return scoring(b, res);
    let prompt = '';
    let system: string | undefined;
    if (kind === 'chat') {
      const msgs = Array.isArray(b.messages) ? (b.messages as { role?: string; content?: unknown }[]) : [];
      const text = (m: { content?: unknown }) => (typeof m.content === 'string' ? m.content : '');
      prompt = text([...msgs].reverse().find((m) => m.role === 'user') ?? {});
      const sys = msgs.find((m) => m.role === 'system');
      system = sys ? text(sys) : undefined;
    } else {
      prompt = typeof b.prompt === 'string' ? b.prompt : Array.isArray(b.prompt) ? String(b.prompt[0] ?? '') : '';
    }
    const asked = typeof b.n === 'number' && b.n >= 1 ? Math.floor(b.n) : 1;
    const n = Math.min(asked, opts.max_n ?? Infinity);
    const request_index = genIndex++;
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      if (opts.latency_ms) await new Promise((r) => setTimeout(r, opts.latency_ms));
      const out = opts.script({ kind, prompt, system, body: b, n, request_index });
      const texts = Array.from({ length: n }, (_, i) => (Array.isArray(out) ? out[i % out.length] : out));
      const maxTokens = typeof b.max_tokens === 'number' ? b.max_tokens
        : typeof b.max_completion_tokens === 'number' ? b.max_completion_tokens : undefined;
      let completionTokens = 0;
      const choices = texts.map((t, index) => {
        let { text, stopped } = stopAt(t, b.stop);
        let finish = 'stop';
        if (!stopped && maxTokens !== undefined && approxTokens(text) > maxTokens) {
          text = text.slice(0, maxTokens * 4);
          finish = 'length';
        }
        completionTokens += approxTokens(text);
        return kind === 'chat'
          ? { index, message: { role: 'assistant', content: text }, finish_reason: finish, logprobs: null }
          : { index, text, finish_reason: finish, logprobs: null };
      });
      const promptTokens = approxTokens((system ?? '') + prompt);
      send(res, 200, {
        id: `test-${request_index}`, object: kind === 'chat' ? 'chat.completion' : 'text_completion',
        created: Math.floor(Date.now() / 1000), model: String(b.model ?? 'test-model'), choices,
        usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
      });
    } finally {
      inFlight--;
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e) => {
      if (!res.headersSent) send(res, 500, { error: { message: String(e), type: 'server_error' } });
    });
  });
  await new Promise<void>((r) => server.listen(opts.port ?? 0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    get maxInFlight() {
      return maxInFlight;
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
