// `npm run bench:synth`, repository part: `rlcf repo synth` on real releases (the test fixtures of
// issues 14/15), every strategy tried the same number of times (--max = --tries, so validation does
// not stop early): instances kept per CPU-minute (CPU of this process and every sandbox it waited
// for, the clean suite runs included) and the yield per strategy with the drop reasons. The load
// average is printed before and after each repository (the machine is shared: figures move).
// RLCF_BENCH_SYNTH_REPOS=toolz,uuid,more-itertools (default: all three), RLCF_BENCH_SYNTH_PER=3
// candidates per strategy, RLCF_BENCH_STATE=<dir> (default: rlcf's state directory).
import { loadavg } from 'node:os';
import { importSnapshot } from '../repo/snapshot.js';
import { GO_STRATEGIES, SYNTH_STRATEGIES, synthesize } from '../repo/synth.js';
import { fmt } from './stats.js';

const REPOS: Record<string, { source: string; go: boolean }> = {
  toolz: { source: 'pypi:toolz==1.0.0', go: false },
  uuid: { source: 'gomod:github.com/google/uuid@v1.6.0', go: true },
  'more-itertools': { source: 'pypi:more-itertools==10.5.0', go: false },
};

const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');

export async function repoSynthBench(): Promise<void> {
  const names = (process.env.RLCF_BENCH_SYNTH_REPOS ?? 'toolz,uuid,more-itertools').split(',').filter(Boolean);
  const per = Number(process.env.RLCF_BENCH_SYNTH_PER ?? 3);
  const stateDir = process.env.RLCF_BENCH_STATE || undefined;
  console.log(`\nrepository synthesis (rlcf repo synth, seed bench, ${per} candidates per drawn strategy, combine on the kept ones):`);
  for (const name of names) {
    const r = REPOS[name];
    if (!r) throw new Error(`RLCF_BENCH_SYNTH_REPOS: unknown repository ${name} (known: ${Object.keys(REPOS).join(', ')})`);
    try {
      importSnapshot(r.source, { stateDir });
    } catch (e) {
      console.log(`${name}: skipped (${(e as Error).message.split('\n')[0]})`);
      continue;
    }
    const drawn = r.go ? GO_STRATEGIES.length : SYNTH_STRATEGIES.length - 1;
    const before = load();
    const { summary: s } = await synthesize({ snapshot: r.source, max: per * drawn, tries: per * drawn, seed: 'bench', stateDir, workers: 2 });
    console.log(`${name} (${r.source}): ${s.functions} functions, clean suite ${s.clean.stable_passing} stable / ${s.clean.flaky.length} flaky; ` +
      `${s.tried} tried, ${s.kept} kept, yield ${fmt(100 * s.yield, 1)}%, ${s.cpu_s} CPU-s, ` +
      `${s.kept ? fmt((60 * s.kept) / s.cpu_s, 1) : '0'} kept per CPU-minute, ${s.wall_s} s wall; load average ${before} -> ${load()}`);
    for (const [k, v] of Object.entries(s.per_strategy)) {
      const why = Object.entries(v.dropped).map(([a, b]) => `${a} ${b}`).join(', ');
      console.log(`  ${k.padEnd(20)} sites ${String(s.sites[k] ?? '-').padStart(4)}  tried ${String(v.tried).padStart(2)}  kept ${String(v.kept).padStart(2)}` +
        `  yield ${v.tried ? `${fmt((100 * v.kept) / v.tried, 0)}%` : '-'}${why ? `  (dropped: ${why})` : ''}`);
    }
  }
}
