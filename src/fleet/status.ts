// `rlcf fleet status`: the fleet as Redis sees it: live workers (languages, slots, busy, jobs done),
// jobs waiting/active per language queue, redeliveries, and throughput over a short window.
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { LANGUAGES, type Language } from '../sandbox/types.js';
import { KEYS, PREFIX, type WorkerAdvert, liveAdverts, parseRedisUrl, queueName } from './protocol.js';

export interface FleetStatus {
  url: string;
  workers: WorkerAdvert[];
  slots: number;
  busy: number;
  queues: Partial<Record<Language, { waiting: number; active: number; failed: number }>>;
  queue_depth: number;
  redeliveries: number;
  finished: number;
  /** jobs finished per second over the sampling window (null without one) */
  throughput_per_s: number | null;
}

export async function fleetStatus(url: string, windowMs = 1000): Promise<FleetStatus> {
  const conn = parseRedisUrl(url);
  const redis = new Redis({ ...conn, enableOfflineQueue: true, maxRetriesPerRequest: 1, retryStrategy: () => null, lazyConnect: true });
  redis.on('error', () => undefined);
  try {
    await redis.connect().catch((e: Error) => {
      throw new Error(`cannot reach Redis at ${url}: ${e.message} (is redis-server running?)`);
    });
    const f0 = Number((await redis.get(KEYS.finished)) ?? 0);
    const t0 = Date.now();
    const workers = liveAdverts(await redis.hgetall(KEYS.workers));
    const queues: FleetStatus['queues'] = {};
    let depth = 0;
    for (const l of LANGUAGES) {
      const q = new Queue(queueName(l), { connection: redis, prefix: PREFIX });
      const c = await q.getJobCounts('waiting', 'prioritized', 'active', 'failed');
      const waiting = (c.waiting ?? 0) + (c.prioritized ?? 0);
      if (waiting || c.active || c.failed || workers.some((w) => w.languages[l])) {
        queues[l] = { waiting, active: c.active ?? 0, failed: c.failed ?? 0 };
      }
      depth += waiting;
    }
    let throughput: number | null = null;
    if (windowMs > 0) {
      await new Promise((r) => setTimeout(r, Math.max(0, windowMs - (Date.now() - t0))));
      const f1 = Number((await redis.get(KEYS.finished)) ?? 0);
      throughput = Math.round(((f1 - f0) / ((Date.now() - t0) / 1000)) * 10) / 10;
    }
    return {
      url, workers, slots: workers.reduce((a, w) => a + w.slots, 0), busy: workers.reduce((a, w) => a + Math.min(w.busy, w.slots), 0),
      queues, queue_depth: depth, redeliveries: Number((await redis.get(KEYS.redeliveries)) ?? 0),
      finished: Number((await redis.get(KEYS.finished)) ?? 0), throughput_per_s: throughput,
    };
  } finally {
    redis.disconnect();
  }
}

export function formatStatus(s: FleetStatus): string {
  const out = [`fleet at ${s.url}: ${s.workers.length} workers, ${s.busy}/${s.slots} slots busy, ${s.queue_depth} jobs waiting, ` +
    `${s.throughput_per_s ?? '?'} jobs/s, ${s.finished} finished, ${s.redeliveries} redelivered`];
  if (s.workers.length) {
    out.push('', 'worker                          slots busy   done  languages');
    for (const w of s.workers) {
      out.push(`${(w.name + (w.draining ? ' (draining)' : '')).padEnd(32)}${String(w.slots).padStart(5)}${String(w.busy).padStart(5)}` +
        `${String(w.jobs_done).padStart(7)}  ${Object.entries(w.languages).map(([l, v]) => `${l} ${v}`).join(', ')}`);
    }
  }
  const qs = Object.entries(s.queues);
  if (qs.length) {
    out.push('', 'queue        waiting  active  failed');
    for (const [l, q] of qs) out.push(`${l.padEnd(12)}${String(q!.waiting).padStart(8)}${String(q!.active).padStart(8)}${String(q!.failed).padStart(8)}`);
  }
  return out.join('\n');
}
