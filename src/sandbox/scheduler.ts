// Which waiting execution runs next, and on which slot: a queue with backpressure (each agent holds
// at most Slot.limit requests of a kind, each in a task cgroup of its own), longest-expected-first when
// callers give priorities, cancellation of what a caller no longer wants, and one retry on another
// start when an agent died before the request began. The engine (engine.ts) decides what to run.
import { AgentDied, type AgentRequest, type AgentResult } from './agent-client.js';
import type { AgentKind, Slot, TaskCgroupLimits } from './slot.js';

/** The run call was aborted (RunOptions.signal). */
export class Cancelled extends Error {
  constructor() {
    super('cancelled: the caller went away');
    this.name = 'Cancelled';
  }
}

/** How many waiting executions a freed slot considers when priorities are in play. */
const PRIORITY_WINDOW = 1024;

export interface Job {
  priority?: () => number;
  kind: AgentKind;
  cg: TaskCgroupLimits;
  make: (slot: Slot) => AgentRequest;
  resolve: (r: AgentResult & { oomKilled: boolean; slot: Slot }) => void;
  reject: (e: Error) => void;
  retries: number;
  signal?: AbortSignal;
  /** when it was queued (ms, performance.now) */
  queuedAt: number;
  /** once dispatched: kill it where it runs */
  cancel?: () => void;
}

export type SlotResult = AgentResult & { oomKilled: boolean; slot: Slot };

export class SlotScheduler {
  private queue: Job[] = [];
  /** waiting jobs that carry a priority */
  private prioritized = 0;

  constructor(private readonly slots: Slot[]) {}


  submit(kind: AgentKind, cg: TaskCgroupLimits, make: Job['make'], priority?: () => number, signal?: AbortSignal):
    Promise<AgentResult & { oomKilled: boolean; slot: Slot }> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(new Cancelled());
        return;
      }
      const job: Job = { kind, cg, make, resolve, reject, retries: 0, queuedAt: performance.now(),
        ...(priority ? { priority } : {}), ...(signal ? { signal } : {}) };
      if (signal) {
        const onAbort = () => {
          const i = this.queue.indexOf(job);
          if (i >= 0) { // still waiting: it never starts
            this.queue.splice(i, 1);
            if (job.priority) this.prioritized--;
            reject(new Cancelled());
          } else {
            job.cancel?.(); // handed to an agent: killed there
          }
        };
        signal.addEventListener('abort', onAbort, { once: true });
        job.resolve = (r) => {
          signal.removeEventListener('abort', onAbort);
          if (signal.aborted) reject(new Cancelled());
          else resolve(r);
        };
        job.reject = (e) => {
          signal.removeEventListener('abort', onAbort);
          reject(signal.aborted ? new Cancelled() : e);
        };
      }
      this.queue.push(job);
      if (priority) this.prioritized++;
      this.pump();
    });
  }

  /** Executions waiting for a slot now. */
  get queued(): number {
    return this.queue.length;
  }

  /** Called with each execution's wait for a slot (ms), as it is handed to an agent. */
  onWait?: (kind: AgentKind, ms: number) => void;

  private pump(): void {
    if (this.prioritized > 0) {
      this.pumpByPriority();
      return;
    }
    for (let qi = 0; qi < this.queue.length;) {
      const job = this.queue[qi];
      const slot = this.pickSlot(job);
      if (!slot) {
        qi++;
        continue;
      }
      this.queue.splice(qi, 1);
      this.dispatch(slot, job);
    }
  }

  /** Longest-expected-first among the waiting (a batch then ends when its longest task does, not
   * when a long task picked up last does), within a window so that a huge queue stays cheap. */
  private pumpByPriority(): void {
    for (;;) {
      let pick = -1;
      let best = -Infinity;
      let slot: Slot | undefined;
      const n = Math.min(this.queue.length, PRIORITY_WINDOW);
      for (let qi = 0; qi < n; qi++) {
        const job = this.queue[qi];
        const p = job.priority ? job.priority() : 0;
        if (!(p > best) && pick >= 0) continue;
        const s = this.pickSlot(job);
        if (!s) continue;
        pick = qi;
        best = p;
        slot = s;
      }
      if (pick < 0) return;
      const [job] = this.queue.splice(pick, 1);
      if (job.priority) this.prioritized--;
      this.dispatch(slot!, job);
    }
  }

  private pickSlot(job: Job): Slot | undefined {
    let best: Slot | undefined;
    for (const s of this.slots) {
      const n = s.inflight[job.kind];
      // every request the agent holds has a task cgroup of its own (slot.ts): any limits pipeline
      if (n >= s.limit(job.kind)) continue;
      if (!best || n < best.inflight[job.kind]) best = s;
      if (n === 0) break;
    }
    return best;
  }

  private dispatch(slot: Slot, job: Job): void {
    let req: AgentRequest;
    try {
      req = job.make(slot);
    } catch (e) {
      job.reject(e as Error);
      return;
    }
    this.onWait?.(job.kind, performance.now() - job.queuedAt);
    if (job.signal) job.cancel = () => slot.cancel(job.kind, req.id);
    slot.exec(job.kind, req, job.cg).then(
      (r) => {
        try {
          job.resolve(Object.assign(r, { slot })); // r is this request's own result object
        } finally {
          this.pump();
        }
      },
      (e: Error) => {
        try {
          if (e instanceof AgentDied && e.notStarted && job.retries < 2) {
            job.retries++;
            this.queue.unshift(job);
            if (job.priority) this.prioritized++;
          } else {
            job.reject(e);
          }
        } finally {
          this.pump();
        }
      },
    );
  }

  /** Fail every waiting execution (the sandbox is closing). */
  rejectWaiting(e: Error): void {
    const waiting = this.queue.splice(0);
    this.prioritized = 0;
    for (const j of waiting) j.reject(e);
  }
}
