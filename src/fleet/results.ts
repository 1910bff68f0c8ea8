// A front-end's jobs in flight and how their results reach the callers: each job id maps to the
// callers of its items, and a result (from BullMQ's events stream, a lookup after a missed event or
// an outage, a failure, the deadline, or every caller aborting) is handed out exactly once: finish()
// takes the job out of the map, so a redelivered job's second result finds nothing and is counted as
// a duplicate. The Redis side (queues, events) is the executor's (executor.ts).
import type { Language } from '../sandbox/types.js';
import { Cancelled } from '../sandbox/engine.js';
import type { FleetItem, FleetItemResult, FleetJobResult } from './protocol.js';

export interface Pending {
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

/** What results.ts needs of the queue. */
export interface JobQueue {
  /** the job as stored (null: gone) */
  getJob(jobId: string, l: Language): Promise<{ finishedOn?: number; returnvalue?: FleetJobResult | null; failedReason?: string } | null | undefined>;
  /** take a waiting job off the queue; with `kill`, also tell a worker running it to kill it */
  cancel(jobId: string, l: Language, kill: boolean): void;
}

export type JobEvent = { wait_s: number; service_s: number; total_s: number; attempt: number; worker: string; job: string; language: Language };

export class FleetJobs {
  private readonly jobs = new Map<string, JobEntry>();
  /** jobs each client has pending: planJobs ranks a client's next job after them (fairness) */
  readonly waitingPerClient = new Map<string, number>();
  /** results that arrived for a job already answered (a redelivered job finished twice): dropped */
  duplicates = 0;
  /** job wait (enqueue → a worker starts it) and service times, for /metrics */
  onJob?: (e: JobEvent) => void;

  constructor(private readonly frontend: string, private readonly queue: JobQueue, private readonly deadlineMs: number) {}

  get size(): number {
    return this.jobs.size;
  }

  /** A job about to be queued: its callers wait from now, until the deadline at most. */
  add(jobId: string, items: Pending[], language: Language, now: number): void {
    const entry: JobEntry = { items, language, enqueuedAt: now, timer: setTimeout(() => void this.expire(jobId), this.deadlineMs) };
    entry.timer.unref();
    this.jobs.set(jobId, entry);
    for (const p of items) this.watchAbort(jobId, p);
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
        this.queue.cancel(jobId, e.language, true);
      }
    };
    p.signal.addEventListener('abort', p.onAbort, { once: true });
  }

  /** Take the job out of the pending map (exactly once) and hand each unsettled caller its part. */
  finish(jobId: string, each: (p: Pending, i: number) => void): boolean {
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

  /** Every caller still waiting gets `err` (a front-end closing). */
  rejectAll(err: Error): void {
    for (const id of [...this.jobs.keys()]) this.finish(id, (p) => p.reject(err));
  }

  settle(jobId: string, r: FleetJobResult): void {
    const e = this.jobs.get(jobId);
    if (!e) {
      if (jobId.startsWith(`${this.frontend}-`)) this.duplicates++;
      return;
    }
    this.onJob?.({ wait_s: r.wait_ms / 1000, service_s: r.service_ms / 1000, total_s: (Date.now() - e.enqueuedAt) / 1000, attempt: r.attempt,
      worker: r.worker, job: jobId, language: e.language });
    this.finish(jobId, (p, i) => p.resolve(r.results[i] ?? { ok: false, error: 'the worker returned no result for this item' }));
  }

  fail(jobId: string, reason: string): void {
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
    this.finish(jobId, (p) => p.resolve({ ok: false, error: `no result within the deadline of ${this.deadlineMs / 1000} s ` +
      '(no worker took the job, or the fleet is overloaded)' }));
    this.queue.cancel(jobId, e.language, false);
  }

  /** Whether the job ended while its event was missed; settles it if so. */
  private async lookup(jobId: string, l: Language, lostIfMissing = true): Promise<boolean> {
    try {
      const job = await this.queue.getJob(jobId, l);
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
  async sweep(): Promise<void> {
    for (const [id, e] of [...this.jobs]) await this.lookup(id, e.language);
  }

  /** A result whose event was missed (the events stream is capped): look up, a few at a time, jobs
   * that have waited longer than `olderMs`; a job not found yet is left to its deadline. */
  async sweepOld(olderMs: number, max: number): Promise<void> {
    const old = [...this.jobs].filter(([, e]) => Date.now() - e.enqueuedAt > olderMs).slice(0, max);
    for (const [id, e] of old) await this.lookup(id, e.language, false);
  }
}
