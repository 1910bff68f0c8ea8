// Validation by execution for `rlcf repo synth`: the clean suite twice (flaky tests excluded), then
// each candidate bug once with the whole suite, then a re-check of its FAIL_TO_PASS tests only, each
// run several times in a row in one process (Go: `go test -count=N -run`; Python: pytest with the
// rlcf_synth_repeat plugin). A bug whose effect depends on the clock or on randomness gets N more
// chances to let an F2P test pass; one pass and the candidate is dropped as `flaky_with_bug` (a
// no-op patch would "resolve" it now and then). Every run goes through evaluateInstance, the path of
// `swe eval`, and results come from the channel the tests cannot print into.
import { APPLY_PATCH_FAIL } from './constants.js';
import type { RepoEnv } from './env.js';
import { evaluateInstance, type InstanceResult, sliceTests } from './evaluate.js';
import type { SweInstance } from './formats.js';
import { testPassed } from './grading.js';
import type { Candidate, DropReason } from './synth.js';

/** Repetitions per F2P test in the re-check: at least 3, at most `max`, F2P × N ≤ `budget`. Go's
 * -count repeats cost little next to the package's build; pytest's ≈ 10 ms a toolz test, so that N
 * = 20 made the re-check cost more than the whole suite (measured: 1.6–1.9 vs 1.3 CPU-s) */
const REPEAT = { go: { budget: 400, max: 20 }, python: { budget: 100, max: 10 } } as const;

export type Run = (patch: string, timeout_s: number, test_cmd?: string[]) => Promise<InstanceResult>;

export function makeRunner(repo: string, env: RepoEnv, snapDir: string, stateDir?: string): Run {
  return (patch, timeout_s, test_cmd) => {
    const inst: SweInstance = { instance_id: 'synth-probe', repo, base_commit: '', patch: '', test_patch: '', problem_statement: '',
      hints_text: '', version: '', FAIL_TO_PASS: [], PASS_TO_PASS: [], environment_setup_commit: '', ...(test_cmd ? { test_cmd } : {}) };
    return evaluateInstance(inst, { instance_id: 'synth-probe', model_name_or_path: 'synth', model_patch: patch }, env, snapDir, { stateDir, timeout_s });
  };
}

export interface Baseline { all: string[]; stable: string[]; flaky: string[]; bugTimeout: number }

/** The clean suite twice: only tests passing in both count, tests that change status are flaky */
export async function cleanBaseline(run: Run, name: string, timeout_s?: number): Promise<Baseline> {
  const clean = [await run('', timeout_s ?? 1800), await run('', timeout_s ?? 1800)];
  for (const c of clean) if (!c.status_map) throw new Error(`the clean suite of ${name} gave no results: ${c.error ?? c.raw_output.slice(-2000)}`);
  const [a, b] = clean.map((c) => c.status_map!);
  const all = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  const flaky = all.filter((t) => testPassed(t, a) !== testPassed(t, b));
  const stable = all.filter((t) => testPassed(t, a) && testPassed(t, b));
  if (!stable.length) throw new Error(`the clean suite of ${name} has no stably passing test (${all.length} tests): nothing could become FAIL_TO_PASS; check its environment (rlcf repo env) and test layout`);
  // a mutation can make the suite loop forever (a removed assignment in a while loop): a bug run
  // gets a few times the clean suite's time, not the whole default
  const bugTimeout = timeout_s ?? Math.max(60, Math.ceil((5 * Math.max(...clean.map((c) => c.timings.sandbox_ms))) / 1000));
  return { all, stable, flaky, bugTimeout };
}

export type Outcome = { c: Candidate; kept: boolean; reason?: DropReason; f2p?: string[]; p2p?: string[]; raw?: string };

/** How many times each F2P test runs in the re-check */
export const repeats = (f2p: number, language: 'python' | 'go') =>
  Math.max(3, Math.min(REPEAT[language].max, Math.floor(REPEAT[language].budget / Math.max(1, f2p))));

const q = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;
const reEscape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The re-check's command: only the F2P tests, `n` times each, results on the channel as usual */
export function repeatCommand(language: 'python' | 'go', f2p: string[], n: number): string[] {
  if (language === 'go') {
    // -run matches top-level names (a subtest runs with its parent); the JSON events go to the channel
    const top = [...new Set(f2p.map((t) => t.split('/')[0]))].map(reEscape);
    return ['bash', '-c', `go test -json -count=${n} -run ${q(`^(${top.join('|')})$`)} ./... >&3`];
  }
  const files = [...new Set(f2p.map((t) => t.split('::')[0]).filter((f) => f.endsWith('.py')))];
  return ['pytest', '-rA', '-p', 'no:cacheprovider', '-p', 'rlcf_synth_repeat', '--rlcf-repeat', String(n),
    ...f2p.flatMap((t) => ['--rlcf-only', t]), ...files];
}

/** The F2P tests that passed at least once in a run's results: Go's `--- PASS: name`; Python's
 * `RLCF-REPEAT pass id` of the repeat plugin, one per repetition without a failed report (not -rA's
 * `PASSED id`, which a unittest test with failing subTests gets too) */
export function passedOnce(r: InstanceResult, ids: string[], language: 'python' | 'go'): string[] {
  const passed = new Set<string>();
  for (const line of sliceTests(r.test_output).split('\n')) {
    const m = language === 'go' ? /^--- PASS: (\S+)/.exec(line) : /^RLCF-REPEAT pass (\S.*?)\s*$/.exec(line);
    if (m) passed.add(m[1]);
  }
  return ids.filter((t) => passed.has(t));
}

export async function validateCandidate(c: Candidate, run: Run, base: Baseline, language: 'python' | 'go'): Promise<Outcome> {
  const r = await run(c.bug_patch, base.bugTimeout);
  // the patch did not apply, or the sandbox did not start (run_error, not the candidate's fault)
  if (!r.patch_applied) return { c, kept: false, reason: r.error?.startsWith(APPLY_PATCH_FAIL) ? 'bug_patch_failed' : 'run_error' };
  if (r.error?.startsWith('Test timed out')) return { c, kept: false, reason: 'timeout' };
  if (!r.status_map || r.error) return { c, kept: false, reason: 'run_error' };
  // Go: a package that does not build fails every test it has; that is a compile error, not a bug
  // to find (go test's own `FAIL <pkg> [build failed]`; a test printing it only drops its candidate)
  if (language === 'go' && /^FAIL\s+\S+ \[(build|setup) failed\]$/m.test(r.raw_output)) return { c, kept: false, reason: 'does_not_compile' };
  // release mirroring: only the tests that changed between the releases can be FAIL_TO_PASS
  const f2p = base.stable.filter((t) => !testPassed(t, r.status_map!) && (!c.f2p_files || c.f2p_files.includes(t.split('::')[0])));
  const p2p = base.stable.filter((t) => testPassed(t, r.status_map!));
  if (!f2p.length) return { c, kept: false, reason: 'no_fail_to_pass' };
  if (!p2p.length) return { c, kept: false, reason: 'no_pass_to_pass' };
  const recheck = await recheckBug(c.bug_patch, f2p, run, base, language);
  if (recheck) return { c, kept: false, reason: recheck };
  return { c, kept: true, f2p, p2p, raw: r.raw_output };
}

/** The re-check: `flaky_with_bug` when an F2P test passed in one of its repetitions with the bug
 * applied; a re-check that times out or does not run drops the candidate too (it proved nothing) */
export async function recheckBug(patch: string, f2p: string[], run: Run, base: Baseline, language: 'python' | 'go'): Promise<DropReason | null> {
  const again = await run(patch, base.bugTimeout * 2, repeatCommand(language, f2p, repeats(f2p.length, language)));
  if (!again.patch_applied) return 'run_error';
  if (again.error?.startsWith('Test timed out')) return 'timeout';
  return passedOnce(again, f2p, language).length ? 'flaky_with_bug' : null;
}
