// `npm run bench:scale`: the fleet (src/fleet) against the local engine, with a real redis-server
// and real `rlcf worker` processes on this machine (not a test: figures for docs/scale.md).
//   1. same workload (HumanEval canonical × N + a compiled stdio mix): local engine (2 slots) vs the
//      queue with one worker of 2 slots (target: overhead ≤ 10%)
//   2. one worker of 1 slot vs two workers of 1 slot (target ≥ 1.8×): each worker pinned to its own
//      core, both warm, rounds alternating, with the CPU time each used (fleet or machine?)
//   3. the queue's ceiling: no-op jobs/s through one Redis (BullMQ, job-sized payloads), and items/s
//      with chunked jobs
//   4. one 256-completion POST /v1/grade: `rlcf serve --queue` + 2 workers vs `rlcf serve` (≤ 1.2×)
//   5. faults: kill -9 of a worker mid-batch, kill -9 + restart of Redis with jobs queued (lost and
//      duplicated results counted)
// Options: --n <copies of HumanEval> (default 2), --reps <k> (default 3), --only <1,2,3,4,5>
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue, QueueEvents, Worker } from 'bullmq';
import type { Task } from '../benchmarks/types.js';
import { loadBuiltin } from '../benchmarks/builtin.js';
import { QueueExecutor } from '../fleet/executor.js';
import { Sandbox, defaultStateDir } from '../sandbox/engine.js';
import { type Executor, LocalExecutor } from '../server/executor.js';
import { gradeCompletion } from '../server/grade.js';
import { startServer } from './child-server.js';
import { REDIS_SERVER, RedisProc, TASKSET, WorkerProc, machineCpuSeconds, treeCpuSeconds, until } from './fleet-procs.js';
import { fmt, median, vsTarget } from './stats.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const HUMANEVAL = join(ROOT, '..', 'shared', 'data', 'HumanEval.jsonl.gz');

function parseArgs(argv: string[]) {
  const o = { n: 2, reps: 3, only: new Set([1, 2, 3, 4, 5]) };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--n') o.n = Math.max(1, Number(argv[++i]));
    else if (argv[i] === '--reps') o.reps = Math.max(1, Number(argv[++i]));
    else if (argv[i] === '--only') o.only = new Set(String(argv[++i]).split(',').map(Number));
    else throw new Error(`unknown option ${argv[i]} (options: --n N, --reps K, --only 1,2,3,4,5)`);
  }
  return o;
}

interface Item { id: string; task: Task; completion: string }

async function workload(n: number): Promise<{ items: Item[]; he: Item[]; note: string }> {
  const items: Item[] = [];
  let he: Item[] = [];
  if (existsSync(HUMANEVAL)) {
    const { loadHumanEval } = await import('../benchmarks/humaneval.js');
    const tasks = (await loadHumanEval(HUMANEVAL)).filter((t) => t.reference !== undefined);
    he = tasks.map((t) => ({ id: t.id, task: t, completion: t.reference! }));
    for (let c = 0; c < n; c++) items.push(...he.map((x) => ({ ...x, id: `${x.id}#${c}` })));
  }
  // compiled stdio mix: the built-in suite's C, Go and Rust references (stdin/stdout tests)
  const mix = loadBuiltin().filter((t) => ['c', 'go', 'rust'].includes(t.language) && t.reference);
  items.push(...mix.map((t) => ({ id: `${t.id}:${t.language}`, task: t, completion: t.reference! })));
  return { items, he, note: `${he.length ? `HumanEval canonical × ${n} (${he.length * n})` : 'HumanEval absent'} + ${mix.length} compiled stdio (c, go, rust)` };
}

async function gradeAll(ex: Executor, items: Item[]): Promise<{ s: number; passed: number; statuses: string[] }> {
  const t0 = performance.now();
  const r = await Promise.all(items.map((it) => gradeCompletion(ex, it.id, it.task, it.completion, { reward: { preset: 'binary' }, runAll: false })));
  return { s: (performance.now() - t0) / 1000, passed: r.filter((g) => g.passed).length, statuses: r.map((g) => g.status) };
}

/** A timed round with the CPU this bench's process tree used (it spawned every worker, server and
 * redis-server, and the local engine's sandboxes are its children) and the machine's busy CPU. */
async function accounted<T extends { s: number }>(f: () => Promise<T>): Promise<T & { cpu: number; busy: number }> {
  const [c0, m0] = [treeCpuSeconds(process.pid), machineCpuSeconds().busy];
  const r = await f();
  return { ...r, cpu: treeCpuSeconds(process.pid) - c0, busy: machineCpuSeconds().busy - m0 };
}

/** b/a in wall time, split into CPU per run (b's own extra cost) × cores the runs got (the machine). */
function explain(a: string, as: { s: number; cpu: number; busy: number }[], b: string, bs: { s: number; cpu: number; busy: number }[]): string {
  const cpu = median(bs.map((x) => x.cpu)) / median(as.map((x) => x.cpu));
  const cores = median(as.map((x) => x.cpu / x.s)) / median(bs.map((x) => x.cpu / x.s));
  const other = (xs: typeof as) => fmt(median(xs.map((x) => Math.max(0, x.busy - x.cpu) / x.s)), 2);
  return `    = CPU per run, ${b} / ${a}: ${fmt(cpu, 2)} × cores the runs got, ${a} / ${b}: ${fmt(cores, 2)} ` +
    `(medians; ${a} ${fmt(median(as.map((x) => x.cpu / x.s)), 2)} cores, ${b} ${fmt(median(bs.map((x) => x.cpu / x.s)), 2)}; ` +
    `other processes on the machine meanwhile: ${other(as)} and ${other(bs)} cores)`;
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  if (!REDIS_SERVER) {
    console.log('bench:scale: redis-server is not installed (apt-get install redis-server, or npm run setup)');
    process.exit(1);
  }
  const state = defaultStateDir();
  const { items, he, note } = await workload(o.n);
  console.log(`bench:scale on ${(await import('node:os')).availableParallelism()} cores; workload: ${note}; ${o.reps} runs each`);
  const redis = await RedisProc.start();
  const workers: WorkerProc[] = [];
  const stopWorkers = async () => {
    await Promise.all(workers.splice(0).map((w) => w.kill('SIGTERM')));
  };
  const fleet = await QueueExecutor.connect({ url: redis.url, refreshMs: 200 });
  try {
    // warm-up: compile caches and precompiled headers, for both sides (they share the state dir)
    {
      const sb = await Sandbox.create({ slots: 2 });
      await gradeAll(new LocalExecutor(sb), items);
      // per-language rate of the local engine (warm caches): the projection's per-core figure
      console.log('\n0. local engine, 2 slots, per language (warm compile caches)');
      for (const l of ['python', 'c', 'go', 'rust']) {
        const sub = items.filter((it) => it.task.language === l);
        if (!sub.length) continue;
        const reps = l === 'python' ? sub : Array.from({ length: 4 }, () => sub).flat();
        const r = await gradeAll(new LocalExecutor(sb), reps);
        console.log(`  ${l.padEnd(8)} ${String(reps.length).padStart(4)} items (all tests each) in ${fmt(r.s, 2)} s = ${fmt(reps.length / r.s, 1)} items/s ` +
          `= ${fmt(reps.length / r.s / 2, 1)} per slot`);
      }
      if (o.only.has(1)) {
        // rounds alternate (local, queue, local, ...) so a burst of other load hits both sides
        console.log('\n1. local engine (2 slots) vs queue + one worker of 2 slots (rounds alternate)');
        workers.push(await WorkerProc.start(redis.url, 'w2slots', ['--slots', '2'], state));
        await until(() => fleet.adverts.length === 1, 'the worker');
        await gradeAll(fleet, items.slice(0, 32));
        const ls: Awaited<ReturnType<typeof accounted<{ s: number }>>>[] = [];
        const qs: typeof ls = [];
        const passed = new Set<string>();
        for (let r = 0; r < o.reps; r++) {
          const l = await accounted(() => gradeAll(new LocalExecutor(sb), items));
          const q = await accounted(() => gradeAll(fleet, items));
          ls.push(l);
          qs.push(q);
          passed.add(`${l.passed}/${q.passed}`);
        }
        const [local, queued] = [ls.map((x) => x.s), qs.map((x) => x.s)];
        await sb.close();
        const over = local.map((l, i) => (queued[i] / l - 1) * 100);
        console.log(`  local engine, 2 slots: median ${fmt(median(local), 3)} s (runs ${local.map((x) => fmt(x, 3)).join(', ')})`);
        console.log(`  queue, 1 worker × 2 slots: median ${fmt(median(queued), 3)} s (runs ${queued.map((x) => fmt(x, 3)).join(', ')})`);
        console.log(`  overhead (median of paired rounds): ${vsTarget(median(over), 10, '<=')} % (range ${fmt(Math.min(...over), 1)} to ` +
          `${fmt(Math.max(...over), 1)}); passed (local/queue) ${[...passed].join(', ')} of ${items.length}; loadavg ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
        console.log(explain('local', ls, 'queue', qs));
        await stopWorkers();
      } else await sb.close();
    }

    if (o.only.has(2)) await scaling(redis, fleet, items, o.reps, state);

    if (o.only.has(3)) {
      console.log('\n3. queue ceiling through one Redis (no-op processors in this process, job-sized payloads)');
      const payload = he[0] ? JSON.stringify(he[0]) : 'x'.repeat(1500);
      for (const chunk of [1, 16]) {
        const name = `noop-${chunk}`;
        const conn = { host: '127.0.0.1', port: redis.port };
        const q = new Queue(name, { connection: conn, prefix: 'rlcf' });
        const ev = new QueueEvents(name, { connection: conn, prefix: 'rlcf' });
        await ev.waitUntilReady();
        const w = new Worker(name, async (job) => ({ results: (job.data.items as string[]).map(() => ({ ok: true, value: payload })) }),
          { connection: { ...conn, maxRetriesPerRequest: null }, prefix: 'rlcf', concurrency: 64 });
        const jobs = 4000 / chunk;
        let done = 0;
        const all = new Promise<void>((r) => ev.on('completed', () => { if (++done === jobs) r(); }));
        const t0 = performance.now();
        for (let i = 0; i < jobs; i += 500) {
          await q.addBulk(Array.from({ length: Math.min(500, jobs - i) }, (_, k) => ({ name: 'noop',
            data: { items: Array(chunk).fill(payload) }, opts: { priority: 1 + k, removeOnComplete: true } })));
        }
        await all;
        const s = (performance.now() - t0) / 1000;
        console.log(`  chunk ${String(chunk).padStart(2)}: ${fmt(jobs / s, 0)} jobs/s = ${fmt((jobs * chunk) / s, 0)} items/s (${jobs} jobs in ${fmt(s, 2)} s)`);
        await w.close();
        await ev.close();
        await q.obliterate({ force: true });
        await q.close();
      }
    }

    if (o.only.has(4) && he.length) {
      console.log('\n4. one 256-completion POST /v1/grade: serve --queue + 2 workers vs serve (2 slots)');
      const batch = { items: Array.from({ length: 256 }, (_, i) => ({ id: `i${i}`, completion: he[i % he.length].completion,
        task: { benchmark: 'humaneval', id: he[i % he.length].task.id } })) };
      const post = async (url: string) => {
        const t0 = performance.now();
        const r = await fetch(`${url}/v1/grade`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(batch) });
        const j = await r.json() as { items: { passed: boolean }[] };
        if (r.status !== 200) throw new Error(`HTTP ${r.status}`);
        return { s: (performance.now() - t0) / 1000, passed: j.items.filter((x) => x.passed).length };
      };
      const bench = ['--bench', `humaneval:${HUMANEVAL}`];
      // both servers up and warm, rounds alternating (local, queue, local, ...)
      const local = await startServer(['--slots', '2', ...bench]);
      workers.push(await WorkerProc.start(redis.url, 'f1', ['--slots', '1'], state), await WorkerProc.start(redis.url, 'f2', ['--slots', '1'], state));
      const front = await startServer(['--queue', redis.url, ...bench]);
      await until(() => fleet.adverts.length === 2, 'two workers');
      await post(local.url);
      await post(front.url);
      const ls: Awaited<ReturnType<typeof accounted<{ s: number }>>>[] = [];
      const qs: typeof ls = [];
      const passed = new Set<string>();
      for (let r = 0; r < o.reps; r++) {
        const l = await accounted(() => post(local.url));
        const q = await accounted(() => post(front.url));
        ls.push(l);
        qs.push(q);
        passed.add(`${l.passed}/${q.passed}`);
      }
      const [tl, tq] = [ls.map((x) => x.s), qs.map((x) => x.s)];
      local.proc.kill('SIGTERM');
      const ratio = tl.map((l, i) => tq[i] / l);
      console.log(`  rlcf serve, 2 slots: median ${fmt(median(tl), 3)} s (runs ${tl.map((x) => fmt(x, 3)).join(', ')})`);
      console.log(`  rlcf serve --queue + 2 workers × 1 slot: median ${fmt(median(tq), 3)} s (runs ${tq.map((x) => fmt(x, 3)).join(', ')})`);
      console.log(`  ratio (median of paired rounds): ${vsTarget(median(ratio), 1.2, '<=', 2)} × (range ${fmt(Math.min(...ratio), 2)}-` +
        `${fmt(Math.max(...ratio), 2)}); passed (local/queue) ${[...passed].join(', ')} of 256; loadavg ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
      console.log(explain('local', ls, 'queue', qs));
      front.proc.kill('SIGTERM');
      await stopWorkers();
    }

    if (o.only.has(5) && he.length) {
      console.log('\n5. faults (counts over the whole batch)');
      const batch = he.slice(0, 160);
      workers.push(await WorkerProc.start(redis.url, 'k1', ['--slots', '1', '--lock-ms', '2000'], state),
        await WorkerProc.start(redis.url, 'k2', ['--slots', '1', '--lock-ms', '2000'], state));
      await until(() => fleet.adverts.length === 2, 'two workers');
      const red0 = fleet.redeliveries;
      const dup0 = fleet.duplicates;
      const t0 = performance.now();
      const run = gradeAll(fleet, batch);
      await new Promise((r) => setTimeout(r, 400));
      await workers[0].kill('SIGKILL');
      const r = await run;
      await fleet.refresh();
      const lost = r.statuses.filter((s) => s === 'sandbox_error').length + (batch.length - r.statuses.length);
      console.log(`  kill -9 of 1 of 2 workers mid-batch: ${r.statuses.length}/${batch.length} results, lost ${lost}, duplicated 0 ` +
        `(each caller settles once; ${fleet.duplicates - dup0} late duplicate results dropped), redelivered ${fleet.redeliveries - red0}, ` +
        `passed ${r.passed}, ${fmt((performance.now() - t0) / 1000, 2)} s`);
      await stopWorkers();
      // Redis killed with jobs queued and no worker: AOF brings them back
      const queued = await QueueExecutor.connect({ url: redis.url, waitForWorkers: true, refreshMs: 200 });
      const pending = gradeAll(queued, batch.slice(0, 64));
      await until(() => queued.pendingJobs > 0 && queued.depth >= queued.pendingJobs, 'jobs queued', 30_000);
      const jobsQueued = queued.depth;
      await redis.kill('SIGKILL');
      await redis.start();
      await until(() => queued.ready(), 'reconnect', 30_000);
      workers.push(await WorkerProc.start(redis.url, 'k3', ['--slots', '2'], state));
      const p = await pending;
      const lost2 = p.statuses.filter((s) => s === 'sandbox_error').length;
      console.log(`  Redis kill -9 + restart (AOF) with 64 items queued in ${jobsQueued} jobs: ${p.statuses.length}/64 results, lost ${lost2}, ` +
        `duplicated 0, passed ${p.passed}`);
      await stopWorkers();
      await queued.close();
      // kill -9 of a front-end (`rlcf eval --queue`) mid-run, then the same command again
      workers.push(await WorkerProc.start(redis.url, 'e1', ['--slots', '2'], state));
      const { spawn } = await import('node:child_process');
      const { mkdtempSync } = await import('node:fs');
      const { tmpdir } = await import('node:os');
      const db = join(mkdtempSync(join(tmpdir(), 'rlcf-scale-')), 'eval.db');
      const evalArgs = [join(ROOT, 'bin', 'rlcf.js'), 'eval', '--bench', 'builtin', '--samples',
        join(ROOT, 'src', 'benchmarks', 'builtin', 'demo-samples.jsonl'), '--language', 'python', '--language', 'c',
        '--queue', redis.url, '--db', db, '--json', '--no-progress'];
      const { fleetStatus } = await import('../fleet/status.js');
      const f0 = (await fleetStatus(redis.url, 0)).finished;
      const first = spawn(process.execPath, evalArgs, { stdio: 'ignore' });
      // killed once the fleet has finished its first jobs (auto chunks: a few items each)
      await until(async () => (await fleetStatus(redis.url, 0)).finished - f0 >= 2, 'the eval to get going', 120_000);
      first.kill('SIGKILL');
      await new Promise((r) => first.once('exit', r));
      const { Store } = await import('../store/store.js');
      const st0 = new Store(db);
      const runs0 = st0.listRuns();
      const judged0 = runs0.length ? st0.countJudged(runs0[0].id) : 0;
      st0.close();
      const second = spawn(process.execPath, evalArgs, { stdio: ['ignore', 'pipe', 'ignore'] });
      let out = '';
      second.stdout!.on('data', (d) => { out += d; });
      await new Promise((r) => second.once('exit', r));
      const sum = JSON.parse(out) as { samples: number; resumed_samples: number; run_id: string };
      const st = new Store(db);
      const rows = [...st.iterateSamples(sum.run_id)];
      st.close();
      const keys = new Set(rows.map((x) => `${x.task_key}#${x.idx}`));
      console.log(`  kill -9 of a front-end (rlcf eval --queue) after its first 2 jobs finished, ${judged0} samples stored, then the same command: ` +
        `${sum.samples} samples, ${sum.resumed_samples} kept from the killed run, ${rows.length} rows for ${keys.size} distinct samples ` +
        `(duplicated ${rows.length - keys.size}, lost ${60 - keys.size})`);
      await stopWorkers();
    }
  } finally {
    await stopWorkers();
    await fleet.close();
    await redis.stop();
  }
}

/** Section 2: one worker of 1 slot vs two, each worker pinned to its own core, both warm, rounds
 * alternating (1, 2, 1, 2, ...: a burst of load from other processes hits both configurations),
 * with the CPU each round's processes used: the speed-up is (CPU per run, 1 worker / 2 workers:
 * the fleet's own cost and core contention) × (cores the workers got, 2 workers / 1: what the
 * machine gave them), so a shortfall can be put on the fleet or on the machine. */
async function scaling(redis: RedisProc, fleet: QueueExecutor, items: Item[], reps: number, state: string): Promise<void> {
  const url = redis.url;
  const cores = availableParallelism();
  const pin = cores >= 2 && TASKSET !== null;
  console.log(`\n2. one worker of 1 slot vs two workers of 1 slot (${pin ? 'pinned to cores 0 and 1' : 'not pinned: taskset missing or 1 core'}; ` +
    `rounds alternate; CPU from /proc)`);
  const start = (name: string, cpu: number) => WorkerProc.start(url, name, ['--slots', '1'], state, pin ? cpu : undefined);
  const a = await start('a', 0);
  let b: WorkerProc | null = await start('b', 1);
  try {
    await until(() => fleet.adverts.length === 2, 'two workers');
    await gradeAll(fleet, items); // both warm (agents started, compile caches filled) before timing
    const rows: { n: 1 | 2; s: number; work: number; load: string }[] = [];
    // the front-end (this process) and Redis: the fleet's own CPU beside the workers'
    const fleetCpu = () => treeCpuSeconds(redis.proc!.pid!) + (process.cpuUsage().user + process.cpuUsage().system) / 1e6;
    for (let r = 0; r < reps; r++) {
      for (const n of [1, 2] as const) {
        if (n === 1 && b) {
          await b.kill('SIGTERM');
          b = null;
          await until(() => fleet.adverts.length === 1, 'worker b to leave');
        } else if (n === 2 && !b) {
          b = await start('b', 1);
          await until(() => fleet.adverts.length === 2, 'worker b');
          await gradeAll(fleet, items.slice(0, 16)); // b's sandbox agents up before timing
        }
        const pids = [a.pid, ...(b ? [b.pid] : [])];
        const w0 = pids.reduce((x, p) => x + treeCpuSeconds(p), 0);
        const m0 = machineCpuSeconds();
        const f0 = fleetCpu();
        const g = await gradeAll(fleet, items);
        const m1 = machineCpuSeconds();
        const front = fleetCpu() - f0;
        const work = pids.reduce((x, p) => x + treeCpuSeconds(p), 0) - w0;
        const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
        rows.push({ n, s: g.s, work, load });
        console.log(`  round ${r + 1}, ${n} worker${n === 2 ? 's' : ' '}: ${fmt(g.s, 2)} s; CPU s: workers ${fmt(work, 2)} ` +
          `(${fmt(work / g.s, 2)} cores), front-end + Redis ${fmt(front, 2)}, other processes ${fmt(Math.max(0, m1.busy - m0.busy - work - front), 2)}, ` +
          `steal ${fmt(m1.steal - m0.steal, 2)}; passed ${g.passed}/${items.length}; loadavg ${load}`);
      }
    }
    const one = rows.filter((x) => x.n === 1);
    const two = rows.filter((x) => x.n === 2);
    const ratios = one.map((x, i) => x.s / two[i].s);
    const cpuRatio = median(one.map((x) => x.work)) / median(two.map((x) => x.work));
    const coreRatio = median(two.map((x) => x.work / x.s)) / median(one.map((x) => x.work / x.s));
    console.log(`  speed-up (median of the ${ratios.length} paired rounds): ${vsTarget(median(ratios), 1.8, '>=', 2)} × ` +
      `(range ${fmt(Math.min(...ratios), 2)}-${fmt(Math.max(...ratios), 2)})`);
    console.log(`    = CPU per run, 1 worker / 2 workers: ${fmt(cpuRatio, 2)} (1.00: the second worker adds no CPU of its own) ` +
      `× cores the workers got, 2 workers / 1: ${fmt(coreRatio, 2)} (2.00: the machine gave each worker a whole core)`);
  } finally {
    await Promise.all([a.kill('SIGTERM'), b?.kill('SIGTERM')]);
  }
}

main().then(() => process.exit(0), (e) => {
  console.error(e);
  process.exit(1);
});
