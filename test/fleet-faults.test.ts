// The fleet's front-end when Redis fails or the queue is full, with a real redis-server: Redis down
// → 503 with Retry-After at once (not a hang); queue depth over the limit → 429 with Retry-After,
// and a client that gives up takes its waiting jobs off the queue; kill -9 of Redis (AOF, fsync
// always) → the queued jobs survive the restart and are graded once a worker comes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { QueueExecutor } from '../src/fleet/executor.js';
import { buildApp } from '../src/server/app.js';
import { REDIS_SERVER, RedisProc, SKIP_REASON, WorkerProc, until } from './fleet-helpers.js';

if (!REDIS_SERVER) console.warn(SKIP_REASON);

const item = (id: string, src = 'print(sum(map(int, input().split())))') =>
  ({ id, completion: src, task: { language: 'python', tests: { inputs: ['1 2\n'], outputs: ['3\n'] } } });

describe.skipIf(!REDIS_SERVER)('fleet faults (real redis-server)', () => {
  let redis: RedisProc;
  let ex: QueueExecutor;
  let app: FastifyInstance;
  let base: string;
  const workers: Awaited<ReturnType<typeof WorkerProc.start>>[] = [];

  beforeAll(async () => {
    redis = await RedisProc.start();
    // no worker yet: jobs wait in the queue (a fleet scaled to zero)
    ex = await QueueExecutor.connect({ url: redis.url, maxDepth: 3, waitForWorkers: true, refreshMs: 100 });
    // the front-end's own admission bound is sized for the fleet, not for local slots (as serve --queue does)
    app = await buildApp({ executor: ex, defaultMetrics: false, admission: { maxQueue: 1000 } });
    await app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  });

  afterAll(async () => {
    await ex?.close();
    await app?.close();
    await Promise.all(workers.map((w) => w.kill('SIGKILL')));
    await redis?.stop();
  });

  const post = (items: unknown[], signal?: AbortSignal) => fetch(`${base}/v1/grade`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ items }), ...(signal ? { signal } : {}),
  });

  it('queue depth over the limit → 429 with Retry-After; a client that goes away takes its jobs off the queue', async () => {
    const ac = new AbortController();
    const first = post([item('a'), item('b'), item('c')], ac.signal).catch((e: Error) => e);
    await until(() => ex.depth >= 3, 'three jobs waiting');
    const r = await post([item('d')]);
    expect(r.status).toBe(429);
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await r.json()).error).toMatch(/retry after/);
    const m = await (await fetch(`${base}/metrics`)).text();
    expect(m).toMatch(/rlcf_fleet_queue_depth 3/);
    ac.abort();
    expect(await first).toBeInstanceOf(Error);
    await until(() => ex.depth === 0 && ex.pendingJobs === 0, 'the abandoned jobs to leave the queue');
  });

  it('Redis restarted after kill -9 (AOF): the queued jobs survive and are graded, each once', async () => {
    const pending = post([item('p1'), item('p2', 'print(4)'), item('p3')]);
    await until(() => ex.depth >= 3, 'three jobs waiting');
    await redis.kill('SIGKILL');
    await redis.start();
    await until(() => ex.ready(), 'the front-end to reconnect', 30_000);
    workers.push(await WorkerProc.start(redis.url, 'after-restart', ['--slots', '1', '--languages', 'python']));
    const r = await pending;
    expect(r.status).toBe(200);
    const body = await r.json() as { items: { id: string; status: string; passed: boolean }[] };
    expect(body.items.map((i) => [i.id, i.status])).toEqual([['p1', 'ok'], ['p2', 'wrong_answer'], ['p3', 'ok']]);
    expect(ex.pendingJobs).toBe(0);
  });

  it('a job nobody takes before its deadline ends in a sandbox_error saying so, and leaves the queue', async () => {
    const short = await QueueExecutor.connect({ url: redis.url, waitForWorkers: true, deadlineMs: 1000 });
    try {
      const v = await short.run({ language: 'java', source: 'class Main { public static void main(String[] a) {} }' });
      expect(v.status).toBe('sandbox_error');
      expect(v.message).toMatch(/no result within the deadline of 1 s/);
      await short.refresh();
      expect(short.depth).toBe(0);
    } finally {
      await short.close();
    }
  });

  it('Redis down → 503 with Retry-After at once, not a hang; ready again when it is back', async () => {
    await redis.kill('SIGKILL');
    await until(() => !ex.ready(), 'the front-end to notice');
    const t0 = Date.now();
    const r = await post([item('x')]);
    expect(r.status).toBe(503);
    expect(r.headers.get('retry-after')).toBe('5');
    expect((await r.json()).error).toMatch(/queue is unreachable/);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect((await fetch(`${base}/readyz`)).status).toBe(503);
    await redis.start();
    await until(() => ex.ready(), 'the front-end to reconnect', 30_000);
    await until(async () => ex.adverts.length > 0, 'the worker to advertise again', 30_000);
    const ok = await post([item('y')]);
    expect(ok.status).toBe(200);
    expect((await ok.json()).items[0].passed).toBe(true);
  });
});

describe('fleet flags', () => {
  it('a --queue that is not redis://host:port is a usage error naming the expected form', async () => {
    const { parseRedisUrl } = await import('../src/fleet/protocol.js');
    expect(parseRedisUrl('redis://10.0.0.5:6380/2')).toEqual({ host: '10.0.0.5', port: 6380, db: 2 });
    expect(() => parseRedisUrl('http://x:1')).toThrow(/only redis:\/\/host:port/);
    expect(() => parseRedisUrl('localhost')).toThrow(/expected redis:\/\/host:port/);
    const { spawnSync } = await import('node:child_process');
    const r = spawnSync(process.execPath, ['bin/rlcf.js', 'worker', '--queue', 'localhost:6379'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^rlcf: --queue "localhost:6379": only redis:\/\/host:port URLs are supported/);
  });
});

describe('fleet scheduling (src/fleet/plan.ts)', () => {
  it('interleaves clients (per-token fairness), longest-expected first within a client, chunks large batches', async () => {
    const { planJobs, chunkSize } = await import('../src/fleet/plan.js');
    const pending = new Map<string, number>();
    const big = Array.from({ length: 6 }, (_, i) => ({ client: 'token:a', language: 'python' as const, cost: i, id: `a${i}` }));
    const a = planJobs(big, { slots: 4, chunk: 1, pending });
    expect(a.map((j) => [j.items[0].id, j.priority])).toEqual([['a5', 1], ['a4', 2], ['a3', 3], ['a2', 4], ['a1', 5], ['a0', 6]]);
    // a second client arriving later goes ahead of the first one's later jobs, not behind all six
    const b = planJobs([{ client: 'token:b', language: 'python' as const, cost: 0, id: 'b0' },
      { client: 'token:b', language: 'python' as const, cost: 9, id: 'b1' }], { slots: 4, chunk: 1, pending });
    expect(b.map((j) => [j.items[0].id, j.priority])).toEqual([['b1', 1], ['b0', 2]]);
    expect(pending.get('token:a')).toBe(6);
    // auto: about 4 jobs per fleet slot, at most 8 items each, never 0
    expect(chunkSize(256, 2)).toBe(8);
    expect(chunkSize(256, 16)).toBe(4);
    expect(chunkSize(3, 2)).toBe(1);
    const auto = planJobs(Array.from({ length: 64 }, (_, i) => ({ client: 'c', language: 'c' as const, cost: i })), { slots: 2, pending: new Map() });
    expect(auto.map((j) => j.items.length)).toEqual(Array(8).fill(8));
    expect(auto[0].items[0].cost).toBe(63);
  });
});
