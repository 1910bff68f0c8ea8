// Sharding (src/fleet/shards.ts) with real processes: two redis-servers, one `rlcf worker` on each,
// and a front-end given both URLs. Each execution goes to the shard its hash names and comes back
// to its own caller; a shard without a worker for a language fails fast naming it; a shard that
// is down refuses (503) what hashes to it while the other keeps grading.
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FleetUnavailable } from '../src/fleet/executor.js';
import { ShardedExecutor, shardOf, shardUrls } from '../src/fleet/shards.js';
import { REDIS_SERVER, RedisProc, SKIP_REASON, WorkerProc, until } from './fleet-helpers.js';

if (!REDIS_SERVER) console.warn(SKIP_REASON);

const py = (source: string) => ({ language: 'python' as const, source });
/** a program whose hash sends it to shard `want` of 2 (a comment varies until it does) */
function on(want: number, language: 'python' | 'c', body: string): { language: 'python' | 'c'; source: string } {
  for (let i = 0; ; i++) {
    const source = `${body}\n${language === 'c' ? '//' : '#'} ${i}\n`;
    if (shardOf(`${language}\u0000${source}`, 2) === want) return { language, source };
  }
}

describe.skipIf(!REDIS_SERVER)('fleet shards (two real redis-servers, one worker each)', () => {
  const redis: RedisProc[] = [];
  const workers: Awaited<ReturnType<typeof WorkerProc.start>>[] = [];
  let ex: ShardedExecutor;
  const ranOn: Map<string, string>[] = [new Map(), new Map()]; // per shard: job id → worker

  beforeAll(async () => {
    redis.push(...await Promise.all([RedisProc.start(), RedisProc.start()]));
    workers.push(...await Promise.all([
      WorkerProc.start(redis[0].url, 'shard-a', ['--slots', '1', '--languages', 'python,c']),
      WorkerProc.start(redis[1].url, 'shard-b', ['--slots', '1', '--languages', 'python']),
    ]));
    ex = await ShardedExecutor.connect(redis.map((r) => r.url), { refreshMs: 200 });
    ex.shards.forEach((s, i) => { s.onJob = (e) => ranOn[i].set(e.job, e.worker); });
  });

  afterAll(async () => {
    try {
      await ex?.close();
    } finally {
      await Promise.all(workers.map((w) => w.kill('SIGKILL')));
      await Promise.all(redis.map((r) => r.stop()));
    }
  });

  it('each execution runs on the shard its hash names and its result comes back to its own caller', async () => {
    const subs = Array.from({ length: 24 }, (_, i) => py(`print("item-${i}")`));
    const want = subs.map((s) => shardOf(`python\u0000${s.source}`, 2));
    expect(new Set(want).size).toBe(2); // both shards get work
    const before = ex.shards.map((s) => s.stats().executions);
    const out = await Promise.all(subs.map((s) => ex.run(s)));
    expect(out.map((v) => v.stdout)).toEqual(subs.map((_, i) => `item-${i}\n`));
    expect(ex.shards.map((s, i) => s.stats().executions - before[i])).toEqual([0, 1].map((k) => want.filter((w) => w === k).length));
    // a shard's jobs ran on that shard's worker only
    expect(new Set(ranOn[0].values())).toEqual(new Set(['shard-a']));
    expect(new Set(ranOn[1].values())).toEqual(new Set(['shard-b']));
    expect(ex.stats().executions).toBe(ex.shards[0].stats().executions + ex.shards[1].stats().executions);
    expect(ex.adverts.map((a) => a.name).sort()).toEqual(['shard-a', 'shard-b']);
  });

  it('a language only one shard\'s workers run: what hashes to the other fails at once, naming it', async () => {
    const v = await ex.run(on(1, 'c', '#include <stdio.h>\nint main(void) { puts("c"); return 0; }'));
    expect(v.status).toBe('sandbox_error');
    expect(v.message).toMatch(new RegExp(`no worker in the fleet runs c .*shard-b.*${redis[1].url}`));
    expect((await ex.run(on(0, 'c', '#include <stdio.h>\nint main(void) { puts("c"); return 0; }'))).stdout).toBe('c\n');
  });

  it('a shard down: admission refuses (503), what hashes to it fails fast, the other shard keeps grading', async () => {
    await redis[1].kill('SIGKILL');
    await until(() => !ex.ready(), 'the front-end to notice');
    const t0 = Date.now();
    await expect(ex.run(on(1, 'python', 'print("b")'))).rejects.toBeInstanceOf(FleetUnavailable);
    expect(() => ex.admit(2)).toThrow(FleetUnavailable);
    expect(ex.ready()).toBe(false);
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect((await ex.run(on(0, 'python', 'print("a")'))).stdout).toBe('a\n');
    // and the front-end still shuts down (BullMQ's close would wait for the dead Redis forever)
    const t1 = Date.now();
    await ex.close();
    expect(Date.now() - t1).toBeLessThan(10_000);
  });
});

describe('fleet shard flags', () => {
  it('a front-end\'s --queue list is checked (each URL, no shard twice); a worker takes one shard', () => {
    expect(shardUrls('redis://a:6379, redis://b:6380')).toEqual(['redis://a:6379', 'redis://b:6380']);
    expect(() => shardUrls('redis://a:6379,redis://a:6379/0')).toThrow(/names the shard redis:\/\/a:6379\/0 twice/);
    expect(() => shardUrls('redis://a:6379,b:1')).toThrow(/only redis:\/\/host:port/);
    expect(() => shardUrls(' , ')).toThrow(/names no Redis/);
    // the hash spreads: 1000 programs over 3 shards, each between a quarter and 40 %
    const counts = [0, 0, 0];
    for (let i = 0; i < 1000; i++) counts[shardOf(`python\u0000print(${i})`, 3)]++;
    expect(Math.min(...counts)).toBeGreaterThan(250);
    expect(Math.max(...counts)).toBeLessThan(400);
    const r = spawnSync(process.execPath, ['bin/rlcf.js', 'worker', '--queue', 'redis://a:1,redis://b:2'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/a worker takes from one shard/);
  });
});
