// Admission control: a bounded amount of work waits for the sandbox, per client and in total, so
// that a storm is answered at once with "retry later" (and a Retry-After estimate) instead of a
// minute-long queue that every client with a timeout gives up on. The bound follows the server's
// capacity: by default as many items as the slots get through in `maxWaitS` seconds at the service
// time observed so far (never fewer than 16 per slot), of which one client may hold three quarters.
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

export class Admission {
  private outstanding = 0;
  private perKey = new Map<string, number>();
  /** moving average of one item's time in the sandbox (s); 0.1 s until something was measured */
  private serviceS = 0.1;

  constructor(private readonly slots: number, private readonly o: AdmissionOptions = {}) {}

  /** Items in total that may be admitted now. */
  limit(): number {
    if (this.o.maxQueue) return this.o.maxQueue;
    const wait = this.o.maxWaitS ?? 30;
    return Math.max(this.slots * 16, Math.ceil((this.slots * wait) / Math.max(this.serviceS, 0.001)));
  }

  clientLimit(): number {
    return this.o.maxQueuePerClient ?? Math.max(1, Math.floor(this.limit() * 0.75));
  }

  /** One item's time in the sandbox (its executions' wall time), for the default bound. */
  observe(seconds: number): void {
    if (!Number.isFinite(seconds) || seconds < 0) return;
    this.serviceS += 0.05 * (seconds - this.serviceS);
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
    return Math.min(120, Math.max(1, Math.ceil((excess * this.serviceS) / this.slots)));
  }
}
