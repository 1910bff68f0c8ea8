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
