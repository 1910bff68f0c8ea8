// The queue-backed executor: the same Executor interface as the local sandbox (server/executor.ts),
// so `rlcf serve --queue` and `rlcf eval --queue` keep their routes and pipelines, but every
// grading goes to a BullMQ job that some `rlcf worker` runs. A job is one completion with all its
// tests (or a chunk of small items, `chunk`); results come back on BullMQ's events stream and are
// delivered to their caller exactly once (a pending map keyed by job id: a redelivered job's second
// result finds nothing to resolve). Scheduling (per-token fairness, longest-first): plan.ts.
import { randomBytes } from 'node:crypto';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import type { Registry } from 'prom-client';
import type { Judgement, Task } from '../benchmarks/types.js';
import { TaskCosts, taskCostKey } from '../judge/costs.js';
import type { JudgeOptions } from '../judge/index.js';
import { Overloaded } from '../server/admission.js';
import { type Executor, ExecutorClosed, type ExecutionListener, type ExecutorStats, signalClient } from '../server/executor.js';
import { Cancelled, type RunOptions } from '../sandbox/engine.js';
import type { Language, Submission, TestInput, Verdict } from '../sandbox/types.js';
import { sandboxError } from '../sandbox/verdict.js';
import { registerFleetMetrics } from './metrics.js';
import { FleetUnavailable, planJobs } from './plan.js';

export { FleetUnavailable };
import {
  type FleetItem, type FleetItemResult, type FleetJobData, type FleetJobResult, KEYS, PREFIX, type WorkerAdvert,
  liveAdverts, parseRedisUrl, queueName,
} from './protocol.js';

export interface QueueExecutorOptions {
  url: string;
  /** jobs waiting in the fleet's queues above which new work is refused with 429 (default 100000) */
  maxDepth?: number;
  /** how long a caller waits for a job's result (ms, default 10 min); later, a sandbox_error */
  deadlineMs?: number;
  /** items per job: a number (1 = one completion with all its tests per job), or 'auto' (default):
   * a large batch is cut into about 4 jobs per fleet slot, at most 8 items each, so that a
   * 256-item request is not 256 round trips through Redis while every slot still gets work */
  chunk?: number | 'auto';
  /** queue jobs even when no live worker takes their language (a fleet scaled to zero); default
   * false: such a job fails at once with an error naming the language */
  waitForWorkers?: boolean;
  /** how often the fleet's state (workers, depth) is read (ms, default 1000) */
  refreshMs?: number;
}

interface Pending {
  item: FleetItem;
  client: string;
  cost: number;
  signal?: AbortSignal;
  resolve: (r: FleetItemResult) => void;
  reject: (e: Error) => void;
  settled: boolean;
  onAbort?: () => void;
}

interface JobEntry {
  items: Pending[];
  language: Language;
  enqueuedAt: number;
  timer: NodeJS.Timeout;
}

export class QueueExecutor implements Executor {
  readonly id = randomBytes(4).toString('hex');
  readonly costs = new TaskCosts();
  private readonly redis: Redis;
  private readonly queues = new Map<Language, Queue<FleetJobData, FleetJobResult>>();
  private readonly events = new Map<Language, Promise<QueueEvents>>();
  private readonly jobs = new Map<string, JobEntry>();
  private buffer: (Pending & { language: Language })[] = [];
  private flushing = false;
  private seq = 0;
  private inFlight = 0;
  private executions = 0;
  private draining = false;
  private idle: (() => void)[] = [];
  private readonly waitingPerClient = new Map<string, number>();
  private listeners: ExecutionListener[] = [];
  private refresher?: NodeJS.Timeout;
  private lastRefresh = 0;
  private refreshes = 0;
  /** the fleet as last read */
  adverts: WorkerAdvert[] = [];
  depth = 0;
  redeliveries = 0;
  /** results that arrived for a job already answered (a redelivered job finished twice): dropped */
  duplicates = 0;
  /** job wait (enqueue → a worker starts it) and service times, for /metrics */
  onJob?: (e: { wait_s: number; service_s: number; total_s: number; attempt: number; worker: string; job: string; language: Language }) => void;

  private constructor(private readonly o: QueueExecutorOptions) {
    // no offline queue: while Redis is down, a command fails at once (503) instead of waiting
    this.redis = new Redis({ ...parseRedisUrl(o.url), enableOfflineQueue: false, maxRetriesPerRequest: 1,
      retryStrategy: (n) => Math.min(n * 200, 2000) });
    this.redis.on('error', () => { /* reconnects by itself; callers see FleetUnavailable meanwhile */ });
    // after an outage, look for jobs whose events were missed (or lost with an unpersisted Redis)
    let wasDown = false;
    this.redis.on('close', () => { wasDown = true; });
    this.redis.on('ready', () => {
      if (wasDown) void this.sweep();
      wasDown = false;
    });
  }

  static async connect(o: QueueExecutorOptions): Promise<QueueExecutor> {
    const ex = new QueueExecutor(o);
    await new Promise<void>((res, rej) => {
      const t = setTimeout(() => rej(new Error(`cannot reach Redis at ${o.url} (is redis-server running?)`)), 10_000);
      ex.redis.once('ready', () => {
        clearTimeout(t);
        res();
      });
    }).catch((e) => {
      ex.redis.disconnect();
      throw e;
    });
    await ex.refresh();
    ex.refresher = setInterval(() => void ex.refresh().catch(() => undefined), o.refreshMs ?? 1000);
    ex.refresher.unref();
    return ex;
  }

  onExecution(l: ExecutionListener): void {
    this.listeners.push(l);
  }

  registerMetrics(registry: Registry): void {
    registerFleetMetrics(this, registry);
  }

  /** Read the fleet's state: live workers, jobs waiting, redeliveries. */
  async refresh(): Promise<void> {
    const [raw, red] = await Promise.all([this.redis.hgetall(KEYS.workers), this.redis.get(KEYS.redeliveries)]);
    this.adverts = liveAdverts(raw);
    this.redeliveries = Number(red ?? 0);
    let depth = 0;
    for (const q of this.queues.values()) depth += await q.getJobCountByTypes('waiting', 'prioritized');
    this.depth = depth;
    this.lastRefresh = Date.now();
    // a result whose event this front-end missed (the events stream is capped): look up jobs that
    // have waited long, a few per refresh
    if (++this.refreshes % 10 === 0) {
      const old = [...this.jobs].filter(([, e]) => Date.now() - e.enqueuedAt > 30_000).slice(0, 100);
      for (const [id, e] of old) await this.lookup(id, e.language, false);
    }
  }

  private queue(l: Language): Queue<FleetJobData, FleetJobResult> {
    let q = this.queues.get(l);
    if (!q) {
      // a longer events stream than BullMQ's 10,000 (a job writes ~5 events): a busy front-end
      // does not miss results under load; a missed one is still found by refresh()
      q = new Queue<FleetJobData, FleetJobResult>(queueName(l), { connection: this.redis, prefix: PREFIX, skipWaitingForReady: true,
        streams: { events: { maxLen: 100_000 } } });
      q.on('error', () => undefined);
      this.queues.set(l, q);
    }
    return q;
  }

  /** The language's events stream, listened to before its first job is added (no result missed). */
  private listen(l: Language): Promise<QueueEvents> {
    let p = this.events.get(l);
    if (!p) {
      const ev = new QueueEvents(queueName(l), { connection: { ...parseRedisUrl(this.o.url), maxRetriesPerRequest: null }, prefix: PREFIX });
      ev.on('error', () => undefined);
      ev.on('completed', ({ jobId, returnvalue }) => this.settle(jobId, returnvalue as unknown as FleetJobResult));
      ev.on('failed', ({ jobId, failedReason }) => this.fail(jobId, failedReason));
      p = ev.waitUntilReady().then(() => ev);
      this.events.set(l, p);
    }
    return p;
  }

  // ---- Executor --------------------------------------------------------------------------------

  grade(task: Task, code: string, opts: JudgeOptions = {}): Promise<Judgement> {
    const key = taskCostKey(task);
    const item: FleetItem = { kind: 'grade', task, code, opts: { ...(opts.runAll !== undefined ? { runAll: opts.runAll } : {}),
      ...(opts.limits ? { limits: opts.limits } : {}) } };
    return this.track('grade', task.language, item, this.costs.estimate(key), opts.signal, (r) => {
      if (!r.ok) {
        return { passed: false, status: 'sandbox_error', result: `failed: sandbox error: ${r.error}`, program: code, tests: [],
          passed_tests: 0, total_tests: 0, cpu_ms: 0, wall_ms: 0, compile_message: r.error } satisfies Judgement;
      }
      const j = r.value as Judgement;
      if (j.status !== 'sandbox_error') this.costs.observe(key, j.cpu_ms);
      return j;
    }, (j) => [j.status, j.wall_ms || 0]);
  }

  run(sub: Submission, opts: RunOptions = {}): Promise<Verdict> {
    return this.track('run', sub.language, { kind: 'run', sub }, 0, opts.signal,
      (r) => (r.ok ? r.value as Verdict : this.errorVerdict(r.error)), (v) => [v.status, v.wall_ms]);
  }

  runTests(sub: Submission, inputs: TestInput[], opts: RunOptions = {}): Promise<Verdict[]> {
    return this.track('run', sub.language, { kind: 'runTests', sub, inputs }, 0, opts.signal,
      (r) => (r.ok ? r.value as Verdict[] : inputs.map(() => this.errorVerdict(r.error))),
      (vs) => [vs.find((v) => v.status !== 'ok')?.status ?? 'ok', vs.reduce((a, v) => a + v.wall_ms, 0)]);
  }

  private errorVerdict(msg: string): Verdict {
    return sandboxError(msg, { controls_missing: [], sandbox: 'bwrap' });
  }

  private async track<T>(kind: 'grade' | 'run', language: Language, item: FleetItem, cost: number, signal: AbortSignal | undefined,
    decode: (r: FleetItemResult) => T, status: (t: T) => [string, number]): Promise<T> {
    if (this.draining) throw new ExecutorClosed();
    if (this.redis.status !== 'ready') throw new FleetUnavailable(`Redis connection ${this.redis.status}`);
    if (signal?.aborted) throw new Cancelled();
    if (Date.now() - this.lastRefresh > (this.o.refreshMs ?? 1000) * 2) await this.refresh().catch(() => undefined);
    // the depth bound is the routes' (admit, before a request's first item); a library caller such
    // as `rlcf eval --queue` waits instead of failing its run
    if (!this.o.waitForWorkers && !this.adverts.some((a) => a.languages[language] && !a.draining)) {
      const have = this.adverts.map((a) => `${a.name} [${Object.keys(a.languages).join(', ')}]`).join('; ') || 'none';
      return decode({ ok: false, error: `no worker in the fleet runs ${language} (live workers: ${have}); start ` +
        `\`rlcf worker --queue ${this.o.url}\` on a host with the ${language} toolchain` });
    }
    this.inFlight++;
    const t0 = performance.now();
    let st = 'sandbox_error';
    let service = 0;
    try {
      const r = await new Promise<FleetItemResult>((resolve, reject) => {
        const p: Pending & { language: Language } = { item, client: signalClient(signal) ?? 'local', cost, language, resolve, reject,
          settled: false, ...(signal ? { signal } : {}) };
        this.buffer.push(p);
        if (!this.flushing) {
          this.flushing = true;
          setImmediate(() => void this.flush());
        }
      });
      const t = decode(r);
      [st, service] = status(t);
      return t;
    } catch (e) {
      if (e instanceof Cancelled) st = 'cancelled';
      throw e;
    } finally {
      this.inFlight--;
      this.executions++;
      for (const l of this.listeners) l({ kind, status: st, seconds: (performance.now() - t0) / 1000, service_s: service / 1000, language });
      if (this.inFlight === 0) for (const w of this.idle.splice(0)) w();
    }
  }

  /** Admission for a request of `n` items (app.ts): 503 while Redis is unreachable, 429 while the
   * fleet's queues hold more than maxDepth jobs (a request larger than the bound is still taken
   * when nothing waits). */
  admit(n: number): void {
    if (this.draining) throw new ExecutorClosed();
    if (this.redis.status !== 'ready') throw new FleetUnavailable(`Redis connection ${this.redis.status}`);
    const maxDepth = this.o.maxDepth ?? 100_000;
    const depth = this.depth + this.buffer.length;
    if (depth > 0 && depth + n > maxDepth) throw new Overloaded(this.retryAfterS(), 'server', maxDepth);
  }

  private retryAfterS(): number {
    const perS = Math.max(1, this.adverts.reduce((a, w) => a + w.slots, 0) * 10);
    return Math.min(60, Math.max(1, Math.ceil(this.depth / perS)));
  }

  /** Everything submitted in this tick becomes jobs: per client, longest-expected first, chunked. */
  private async flush(): Promise<void> {
    this.flushing = false;
    const batch = this.buffer;
    this.buffer = [];
    const live = batch.filter((p) => {
      if (p.signal?.aborted) p.reject(new Cancelled());
      return !p.signal?.aborted;
    });
    const slots = this.adverts.reduce((a, w) => a + w.slots, 0);
    const adds = new Map<Language, { name: string; data: FleetJobData; opts: { jobId: string; priority: number } }[]>();
    const now = Date.now();
    const deadlineMs = this.o.deadlineMs ?? 600_000;
    for (const { items, language, priority } of planJobs(live, { slots, chunk: this.o.chunk, pending: this.waitingPerClient })) {
      const jobId = `${this.id}-${++this.seq}`;
      const entry: JobEntry = { items, language, enqueuedAt: now, timer: setTimeout(() => void this.expire(jobId), deadlineMs) };
      entry.timer.unref();
      this.jobs.set(jobId, entry);
      for (const p of items) this.watchAbort(jobId, p);
      const list = adds.get(language) ?? [];
      list.push({ name: items[0].item.kind, data: { items: items.map((p) => p.item), language, deadline: now + deadlineMs,
        frontend: this.id, enqueued_at: now }, opts: { jobId, priority } });
      adds.set(language, list);
    }
    await Promise.all([...adds].map(async ([l, list]) => {
      try {
        await this.listen(l);
        await this.queue(l).addBulk(list.map((j) => ({ ...j, opts: { ...j.opts, removeOnComplete: { age: 600, count: 10_000 },
          removeOnFail: { age: 3600, count: 10_000 } } })));
      } catch (e) {
        const err = new FleetUnavailable((e as Error).message);
        for (const j of list) this.finish(j.opts.jobId, (p) => p.reject(err));
      }
    }));
  }

  private watchAbort(jobId: string, p: Pending): void {
    if (!p.signal) return;
    p.onAbort = () => {
      if (p.settled) return;
      p.settled = true;
      p.reject(new Cancelled());
      const e = this.jobs.get(jobId);
      // the whole job's callers are gone: take it off the queue, or kill it where it runs
      if (e && e.items.every((x) => x.settled)) {
        this.finish(jobId, () => undefined);
        void this.queue(e.language).remove(jobId).catch(() => 0);
        void this.redis.publish(KEYS.cancel, jobId).catch(() => 0);
      }
    };
    p.signal.addEventListener('abort', p.onAbort, { once: true });
  }

  /** Take the job out of the pending map (exactly once) and hand each unsettled caller its part. */
  private finish(jobId: string, each: (p: Pending, i: number) => void): boolean {
    const e = this.jobs.get(jobId);
    if (!e) return false;
    this.jobs.delete(jobId);
    clearTimeout(e.timer);
    const c = e.items[0].client;
    const n = (this.waitingPerClient.get(c) ?? 1) - 1;
    if (n <= 0) this.waitingPerClient.delete(c);
    else this.waitingPerClient.set(c, n);
    e.items.forEach((p, i) => {
      if (p.onAbort) p.signal?.removeEventListener('abort', p.onAbort);
      if (p.settled) return;
      p.settled = true;
      each(p, i);
    });
    return true;
  }

  private settle(jobId: string, r: FleetJobResult): void {
    const e = this.jobs.get(jobId);
    if (!e) {
      if (jobId.startsWith(`${this.id}-`)) this.duplicates++;
      return;
    }
    this.onJob?.({ wait_s: r.wait_ms / 1000, service_s: r.service_ms / 1000, total_s: (Date.now() - e.enqueuedAt) / 1000, attempt: r.attempt,
      worker: r.worker, job: jobId, language: e.language });
    this.finish(jobId, (p, i) => p.resolve(r.results[i] ?? { ok: false, error: 'the worker returned no result for this item' }));
  }

  private fail(jobId: string, reason: string): void {
    if (!this.jobs.has(jobId)) return;
    const why = /stalled more than/i.test(reason)
      ? `every worker that ran this job died before finishing it, as many times as the workers' --max-attempts allows ` +
        `(BullMQ: ${reason}); given up instead of retrying forever`
      : `the job failed in the fleet: ${reason}`;
    this.finish(jobId, (p) => p.resolve({ ok: false, error: why }));
  }

  /** The deadline passed: one last look at the job, then a clear error. */
  private async expire(jobId: string): Promise<void> {
    const e = this.jobs.get(jobId);
    if (!e) return;
    if (await this.lookup(jobId, e.language)) return;
    this.finish(jobId, (p) => p.resolve({ ok: false, error: `no result within the deadline of ${(this.o.deadlineMs ?? 600_000) / 1000} s ` +
      '(no worker took the job, or the fleet is overloaded)' }));
    void this.queue(e.language).remove(jobId).catch(() => 0);
  }

  /** Whether the job ended while its event was missed; settles it if so. */
  private async lookup(jobId: string, l: Language, lostIfMissing = true): Promise<boolean> {
    try {
      const job = await this.queue(l).getJob(jobId);
      if (!job) {
        if (!lostIfMissing) return false;
        this.finish(jobId, (p) => p.resolve({ ok: false, error: 'the job was lost by the queue (Redis restarted without persistence?)' }));
        return true;
      }
      if (job.finishedOn && job.returnvalue) {
        this.settle(jobId, job.returnvalue);
        return true;
      }
      if (job.failedReason) {
        this.fail(jobId, job.failedReason);
        return true;
      }
    } catch { /* Redis still down: the deadline decides */ }
    return false;
  }

  /** After a Redis outage: settle the jobs that ended (or vanished) while it was away. */
  private async sweep(): Promise<void> {
    for (const [id, e] of [...this.jobs]) await this.lookup(id, e.language);
  }

  stats(): ExecutorStats {
    const slots = this.adverts.reduce((a, w) => a + w.slots, 0);
    return { in_flight: this.inFlight, queue_depth: this.depth, slots, executions: this.executions };
  }

  ready(): boolean {
    return !this.draining && this.redis.status === 'ready';
  }

  async drain(): Promise<void> {
    this.draining = true;
    if (this.inFlight > 0) await new Promise<void>((r) => this.idle.push(r));
  }

  /** Stop: callers still waiting get an ExecutorClosed (their jobs stay queued for whoever asks
   * again: a front-end's close does not lose work already in Redis). */
  async close(): Promise<void> {
    this.draining = true;
    for (const id of [...this.jobs.keys()]) this.finish(id, (p) => p.reject(new ExecutorClosed()));
    await this.drain();
    if (this.refresher) clearInterval(this.refresher);
    await Promise.all([...this.events.values()].map(async (p) => (await p.catch(() => null))?.close()));
    await Promise.all([...this.queues.values()].map((q) => q.close().catch(() => undefined)));
    this.redis.disconnect();
  }

  /** Jobs this front-end waits for. */
  get pendingJobs(): number {
    return this.jobs.size;
  }
}
