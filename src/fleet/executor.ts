// The queue-backed executor: the same Executor interface as the local sandbox (server/executor.ts),
// so `rlcf serve --queue` and `rlcf eval --queue` keep their routes and pipelines, but every
// grading goes to a BullMQ job that some `rlcf worker` runs. A job is one completion with all its
// tests (or a chunk of small items, `chunk`); results come back on BullMQ's events stream and are
// delivered to their caller exactly once (results.ts: a redelivered job's second result finds
// nothing to resolve). Scheduling (per-token fairness, longest-first): plan.ts. Here: the Redis
// connection, the fleet's state (health, depth: admission), and submission.
import { randomBytes } from 'node:crypto';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import type { Registry } from 'prom-client';
import type { Judgement, Task } from '../benchmarks/types.js';
import { TaskCosts, taskCostKey } from '../judge/costs.js';
import type { JudgeOptions } from '../judge/index.js';
import { Overloaded } from '../server/admission.js';
import { ExecutionLedger, type Executor, ExecutorClosed, type ExecutionListener, type ExecutorStats, signalClient } from '../server/executor.js';
import { Cancelled, type RunOptions } from '../sandbox/engine.js';
import type { Language, Submission, TestInput, Verdict } from '../sandbox/types.js';
import { sandboxError } from '../sandbox/verdict.js';
import { registerFleetMetrics } from './metrics.js';
import { FleetUnavailable, planJobs } from './plan.js';
import {
  type FleetItem, type FleetItemResult, type FleetJobData, type FleetJobResult, KEYS, PREFIX, type WorkerAdvert,
  liveAdverts, parseRedisUrl, queueName,
} from './protocol.js';
import { FleetJobs, type JobEvent, type Pending } from './results.js';

export { FleetUnavailable };

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

export class QueueExecutor implements Executor {
  readonly id = randomBytes(4).toString('hex');
  readonly costs = new TaskCosts();
  private readonly redis: Redis;
  private readonly queues = new Map<Language, Queue<FleetJobData, FleetJobResult>>();
  private readonly events = new Map<Language, Promise<QueueEvents>>();
  private readonly jobs: FleetJobs;
  private readonly ledger = new ExecutionLedger();
  private buffer: (Pending & { language: Language })[] = [];
  private flushing = false;
  private seq = 0;
  private refresher?: NodeJS.Timeout;
  private lastRefresh = 0;
  private refreshes = 0;
  /** the fleet as last read */
  adverts: WorkerAdvert[] = [];
  depth = 0;
  redeliveries = 0;

  private constructor(private readonly o: QueueExecutorOptions) {
    // no offline queue: while Redis is down, a command fails at once (503) instead of waiting
    this.redis = new Redis({ ...parseRedisUrl(o.url), enableOfflineQueue: false, maxRetriesPerRequest: 1,
      retryStrategy: (n) => Math.min(n * 200, 2000) });
    this.redis.on('error', () => { /* reconnects by itself; callers see FleetUnavailable meanwhile */ });
    this.jobs = new FleetJobs(this.id, {
      getJob: (id, l) => this.queue(l).getJob(id),
      cancel: (id, l, kill) => {
        void this.queue(l).remove(id).catch(() => 0);
        if (kill) void this.redis.publish(KEYS.cancel, id).catch(() => 0);
      },
    }, o.deadlineMs ?? 600_000);
    // after an outage, look for jobs whose events were missed (or lost with an unpersisted Redis)
    let wasDown = false;
    this.redis.on('close', () => { wasDown = true; });
    this.redis.on('ready', () => {
      if (wasDown) void this.jobs.sweep();
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
    this.ledger.onExecution(l);
  }

  /** results dropped because their job was already answered (a redelivered job finished twice) */
  get duplicates(): number {
    return this.jobs.duplicates;
  }

  /** each job's wait (enqueue → a worker starts it) and service times, for /metrics */
  get onJob(): ((e: JobEvent) => void) | undefined {
    return this.jobs.onJob;
  }

  set onJob(f: ((e: JobEvent) => void) | undefined) {
    this.jobs.onJob = f;
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
    if (++this.refreshes % 10 === 0) await this.jobs.sweepOld(30_000, 100);
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
      ev.on('completed', ({ jobId, returnvalue }) => this.jobs.settle(jobId, returnvalue as unknown as FleetJobResult));
      ev.on('failed', ({ jobId, failedReason }) => this.jobs.fail(jobId, failedReason));
      // Redis gone between a caller's check and this first job of the language: fail the jobs
      // (503) instead of waiting for a connection forever; the next job tries a new listener
      let timer: NodeJS.Timeout | undefined;
      p = Promise.race([ev.waitUntilReady().then(() => ev), new Promise<never>((_, rej) => {
        timer = setTimeout(() => rej(new Error(`no events connection to ${this.o.url} within 10 s`)), 10_000);
      })]).finally(() => clearTimeout(timer));
      p.catch(() => {
        if (this.events.get(l) === p) this.events.delete(l);
        void ev.close().catch(() => undefined);
      });
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
    decode: (r: FleetItemResult) => T, outcome: (t: T) => [string, number]): Promise<T> {
    if (this.ledger.draining) throw new ExecutorClosed();
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
    return this.ledger.track(kind, language, () => new Promise<FleetItemResult>((resolve, reject) => {
      this.buffer.push({ item, client: signalClient(signal) ?? 'local', cost, language, resolve, reject, settled: false,
        ...(signal ? { signal } : {}) });
      if (!this.flushing) {
        this.flushing = true;
        setImmediate(() => void this.flush());
      }
    }).then(decode), outcome);
  }

  /** Admission for a request of `n` items (app.ts): 503 while Redis is unreachable, 429 while the
   * fleet's queues hold more than maxDepth jobs (a request larger than the bound is still taken
   * when nothing waits). */
  admit(n: number): void {
    if (this.ledger.draining) throw new ExecutorClosed();
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
    for (const { items, language, priority } of planJobs(live, { slots, chunk: this.o.chunk, pending: this.jobs.waitingPerClient })) {
      const jobId = `${this.id}-${++this.seq}`;
      this.jobs.add(jobId, items, language, now);
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
        for (const j of list) this.jobs.finish(j.opts.jobId, (p) => p.reject(err));
      }
    }));
  }

  stats(): ExecutorStats {
    const slots = this.adverts.reduce((a, w) => a + w.slots, 0);
    return { in_flight: this.ledger.inFlight, queue_depth: this.depth, slots, executions: this.ledger.executions };
  }

  ready(): boolean {
    return !this.ledger.draining && this.redis.status === 'ready';
  }

  drain(): Promise<void> {
    return this.ledger.drain();
  }

  /** Stop: callers still waiting get an ExecutorClosed (their jobs stay queued for whoever asks
   * again: a front-end's close does not lose work already in Redis). */
  async close(): Promise<void> {
    this.ledger.draining = true;
    this.jobs.rejectAll(new ExecutorClosed());
    await this.drain();
    if (this.refresher) clearInterval(this.refresher);
    // a Redis that is down would hold BullMQ's graceful close forever: a few seconds, then the
    // connections are cut (a front-end's shutdown must not hang on the queue)
    const bounded = (p: Promise<unknown>) => Promise.race([p.catch(() => undefined), new Promise((r) => setTimeout(r, 3000).unref())]);
    const events = await Promise.all([...this.events.values()].map((p) => p.catch(() => null)));
    await bounded(Promise.all(events.map((ev) => ev?.close())));
    await bounded(Promise.all([...this.queues.values()].map((q) => q.close())));
    for (const ev of events) void ev?.disconnect().catch(() => undefined);
    this.redis.disconnect();
  }

  /** Jobs this front-end waits for. */
  get pendingJobs(): number {
    return this.jobs.size;
  }
}
