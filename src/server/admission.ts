// Admission control: a bounded amount of work waits for the sandbox, per client and in total, so
// that a storm is answered at once with "retry later" (and a Retry-After estimate) instead of a
// minute-long queue that every client with a timeout gives up on. The bound follows the server's
// capacity: by default as many items as the server gets through in `maxWaitS` seconds, of which one
// client may hold three quarters; never fewer than 16 per slot nor fewer than 256 in total, so that
// one trainer's usual concurrency (verl's sandbox_fusion max_concurrent: 64 by default, 128 in its
// examples, one request per test) is never refused: a refusal verl's three retries do not outlast
// is a failed test to it, a wrong reward, where waiting would have given the right one. The rate is measured, not derived:
// the mean time between two items finishing while work was waiting (Little's law: the admitted work
// drains in bound × that time), which includes compiles, the engine's own work and whatever else
// the host is doing; until enough was measured, slots / (program wall time) stands in for it.
// (A request larger than the whole bound is still taken when nothing else is waiting.)

export interface AdmissionOptions {
  /** items (completions or runs) admitted and not finished, in total (default: from capacity) */
  maxQueue?: number;
  /** the same per client (token, or address without auth) (default: 3/4 of maxQueue) */
  maxQueuePerClient?: number;
  /** how long the admitted work may take to get through, for the default bound (default 30 s) */
  maxWaitS?: number;
}

/** The server is full: retry after `retryAfterS` seconds. */
export class Overloaded extends Error {
  constructor(readonly retryAfterS: number, readonly scope: 'server' | 'client', limit: number) {
    super(`${scope === 'server' ? 'the server' : 'this client'} has ${limit} items waiting or running, its limit: ` +
      `retry after ${retryAfterS} s`);
  }
}

/** The default bound's floor: 192 per client, above a trainer's usual 64–128 requests in flight. */
export const MIN_BOUND = 256;

export class Admission {
  private outstanding = 0;
  private perKey = new Map<string, number>();
  /** moving average of one item's time in the sandbox (s); 0.1 s until something was measured */
  private serviceS = 0.1;
  /** moving average of the time between two items finishing while work was waiting (s) */
  private intervalS = 0;
  private intervals = 0;
  private lastDone = 0;
  private lastSaturated = false;

  constructor(private readonly slots: number, private readonly o: AdmissionOptions = {}) {}

  /** Items in total that may be admitted now. */
  limit(): number {
    if (this.o.maxQueue) return this.o.maxQueue;
    const wait = this.o.maxWaitS ?? 30;
    return Math.max(this.slots * 16, MIN_BOUND, Math.ceil(wait / Math.max(this.perItemS(), 0.0001)));
  }

  /** Seconds of the server's time one item takes: measured between completions under load, or
   * estimated from the programs' wall time until 16 such intervals were seen. */
  private perItemS(): number {
    return this.intervals >= 16 ? this.intervalS : this.serviceS / this.slots;
  }

  clientLimit(): number {
    return this.o.maxQueuePerClient ?? Math.max(1, Math.floor(this.limit() * 0.75));
  }

  /** One item's time in the sandbox (its executions' wall time), for the default bound. */
  observe(seconds: number): void {
    if (!Number.isFinite(seconds) || seconds < 0) return;
    this.serviceS += 0.05 * (seconds - this.serviceS);
  }

  /** An item finished (ms on the monotonic clock); `saturated`: as much work as slots is still in
   * flight, so a slot did not wait for work: the time since the previous one is one sample of the
   * server's rate. */
  completed(saturated: boolean, nowMs: number = performance.now()): void {
    // both ends saturated: no slot sat idle in between
    if (this.lastDone > 0 && saturated && this.lastSaturated) {
      const gap = (nowMs - this.lastDone) / 1000;
      // a gap of more than a minute is an idle period, not a measure of the rate
      if (gap < 60) {
        this.intervals++;
        this.intervalS += (gap - this.intervalS) / Math.min(this.intervals, 50);
      }
    }
    this.lastDone = nowMs;
    this.lastSaturated = saturated;
  }

  get items(): number {
    return this.outstanding;
  }

  /** Take `n` items for `key`, or throw Overloaded; the returned function gives them back (once). */
  admit(key: string, n: number): () => void {
    const mine = this.perKey.get(key) ?? 0;
    const total = this.limit();
    const client = this.clientLimit();
    // an oversized request is taken alone; otherwise the bounds hold
    if (this.outstanding > 0 && this.outstanding + n > total) throw new Overloaded(this.retryAfter(this.outstanding + n - total), 'server', total);
    if (mine > 0 && mine + n > client) throw new Overloaded(this.retryAfter(mine + n - client), 'client', client);
    this.outstanding += n;
    this.perKey.set(key, mine + n);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.outstanding -= n;
      const left = (this.perKey.get(key) ?? n) - n;
      if (left > 0) this.perKey.set(key, left);
      else this.perKey.delete(key);
    };
  }

  /** Seconds until `excess` items' worth of work has gone through the slots (1..120). */
  private retryAfter(excess: number): number {
    return Math.min(120, Math.max(1, Math.ceil(excess * this.perItemS())));
  }
}
