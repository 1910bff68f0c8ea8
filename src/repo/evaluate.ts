// One SWE-bench instance evaluated in rlcf's sandbox: a private writable view of the snapshot at
// /testbed, the model patch applied as swebench 5.x does (GIT_APPLY_CMDS of run_evaluation.py, the
// tree reset between attempts, then `git apply --check --reverse` for an already applied patch), the
// test files reset and the test patch applied as its eval scripts do, the test command run with no
// network, the environment read-only, limits and output caps. The results are read from a channel
// the tests' output cannot reach (pytest: a plugin writing to a pipe; Go: test2json's framed events),
// written as the test section of test_output.txt, and graded by grading.ts.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  APPLY_PATCH_FAIL, APPLY_PATCH_PASS, END_TEST_OUTPUT, START_TEST_OUTPUT, TEST_EXIT_CODE, TESTS_TIMEOUT,
} from './constants.js';
import { type RepoEnv, type RepoSpec, runOverlays, toolchainMounts } from './env.js';
import type { Prediction, SweInstance } from './formats.js';
import { getEvalReport, type InstanceReport } from './grading.js';
import { gotestJsonToText } from './parsers/go.js';
import { getParser, parserFor } from './parsers/index.js';
import { DEFAULT_REPO_LIMITS, type OverlayMode, type RepoLimits, type RepoRunResult, runInRepoSandbox } from './sandbox.js';
import { scratchDir } from './store.js';

const AGENT_DIR = join(dirname(fileURLToPath(import.meta.url)), 'agent');

export interface InstanceResult {
  instance_id: string;
  /** report.json's body; undefined when swebench would write none (patch did not apply, timeout) */
  report?: InstanceReport;
  /** test_output.txt: the eval script's output with the test section read from the result channel */
  test_output: string;
  /** what the test command printed (kept apart: it may contain anything) */
  raw_output: string;
  /** run_instance.log */
  log: string;
  patch_applied: boolean;
  error?: string;
  timings: { wall_ms: number; overlay_ms: number; sandbox_ms: number };
  mode: string;
  status_map?: Record<string, string>;
}

/** Files a unified diff modifies (existing before it) and creates, from its `diff --git`/---/+++ headers */
export function diffFiles(patch: string): { modified: string[]; created: string[] } {
  const modified = new Set<string>(), created = new Set<string>();
  let src: string | null = null;
  for (const line of patch.split('\n')) {
    if (line.startsWith('--- ')) src = line.slice(4).split('\t')[0].trim();
    else if (line.startsWith('+++ ') && src !== null) {
      const dst = line.slice(4).split('\t')[0].trim();
      const strip = (p: string) => p.replace(/^[ab]\//, '');
      if (src === '/dev/null') created.add(strip(dst));
      else modified.add(strip(src));
      src = null;
    }
  }
  const safe = (p: string) => !p.startsWith('/') && !p.split('/').includes('..') && p !== '/dev/null';
  return { modified: [...modified].filter(safe), created: [...created].filter(safe) };
}

const q = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;

/** The default test command: pytest -rA over the files the expected tests live in (swebench's
 * Python specs), go test -json for Go, cargo test for Rust */
export function defaultTestCommand(inst: SweInstance, language: string): string {
  if (inst.test_cmd) return inst.test_cmd.map(q).join(' ');
  if (language === 'go') return 'go test -json -count=1 ./... >&3';
  if (language === 'rust') return 'cargo test --offline --no-fail-fast 2>&1';
  const files = new Set<string>();
  for (const id of [...inst.FAIL_TO_PASS, ...inst.PASS_TO_PASS]) {
    const f = id.split('::')[0];
    if (f.endsWith('.py')) files.add(f);
  }
  if (!files.size) for (const f of diffFiles(inst.test_patch).modified.concat(diffFiles(inst.test_patch).created)) files.add(f);
  return `pytest -rA -p no:cacheprovider ${[...files].map(q).join(' ')}`;
}

// no hooks, no fsmonitor command: git runs nothing of the repository's own
const GIT = 'git -c core.hooksPath=/dev/null -c core.fsmonitor=false -c safe.directory=*';

/** A path inside the repository's .git directory, at any depth (a patch must not reconfigure git) */
export function touchesGitDir(patch: string): boolean {
  return patch.split('\n').some((l) => /^(---|\+\+\+|diff --git|rename (from|to)|copy (from|to)) /.test(l)
    && l.split(/[\s/]+/).some((part) => part === '.git'));
}

/** The in-sandbox script: model patch (swebench's attempts), test reset + test patch, tests */
function evalScript(inst: SweInstance, testCmd: string, hasModelPatch: boolean): string {
  const tf = diffFiles(inst.test_patch);
  const lines = [
    'exec 2>&1',
    `cd /testbed`,
    'applied=0',
  ];
  if (hasModelPatch) {
    const attempts = ['git apply --verbose', 'git apply --verbose --3way', 'git apply --verbose --reject', 'patch --batch --forward --fuzz=5 -p1 -i'];
    for (const [i, a] of attempts.entries()) {
      const cmd = a.startsWith('git') ? `${GIT} ${a.slice(4)}` : a;
      lines.push(`if [ $applied = 0 ]; then`,
        ...(i ? [`  ${GIT} checkout -- . >/dev/null 2>&1 3>&-; ${GIT} clean -fdq >/dev/null 2>&1 3>&-`] : []),
        `  if ${cmd} /rlcf-in/model.patch 3>&-; then applied=1; else echo "Failed to apply patch to container: ${a}"; fi`, 'fi');
    }
    lines.push(`if [ $applied = 0 ] && ${GIT} apply --check --reverse /rlcf-in/model.patch >/dev/null 2>&1 3>&-; then applied=1; fi`,
      `if [ $applied = 0 ]; then echo "${APPLY_PATCH_FAIL}"; echo apply=fail >&3; exit 0; fi`,
      `echo "${APPLY_PATCH_PASS}"`);
  }
  lines.push('echo apply=ok >&3');
  // swebench's eval script: reset the test files the test patch touches, remove the ones it creates
  if (tf.modified.length) lines.push(`${GIT} checkout -q HEAD -- ${tf.modified.map(q).join(' ')} 3>&- || true`);
  if (tf.created.length) lines.push(`rm -rf -- ${tf.created.map(q).join(' ')}`);
  if (inst.test_patch.trim()) lines.push(`${GIT} apply -v /rlcf-in/test.patch 3>&-`);
  lines.push(
    `echo "${START_TEST_OUTPUT}"`,
    `( ${testCmd} )`,
    'code=$?',
    `echo "${END_TEST_OUTPUT}"`,
    `echo "${TEST_EXIT_CODE}: $code"`,
    'echo exit=$code >&3',
  );
  return lines.join('\n') + '\n';
}

/** The channel's lines: `apply=ok|fail`, `exit=N`, and the results (pytest lines or go test -json) */
function splitChannel(ch: string): { apply?: string; exit?: number; results: string } {
  let apply: string | undefined, exit: number | undefined;
  const results: string[] = [];
  for (const line of ch.split('\n')) {
    // control lines come from the script, before and after the tests
    if (apply === undefined && /^apply=(ok|fail)$/.test(line)) apply = line.slice(6);
    else if (/^exit=-?\d+$/.test(line)) exit = parseInt(line.slice(5), 10);
    else if (line) results.push(line);
  }
  return { apply, exit, results: results.join('\n') };
}

/** test2json events → the `go test -v` result lines swebench's parse_log_gotest reads */
function goResultLines(events: string): string {
  const out: string[] = [];
  for (const line of events.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const ev = JSON.parse(line) as { Action?: string; Test?: string; Elapsed?: number };
      if (!ev.Test) continue;
      const s = ev.Action === 'pass' ? 'PASS' : ev.Action === 'fail' ? 'FAIL' : ev.Action === 'skip' ? 'SKIP' : null;
      if (s) out.push(`--- ${s}: ${ev.Test} (${(ev.Elapsed ?? 0).toFixed(2)}s)`);
    } catch { /* a line cut by the output cap */ }
  }
  return out.join('\n');
}

export interface EvaluateOptions {
  stateDir?: string;
  limits?: Partial<RepoLimits>;
  timeout_s?: number;
  spec?: RepoSpec;
  /** the writable view's mechanism (default: the best this host has; bench:swe compares them) */
  mode?: OverlayMode;
}

export async function evaluateInstance(inst: SweInstance, pred: Prediction, env: RepoEnv, snapshotDir: string,
  opts: EvaluateOptions = {}): Promise<InstanceResult> {
  const t0 = performance.now();
  const lang = env.language;
  const log: string[] = [`instance ${inst.instance_id}, snapshot ${env.snapshot.slice(0, 12)}, env ${env.id}, ${lang}`];
  const base: InstanceResult = { instance_id: inst.instance_id, test_output: '', raw_output: '', log: '', patch_applied: false,
    timings: { wall_ms: 0, overlay_ms: 0, sandbox_ms: 0 }, mode: '' };
  if (pred.model_patch === null) {
    // swebench: report with patch_is_None, no run
    return { ...base, report: getEvalReport({ modelPatch: null, log: '', parser: getParser('parse_log_pytest'),
      gold: inst }), log: 'model_patch is None\n' };
  }
  mkdirSync(scratchDir(opts.stateDir), { recursive: true });
  const inDir = mkdtempSync(join(scratchDir(opts.stateDir), 'in-'));
  // the sandbox uid reads these (mkdtemp makes the directory private to its creator)
  chmodSync(inDir, 0o755);
  try {
    writeFileSync(join(inDir, 'test.patch'), inst.test_patch);
    const testCmd = opts.spec?.test_cmd ? opts.spec.test_cmd.map(q).join(' ') : defaultTestCommand(inst, lang);
    // a patch reaching into .git could make the eval's own git commands run its code: it does not
    // apply (an empty file that no attempt accepts)
    writeFileSync(join(inDir, 'model.patch'), touchesGitDir(pred.model_patch) ? 'rlcf: patch touches .git/, refused\n' : pred.model_patch);
    writeFileSync(join(inDir, 'eval.sh'), evalScript(inst, testCmd, pred.model_patch.trim() !== ''));
    const tcm = toolchainMounts(lang);
    const limits: RepoLimits = { ...DEFAULT_REPO_LIMITS, ...opts.limits };
    if (opts.timeout_s) {
      limits.wall_ms = opts.timeout_s * 1000;
      limits.cpu_s = Math.max(1, Math.ceil(opts.timeout_s));
    }
    const r: RepoRunResult = await runInRepoSandbox({
      overlays: [{ lower: snapshotDir, dest: '/testbed' }, ...runOverlays(env, opts.stateDir)],
      ro: [...tcm.ro, { src: env.dir, dest: '/rlcf-env' }, { src: inDir, dest: '/rlcf-in' }, { src: AGENT_DIR, dest: '/rlcf-repo' }],
      // every pytest the test command starts (its own or a spec's) loads the result plugin
      env: { ...tcm.env, PATH: [...tcm.path, '/usr/local/bin', '/usr/bin', '/bin'].join(':'), PYTHONPATH: '/rlcf-repo:/testbed',
        PYTEST_ADDOPTS: '-p rlcf_pytest_results',
        PYTHONDONTWRITEBYTECODE: '1', RLCF_RESULT_FD: '3', GOPROXY: 'off', GIT_CONFIG_NOSYSTEM: '1' },
      argv: ['/bin/bash', '/rlcf-in/eval.sh'], cwd: '/testbed', limits, resultChannel: true, mode: opts.mode,
    }, opts.stateDir);
    base.mode = r.mode;
    base.timings = { wall_ms: Math.round(performance.now() - t0), overlay_ms: r.overlay_ms, sandbox_ms: r.wall_ms };
    const ch = splitChannel(r.channel);
    const out = r.output;
    // Go's results came on the channel (go test -json): the raw log shows them as go test -v would
    base.raw_output = lang === 'go' ? `${out}\n--- go test -json output, as text ---\n${gotestJsonToText(ch.results)}` : out;
    const before = out.includes(START_TEST_OUTPUT) ? out.slice(0, out.indexOf(START_TEST_OUTPUT)) : out;
    log.push(`sandbox: ${r.mode}, exit ${r.exit_code ?? r.signal}, ${r.wall_ms} ms${r.oom_killed ? ', memory limit' : ''}${r.output_truncated ? ', output cap' : ''}`);
    if (ch.apply !== 'ok') {
      // swebench raises EvaluationError: no report.json, the instance counts as an error
      base.test_output = before;
      base.error = ch.apply === 'fail' ? `${APPLY_PATCH_FAIL}:\n${before.slice(-4000)}` : `the evaluation did not start: ${before.slice(-2000)}`;
      log.push(base.error);
      base.log = log.join('\n') + '\n';
      return base;
    }
    base.patch_applied = true;
    // Results from the channel when the command is pytest (or go test), decided from the command
    // alone, never from what the run printed; other runners (Django's runtests.py, SymPy's bin/test,
    // unittest, cargo) have no channel: their output between the markers is parsed, as swebench does
    const channelled = lang === 'go' || (lang === 'python' && /(^|[\s/'])pytest\b|-m'? '?pytest/.test(testCmd));
    const results = lang === 'go' ? goResultLines(ch.results) : channelled ? ch.results : sliceTests(out);
    const exit = r.timed_out ? null : ch.exit ?? (r.exit_code ?? 1);
    let testOutput = `${before}${START_TEST_OUTPUT}\n${results}\n${END_TEST_OUTPUT}\n`;
    if (exit !== null) testOutput += `${TEST_EXIT_CODE}: ${exit}\n`;
    if (r.timed_out) {
      testOutput += `\n\nTimeout error: ${Math.round(limits.wall_ms / 1000)} seconds exceeded.\n${TESTS_TIMEOUT}\n`;
      base.test_output = testOutput;
      base.error = `Test timed out after ${Math.round(limits.wall_ms / 1000)} seconds.`;
      log.push(base.error);
      base.log = log.join('\n') + '\n';
      return base;
    }
    base.test_output = testOutput;
    const parserName = parserFor(inst.repo, inst.log_parser, lang);
    const parser = getParser(parserName);
    base.report = getEvalReport({ modelPatch: pred.model_patch, log: testOutput, parser, gold: inst, evalType: inst.eval_type });
    base.status_map = parser(results);
    log.push(`parser ${parserName}; resolved: ${base.report.resolved}`);
    base.log = log.join('\n') + '\n';
    return base;
  } finally {
    rmSync(inDir, { recursive: true, force: true });
  }
}

/** The test section of a test_output.txt, between the markers (Rust: cargo's own lines, libtest
 * has no stable machine format; the synthesis re-check: the repeat lines) */
export function sliceTests(out: string): string {
  const a = out.indexOf(START_TEST_OUTPUT), b = out.lastIndexOf(END_TEST_OUTPUT);
  return a >= 0 && b > a ? out.slice(a + START_TEST_OUTPUT.length + 1, b) : '';
}
