// `npm run bench:compile`: what a new source costs to compile, per language (figures, not a test).
// In RL every sample is a new source, so each is compiled once: these are the compiles that
// bench:rl pays for. Per case, in one run:
//   rlcf      the compile step through the engine (sandboxed, as a submission), after warm-up:
//             median wall ms of `compile.ms` over --n unique sources, one at a time
//   before    the previous command (Java: a javac process per program; TypeScript type-check: a tsc
//             process per program; Go: without -s -w; C++ <iostream>: without its precompiled
//             header), same engine and sandbox
//   floor     the compiler's own time on the host, no sandbox, same flags (wall and CPU ms, median):
//             what a sandboxed compile cannot beat
// Options: --n N (default 15), --warm N (default 5), --only a,b (case names), --json,
// --ts-fidelity (also: every MultiPL-E TypeScript task of ../shared/data, judged with a body that
// type-checks and one that does not, through the warm checker and through the tsc process: how
// many judgements and compile messages agree)
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadMultiplE } from '../benchmarks/multipl-e.js';
import { judge } from '../judge/index.js';
import { Sandbox } from '../sandbox/engine.js';
import { DESCRIPTORS } from '../sandbox/languages/index.js';
import { remapCache } from '../sandbox/paths.js';
import type { Language, Submission } from '../sandbox/types.js';
import { fmt, median } from './stats.js';

interface Case {
  name: string;
  language: Language;
  source: (tag: string) => string;
  typecheck?: boolean;
  /** submission flags that restore the previous command line (appended after rlcf's own) */
  beforeFlags?: string[];
  /** the previous command needs the warm compilers off */
  beforeCold?: boolean;
  /** the previous command is this source (e.g. a first include that no precompiled header serves) */
  beforeSource?: (tag: string) => string;
}

const CASES: Case[] = [
  { name: 'java', language: 'java', beforeCold: true,
    source: (t) => `// ${t}\nimport java.util.*;\npublic class Main {\n  public static void main(String[] a) {\n    Scanner sc = new Scanner(System.in);\n    long s = 0;\n    while (sc.hasNextLong()) s += sc.nextLong();\n    System.out.println(s);\n  }\n}\n` },
  { name: 'cpp-iostream', language: 'cpp',
    source: (t) => `// ${t}\n#include <iostream>\nint main() { long long s = 0, x; while (std::cin >> x) s += x; std::cout << s << "\\n"; }\n`,
    // a declaration before the include: g++ cannot use a precompiled header there (same program)
    beforeSource: (t) => `// ${t}\nint rlcf_bench_no_pch;\n#include <iostream>\nint main() { long long s = 0, x; while (std::cin >> x) s += x; std::cout << s << "\\n"; }\n` },
  { name: 'cpp-bits', language: 'cpp',
    source: (t) => `// ${t}\n#include <bits/stdc++.h>\nusing namespace std;\nint main() { vector<long long> v; long long x; while (cin >> x) v.push_back(x); sort(v.begin(), v.end()); cout << accumulate(v.begin(), v.end(), 0LL) << "\\n"; }\n` },
  { name: 'c', language: 'c', source: (t) => `// ${t}\n#include <stdio.h>\nint main(void) { long long s = 0, x; while (scanf("%lld", &x) == 1) s += x; printf("%lld\\n", s); return 0; }\n` },
  { name: 'rust', language: 'rust',
    source: (t) => `// ${t}\nuse std::io::Read;\nfn main() { let mut s = String::new(); std::io::stdin().read_to_string(&mut s).unwrap(); let t: i64 = s.split_whitespace().map(|w| w.parse::<i64>().unwrap()).sum(); println!("{}", t); }\n` },
  { name: 'go', language: 'go', beforeFlags: ['-ldflags='],
    source: (t) => `// ${t}\npackage main\n\nimport (\n\t"bufio"\n\t"fmt"\n\t"os"\n)\n\nfunc main() {\n\tr := bufio.NewReader(os.Stdin)\n\tvar s, x int64\n\tfor {\n\t\tif _, err := fmt.Fscan(r, &x); err != nil {\n\t\t\tbreak\n\t\t}\n\t\ts += x\n\t}\n\tfmt.Println(s)\n}\n` },
  { name: 'typescript-typecheck', language: 'typescript', typecheck: true, beforeCold: true,
    source: (t) => `// ${t}\ndeclare const require: (m: string) => { readFileSync(fd: number, enc: string): string };\ndeclare const console: { log(x: unknown): void };\nconst d: number[] = require('fs').readFileSync(0, 'utf8').split(/\\s+/).filter(Boolean).map(Number);\nconst s: number = d.reduce((a: number, b: number) => a + b, 0);\nconsole.log(s);\n` },
];

function parseArgs(argv: string[]) {
  const o = { n: 15, warm: 5, only: [] as string[], json: false, tsFidelity: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--n') o.n = Math.max(3, Number(argv[++i]));
    else if (a === '--warm') o.warm = Math.max(0, Number(argv[++i]));
    else if (a === '--only') o.only = String(argv[++i] ?? '').split(',').filter(Boolean);
    else if (a === '--json') o.json = true;
    else if (a === '--ts-fidelity') o.tsFidelity = true;
    else throw new Error(`unknown option ${a} (options: --n N, --warm N, --only ${CASES.map((c) => c.name).join(',')}, --json, --ts-fidelity)`);
  }
  for (const n of o.only) if (!CASES.some((c) => c.name === n)) throw new Error(`--only: no case ${n} (cases: ${CASES.map((c) => c.name).join(', ')})`);
  return o;
}

let seq = 0;
const tag = () => `rlcf bench ${Date.now().toString(36)} ${process.pid} ${seq++}`;

/** Median compile ms of n fresh sources through the engine (after `warm` unmeasured ones). */
async function viaEngine(sb: Sandbox, c: Case, n: number, warm: number, source = c.source, flags?: string[]) {
  const ms: number[] = [];
  let status = '';
  const pool = c.language === 'java' ? sb.javac : c.language === 'typescript' && c.typecheck ? sb.tscheck : null;
  for (let i = 0; i < warm + n; i++) {
    // a warm compiler starts in the background from the second compile: measure once it serves
    for (let t = 0; i === warm && pool?.usable && !pool.servers.some((s) => s.warm) && t < 60; t++) await new Promise((r) => setTimeout(r, 500));
    const sub: Submission = { language: c.language, source: source(tag()), stdin: '1 2 3\n', ...(c.typecheck ? { typecheck: true } : {}),
      ...(flags ? { flags } : {}) };
    const v = await sb.run(sub);
    if (v.status !== 'ok' || v.stdout !== '6\n') status = `${v.status}: ${(v.compile?.message ?? v.stderr).slice(0, 200)}`;
    if (i >= warm && v.compile) ms.push(v.compile.ms);
  }
  return { ms: median(ms), status: status || 'ok' };
}

const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

/** The compiler's own time on the host: the descriptor's command, no sandbox. */
function floor(sb: Sandbox, c: Case, n: number, warm: number) {
  const d = DESCRIPTORS[c.language];
  const tc = d.discover();
  const gocache = join(sb.slots[0].hostGocache);
  const hostGo = join(tmpdir(), 'rlcf-bench-gocache'); // the sandbox's Go cache belongs to its uid
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < warm + n; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'rlcf-bench-'));
    try {
      const sub: Submission = { language: c.language, source: c.source(tag()), ...(c.typecheck ? { typecheck: true } : {}) };
      const file = d.fileName(sub);
      const spec = d.compile!(tc, file, sub);
      writeFileSync(join(dir, file), sub.source);
      const env = Object.fromEntries(Object.entries(spec.env).map(([k, v]) => [k, k === 'GOCACHE' ? hostGo : remapCache(v, gocache)]));
      if (env.GOCACHE) mkdirSync(hostGo, { recursive: true });
      const argv = spec.argv.map((a) => remapCache(a, gocache));
      const t0 = performance.now();
      const r = spawnSync(TIME ?? argv[0], TIME ? ['-f', 'RLCF %U %S', ...argv] : argv.slice(1), { cwd: dir, env, encoding: 'utf8' });
      const w = performance.now() - t0;
      if (r.status !== 0) throw new Error(`${c.name} floor: ${argv.join(' ')}: ${r.stderr.slice(-300)}`);
      if (i < warm) continue;
      wall.push(w);
      const m = /RLCF ([\d.]+) ([\d.]+)/.exec(r.stderr);
      if (m) cpu.push((Number(m[1]) + Number(m[2])) * 1000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return { wall: median(wall), cpu: cpu.length ? median(cpu) : NaN };
}

/** MultiPL-E's TypeScript tasks, each judged with a body that type-checks (its tests then fail)
 * and one that does not, through the warm checker and through the tsc process. */
async function tsFidelity(warm: Sandbox, cold: Sandbox): Promise<string> {
  const file = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'data', 'multipl-e', 'humaneval-ts-reworded.jsonl');
  if (!existsSync(file)) return `ts fidelity: ${file} not found`;
  const tasks = await loadMultiplE(file);
  const bodies = ['  return undefined as any;\n}\n', '  const z: number = "x" as string;\n  return undefined as any;\n}\n'];
  const w0 = warm.tscheck.stats.warm;
  let same = 0;
  let n = 0;
  const diffs: string[] = [];
  const statuses: Record<string, number> = {};
  for (const t of tasks) {
    for (const b of bodies) {
      // a tag line of the same length on both sides: new sources, the same line numbers
      const [w, c] = await Promise.all([judge(warm, t, `  // W ${tag()}\n${b}`), judge(cold, t, `  // C ${tag()}\n${b}`)]);
      n++;
      statuses[w.status] = (statuses[w.status] ?? 0) + 1;
      if (w.status === c.status && w.passed === c.passed && w.compile_message === c.compile_message) same++;
      else diffs.push(`${t.id}: warm ${w.status} ${w.compile_message?.slice(0, 120)} | tsc ${c.status} ${c.compile_message?.slice(0, 120)}`);
    }
  }
  return `ts fidelity: ${same}/${n} judgements and compile messages identical (warm ${JSON.stringify(statuses)}; ` +
    `${warm.tscheck.stats.warm - w0} warm checks)${diffs.length ? `\n  ${diffs.slice(0, 10).join('\n  ')}` : ''}`;
}

function loadAvg(): string {
  try {
    return execFileSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).split(' ').slice(0, 3).join(' ');
  } catch {
    return '?';
  }
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const cases = CASES.filter((c) => !o.only.length || o.only.includes(c.name));
  const sb = await Sandbox.create({});
  const cold = cases.some((c) => c.beforeCold) || o.tsFidelity ? await Sandbox.create({ warmCompilers: false }) : null;
  const rows: Record<string, unknown>[] = [];
  console.log(`compile per new source, median of ${o.n} after ${o.warm} warm-up (load average at start ${loadAvg()})`);
  try {
    // the precompiled headers are built in the background on the first C++ compile: wait for them
    if (cases.some((c) => c.language === 'cpp')) {
      await sb.run({ language: 'cpp', source: `// ${tag()}\nint main() {}\n` });
      await sb.settle();
    }
    for (const c of cases) {
      let rl: { ms: number; status: string };
      try {
        rl = await viaEngine(sb, c, o.n, o.warm);
      } catch (e) {
        console.log(`  ${c.name}: skipped: ${(e as Error).message}`);
        continue;
      }
      let before: { ms: number; status: string } | null = null;
      if (c.beforeCold && cold) before = await viaEngine(cold, c, o.n, Math.min(o.warm, 2));
      else if (c.beforeFlags) before = await viaEngine(sb, c, o.n, Math.min(o.warm, 2), c.source, c.beforeFlags);
      else if (c.beforeSource) before = await viaEngine(sb, c, o.n, Math.min(o.warm, 2), c.beforeSource);
      let f: { wall: number; cpu: number } | null = null;
      try {
        f = floor(sb, c, o.n, Math.min(o.warm, 2));
      } catch (e) {
        console.log(`  ${c.name}: floor not measured: ${(e as Error).message}`);
      }
      const pool = c.language === 'java' ? sb.javac : c.language === 'typescript' ? sb.tscheck : null;
      const extra = pool ? ` (warm ${pool.stats.warm}, fallback ${pool.stats.fallback})` : '';
      console.log(`  ${c.name.padEnd(21)} rlcf ${fmt(rl.ms, 0).padStart(5)} ms` +
        (before ? ` | before ${fmt(before.ms, 0).padStart(5)} ms (${fmt(before.ms / rl.ms, 2)}×)` : ' | before   (same command)'.padEnd(30)) +
        (f ? ` | floor on host: wall ${fmt(f.wall, 0)} ms, cpu ${fmt(f.cpu, 0)} ms` : '') +
        `${rl.status === 'ok' ? '' : `  VERDICT ${rl.status}`}${before && before.status !== 'ok' ? `  BEFORE ${before.status}` : ''}${extra}`);
      rows.push({ case: c.name, rlcf_ms: rl.ms, before_ms: before?.ms ?? null, floor_wall_ms: f?.wall ?? null, floor_cpu_ms: f?.cpu ?? null,
        status: rl.status });
    }
    if (o.tsFidelity) {
      const f = await tsFidelity(sb, cold ?? await Sandbox.create({ warmCompilers: false }));
      console.log(f);
    }
    console.log(`load average at end ${loadAvg()}`);
    if (o.json) console.log(JSON.stringify(rows));
  } finally {
    await sb.close();
    await cold?.close();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
