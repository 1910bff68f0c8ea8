// `npm run bench:synth`: fresh-task generation throughput (issue 15). Procedural families: tasks
// generated per second per family (all five languages per task, expected outputs computed by the
// family's own solver, no sandbox), and the in-sandbox verification rate (references + recorded
// wrong answers judged per second, Python), and RepoBench-style tasks built per second from pip's
// source tree; and repository synthesis (`rlcf repo synth`, SWE-smith style, src/bench/synth-repo.ts):
// instances kept per CPU-minute and yield per strategy on toolz, google/uuid and more-itertools.
// For scale, SWE-smith published 50k instances from 128 repositories. Not a test: machines are shared.
import { availableParallelism, loadavg } from 'node:os';
import { Sandbox } from '../sandbox/engine.js';
import { FAMILIES, generateRows, generateTask } from '../tasks/index.js';
import { verifyRows } from '../tasks/verify.js';
import { fmt } from './stats.js';

const COUNT = Number(process.env.RLCF_BENCH_TASKS ?? 200);

function perFamily(): number {
  let total = 0;
  let totalMs = 0;
  console.log(`${'family'.padEnd(22)} ${'tasks/s'.padStart(9)} ${'rows/s'.padStart(9)}  (${COUNT} tasks each, 5 languages per task, default knobs)`);
  for (const f of FAMILIES) {
    generateTask(f, 'warm', 0); // JIT warm-up
    const t0 = performance.now();
    for (let i = 0; i < COUNT; i++) generateTask(f, 'bench', i);
    const ms = performance.now() - t0;
    total += COUNT;
    totalMs += ms;
    console.log(`${f.name.padEnd(22)} ${fmt(COUNT / (ms / 1000), 0).padStart(9)} ${fmt((COUNT * 5) / (ms / 1000), 0).padStart(9)}`);
  }
  const rate = total / (totalMs / 1000);
  console.log(`${'all families'.padEnd(22)} ${fmt(rate, 0).padStart(9)} ${fmt(rate * 5, 0).padStart(9)}`);
  return rate;
}

async function verification(): Promise<void> {
  const rows = generateRows({ families: FAMILIES.map((f) => f.name), count: 10, seed: 'bench', languages: ['python'] });
  const sb = await Sandbox.create({});
  try {
    const t0 = performance.now();
    const r = await verifyRows(sb, rows);
    const s = (performance.now() - t0) / 1000;
    console.log(`\nverification (Python, ${rows.length} tasks, ${r.programs} programs, ${sb.slots.length} slots): ${fmt(s, 2)} s, ` +
      `${fmt(r.programs / s, 1)} programs/s, ${fmt(rows.length / s, 1)} verified tasks/s, problems ${r.problems.length}`);
  } finally {
    await sb.close();
  }
}

/** RepoBench-style tasks built per second from a real Python tree (pip's own source, when python3 has pip). */
async function repobench(): Promise<void> {
  const { execFileSync } = await import('node:child_process');
  const { buildRepoBench } = await import('../tasks/repobench/build.js');
  let dir: string;
  try {
    dir = `${execFileSync('python3', ['-c', 'import pip, os; print(os.path.dirname(pip.__file__))'], { encoding: 'utf8' }).trim()}/_internal`;
  } catch {
    console.log('\nrepobench: skipped (python3 with pip not found)');
    return;
  }
  const t0 = performance.now();
  const rows = buildRepoBench(dir, { max: 100_000 });
  const s = (performance.now() - t0) / 1000;
  const per = (k: string) => rows.filter((r) => r.setting === k).length;
  console.log(`\nrepobench from ${dir}: ${rows.length} next-line tasks (cross_file_first ${per('cross_file_first')}, cross_file_random ${per('cross_file_random')}, ` +
    `in_file ${per('in_file')}) in ${fmt(s, 2)} s, ${fmt(rows.length / s, 0)} tasks/s`);
}

console.log(`host: ${availableParallelism()} cores, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}\n`);
perFamily();
await repobench();
if (process.env.RLCF_BENCH_NO_SANDBOX !== '1') await verification();
if (process.env.RLCF_BENCH_NO_SANDBOX !== '1' && process.env.RLCF_BENCH_SYNTH_REPOS !== '') await (await import('./synth-repo.js')).repoSynthBench();
console.log('\ncontext: SWE-smith (repository synthesis) published 50k task instances from 128 repositories.');
