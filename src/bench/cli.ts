// `npm run bench:cli`: the first contact with the command line, as wall time of whole processes
// (bin/rlcf.js, as a user runs it): `--help` and `--version` (target ≤ 0.25 s), a Python hello world
// with a warm state directory (≤ 0.5 s) and with an empty one (≤ 1 s), and the first Go and C++
// runs on an empty state (one-time toolchain set-up: they must say so on stderr). Medians of
// several runs; `node -e 0` is printed as this host's floor. Not a test: these machines are shared.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fmt, median, pct, vsTarget } from './stats.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'rlcf.js');
const N = Number(process.env.RLCF_BENCH_RUNS ?? 7);

interface Timed {
  seconds: number;
  status: number | null;
  stdout: string;
  stderr: string;
}

function timed(args: string[], cwd: string): Timed {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', timeout: 180_000 });
  return { seconds: (performance.now() - t0) / 1000, status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function series(label: string, n: number, run: (i: number) => Timed, target?: number): number {
  const xs: number[] = [];
  for (let i = 0; i < n; i++) {
    const r = run(i);
    if (r.status !== 0) throw new Error(`${label}: exit ${r.status}: ${r.stderr.slice(-500)}`);
    xs.push(r.seconds);
  }
  const m = median(xs);
  console.log(`${label.padEnd(40)} median s ${target === undefined ? fmt(m, 3) : vsTarget(m, target, '<=', 3)}` +
    `  min ${fmt(Math.min(...xs), 3)}  p90 ${fmt(pct(xs, 90), 3)}  (${n} runs)`);
  return m;
}

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), 'rlcf-bench-cli-'));
  try {
    writeFileSync(join(dir, 'hello.py'), 'print("hello")\n');
    writeFileSync(join(dir, 'hello.go'), 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hello") }\n');
    writeFileSync(join(dir, 'hello.cpp'), '#include <bits/stdc++.h>\nint main() { std::cout << "hello\\n"; }\n');
    console.log(`rlcf start-up, wall time of whole processes (${N} runs each; load average ${loadavg()[0].toFixed(2)} on ${availableParallelism()} cores)`);
    series('node -e 0 (this host\'s floor)', N, () => timed(['-e', '0'], dir));
    series('rlcf --help', N, () => timed([BIN, '--help'], dir), 0.25);
    series('rlcf --version', N, () => timed([BIN, '--version'], dir), 0.25);
    const warm = join(dir, 'warm');
    timed([BIN, 'run', 'hello.py', '--state-dir', warm], dir); // fills the state directory
    series('rlcf run hello.py (warm)', N, () => timed([BIN, 'run', 'hello.py', '--state-dir', warm], dir), 0.5);
    series('rlcf run hello.py (cold: empty state)', Math.min(N, 3), (i) => timed([BIN, 'run', 'hello.py', '--state-dir', join(dir, `cold${i}`)], dir), 1);
    for (const [lang, file] of [['Go', 'hello.go'], ['C++', 'hello.cpp']]) {
      const r = timed([BIN, 'run', file, '--state-dir', join(dir, `first-${lang}`)], dir);
      const said = r.stderr.split('\n').find((l) => /^rlcf: (first Go build|C\+\+: <bits\/stdc\+\+\.h> is not precompiled)/.test(l));
      console.log(`${`first ${lang} run (empty state)`.padEnd(40)} ${fmt(r.seconds, 1)} s, exit ${r.status}; on stderr before it: ${said ? `"${said.slice(0, 90)}…"` : 'NOTHING (MISS)'}`);
      const again = timed([BIN, 'run', file, '--state-dir', join(dir, `first-${lang}`)], dir);
      console.log(`${`second ${lang} run`.padEnd(40)} ${fmt(again.seconds, 1)} s`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
