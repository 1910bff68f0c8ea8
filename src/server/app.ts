// The reward server: one Fastify app, the native API plus one module per peer wire protocol, with
// bearer auth, per-token concurrency and rate limits, body limits, JSON errors naming the field,
// OpenAPI at /docs, Prometheus /metrics, /healthz, /readyz and a graceful close.
import { setMaxListeners } from 'node:events';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Store } from '../store/store.js';
import { registerViewer } from './viewer-api.js';
import { Admission, type AdmissionOptions, Overloaded } from './admission.js';
import type { Task } from '../benchmarks/types.js';
import { Cancelled, type Sandbox } from '../sandbox/engine.js';
import { type Executor, ExecutorClosed, LocalExecutor, signalClients } from './executor.js';
import { createMetrics, type ServerMetrics } from './metrics.js';
import { registerNative } from './native.js';
import { registerOpenR1 } from './openr1.js';
import { registerOpenRLHF } from './openrlhf.js';
import { registerPiston } from './piston.js';
import { registerSandboxFusion } from './sandboxfusion.js';
import type { SweInstance } from '../repo/formats.js';
import { BadRequest, TaskIndex } from './tasks.js';
import { wellFormed } from '../sandbox/agent-client.js';

export interface AppOptions {
  sandbox?: Sandbox;
  /** an executor other than the local sandbox (e.g. a fleet); takes precedence over `sandbox` */
  executor?: Executor;
  /** accepted bearer tokens (none = no auth; refused by `listen` on a non-loopback host) */
  token?: string | string[];
  /** loaded benchmark tasks that /v1/grade items may reference (builtin is loaded when absent) */
  tasks?: Task[];
  /** max request body in bytes (default 32 MiB) */
  bodyLimit?: number;
  /** max items per batch request (default 4096) */
  maxBatch?: number;
  /** requests per second per token (or per client address without auth); 0 = unlimited */
  rateLimit?: number;
  /** burst size of the rate limit (default 2 × rateLimit) */
  rateBurst?: number;
  /** concurrent requests per token (0 = unlimited) */
  concurrency?: number;
  /** register the process-wide default metrics (CPU, RSS, event loop) */
  defaultMetrics?: boolean;
  logger?: boolean;
  /** the eval store: the run viewer is served at /ui when given */
  store?: Store;
  /** how much work may wait, in total and per client (admission.ts) */
  admission?: AdmissionOptions;
  /** SWE-bench instances that /v1/grade repo items may name (repo-grade.ts) */
  sweInstances?: SweInstance[];
}

export interface RouteContext {
  executor: Executor;
  tasks: TaskIndex;
  metrics: ServerMetrics;
  maxBatch: number;
  /** SWE-bench instances by id, for /v1/grade repo items */
  sweInstances: Map<string, SweInstance>;
  /** Admit `n` items of this request's client or throw Overloaded (a 429, or a 504 on the
   * SandboxFusion routes, whose client retries on 504 only); the items are given back when the
   * request ends (answered, failed or abandoned). */
  admit(req: FastifyRequest, n: number): void;
}

const OPEN_PATHS = new Set(['/healthz', '/readyz']);

/** The field (items[0].task.stdin) of the first string with a lone surrogate, or null. */
export function loneSurrogate(v: unknown, path: string): string | null {
  if (typeof v === 'string') return wellFormed(v) ? null : path;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const p = loneSurrogate(v[i], `${path}[${i}]`);
      if (p !== null) return p;
    }
  } else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      const at = path ? `${path}.${k}` : k;
      if (!wellFormed(k)) return at;
      const p = loneSurrogate(x, at);
      if (p !== null) return p;
    }
  }
  return null;
}

/** The request's abort signal: aborted when its client goes away before the answer (the server then
 * cancels the request's queued work and kills its running tasks: nobody would read them). */
export function requestSignal(req: FastifyRequest): AbortSignal {
  const r = req as FastifyRequest & { rlcfAbort?: AbortController; rlcfClient?: string };
  if (!r.rlcfAbort) {
    r.rlcfAbort = new AbortController();
    signalClients.set(r.rlcfAbort.signal, r.rlcfClient ?? `ip:${req.ip}`);
    // every execution of a batch listens on it (and stops listening when it ends): a 256-item
    // batch is 256 listeners, not a leak
    setMaxListeners(0, r.rlcfAbort.signal);
  }
  return r.rlcfAbort.signal;
}

function abortRequest(req: FastifyRequest): void {
  (req as FastifyRequest & { rlcfAbort?: AbortController }).rlcfAbort?.abort();
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.') || host === '::ffff:127.0.0.1';
}

/** JSON error body: {error, field?, statusCode}. */
export function sendError(reply: FastifyReply, statusCode: number, error: string, field?: string): FastifyReply {
  return reply.code(statusCode).type('application/json').send({ error, ...(field ? { field } : {}), statusCode });
}

/** Fastify's validation path (/items/0/id) → items[0].id */
function fieldOf(instancePath: string, missing?: string): string {
  const parts = instancePath.split('/').filter(Boolean).map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`));
  if (missing) parts.push(`.${missing}`);
  return parts.join('').replace(/^\./, '') || 'body';
}

class Bucket {
  tokens: number;
  last = Date.now();
  constructor(readonly rate: number, readonly burst: number) {
    this.tokens = burst;
  }
  take(): number {
    const now = Date.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - this.tokens) / this.rate);
  }
}

export async function buildApp(o: AppOptions): Promise<FastifyInstance> {
  const executor = o.executor ?? (o.sandbox ? new LocalExecutor(o.sandbox) : undefined);
  if (!executor) throw new Error('buildApp: pass a sandbox or an executor');
  const tokens = new Set((Array.isArray(o.token) ? o.token : o.token ? [o.token] : []).filter(Boolean));
  const app = Fastify({
    logger: o.logger ?? false,
    bodyLimit: o.bodyLimit ?? 32 << 20,
    return503OnClosing: true,
    ajv: { customOptions: { allowUnionTypes: true, coerceTypes: false, removeAdditional: false, allErrors: false } },
  });
  const metrics = createMetrics(executor, o.defaultMetrics ?? true);
  const tasks = new TaskIndex();
  if (o.tasks) tasks.add(o.tasks);
  else tasks.add((await import('../benchmarks/builtin.js')).loadBuiltin());
  const admission = new Admission(executor.stats().slots, o.admission);
  (executor as Partial<LocalExecutor>).onExecution?.((e) => {
    if (e.service_s > 0) admission.observe(e.service_s);
    if (e.status !== 'cancelled') admission.completed(executor.stats().in_flight >= executor.stats().slots);
  });
  const admitted = new WeakMap<FastifyRequest, (() => void)[]>();
  const ctx: RouteContext = {
    executor, tasks, metrics, maxBatch: o.maxBatch ?? 4096,
    sweInstances: new Map((o.sweInstances ?? []).map((i) => [i.instance_id, i])),
    admit: (req, n) => {
      // an executor with a bound of its own (the fleet: its queue's depth, its Redis) refuses first
      (executor as Executor).admit?.(n);
      const key = (req as FastifyRequest & { rlcfClient?: string }).rlcfClient ?? `ip:${req.ip}`;
      const give = admission.admit(key, n);
      const list = admitted.get(req) ?? [];
      list.push(give);
      admitted.set(req, list);
    },
  };
  const giveBack = (req: FastifyRequest) => {
    for (const g of admitted.get(req) ?? []) g();
    admitted.delete(req);
  };
  app.decorate('rlcf', ctx);

  // bodies: JSON, strictly UTF-8 (invalid bytes are a 400, not silently replaced)
  app.removeContentTypeParser(['application/json']);
  app.addContentTypeParser(['application/json', 'application/x-ndjson'], { parseAs: 'buffer' }, (_req, body, done) => {
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(body as Buffer);
    } catch {
      done(new BadRequest('body', 'is not valid UTF-8'), undefined);
      return;
    }
    if (!text.trim()) {
      done(new BadRequest('body', 'is empty; expected a JSON object'), undefined);
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      done(new BadRequest('body', `is not valid JSON: ${(e as Error).message}`), undefined);
      return;
    }
    // JSON escapes can spell a lone surrogate ("\ud800"), which no program can be given as text
    const bad = loneSurrogate(value, '');
    done(bad === null ? null : new BadRequest(bad || 'body',
      'contains a lone UTF-16 surrogate (a \\uD800-\\uDFFF escape without its pair): send valid Unicode text'), value);
  });

  app.setErrorHandler((err: FastifyError | BadRequest | Error, req, reply) => {
    if (err instanceof BadRequest) {
      metrics.rejected.inc({ reason: 'invalid' });
      return sendError(reply, err.statusCode, err.message, err.field);
    }
    if (err instanceof ExecutorClosed) {
      // a fleet whose queue is unreachable says when to come back (src/fleet/executor.ts)
      const after = (err as ExecutorClosed & { retryAfterS?: number }).retryAfterS;
      if (after) reply.header('retry-after', String(after));
      return sendError(reply, 503, err.message);
    }
    if (err instanceof Overloaded) {
      metrics.rejected.inc({ reason: 'overloaded' });
      reply.header('retry-after', String(err.retryAfterS));
      return sendError(reply, retryLater(req), err.message);
    }
    // the client went away: its work was cancelled; nobody reads this answer (nginx's 499)
    if (err instanceof Cancelled) {
      metrics.rejected.inc({ reason: 'cancelled' });
      return sendError(reply, 499, err.message);
    }
    const fe = err as FastifyError;
    if (fe.validation && fe.validation.length) {
      metrics.rejected.inc({ reason: 'invalid' });
      const v = fe.validation[0];
      const field = fieldOf(v.instancePath, (v.params as { missingProperty?: string })?.missingProperty);
      return sendError(reply, 400, `${field}: ${v.message ?? 'is invalid'}`, field);
    }
    const code = fe.statusCode && fe.statusCode >= 400 ? fe.statusCode : 500;
    if (code === 413) metrics.rejected.inc({ reason: 'too_large' });
    if (code >= 500) req.log.error(err);
    return sendError(reply, code, code === 413 ? `request body is larger than ${app.initialConfig.bodyLimit} bytes` : err.message);
  });
  app.setNotFoundHandler((req, reply) => sendError(reply, 404, `no route ${req.method} ${req.url.split('?')[0]}`));

  // auth, rate and concurrency limits (per token, or per client address without auth)
  const buckets = new Map<string, Bucket>();
  const active = new Map<string, number>();
  const rate = o.rateLimit ?? 0;
  const conc = o.concurrency ?? 0;
  app.addHook('onRequest', async (req, reply) => {
    const path = req.url.split('?')[0];
    if (OPEN_PATHS.has(path)) return;
    let key = `ip:${req.ip}`;
    if (tokens.size) {
      const h = req.headers.authorization ?? '';
      const m = /^Bearer\s+(.+)$/i.exec(h);
      if (!m || !tokens.has(m[1].trim())) {
        metrics.rejected.inc({ reason: 'auth' });
        reply.header('www-authenticate', 'Bearer');
        return sendError(reply, 401, m ? 'invalid bearer token' : 'missing bearer token: send Authorization: Bearer <token>');
      }
      key = `token:${m[1].trim()}`;
    }
    (req as FastifyRequest & { rlcfClient?: string }).rlcfClient = key;
    if (path.startsWith('/docs') || path === '/metrics') return;
    if (rate > 0) {
      let b = buckets.get(key);
      if (!b) buckets.set(key, (b = new Bucket(rate, o.rateBurst ?? Math.max(1, rate * 2))));
      const wait = b.take();
      if (wait > 0) {
        metrics.rejected.inc({ reason: 'rate' });
        reply.header('retry-after', String(wait));
        return sendError(reply, retryLater(req), `rate limit: ${rate} requests/s per client; retry after ${wait} s`);
      }
    }
    if (conc > 0) {
      const n = active.get(key) ?? 0;
      if (n >= conc) {
        metrics.rejected.inc({ reason: 'concurrency' });
        reply.header('retry-after', '1');
        return sendError(reply, retryLater(req), `concurrency limit: ${conc} requests in flight per client`);
      }
      active.set(key, n + 1);
      (req as FastifyRequest & { rlcfKey?: string }).rlcfKey = key;
    }
  });
  const release = (req: FastifyRequest) => {
    const key = (req as FastifyRequest & { rlcfKey?: string }).rlcfKey;
    if (!key) return;
    (req as FastifyRequest & { rlcfKey?: string }).rlcfKey = undefined;
    const n = (active.get(key) ?? 1) - 1;
    if (n <= 0) active.delete(key);
    else active.set(key, n);
  };
  app.addHook('onResponse', async (req, reply) => {
    release(req);
    giveBack(req);
    const route = req.routeOptions.url ?? 'unknown';
    metrics.requestSeconds.observe({ route, code: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });
  app.addHook('onRequestAbort', async (req) => {
    abortRequest(req);
    release(req);
    giveBack(req);
  });
  // a client that closes its connection while its answer is being computed (or streamed)
  app.addHook('onRequest', async (req, reply) => {
    reply.raw.once('close', () => {
      if (!reply.raw.writableFinished) abortRequest(req);
    });
  });

  // OpenAPI
  const { default: swagger } = await import('@fastify/swagger');
  const { default: swaggerUi } = await import('@fastify/swagger-ui');
  await app.register(swagger, {
    openapi: { info: { title: 'rlcf reward server', version: '0.1.0',
      description: 'Execution feedback for RL trainers: native batch grading plus SandboxFusion, OpenRLHF, Piston and open-r1 compatible endpoints.' },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } }, security: tokens.size ? [{ bearer: [] }] : [] },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  app.get('/healthz', { schema: { hide: true } }, async () => ({ ok: true }));
  app.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
    const ready = executor.ready();
    return reply.code(ready ? 200 : 503).send({ ready, ...executor.stats() });
  });
  app.get('/metrics', { schema: { hide: true } }, async (_req, reply) => {
    reply.type(metrics.registry.contentType);
    return metrics.registry.metrics();
  });

  await app.register(async (s) => registerNative(s, ctx));
  await app.register(async (s) => registerSandboxFusion(s, ctx));
  await app.register(async (s) => registerOpenRLHF(s, ctx));
  await app.register(async (s) => registerPiston(s, ctx));
  await app.register(async (s) => registerOpenR1(s, ctx));

  // the run viewer at /ui, over the eval store when one is given
  if (o.store) await registerViewer(app, { store: o.store });


  // graceful close: stop taking requests (503), let in-flight ones finish, then drain the executor
  // (responses finishing during the close say `connection: close`, and keep-alive sockets that go
  // idle are closed, so that close() does not wait for the clients' keep-alive timeouts)
  let closing = false;
  let sweeper: NodeJS.Timeout | undefined;
  app.addHook('preClose', async () => {
    closing = true;
    sweeper = setInterval(() => app.server.closeIdleConnections?.(), 50);
    sweeper.unref();
  });
  app.addHook('onSend', async (_req, reply, payload) => {
    if (closing) reply.header('connection', 'close');
    return payload;
  });
  app.addHook('onClose', async () => {
    await executor.drain();
    app.server.closeIdleConnections?.();
    if (sweeper) clearInterval(sweeper);
  });
  return app;
}

/** Listen, refusing a non-loopback host without a token. */
export async function listen(app: FastifyInstance, host: string, port: number, hasToken: boolean): Promise<string> {
  if (!isLoopback(host) && !hasToken) {
    throw new Error(`refusing to listen on ${host} without authentication: pass --token (or RLCF_TOKEN) or bind to 127.0.0.1`);
  }
  return app.listen({ host, port });
}

/** The status of "retry later" (with Retry-After): 429, but 504 on the SandboxFusion routes, because
 * verl's SandboxFusion client retries on 504 (Gateway Timeout) only and would count a 429 as a
 * failed test. */
function retryLater(req: FastifyRequest): 429 | 504 {
  return /^\/(run_code|submit)\b/.test(req.url) ? 504 : 429;
}
