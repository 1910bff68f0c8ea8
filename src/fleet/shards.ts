// Sharding, the simple form (docs/scale.md): several independent Redis instances, each with its own
// workers (`rlcf worker --queue <that shard>`); a front-end given all their URLs
// (`--queue redis://a:6379,redis://b:6379`) sends each execution to one shard by a hash of what it
// runs (task and code, or the program), so one Redis carries 1/N of the jobs and their results. A
// job and its result stay on one shard, and per-client fairness holds within each shard (each
// shard's executor schedules its own share). Every shard needs workers for every language sent.
import { createHash } from 'node:crypto';
import type { Registry } from 'prom-client';
import type { Judgement, Task } from '../benchmarks/types.js';
import { taskCostKey } from '../judge/costs.js';
import type { JudgeOptions } from '../judge/index.js';
import type { RunOptions } from '../sandbox/engine.js';
import type { Submission, TestInput, Verdict } from '../sandbox/types.js';
import type { Executor, ExecutionListener, ExecutorStats } from '../server/executor.js';
import { QueueExecutor, type QueueExecutorOptions } from './executor.js';
import { type WorkerAdvert, parseRedisUrl } from './protocol.js';

/** `--queue` as given: one redis:// URL, or several separated by commas (one per shard). */
export function shardUrls(spec: string): string[] {
  const urls = spec.split(',').map((u) => u.trim()).filter(Boolean);
  if (!urls.length) throw new Error(`--queue "${spec}" names no Redis: give redis://host:port (several, comma-separated, for shards)`);
  const seen = new Set<string>();
  for (const u of urls) {
    const { host, port, db } = parseRedisUrl(u);
    const key = `${host}:${port}/${db ?? 0}`;
    if (seen.has(key)) throw new Error(`--queue names the shard ${u} twice: each shard is a different Redis`);
    seen.add(key);
  }
  return urls;
}

/** The shard (0..n-1) an execution goes to: a stable hash of what it runs. */
export function shardOf(key: string, n: number): number {
  return createHash('sha1').update(key).digest().readUInt32BE(0) % n;
}

export class ShardedExecutor implements Executor {
  private constructor(readonly shards: QueueExecutor[]) {}

  /** One QueueExecutor per URL (all reachable, or none is kept). */
  static async connect(urls: string[], o: Omit<QueueExecutorOptions, 'url'> = {}): Promise<ShardedExecutor> {
    const made = await Promise.allSettled(urls.map((url) => QueueExecutor.connect({ ...o, url })));
    const bad = made.findIndex((r) => r.status === 'rejected');
    if (bad >= 0) {
      await Promise.all(made.map((r) => (r.status === 'fulfilled' ? r.value.close() : undefined)));
      throw new Error(`shard ${bad + 1} of ${urls.length}: ${((made[bad] as PromiseRejectedResult).reason as Error).message}`);
    }
    return new ShardedExecutor(made.map((r) => (r as PromiseFulfilledResult<QueueExecutor>).value));
  }

  /** every shard's live workers */
  get adverts(): WorkerAdvert[] {
    return this.shards.flatMap((s) => s.adverts);
  }

  private pick(key: string): QueueExecutor {
    return this.shards[shardOf(key, this.shards.length)];
  }

  grade(task: Task, code: string, opts?: JudgeOptions): Promise<Judgement> {
    return this.pick(`${taskCostKey(task)}\u0000${code}`).grade(task, code, opts);
  }

  run(sub: Submission, opts?: RunOptions): Promise<Verdict> {
    return this.pick(`${sub.language}\u0000${sub.source}`).run(sub, opts);
  }

  runTests(sub: Submission, inputs: TestInput[], opts?: RunOptions): Promise<Verdict[]> {
    return this.pick(`${sub.language}\u0000${sub.source}`).runTests(sub, inputs, opts);
  }

  onExecution(l: ExecutionListener): void {
    for (const s of this.shards) s.onExecution(l);
  }

  /** The fleet-wide rlcf_queue_depth / rlcf_worker_slots come from stats(); the per-fleet metrics
   * (workers, redeliveries, job times) are per shard: `rlcf fleet status --queue <shard>`. */
  registerMetrics(_registry: Registry): void {}

  stats(): ExecutorStats {
    const t = { in_flight: 0, queue_depth: 0, slots: 0, executions: 0 };
    for (const s of this.shards.map((x) => x.stats())) {
      t.in_flight += s.in_flight;
      t.queue_depth += s.queue_depth;
      t.slots += s.slots;
      t.executions += s.executions;
    }
    return t;
  }

  /** A request of n items spreads over the shards by hash: each shard admits its share (any full
   * or unreachable shard refuses the request: its items would fail). */
  admit(n: number): void {
    for (const s of this.shards) s.admit(Math.ceil(n / this.shards.length));
  }

  ready(): boolean {
    return this.shards.every((s) => s.ready());
  }

  async drain(): Promise<void> {
    await Promise.all(this.shards.map((s) => s.drain()));
  }

  async close(): Promise<void> {
    await Promise.all(this.shards.map((s) => s.close()));
  }
}
