// `rlcf repo synth`: SWE-bench-format instances made from a real repository, SWE-smith style.
// Candidates are procedural mutations of Python functions made by the standard library `ast` inside
// the sandbox (agent/rlcf_synth_mutate.py: deterministic per seed); each is validated by execution
// through the same evaluation path as `swe eval` (evaluate.ts): the suite at the clean snapshot twice
// (tests whose status differs between the two runs are flaky and excluded), then with the bug applied.
// FAIL_TO_PASS = stably passing tests that fail (or vanish) with the bug, PASS_TO_PASS = those that
// still pass; an instance is kept only with ≥ 1 of each. Its base_commit is the snapshot with the bug
// committed on top (an imported snapshot, so `swe eval` finds it), its gold patch the reverse diff.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { APPLY_PATCH_FAIL } from './constants.js';
import { buildEnv, type RepoEnv, sharedGocache, toolchainMounts } from './env.js';
import { evaluateInstance } from './evaluate.js';
import type { SweInstance } from './formats.js';
import { testPassed } from './grading.js';
import { DEFAULT_REPO_LIMITS, runInRepoSandbox } from './sandbox.js';
import { importSnapshot, parseSource } from './snapshot.js';
import { readIndex, resolveSnapshot } from './store.js';
import { problemStatement } from './synth-text.js';

const AGENT_DIR = join(dirname(fileURLToPath(import.meta.url)), 'agent');

export const SYNTH_STRATEGIES = ['flip-compare', 'flip-boolop', 'change-constant', 'swap-operands',
  'remove-condition', 'remove-assignment', 'remove-loop', 'invert-if-else', 'remove-wrapper'] as const;
/** what the go/ast helper does (expression-level edits) */
export const GO_STRATEGIES = ['flip-compare', 'flip-boolop', 'change-constant', 'swap-operands'] as const;

export interface Candidate {
  id: string; file: string; function: string; lineno: number; strategy: string; description: string;
  bug_patch: string; gold_patch: string;
  /** only failing tests of these files count as FAIL_TO_PASS (release mirroring: the tests that changed) */
  f2p_files?: string[];
  /** merged into the instance's `synth` field */
  meta?: Record<string, unknown>;
}

export type DropReason = 'bug_patch_failed' | 'timeout' | 'run_error' | 'no_fail_to_pass' | 'no_pass_to_pass' | 'flaky_with_bug';

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
type DrawOpts = { seed: string; limit: number; strategies: string[]; stateDir?: string; language?: 'python' | 'go' };

/** Draw candidates inside the sandbox (the repository's files are read, nothing of it runs) */
export async function drawCandidates(snapDir: string, o: DrawOpts): Promise<Drawn> {
  if (o.language === 'go') return drawGo(snapDir, o);
  const tcm = toolchainMounts('python');
  const r = await runInRepoSandbox({
    overlays: [{ lower: snapDir, dest: '/testbed' }],
    ro: [...tcm.ro, { src: AGENT_DIR, dest: '/rlcf-repo' }],
    env: { PATH: [...tcm.path, '/usr/bin', '/bin'].join(':'), PYTHONDONTWRITEBYTECODE: '1', PYTHONHASHSEED: '0' },
    argv: ['python3', '-I', '/rlcf-repo/rlcf_synth_mutate.py', '--root', '/testbed', '--seed', o.seed, '--limit', String(o.limit),
      '--strategies', o.strategies.join(',')],
    cwd: '/testbed', limits: { ...DEFAULT_REPO_LIMITS, wall_ms: 300_000, cpu_s: 300, output_bytes: 64 << 20 },
  }, o.stateDir);
  if (r.exit_code !== 0) throw new Error(`the mutation helper failed (exit ${r.exit_code ?? r.signal}): ${r.output.slice(-2000)}`);
  return JSON.parse(r.output) as { functions: number; sites: Record<string, number>; candidates: Candidate[] };
}

/** Go: the go/ast helper (agent/synthgo) reports one-line edits; the diffs are made here */
async function drawGo(snapDir: string, o: DrawOpts): Promise<Drawn> {
  const tcm = toolchainMounts('go');
  for (const s of o.strategies) {
    if (!(GO_STRATEGIES as readonly string[]).includes(s)) throw new Error(`strategy ${s} is not available for Go (Go: ${GO_STRATEGIES.join(', ')})`);
  }
  const r = await runInRepoSandbox({
    overlays: [{ lower: snapDir, dest: '/testbed' }, { lower: sharedGocache(o.stateDir), dest: '/gocache' }],
    ro: [...tcm.ro, { src: AGENT_DIR, dest: '/rlcf-repo' }],
    // a stdlib-only program run outside any module
    env: { ...tcm.env, GOFLAGS: '', GOMODCACHE: '/tmp/gomodcache', HOME: '/tmp', PATH: [...tcm.path, '/usr/bin', '/bin'].join(':') },
    argv: ['go', 'run', '/rlcf-repo/synthgo/main.go', '-root', '/testbed', '-seed', o.seed, '-limit', String(o.limit), '-strategies', o.strategies.join(',')],
    cwd: '/tmp', limits: { ...DEFAULT_REPO_LIMITS, wall_ms: 300_000, cpu_s: 300, output_bytes: 64 << 20 },
  }, o.stateDir);
  if (r.exit_code !== 0) throw new Error(`the Go mutation helper failed (exit ${r.exit_code ?? r.signal}): ${r.output.slice(-2000)}`);
  const d = JSON.parse(r.output) as { functions: number; sites: Record<string, number>; candidates: (Omit<Candidate, 'bug_patch' | 'gold_patch'> & { before: string; after: string })[] };
  const candidates: Candidate[] = [];
  for (const c of d.candidates) {
    const lines = readFileSync(join(snapDir, c.file), 'utf8').split('\n');
    lines.pop(); // the text ends with a newline (the helper skips files that do not)
    const i = c.lineno - 1;
    if (lines[i] !== c.before) throw new Error(`Go helper: ${c.file}:${c.lineno} is not the line it reported`);
    const a = Math.max(0, i - 3), b = Math.min(lines.length, i + 4);
    const hunk = (from: string, to: string) => [`diff --git a/${c.file} b/${c.file}`, `--- a/${c.file}`, `+++ b/${c.file}`,
      `@@ -${a + 1},${b - a} +${a + 1},${b - a} @@`, ...lines.slice(a, i).map((l) => ` ${l}`), `-${from}`, `+${to}`,
      ...lines.slice(i + 1, b).map((l) => ` ${l}`)].join('\n') + '\n';
    candidates.push({ id: c.id, file: c.file, function: c.function, lineno: c.lineno, strategy: c.strategy, description: c.description,
      bug_patch: hunk(c.before, c.after), gold_patch: hunk(c.after, c.before) });
  }
  return { functions: d.functions, sites: d.sites, candidates };
}

function probe(id: string, repo: string): SweInstance {
  return { instance_id: id, repo, base_commit: '', patch: '', test_patch: '', problem_statement: '', hints_text: '', version: '',
    FAIL_TO_PASS: [], PASS_TO_PASS: [], environment_setup_commit: '' };
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
  const strategies = o.strategies?.length ? o.strategies : [...(env.language === 'go' ? GO_STRATEGIES : SYNTH_STRATEGIES)];
  const drawn = o.draw ? await o.draw(snap.dir, env) : await drawCandidates(snap.dir, { seed: o.seed, limit: o.tries ?? 4 * o.max, strategies, stateDir: o.stateDir, language: env.language });
  log(`${drawn.functions} functions of some complexity, ${drawn.candidates.length} candidates drawn`);
  const run = async (patch: string, timeout_s: number) => evaluateInstance(probe('synth-probe', repo),
    { instance_id: 'synth-probe', model_name_or_path: 'synth', model_patch: patch }, env, snap.dir, { stateDir: o.stateDir, timeout_s });
  // the clean suite twice: only tests passing in both count, tests that change status are flaky
  const clean = [await run('', o.timeout_s ?? 1800), await run('', o.timeout_s ?? 1800)];
  // a mutation can make the suite loop forever (a removed assignment in a while loop): a bug run
  // gets a few times the clean suite's time, not the whole default
  const bugTimeout = o.timeout_s ?? Math.max(60, Math.ceil((5 * Math.max(...clean.map((c) => c.timings.sandbox_ms))) / 1000));
  for (const c of clean) if (!c.status_map) throw new Error(`the clean suite of ${o.snapshot} gave no results: ${c.error ?? c.raw_output.slice(-2000)}`);
  const [a, b] = clean.map((c) => c.status_map!);
  const all = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  const flaky = all.filter((t) => testPassed(t, a) !== testPassed(t, b));
  const stable = all.filter((t) => testPassed(t, a) && testPassed(t, b));
  log(`clean suite: ${all.length} tests, ${stable.length} stably passing, ${flaky.length} flaky`);
  if (!stable.length) throw new Error(`the clean suite of ${o.snapshot} has no stably passing test (${all.length} tests): nothing could become FAIL_TO_PASS; check its environment (rlcf repo env) and test layout`);

  type Outcome = { c: Candidate; kept: boolean; reason?: DropReason; f2p?: string[]; p2p?: string[]; raw?: string };
  const validate = async (c: Candidate): Promise<Outcome> => {
    const r = await run(c.bug_patch, bugTimeout);
    // the patch did not apply, or the sandbox did not start (run_error, not the candidate's fault)
    if (!r.patch_applied) return { c, kept: false, reason: r.error?.startsWith(APPLY_PATCH_FAIL) ? 'bug_patch_failed' : 'run_error' };
    if (r.error?.startsWith('Test timed out')) return { c, kept: false, reason: 'timeout' };
    if (!r.status_map || r.error) return { c, kept: false, reason: 'run_error' };
    const f2p = stable.filter((t) => !testPassed(t, r.status_map!) && (!c.f2p_files || c.f2p_files.includes(t.split('::')[0])));
    const p2p = stable.filter((t) => testPassed(t, r.status_map!));
    if (!f2p.length) return { c, kept: false, reason: 'no_fail_to_pass' };
    if (!p2p.length) return { c, kept: false, reason: 'no_pass_to_pass' };
    // a second run with the bug: a bug whose effect is random (a pool, a clock) would give F2P tests
    // that pass by chance when the instance is evaluated; only a bug with the same F2P/P2P twice is kept
    const again = await run(c.bug_patch, bugTimeout);
    if (!again.status_map || again.error) return { c, kept: false, reason: 'run_error' };
    const same = stable.every((t) => testPassed(t, again.status_map!) === testPassed(t, r.status_map!));
    if (!same) return { c, kept: false, reason: 'flaky_with_bug' };
    return { c, kept: true, f2p, p2p, raw: r.raw_output };
  };
  // in candidate order, `workers` at a time, until `max` are kept: the outcome is the same whatever
  // the parallelism (a batch's surplus past the max-th kept is not counted)
  const outcomes: Outcome[] = [];
  const workers = Math.max(1, o.workers ?? 2);
  for (let i = 0; i < drawn.candidates.length && outcomes.filter((x) => x.kept).length < o.max; i += workers) {
    const batch = await Promise.all(drawn.candidates.slice(i, i + workers).map(validate));
    for (const x of batch) {
      if (outcomes.filter((y) => y.kept).length >= o.max) break;
      outcomes.push(x);
      log(`${x.c.strategy} ${x.c.file}:${x.c.lineno} ${x.c.function}: ${x.kept ? `kept (F2P ${x.f2p!.length}, P2P ${x.p2p!.length})` : x.reason}`);
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
      synth: { strategy: x.c.strategy, file: x.c.file, function: x.c.function, lineno: x.c.lineno, description: x.c.description, seed: o.seed, ...x.c.meta, ...st?.meta },
    });
  }
  const per: Record<string, StrategySummary> = Object.fromEntries(strategies.map((s) => [s, { tried: 0, kept: 0, dropped: {} }]));
  const dropped: Partial<Record<DropReason, number>> = {};
  for (const x of outcomes) {
    const s = per[x.c.strategy];
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
      candidates: drawn.candidates.length, clean: { tests: all.length, stable_passing: stable.length, flaky },
      per_strategy: per, tried: outcomes.length, kept, dropped, yield: outcomes.length ? kept / outcomes.length : 0,
      cpu_s: Math.round(cpu * 100) / 100, cpu_s_per_kept: kept ? Math.round((cpu / kept) * 100) / 100 : null,
      wall_s: Math.round((performance.now() - t0) / 100) / 10,
    },
  };
}
