// `rlcf worker`: takes grading jobs from the fleet's queues (one BullMQ queue per language; the
// worker listens on the languages whose toolchains it has), runs them in its local sandbox through
// the same LocalExecutor as `rlcf serve` (so verdicts are the local engine's), and returns the
// results as the jobs' return values. A worker that dies mid-job loses its BullMQ lock; another
// worker's stalled-job check puts the job back (up to maxAttempts starts, then it fails and the
// front-end reports a sandbox_error). SIGTERM drains: active jobs finish, no new ones are taken.
import { hostname } from 'node:os';
import { type Job, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { LocalExecutor } from '../server/executor.js';
import type { Sandbox } from '../sandbox/engine.js';
import { DESCRIPTORS } from '../sandbox/languages/index.js';
import { LANGUAGES, type Language } from '../sandbox/types.js';
import {
  ADVERT_TTL_MS, type FleetItem, type FleetItemResult, type FleetJobData, type FleetJobResult, HEARTBEAT_MS, KEYS, PREFIX,
  type WorkerAdvert, parseRedisUrl, queueName,
} from './protocol.js';

export interface FleetWorkerOptions {
  url: string;
  sandbox: Sandbox;
  name?: string;
  /** jobs run at once (default: the sandbox's slots) */
  slots?: number;
  /** languages to take (default: every language whose toolchain this host has) */
  languages?: Language[];
  /** a job is redelivered when its worker has not renewed its lock for this long (ms, default 10 s) */
  lockMs?: number;
  /** how often this worker looks for stalled jobs (ms, default lockMs / 2) */
  stalledIntervalMs?: number;
  /** a job started this many times without finishing (its workers died) fails (default 3) */
  maxAttempts?: number;
  /** jobs taken per slot per language queue (default 2) */
  prefetch?: number;
  /** how long to wait for Redis at start (ms, default 15 s) */
  connectTimeoutMs?: number;
  log?: (line: string) => void;
}

/** Languages this host can run, with their toolchain versions. */
export function hostLanguages(only?: Language[]): Partial<Record<Language, string>> {
  const out: Partial<Record<Language, string>> = {};
  for (const l of only ?? LANGUAGES) {
    try {
      out[l] = DESCRIPTORS[l].discover().version;
    } catch { /* not on this host: not advertised, so no job in it is routed here */ }
  }
  return out;
}

export class FleetWorker {
  readonly name: string;
  readonly languages: Partial<Record<Language, string>>;
  private readonly workers: Worker<FleetJobData, FleetJobResult>[] = [];
  private readonly redis: Redis;
  private readonly sub: Redis;
  private readonly executor: LocalExecutor;
  private heartbeat?: NodeJS.Timeout;
  private busy = 0;
  private done = 0;
  private draining = false;
  private readonly startedAt = Date.now();
  private readonly slots: number;

  private constructor(private readonly o: FleetWorkerOptions) {
    this.name = o.name ?? `${hostname()}-${process.pid}`;
    this.languages = hostLanguages(o.languages);
    this.slots = o.slots ?? o.sandbox.slots.length;
    const conn = parseRedisUrl(o.url);
    this.redis = new Redis({ ...conn, maxRetriesPerRequest: null });
    this.sub = new Redis({ ...conn, maxRetriesPerRequest: null });
    this.executor = new LocalExecutor(o.sandbox);
  }

  static async start(o: FleetWorkerOptions): Promise<FleetWorker> {
    const w = new FleetWorker(o);
    const langs = Object.keys(w.languages) as Language[];
    if (!langs.length) throw new Error('this host has none of the requested languages\' toolchains: nothing to take (see `rlcf doctor`)');
    // Redis not there (yet): say so after a while instead of waiting silently forever
    for (const c of [w.redis, w.sub]) c.on('error', () => undefined);
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([w.redis.ping(), new Promise((_, rej) => {
        timer = setTimeout(() => rej(new Error(`cannot reach Redis at ${o.url} within ${(o.connectTimeoutMs ?? 15_000) / 1000} s ` +
          '(is redis-server running?)')), o.connectTimeoutMs ?? 15_000);
      })]);
    } catch (e) {
      w.redis.disconnect();
      w.sub.disconnect();
      throw e;
    } finally {
      clearTimeout(timer);
    }
    const lockDuration = o.lockMs ?? 10_000;
    for (const l of langs) {
      // two jobs per slot per language queue: the next job is already here when a slot frees (the
      // round trip to Redis is hidden, as the engine's pipelineDepth hides the agent's); the
      // sandbox queues what exceeds its slots, longest-first — see docs/scale.md
      const bw = new Worker<FleetJobData, FleetJobResult>(queueName(l), (job, _token, signal) => w.process(job, signal), {
        connection: { ...parseRedisUrl(o.url), maxRetriesPerRequest: null }, prefix: PREFIX, concurrency: w.slots * (o.prefetch ?? 2),
        lockDuration, stalledInterval: o.stalledIntervalMs ?? Math.max(500, Math.floor(lockDuration / 2)),
        maxStalledCount: Math.max(0, (o.maxAttempts ?? 3) - 1), autorun: false,
      });
      bw.on('error', (e) => o.log?.(`queue ${l}: ${e.message}`));
      w.workers.push(bw);
    }
    // a caller that went away: kill its job here if this worker runs it
    await w.sub.subscribe(KEYS.cancel);
    w.sub.on('message', (_ch, id: string) => {
      for (const bw of w.workers) bw.cancelJob(id, 'the caller went away');
    });
    await w.advertise();
    w.heartbeat = setInterval(() => void w.advertise().catch(() => undefined), HEARTBEAT_MS);
    for (const bw of w.workers) void bw.run();
    return w;
  }

  private advert(): WorkerAdvert {
    return {
      name: this.name, host: hostname(), pid: process.pid, slots: this.slots, busy: this.busy, languages: this.languages,
      sandbox: this.o.sandbox.mode, started_at: this.startedAt, jobs_done: this.done, draining: this.draining,
      expires_at: Date.now() + ADVERT_TTL_MS,
    };
  }

  private async advertise(): Promise<void> {
    await this.redis.hset(KEYS.workers, this.name, JSON.stringify(this.advert()));
  }

  private async process(job: Job<FleetJobData, FleetJobResult>, signal?: AbortSignal): Promise<FleetJobResult> {
    const t0 = Date.now();
    const d = job.data;
    const attempt = job.attemptsStarted;
    // bookkeeping off the job's path (a lost counter is not a lost result)
    if (attempt > 1) void this.redis.incr(KEYS.redeliveries).catch(() => undefined);
    // who runs it, for operators (and the fault tests, which kill exactly that worker)
    void job.updateProgress({ worker: this.name, pid: process.pid }).catch(() => undefined);
    this.busy++;
    try {
      let results: FleetItemResult[];
      if (Date.now() > d.deadline) {
        results = d.items.map(() => ({ ok: false, error: 'the job\'s deadline passed before a worker took it' }));
      } else {
        results = await Promise.all(d.items.map((it) => this.item(it, signal)));
      }
      if (signal?.aborted) throw new Error('cancelled: the caller went away');
      return { results, worker: this.name, attempt, wait_ms: t0 - d.enqueued_at, service_ms: Date.now() - t0 };
    } finally {
      this.busy--;
      this.done++;
      void this.redis.incr(KEYS.finished).catch(() => undefined);
    }
  }

  private async item(it: FleetItem, signal?: AbortSignal): Promise<FleetItemResult> {
    try {
      const o = signal ? { signal } : {};
      switch (it.kind) {
        case 'grade': return { ok: true, value: await this.executor.grade(it.task, it.code, { ...it.opts, ...o }) };
        case 'run': return { ok: true, value: await this.executor.run(it.sub, o) };
        case 'runTests': return { ok: true, value: await this.executor.runTests(it.sub, it.inputs, o) };
        default: return { ok: false, error: `unknown item kind ${JSON.stringify((it as { kind: unknown }).kind)}` };
      }
    } catch (e) {
      return { ok: false, error: (e as Error).message };
    }
  }

  /** Stop taking jobs, finish the active ones, withdraw the advert. */
  async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    await this.advertise().catch(() => undefined);
    await Promise.all(this.workers.map((w) => w.close()));
    if (this.heartbeat) clearInterval(this.heartbeat);
    await this.redis.hdel(KEYS.workers, this.name).catch(() => undefined);
    this.sub.disconnect();
    await this.redis.quit().catch(() => undefined);
  }
}
