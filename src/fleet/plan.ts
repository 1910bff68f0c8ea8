// How one tick's submissions become jobs (pure, so the scheduling is testable without Redis):
// grouped per client and language, each group longest-expected-first (the learned task costs, as
// the local engine orders its slots), cut into chunks, and each job's BullMQ priority is its
// client's rank: the client's k-th pending job gets priority k (1 = first), so clients interleave
// whatever their batch sizes (per-token fairness) instead of a 4096-item batch holding the queue.
import type { Language } from '../sandbox/types.js';
import { ExecutorClosed } from '../server/executor.js';

/** The fleet cannot be reached (Redis down): the front-end answers 503 with Retry-After. */
export class FleetUnavailable extends ExecutorClosed {
  readonly retryAfterS = 5;
  constructor(why: string) {
    super();
    this.message = `the grading fleet's queue is unreachable (${why}); retry after 5 s`;
  }
}

export interface Plannable {
  client: string;
  language: Language;
  /** expected cost (ms); higher starts first */
  cost: number;
}

export interface PlannedJob<T> {
  items: T[];
  client: string;
  language: Language;
  /** BullMQ priority: 1 is highest, at most 2^21 - 1 */
  priority: number;
}

const MAX_PRIORITY = 2_097_151;

/** Items per job: 'auto' cuts a large group into about 4 jobs per fleet slot, at most 8 items each
 * (a 256-item request is not 256 round trips through Redis, and every slot still gets work). */
export function chunkSize(n: number, slots: number, chunk: number | 'auto' = 'auto'): number {
  if (chunk !== 'auto') return Math.max(1, Math.floor(chunk));
  return Math.min(8, Math.max(1, Math.floor(n / (Math.max(1, slots) * 4))));
}

/** `pending`: jobs each client has pending (updated: the caller decrements it when a job ends). */
export function planJobs<T extends Plannable>(batch: T[], o: { slots: number; chunk?: number | 'auto'; pending: Map<string, number> }): PlannedJob<T>[] {
  const groups = new Map<string, T[]>();
  for (const p of batch) {
    const k = `${p.client}\u0000${p.language}`;
    const g = groups.get(k);
    if (g) g.push(p);
    else groups.set(k, [p]);
  }
  const jobs: PlannedJob<T>[] = [];
  for (const g of groups.values()) {
    g.sort((a, b) => b.cost - a.cost);
    const size = chunkSize(g.length, o.slots, o.chunk);
    for (let i = 0; i < g.length; i += size) {
      const items = g.slice(i, i + size);
      const { client, language } = items[0];
      const rank = o.pending.get(client) ?? 0;
      o.pending.set(client, rank + 1);
      jobs.push({ items, client, language, priority: Math.min(MAX_PRIORITY, 1 + rank) });
    }
  }
  return jobs;
}
