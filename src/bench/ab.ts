// `npm run bench:ab -- <distA> <distB>`: the same Python workload through two builds of the engine,
// alternating in one process, round after round. This machine's speed drifts by ±15-20% within
// minutes, so a target relative to an earlier build ("within 10% of today's rate") is measured this
// way: the median of per-round ratios B/A, each round running both builds back to back.
//   <distA> <distB>  two built trees (e.g. a worktree of the earlier commit, `node scripts/build.mjs`
//                    there, and this one's dist/)
// Options: --rounds N (default 10), --workload he|small|judged (default he), --n COUNT (default
//          1640: HumanEval ×10; small: 3000), --slots K, --json
//   he      canonical HumanEval programs as plain Python runs (Sandbox.runBatch)
//   small   limits.md's "HumanEval-style" script (typing import + asserts), runBatch
//   judged  canonical HumanEval through the judge (the harness path of rlcf eval and /v1/grade)
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { HUMANEVAL_STYLE } from '../cli/selftest.js';
import { humanEvalPath, loadHumanEval } from './humaneval.js';
import { fmt, median } from './stats.js';

interface Engine {
  dist: string;
  close(): Promise<void>;
  round(): Promise<{ count: number; bad: number }>;
}

function parseArgs(argv: string[]) {
  const o = { dists: [] as string[], rounds: 10, workload: 'he', n: 0, slots: availableParallelism(), json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const num = () => {
      const v = Number(argv[++i]);
      if (!Number.isFinite(v) || v <= 0) throw new Error(`${a} needs a positive number`);
      return Math.floor(v);
    };
    if (a === '--rounds') o.rounds = num();
    else if (a === '--n') o.n = num();
    else if (a === '--slots') o.slots = num();
    else if (a === '--workload') o.workload = argv[++i];
    else if (a === '--json') o.json = true;
    else if (a.startsWith('-')) throw new Error(`unknown option ${a}`);
    else o.dists.push(a);
  }
  if (o.dists.length !== 2) throw new Error('usage: bench:ab -- <distA> <distB> [--rounds N] [--workload he|small|judged] [--n COUNT]');
  if (!['he', 'small', 'judged'].includes(o.workload)) throw new Error(`--workload must be he, small or judged, not ${o.workload}`);
  return o;
}

async function engine(dist: string, o: ReturnType<typeof parseArgs>, k: number): Promise<Engine> {
  const { Sandbox } = await import(join(dist, 'sandbox', 'engine.js'));
  const sb = await Sandbox.create({ slots: o.slots, stateDir: `/tmp/rlcf-bench-ab-${process.pid}-${k}` });
  const he = humanEvalPath();
  if (o.workload === 'judged') {
    if (!he) throw new Error('the judged workload needs ../shared/data/HumanEval.jsonl.gz');
    const { judge } = await import(join(dist, 'judge', 'index.js'));
    const { loadBenchmark } = await import(join(dist, 'benchmarks', 'index.js'));
    const tasks = await loadBenchmark(`humaneval:${he}`);
    const n = o.n || 656;
    const jobs = Array.from({ length: n }, (_, i) => tasks[i % tasks.length]);
    return {
      dist, close: () => sb.close(),
      round: async () => {
        let next = 0;
        let bad = 0;
        await Promise.all(Array.from({ length: 32 }, async () => {
          while (next < jobs.length) {
            const t = jobs[next++];
            if (!(await judge(sb, t, t.reference)).passed) bad++;
          }
        }));
        return { count: n, bad };
      },
    };
  }
  let sources: string[];
  if (o.workload === 'small') {
    sources = Array.from({ length: o.n || 3000 }, () => HUMANEVAL_STYLE);
  } else {
    const programs = he ? loadHumanEval(he) : null;
    if (!programs) throw new Error('the he workload needs ../shared/data/HumanEval.jsonl.gz');
    sources = Array.from({ length: o.n || 1640 }, (_, i) => programs[i % programs.length].program);
  }
  const subs = sources.map((source) => ({ language: 'python', source }));
  await sb.runBatch(subs.slice(0, 200)); // warm: agents started, page cache
  return {
    dist, close: () => sb.close(),
    round: async () => {
      const vs: { status: string }[] = await sb.runBatch(subs);
      return { count: subs.length, bad: vs.filter((v) => v.status !== 'ok').length };
    },
  };
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const eng = [await engine(o.dists[0], o, 0), await engine(o.dists[1], o, 1)];
  const rates: number[][] = [[], []];
  try {
    for (let r = 0; r < o.rounds; r++) {
      for (const i of r % 2 ? [1, 0] : [0, 1]) { // alternate which build goes first
        const t0 = performance.now();
        const { count, bad } = await eng[i].round();
        if (bad) throw new Error(`${eng[i].dist}: ${bad} of ${count} executions did not pass`);
        rates[i].push(count / ((performance.now() - t0) / 1000));
      }
      if (!o.json) console.log(`round ${r + 1}: A ${fmt(rates[0][r], 0)}/s  B ${fmt(rates[1][r], 0)}/s  B/A ${fmt(rates[1][r] / rates[0][r], 3)}`);
    }
  } finally {
    for (const e of eng) await e.close();
  }
  const ratios = rates[0].map((a, i) => rates[1][i] / a);
  const res = { workload: o.workload, rounds: o.rounds, a: o.dists[0], b: o.dists[1], a_median: median(rates[0]), b_median: median(rates[1]),
    ratio_median: median(ratios), ratio_min: Math.min(...ratios), ratio_max: Math.max(...ratios) };
  if (o.json) console.log(JSON.stringify(res));
  else {
    console.log(`median A ${fmt(res.a_median, 0)}/s  B ${fmt(res.b_median, 0)}/s  B/A median ${fmt(res.ratio_median, 3)} ` +
      `(rounds' range ${fmt(res.ratio_min, 3)}-${fmt(res.ratio_max, 3)})`);
  }
}

main().catch((e) => {
  console.error(`bench:ab: ${(e as Error).message}`);
  process.exit(2);
});
