// The fleet with real processes: Debian's redis-server, `rlcf worker` processes (the built CLI),
// and the QueueExecutor in this process. Identical verdicts to the local engine; kill -9 of a worker
// mid-batch; a job that kills its workers; cancellation; language routing; a graded program
// cannot reach Redis nor touch another job. (Redis outages and backpressure: fleet-faults.test.ts.)
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { Task } from '../src/benchmarks/types.js';
import { loadBuiltin } from '../src/benchmarks/builtin.js';
import { QueueExecutor } from '../src/fleet/executor.js';
import { KEYS, PREFIX, queueName } from '../src/fleet/protocol.js';
import { fleetStatus } from '../src/fleet/status.js';
import { type Executor, LocalExecutor } from '../src/server/executor.js';
import { gradeCompletion } from '../src/server/grade.js';
import { Cancelled } from '../src/sandbox/engine.js';
import { makeSandbox } from './helpers.js';
import { REDIS_SERVER, RedisProc, SKIP_REASON, WorkerProc, until } from './fleet-helpers.js';

if (!REDIS_SERVER) console.warn(SKIP_REASON);

const py = (source: string) => ({ language: 'python' as const, source });

describe.skipIf(!REDIS_SERVER)('fleet (real redis-server and rlcf worker processes)', () => {
  let redis: RedisProc;
  let ex: QueueExecutor;
  const workers: Awaited<ReturnType<typeof WorkerProc.start>>[] = [];
  const ran = new Map<string, string>(); // job id → worker name
  const lang = new Map<string, string>(); // job id → language
  let kv: Redis;

  beforeAll(async () => {
    redis = await RedisProc.start();
    // short locks: a dead worker's job is redelivered within ~2 s; 2 starts before giving up
    const args = ['--slots', '1', '--lock-ms', '1500', '--max-attempts', '2'];
    workers.push(...await Promise.all([
      WorkerProc.start(redis.url, 'w1', [...args, '--languages', 'python,c,javascript']),
      WorkerProc.start(redis.url, 'w2', [...args, '--languages', 'python,c,javascript']),
    ]));
    ex = await QueueExecutor.connect({ url: redis.url, refreshMs: 200 });
    ex.onJob = (e) => {
      ran.set(e.job, e.worker);
      lang.set(e.job, e.language);
    };
    kv = new Redis(redis.port);
  });

  afterAll(async () => {
    kv?.disconnect();
    await ex?.close();
    await Promise.all(workers.map((w) => w.kill('SIGKILL')));
    await redis?.stop();
  });

  it('grades a batch with the same verdicts as the local engine', async () => {
    const all = loadBuiltin();
    const pick = (l: string) => all.filter((t) => t.language === l && t.reference).slice(0, 4);
    const tasks: Task[] = [...pick('python'), ...pick('c'), ...pick('javascript')];
    const items = tasks.flatMap((t, i) => [
      { id: `ref-${i}`, task: t, completion: t.reference! },
      { id: `bad-${i}`, task: t, completion: i % 2 ? 'this is not a program' : t.reference!.replace(/[0-9]/, (d) => String((Number(d) + 1) % 10)) },
    ]);
    const gradeAll = (e: Executor) => Promise.all(items.map((it) => gradeCompletion(e, it.id, it.task, it.completion,
      { reward: { preset: 'fraction' }, runAll: true })));
    const sb = await makeSandbox({ slots: 2 });
    let local;
    try {
      local = await gradeAll(new LocalExecutor(sb));
    } finally {
      await sb.close();
    }
    const before = ran.size;
    const fleet = await gradeAll(ex);
    const view = (g: (typeof local)[number]) => ({ id: g.id, status: g.status, passed: g.passed, result: g.result, reward: g.reward,
      passed_tests: g.passed_tests, total_tests: g.total_tests, code: g.code,
      tests: g.tests.map((t) => ({ status: t.status, passed: t.passed, stdout: t.stdout, expected: t.expected, actual: t.actual })) });
    expect(fleet.map(view)).toEqual(local.map(view));
    expect(local.filter((g) => g.passed).length).toBeGreaterThanOrEqual(12); // the references pass: a real comparison
    expect(local.some((g) => !g.passed)).toBe(true);
    // both workers took part
    const names = new Set([...ran.values()].slice(before));
    expect(names).toEqual(new Set(['w1', 'w2']));
  });

  it('kill -9 of a worker mid-batch: its jobs are redelivered and every result arrives exactly once', async () => {
    const before = Number(await kv.get(KEYS.redeliveries) ?? 0);
    const n = 8;
    const results: string[] = [];
    const victim = workers[0];
    const batch = Array.from({ length: n }, (_, i) => ex.run(py(`import time\ntime.sleep(0.6)\nprint("item-${i}")`)).then((v) => {
      results.push(v.stdout.trim());
      return v;
    }));
    // once the victim is running one of them, kill -9 it
    const q = new Queue(queueName('python'), { connection: { host: '127.0.0.1', port: redis.port }, prefix: PREFIX });
    await until(async () => (await q.getActive()).some((j) => (j.progress as { worker?: string })?.worker === victim.name), 'the victim to run a job');
    expect(await victim.kill('SIGKILL')).not.toBe(0);
    const vs = await Promise.all(batch);
    expect(vs.map((v) => v.status)).toEqual(Array(n).fill('ok'));
    expect(results.sort()).toEqual(Array.from({ length: n }, (_, i) => `item-${i}`).sort()); // each once, none lost
    const after = Number(await kv.get(KEYS.redeliveries));
    expect(after).toBeGreaterThan(before); // the victim's job went to the other worker
    expect(ex.pendingJobs).toBe(0);
    await q.close();
    workers[0] = await WorkerProc.start(redis.url, 'w1b', ['--slots', '1', '--lock-ms', '1500', '--max-attempts', '2', '--languages', 'python,c,javascript']);
  });

  it('a job that kills every worker running it becomes a sandbox_error after --max-attempts starts', async () => {
    const q = new Queue(queueName('python'), { connection: { host: '127.0.0.1', port: redis.port }, prefix: PREFIX });
    const poison = ex.run({ ...py('import time\ntime.sleep(60)\nprint("never")'), limits: { timeout_ms: 60_000, wall_ms: 120_000 } });
    const killed: string[] = [];
    const replacements: Promise<void>[] = [];
    let done = false;
    void poison.finally(() => { done = true; });
    // stand-in for a program that crashes its worker: whichever worker runs it is killed -9 (and
    // replaced, in the background, so that the fleet keeps its size)
    while (!done && killed.length < 4) {
      const holder = await until(async () => done || (await q.getActive()).map((j) => (j.progress as { worker?: string })?.worker)
        .find((w) => w && !killed.includes(w)), 'a worker to take the poison job', 60_000);
      if (done || holder === true) break;
      const i = workers.findIndex((w) => w.name === holder);
      if (i < 0) continue;
      killed.push(holder as string);
      await workers[i].kill('SIGKILL');
      replacements.push(WorkerProc.start(redis.url, `${holder}x`, ['--slots', '1', '--lock-ms', '1500', '--max-attempts', '2',
        '--languages', 'python,c,javascript']).then((w) => { workers[i] = w; }));
    }
    const v = await poison;
    expect(v.status).toBe('sandbox_error');
    expect(v.message).toMatch(/died before finishing it/);
    expect(killed.length).toBe(2); // --max-attempts 2: started twice, then given up (no endless loop)
    await Promise.all(replacements);
    await q.close();
    // the fleet still grades
    expect((await ex.run(py('print(1)'))).stdout).toBe('1\n');
  });

  it('a caller that goes away cancels its job: the worker is free again at once', async () => {
    const ac = new AbortController();
    const q = new Queue(queueName('python'), { connection: { host: '127.0.0.1', port: redis.port }, prefix: PREFIX });
    const long = [0, 1].map(() => ex.run(py('import time\ntime.sleep(30)'), { signal: ac.signal }));
    await until(async () => (await q.getActive()).length === 2, 'both workers to run the long jobs');
    const t0 = Date.now();
    ac.abort();
    for (const p of long) await expect(p).rejects.toBeInstanceOf(Cancelled);
    expect((await ex.run(py('print("next")'))).stdout).toBe('next\n');
    expect(Date.now() - t0).toBeLessThan(20_000); // not the 30 s the cancelled jobs would have taken
    await q.close();
  });

  it('routes by language: a job no worker takes fails fast naming the language; a c-only worker gets only c', async () => {
    const t0 = Date.now();
    const v = await ex.run({ language: 'java', source: 'class Main { public static void main(String[] a) {} }' });
    expect(v.status).toBe('sandbox_error');
    expect(v.message).toMatch(/no worker in the fleet runs java/);
    expect(Date.now() - t0).toBeLessThan(5000);
    const conly = await WorkerProc.start(redis.url, 'c-only', ['--slots', '1', '--languages', 'c']);
    workers.push(conly);
    await until(async () => (await fleetStatus(redis.url, 0)).workers.some((w) => w.name === 'c-only'), 'the c-only advert');
    const st = await fleetStatus(redis.url, 0);
    expect(Object.keys(st.workers.find((w) => w.name === 'c-only')!.languages)).toEqual(['c']);
    const before = ran.size;
    await Promise.all([
      ...Array.from({ length: 4 }, () => ex.run({ language: 'c', source: '#include <stdio.h>\nint main(){puts("c");}' })),
      ...Array.from({ length: 4 }, () => ex.run(py('print("p")'))),
    ]);
    const jobs = [...ran.entries()].slice(before);
    expect(jobs.length).toBe(8);
    // python jobs never went to the c-only worker
    expect(jobs.filter(([id, w]) => w === 'c-only' && lang.get(id) !== 'c')).toEqual([]);
  });

  it('several front-ends share one queue: each caller gets its own results', async () => {
    const other = await QueueExecutor.connect({ url: redis.url, refreshMs: 200 });
    try {
      const runs = Array.from({ length: 6 }, (_, i) => [
        ex.run(py(`print("front-a-${i}")`)).then((v) => v.stdout),
        other.run(py(`print("front-b-${i}")`)).then((v) => v.stdout),
      ]).flat();
      expect(await Promise.all(runs)).toEqual(Array.from({ length: 6 }, (_, i) => [`front-a-${i}\n`, `front-b-${i}\n`]).flat());
      expect(other.pendingJobs).toBe(0);
    } finally {
      await other.close();
    }
  });

  it('a graded program cannot reach Redis, nor see another job\'s files', async () => {
    const probe = `import socket
for host in ("127.0.0.1", "localhost"):
    try:
        s = socket.create_connection((host, ${redis.port}), timeout=2)
        s.sendall(b"FLUSHALL\\r\\n")
        print("REACHED", s.recv(100))
    except Exception as e:
        print("blocked", type(e).__name__)
`;
    const v = await ex.run(py(probe));
    expect(v.stdout).not.toMatch(/REACHED/);
    expect(v.stdout.match(/blocked/g)?.length).toBe(2);
    // Redis and the queue are intact (read through the CLI: `rlcf fleet status --json`)
    const cli = spawnSync(process.execPath, ['bin/rlcf.js', 'fleet', 'status', '--queue', redis.url, '--json', '--window-ms', '0'], { encoding: 'utf8' });
    expect(cli.status).toBe(0);
    const st = JSON.parse(cli.stdout) as { workers: unknown[]; slots: number; finished: number };
    expect(st.workers.length).toBeGreaterThan(0);
    expect(st.finished).toBeGreaterThan(0);
    const w = await ex.run(py('open("/tmp/leak","w").write("x"); import os; print(os.path.exists("/tmp/leak"))'));
    expect(w.stdout).toBe('True\n');
    const r = await Promise.all([0, 1, 2].map(() => ex.run(py('import os; print(os.path.exists("/tmp/leak"))'))));
    expect(r.map((x) => x.stdout)).toEqual(['False\n', 'False\n', 'False\n']);
    // nor kill its worker: signals to every process it can see, and to its parent
    const before = (await fleetStatus(redis.url, 0)).workers.map((x) => `${x.name}:${x.pid}`).sort();
    await Promise.all([0, 1].map(() => ex.run(py(`import os
for target in (os.getppid(), 1, -1):
    try:
        os.kill(target, 9)
    except Exception as e:
        print(type(e).__name__)
`))));
    expect((await ex.run(py('print("still here")'))).stdout).toBe('still here\n');
    expect((await fleetStatus(redis.url, 0)).workers.map((x) => `${x.name}:${x.pid}`).sort()).toEqual(before);
    const alive = workers.filter((x) => before.includes(`${x.name}:${x.pid}`));
    expect(alive.length).toBeGreaterThanOrEqual(2);
    expect(alive.every((x) => x.proc.exitCode === null && x.proc.signalCode === null)).toBe(true);
  });

  it('SIGTERM drains a worker: its active job finishes, then it exits 143', async () => {
    const q = new Queue(queueName('python'), { connection: { host: '127.0.0.1', port: redis.port }, prefix: PREFIX });
    const job = ex.run(py('import time\ntime.sleep(1.5)\nprint("finished")'));
    const holder = await until(async () => (await q.getActive()).map((j) => (j.progress as { worker?: string })?.worker).find(Boolean), 'a worker to take it');
    const w = workers.find((x) => x.name === holder)!;
    w.proc.kill('SIGTERM');
    expect((await job).stdout).toBe('finished\n');
    expect(await w.exit).toBe(143);
    expect(w.out).toMatch(/draining/);
    await q.close();
  });
});
