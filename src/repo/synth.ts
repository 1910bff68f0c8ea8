// `rlcf repo synth`: SWE-bench-format instances made from a real repository, SWE-smith style.
// Candidates are procedural mutations of Python functions and classes made by the standard library
// `ast` inside the sandbox (agent/rlcf_synth_mutate.py), or of Go functions by go/ast (synth-go.ts),
// deterministic per seed; each is validated by execution through the same evaluation path as
// `swe eval` (synth-validate.ts): the suite at the clean snapshot twice (tests whose status differs
// are flaky and excluded), then with the bug, then its FAIL_TO_PASS tests again, repeatedly.
// FAIL_TO_PASS = stably passing tests that fail (or vanish) with the bug, PASS_TO_PASS = those that
// still pass; an instance is kept only with ≥ 1 of each. `combine` merges 2–3 kept bugs of one file
// into one more instance (synth-combine.ts), validated the same way. Its base_commit is the snapshot
// with the bug committed on top (an imported snapshot, so `swe eval` finds it), its gold patch the
// reverse diff.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildEnv, type RepoEnv, toolchainMounts } from './env.js';
import type { SweInstance } from './formats.js';
import { DEFAULT_REPO_LIMITS, runInRepoSandbox } from './sandbox.js';
import { importSnapshot, parseSource } from './snapshot.js';
import { readIndex, resolveSnapshot } from './store.js';
import { combineCandidates, masked } from './synth-combine.js';
import { drawGo, GO_STRATEGIES } from './synth-go.js';
import { problemStatement } from './synth-text.js';
import { cleanBaseline, makeRunner, type Outcome, validateCandidate } from './synth-validate.js';

export { GO_STRATEGIES };

const AGENT_DIR = join(dirname(fileURLToPath(import.meta.url)), 'agent');

export const SYNTH_STRATEGIES = ['flip-compare', 'flip-boolop', 'change-constant', 'swap-operands',
  'remove-condition', 'remove-assignment', 'remove-loop', 'invert-if-else', 'remove-wrapper',
  'shuffle-statements', 'remove-base-class', 'remove-method', 'combine'] as const;
/** strategies made from other kept instances, not drawn by a parser helper */
const DERIVED = ['combine'];

export interface Candidate {
  id: string; file: string; function: string; lineno: number; strategy: string; description: string;
  bug_patch: string; gold_patch: string;
  /** only failing tests of these files count as FAIL_TO_PASS (release mirroring: the tests that changed) */
  f2p_files?: string[];
  /** merged into the instance's `synth` field */
  meta?: Record<string, unknown>;
  /** combine: the ids of the kept candidates merged into this one */
  parts?: string[];
}

export type DropReason = 'bug_patch_failed' | 'timeout' | 'run_error' | 'no_fail_to_pass' | 'no_pass_to_pass' | 'flaky_with_bug'
  /** combine: a part's F2P tests do not all fail with the parts together (one bug hides another) */
  | 'masked'
  /** Go: the mutated package does not build */
  | 'does_not_compile';

export interface StrategySummary { tried: number; kept: number; dropped: Partial<Record<DropReason, number>> }

export interface SynthSummary {
  snapshot: string; repo: string; seed: string; strategies: string[]; max: number;
  functions: number; sites: Record<string, number>; candidates: number;
  clean: { tests: number; stable_passing: number; flaky: string[] };
  per_strategy: Record<string, StrategySummary>;
  tried: number; kept: number; dropped: Partial<Record<DropReason, number>>;
  yield: number; cpu_s: number; cpu_s_per_kept: number | null; wall_s: number;
}

export interface SynthOptions {
  snapshot: string;
  /** instances to keep (validation stops there) */
  max: number;
  /** candidates drawn (default 4 × max) */
  tries?: number;
  strategies?: string[];
  seed: string;
  repo?: string;
  workers?: number;
  timeout_s?: number;
  stateDir?: string;
  log?: (s: string) => void;
  /** candidates from another source (release mirroring, LM rewrites: synth-release.ts, synth-lm.ts)
   * instead of the procedural draw; `strategies` then names theirs. Validation is the same. */
  draw?: (snapDir: string, env: RepoEnv) => Promise<Drawn>;
  /** the problem statement of a kept candidate (a model's, synth-lm.ts); an empty text falls back
   * to the template; `meta` is merged into `synth` */
  statement?: (k: { c: Candidate; f2p: string[]; raw: string; repo: string; snapDir: string; language: RepoEnv['language'] }) =>
    Promise<{ text: string; meta: Record<string, unknown> }>;
  /** validate these candidates instead of drawing them (same validation; e.g. from another generator) */
  candidates?: Candidate[];
}

let clkTck = 0;
/** CPU seconds of this process and of its waited-for descendants (the sandboxes): /proc/self/stat's
 * utime, stime, cutime, cstime */
export function cpuSeconds(): number {
  if (!clkTck) clkTck = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields 14-17 of proc(5), counted from 1 with pid and comm: index 11.. after the comm
  return (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / clkTck;
}

/** A default `owner/name` from how the snapshot was imported */
function repoName(id: string, stateDir?: string): { repo: string; version: string; source: string } {
  // a source importSnapshot can re-resolve (not a `<source>+<patch hash>` one)
  const src = Object.entries(readIndex(stateDir)).find(([k, v]) => {
    if (v !== id) return false;
    try {
      return !!parseSource(k);
    } catch {
      return false;
    }
  })?.[0];
  if (!src) throw new Error(`no snapshot ${id} in the import index: import it with rlcf repo import first`);
  let m: RegExpExecArray | null;
  if ((m = /^pypi:([^=]+)==(.+)$/.exec(src))) return { repo: `${m[1]}/${m[1]}`, version: m[2], source: src };
  if ((m = /^gomod:(?:[^/]+\/)?([^@]+)@(.+)$/.exec(src))) return { repo: m[1].split('/').slice(-2).join('/'), version: m[2], source: src };
  const base = src.replace(/^path:/, '').replace(/@.*$/, '').split('/').filter(Boolean).pop() ?? 'repo';
  return { repo: `${base}/${base}`, version: '0', source: src };
}

export type Drawn = { functions: number; sites: Record<string, number>; candidates: Candidate[] };
export type DrawOpts = { seed: string; limit: number; strategies: string[]; stateDir?: string; language?: 'python' | 'go' };

/** Draw candidates inside the sandbox (the repository's files are read, nothing of it runs) */
export async function drawCandidates(snapDir: string, o: DrawOpts): Promise<Drawn> {
  if (o.language === 'go') return drawGo(snapDir, o, AGENT_DIR);
  return await pythonHelper(snapDir, 'rlcf_synth_mutate.py', ['--root', '/testbed', '--seed', o.seed, '--limit', String(o.limit),
    '--strategies', o.strategies.join(',')], { stateDir: o.stateDir, what: 'the mutation helper' }) as Drawn;
}

/** One of agent/'s Python helpers in the sandbox over a read-only view of the snapshot (nothing of
 * the repository runs); its JSON answer on stdout. `ro`: more read-only mounts (e.g. model answers). */
export async function pythonHelper(snapDir: string, script: string, args: string[],
  o: { stateDir?: string; ro?: { src: string; dest: string }[]; what: string }): Promise<unknown> {
  const tcm = toolchainMounts('python');
  const r = await runInRepoSandbox({
    overlays: [{ lower: snapDir, dest: '/testbed' }],
    ro: [...tcm.ro, { src: AGENT_DIR, dest: '/rlcf-repo' }, ...(o.ro ?? [])],
    env: { PATH: [...tcm.path, '/usr/bin', '/bin'].join(':'), PYTHONDONTWRITEBYTECODE: '1', PYTHONHASHSEED: '0' },
    argv: ['python3', '-I', `/rlcf-repo/${script}`, ...args],
    cwd: '/testbed', limits: { ...DEFAULT_REPO_LIMITS, wall_ms: 300_000, cpu_s: 300, output_bytes: 64 << 20 },
  }, o.stateDir);
  if (r.exit_code !== 0) throw new Error(`${o.what} failed (exit ${r.exit_code ?? r.signal}): ${r.output.slice(-2000)}`);
  return JSON.parse(r.output);
}

export async function synthesize(o: SynthOptions): Promise<{ instances: (SweInstance & { synth: object })[]; summary: SynthSummary }> {
  const t0 = performance.now();
  const cpu0 = cpuSeconds();
  const log = o.log ?? (() => {});
  for (const s of o.draw ? [] : o.strategies ?? []) {
    if (!(SYNTH_STRATEGIES as readonly string[]).includes(s)) throw new Error(`unknown strategy ${JSON.stringify(s)}; known: ${SYNTH_STRATEGIES.join(', ')}`);
  }
  const snap = resolveSnapshot(o.snapshot, o.stateDir);
  const named = repoName(snap.id, o.stateDir);
  const repo = o.repo ?? named.repo;
  const env: RepoEnv = await buildEnv(snap.id, { stateDir: o.stateDir, log });
  if (env.language !== 'python' && env.language !== 'go') throw new Error(`repo synth mutates Python and Go functions; ${o.snapshot} is a ${env.language} repository`);
  const strategies = o.strategies?.length ? o.strategies : [...(env.language === 'go' ? [...GO_STRATEGIES, ...DERIVED] : SYNTH_STRATEGIES)];
  const drawnWith = strategies.filter((s) => !DERIVED.includes(s));
  const drawn: Drawn = o.draw ? await o.draw(snap.dir, env)
    : o.candidates ? { functions: 0, sites: {}, candidates: o.candidates }
      : drawnWith.length ? await drawCandidates(snap.dir, { seed: o.seed, limit: o.tries ?? 4 * o.max, strategies: drawnWith, stateDir: o.stateDir, language: env.language })
        : { functions: 0, sites: {}, candidates: [] };
  log(`${drawn.functions} functions of some complexity, ${drawn.candidates.length} candidates drawn`);
  const run = makeRunner(repo, env, snap.dir, o.stateDir);
  const base = await cleanBaseline(run, o.snapshot, o.timeout_s);
  const { all, stable, flaky } = base;
  log(`clean suite: ${all.length} tests, ${stable.length} stably passing, ${flaky.length} flaky`);
  const validate = (c: Candidate) => validateCandidate(c, run, base, env.language as 'python' | 'go');
  const report = (x: Outcome) => log(`${x.c.strategy} ${x.c.file}:${x.c.lineno} ${x.c.function}: ${x.kept ? `kept (F2P ${x.f2p!.length}, P2P ${x.p2p!.length})` : x.reason}`);
  // in candidate order, `workers` at a time, until `max` are kept: the outcome is the same whatever
  // the parallelism (a batch's surplus past the max-th kept is not counted)
  const outcomes: Outcome[] = [];
  const workers = Math.max(1, o.workers ?? 2);
  for (let i = 0; i < drawn.candidates.length && outcomes.filter((x) => x.kept).length < o.max; i += workers) {
    const batch = await Promise.all(drawn.candidates.slice(i, i + workers).map(validate));
    for (const x of batch) {
      if (outcomes.filter((y) => y.kept).length >= o.max) break;
      outcomes.push(x);
      report(x);
    }
  }
  // combine: 2–3 kept bugs of one file at a time (up to half of --max more instances), validated again
  let combined = 0;
  if (strategies.includes('combine')) {
    const groups = combineCandidates(outcomes.filter((x) => x.kept), { seed: o.seed, max: Math.ceil(o.max / 2), snapDir: snap.dir });
    combined = groups.length;
    for (let i = 0; i < groups.length; i += workers) {
      const batch = await Promise.all(groups.slice(i, i + workers).map(async (g) => {
        const x = await validateCandidate(g.candidate, run, base, env.language as 'python' | 'go');
        return x.kept && masked(g.parts, x.f2p!) ? { c: x.c, kept: false, reason: 'masked' as const } : x;
      }));
      for (const x of batch) {
        outcomes.push(x);
        report(x);
      }
    }
  }
  const instances: (SweInstance & { synth: object })[] = [];
  for (const x of outcomes.filter((y) => y.kept)) {
    // the bug committed on the snapshot, through its import source (already imported: reused)
    const base = importSnapshot(named.source, { stateDir: o.stateDir, apply: [{ name: `${x.c.strategy}.patch`, patch: x.c.bug_patch }] });
    const st = o.statement ? await o.statement({ c: x.c, f2p: x.f2p!, raw: x.raw ?? '', repo, snapDir: snap.dir, language: env.language }) : null;
    const hash = createHash('sha256').update(x.c.bug_patch).digest('hex').slice(0, 8);
    instances.push({
      instance_id: `${repo.replace('/', '__')}.synth.${x.c.strategy}.${hash}`, repo, base_commit: base.id, patch: x.c.gold_patch,
      test_patch: '', problem_statement: st?.text || problemStatement(repo, x.f2p!, x.raw ?? '', env.language), hints_text: '', version: named.version,
      FAIL_TO_PASS: x.f2p!, PASS_TO_PASS: x.p2p!, environment_setup_commit: snap.id, created_at: '2000-01-01T00:00:00Z',
      snapshot: named.source, ...(env.language === 'go' ? { language: 'go' as const } : {}),
      synth: { strategy: x.c.strategy, candidate: x.c.id, file: x.c.file, function: x.c.function, lineno: x.c.lineno, description: x.c.description, seed: o.seed,
        ...(x.c.parts ? { parts: x.c.parts } : {}), ...x.c.meta, ...st?.meta },
    });
  }
  const per: Record<string, StrategySummary> = Object.fromEntries(strategies.map((s) => [s, { tried: 0, kept: 0, dropped: {} }]));
  const dropped: Partial<Record<DropReason, number>> = {};
  for (const x of outcomes) {
    const s = (per[x.c.strategy] ??= { tried: 0, kept: 0, dropped: {} });
    s.tried++;
    if (x.kept) s.kept++;
    else {
      s.dropped[x.reason!] = (s.dropped[x.reason!] ?? 0) + 1;
      dropped[x.reason!] = (dropped[x.reason!] ?? 0) + 1;
    }
  }
  const cpu = cpuSeconds() - cpu0;
  const kept = instances.length;
  return {
    instances,
    summary: {
      snapshot: snap.id, repo, seed: o.seed, strategies, max: o.max, functions: drawn.functions, sites: drawn.sites,
      candidates: drawn.candidates.length + combined, clean: { tests: all.length, stable_passing: stable.length, flaky },
      per_strategy: per, tried: outcomes.length, kept, dropped, yield: outcomes.length ? kept / outcomes.length : 0,
      cpu_s: Math.round(cpu * 100) / 100, cpu_s_per_kept: kept ? Math.round((cpu / kept) * 100) / 100 : null,
      wall_s: Math.round((performance.now() - t0) / 100) / 10,
    },
  };
}
