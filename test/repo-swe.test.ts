// Repository tasks end to end on real repositories (toolz and more-itertools from PyPI, google/uuid
// from the Go module proxy): gold patches resolve; empty, wrong, malformed, escaping, test-deleting,
// test-editing and result-spoofing patches do not, and swebench's report tree and summary come out.
// The repositories are imported from the registries into the shared test state (once per machine):
// without a registry the test skips, saying so.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildEnv } from '../src/repo/env.js';
import { type Prediction, type SweInstance, loadInstances } from '../src/repo/formats.js';
import { getEvalReport } from '../src/repo/grading.js';
import { parseLogPytest } from '../src/repo/parsers/python.js';
import { type EvalRunResult, runSweEval } from '../src/repo/run.js';
import { importSnapshot } from '../src/repo/snapshot.js';
import { probeHost } from '../src/sandbox/host.js';
import { TEST_STATE } from './helpers.js';

const FX = join(import.meta.dirname, 'fixtures/swe');
const tasks = JSON.parse(readFileSync(join(FX, 'tasks.json'), 'utf8')) as { instance_id: string; source: string; dir: string }[];
const REPORT = join(TEST_STATE, 'swe-report');
const ESCAPE = '/tmp/rlcf-swe-escape-probe.txt';

let skip = '';
let instances: SweInstance[] = [];
let res: EvalRunResult;

const TOOLZ = 'pytoolz__toolz-1';
const GO = 'google__uuid-1';
const MI = 'more-itertools__more-itertools-1';

/** One instance per adversarial prediction (predictions are keyed by instance) */
function variants(base: SweInstance[]): { inst: SweInstance[]; preds: Prediction[] } {
  const by = new Map(base.map((i) => [i.instance_id, i]));
  const t = by.get(TOOLZ)!, g = by.get(GO)!, m = by.get(MI)!;
  const P = (id: string, patch: string | null): Prediction => ({ instance_id: id, model_name_or_path: 'rlcf/adversary', model_patch: patch });
  const v = (src: SweInstance, suffix: string) => ({ ...src, instance_id: `${src.instance_id}_${suffix}` });
  const rows: [SweInstance, Prediction][] = [];
  const add = (src: SweInstance, suffix: string, patch: string | null) => {
    const i = suffix ? v(src, suffix) : src;
    rows.push([i, P(i.instance_id, patch)]);
  };
  add(t, '', t.patch);
  add(m, '', m.patch);
  add(g, '', g.patch);
  add(t, 'empty', '');
  add(t, 'none', null);
  // applies, changes nothing that matters
  add(t, 'wrong', t.patch.replace('+        d[item] += 1', '+        d[item] = 1 if item else 1'));
  add(t, 'malformed', 'this is not a diff\n@@ nonsense @@\n');
  add(t, 'escape', `--- /dev/null\n+++ b/../../../../../..${ESCAPE}\n@@ -0,0 +1 @@\n+escaped\n`);
  // reconfigures git (an fsmonitor command would run at the eval's next git command) and fixes the bug
  add(t, 'gitdir', `${t.patch}--- /dev/null\n+++ b/.git/info/rlcf\n@@ -0,0 +1 @@\n+x\n`);
  // deletes the test file the expected tests live in (the eval restores it, as swebench's does)
  add(t, 'deletetests', deleteFilePatch('toolz/tests/test_itertoolz.py'));
  // makes the failing test trivially pass instead of fixing the code
  add(t, 'edittests', editTestPatch());
  // prints swebench-style PASSED lines for every expected test after the real summary and exits 0
  add(t, 'spoof', spoofPatch([...t.FAIL_TO_PASS, ...t.PASS_TO_PASS]));
  add(g, 'wrong', g.patch.replace('+\t\treturn Future', '+\t\treturn Reserved'));
  // Go: prints `--- PASS:` lines for the expected tests at start-up without fixing anything
  add(g, 'spoof', goSpoofPatch(g.FAIL_TO_PASS));
  return { inst: rows.map((r) => r[0]), preds: rows.map((r) => r[1]) };
}

function deleteFilePatch(path: string): string {
  const snap = join(TEST_STATE, 'repo', 'snapshots', instances.find((i) => i.instance_id === TOOLZ)!.base_commit, path);
  const lines = readFileSync(snap, 'utf8').split('\n');
  if (lines.at(-1) === '') lines.pop();
  return `diff --git a/${path} b/${path}\ndeleted file mode 100644\n--- a/${path}\n+++ /dev/null\n@@ -1,${lines.length} +0,0 @@\n${lines.map((l) => `-${l}`).join('\n')}\n`;
}

function editTestPatch(): string {
  return `--- a/toolz/tests/test_itertoolz.py
+++ b/toolz/tests/test_itertoolz.py
@@ -258,3 +258,4 @@
 def test_frequencies():
+    return
     assert (frequencies(["cat", "pig", "cat", "eel",
                         "pig", "dog", "dog", "dog"]) ==
`;
}

function spoofPatch(ids: string[]): string {
  const body = [
    'import os',
    '',
    '',
    'def pytest_unconfigure(config):',
    `    for t in ${JSON.stringify(ids)}:`,
    '        print("PASSED " + t, flush=True)',
    '    os._exit(0)',
  ];
  return `--- /dev/null\n+++ b/conftest.py\n@@ -0,0 +1,${body.length} @@\n${body.map((l) => `+${l}`).join('\n')}\n`;
}

function goSpoofPatch(ids: string[]): string {
  const body = [
    'package uuid',
    '',
    'import "fmt"',
    '',
    'func init() {',
    `\tfor _, t := range []string{${ids.map((i) => JSON.stringify(i)).join(', ')}} {`,
    '\t\tfmt.Printf("--- PASS: %s (0.00s)\\n", t)',
    '\t}',
    '}',
  ];
  return `--- /dev/null\n+++ b/spoof.go\n@@ -0,0 +1,${body.length} @@\n${body.map((l) => `+${l}`).join('\n')}\n`;
}

beforeAll(async () => {
  if (!probeHost().bwrapWorks) {
    skip = `no sandbox on this host: ${probeHost().bwrapError}`;
    return;
  }
  instances = await loadInstances(join(FX, 'instances.jsonl'));
  try {
    for (const t of tasks) {
      const release = importSnapshot(t.source, { stateDir: TEST_STATE });
      const base = importSnapshot(t.source, { stateDir: TEST_STATE,
        apply: [{ name: 'bug.patch', patch: readFileSync(join(FX, t.dir, 'bug.patch'), 'utf8') }] });
      const inst = instances.find((i) => i.instance_id === t.instance_id)!;
      // the fixture rows name these commits: imports are deterministic
      expect(base.id).toBe(inst.base_commit);
      expect(release.id).toBe(inst.environment_setup_commit);
      await buildEnv(release.id, { stateDir: TEST_STATE });
    }
  } catch (e) {
    const msg = (e as Error).message;
    if (/pip download|go mod download|Could not|resolve|network|connection|timed out|No matching distribution/i.test(msg)) {
      skip = `the package registries (PyPI, Go module proxy) are unreachable and the repositories are not cached: ${msg.split('\n')[0]}`;
      return;
    }
    throw e;
  }
  rmSync(REPORT, { recursive: true, force: true });
  rmSync(ESCAPE, { force: true });
  const { inst, preds } = variants(instances);
  res = await runSweEval({ instances: inst, predictions: preds, runId: 'adv', reportDir: REPORT, stateDir: TEST_STATE, maxWorkers: 2, timeout_s: 300 });
}, 600_000);

const dir = (id: string) => join(REPORT, 'logs/run_evaluation/adv/rlcf__adversary', id);
const report = (id: string) => JSON.parse(readFileSync(join(dir(id), 'report.json'), 'utf8'))[id];

describe('rlcf swe eval on real repositories', () => {
  it('resolves the gold patches (Python and Go) and writes swebench\'s report tree', (ctx) => {
    if (skip) ctx.skip();
    for (const id of [TOOLZ, MI, GO]) {
      const r = report(id);
      expect(r, id).toMatchObject({ patch_is_None: false, patch_exists: true, patch_successfully_applied: true, resolved: true });
      expect(r.tests_status.FAIL_TO_PASS.failure).toEqual([]);
      expect(r.tests_status.FAIL_TO_PASS.success.length).toBe(2);
      for (const f of ['test_output.txt', 'patch.diff', 'run_instance.log']) expect(existsSync(join(dir(id), f)), f).toBe(true);
    }
    expect(readFileSync(join(dir(TOOLZ), 'patch.diff'), 'utf8')).toBe(instances[0].patch);
    const s = JSON.parse(readFileSync(res.summaryFile, 'utf8'));
    expect(res.summaryFile).toBe(join(REPORT, 'rlcf__adversary.adv.json'));
    expect(s.schema_version).toBe(2);
    expect(s.resolved_ids).toEqual([GO, MI, TOOLZ].sort());
    expect(s.empty_patch_ids).toEqual([`${TOOLZ}_empty`, `${TOOLZ}_none`]);
    expect(s.error_ids).toEqual([`${TOOLZ}_escape`, `${TOOLZ}_gitdir`, `${TOOLZ}_malformed`]);
    expect(s.total_instances).toBe(14);
    expect(s.completed_instances + s.empty_patch_instances + s.error_instances).toBe(14);
    // the run's page: rate with its interval, each instance's patch and test table, everything escaped
    const html = readFileSync(join(REPORT, 'rlcf__adversary.adv.html'), 'utf8');
    expect(html).toMatch(/resolved 3\/14 = 21\.4%<\/b> \(95% bootstrap CI/);
    expect(html).toContain('<h4>FAIL_TO_PASS (2/2)</h4>');
    expect(html).toContain('<span class="a">+        d[item] += 1</span>');
    expect(html).toContain('print(&quot;PASSED &quot; + t, flush=True)');
    expect(html).not.toContain('<script');
  });

  it('does not resolve wrong, malformed, escaping, test-deleting or test-editing patches', (ctx) => {
    if (skip) ctx.skip();
    for (const id of [`${TOOLZ}_wrong`, `${GO}_wrong`]) {
      expect(report(id), id).toMatchObject({ patch_successfully_applied: true, resolved: false });
    }
    // swebench writes no report when the patch does not apply: the instance is an error
    for (const id of [`${TOOLZ}_malformed`, `${TOOLZ}_escape`, `${TOOLZ}_gitdir`]) {
      expect(existsSync(join(dir(id), 'report.json')), id).toBe(false);
      expect(readFileSync(join(dir(id), 'run_instance.log'), 'utf8')).toContain('>>>>> Patch Apply Failed');
    }
    expect(existsSync(ESCAPE)).toBe(false);
    // the eval restores the test files before applying the test patch, as swebench's eval script does
    const del = report(`${TOOLZ}_deletetests`);
    expect(del).toMatchObject({ patch_successfully_applied: true, resolved: false });
    expect(del.tests_status.PASS_TO_PASS.failure).toEqual([]);
    expect(del.tests_status.FAIL_TO_PASS.failure.length).toBe(2);
    const edit = report(`${TOOLZ}_edittests`);
    expect(edit).toMatchObject({ patch_successfully_applied: true, resolved: false });
    expect(edit.tests_status.FAIL_TO_PASS.failure).toContain('toolz/tests/test_itertoolz.py::test_frequencies');
  });

  it('is not fooled by code that prints fake PASSED lines (pytest and go test)', (ctx) => {
    if (skip) ctx.skip();
    const id = `${TOOLZ}_spoof`;
    const r = report(id);
    expect(r.resolved).toBe(false);
    expect(r.tests_status.FAIL_TO_PASS.success).toEqual([]);
    // the spoof works on the printed log: parsed as swebench parses it, it "resolves"
    const raw = readFileSync(join(dir(id), 'test_raw_output.txt'), 'utf8');
    const inst = instances.find((i) => i.instance_id === TOOLZ)!;
    expect(raw).toContain('PASSED toolz/tests/test_itertoolz.py::test_frequencies_counts_repeats');
    expect(getEvalReport({ modelPatch: 'x', log: raw, parser: parseLogPytest, gold: inst }).resolved).toBe(true);
    const g = report(`${GO}_spoof`);
    expect(g.resolved).toBe(false);
    expect(g.tests_status.FAIL_TO_PASS.failure).toContain('TestVariantFutureByte');
    expect(readFileSync(join(dir(`${GO}_spoof`), 'test_raw_output.txt'), 'utf8')).toContain('--- PASS: TestVariantFutureByte');
  });
});

const SWE_PY = join(process.env.RLCF_SWEBENCH_VENV || join(homedir(), '.cache/rlcf/swebench-venv'), 'bin/python');

describe('reports equal the swebench package\'s on these runs\' logs', () => {
  it('every completed instance: same report.json from test_output.txt', (ctx) => {
    if (skip) ctx.skip();
    if (!existsSync(SWE_PY)) {
      console.warn(`repo-swe: fidelity on real logs skipped: no swebench venv at ${SWE_PY} (run scripts/setup.sh)`);
      ctx.skip();
    }
    const { inst, preds } = variants(instances);
    const cases = [];
    for (const [k, i] of inst.entries()) {
      if (!existsSync(join(dir(i.instance_id), 'report.json'))) continue;
      cases.push({ name: i.instance_id, log_parser: i.language === 'go' ? 'parse_log_gotest' : 'parse_log_pytest',
        log: readFileSync(join(dir(i.instance_id), 'test_output.txt'), 'utf8'), FAIL_TO_PASS: i.FAIL_TO_PASS,
        PASS_TO_PASS: i.PASS_TO_PASS, eval_type: 'pass_and_fail', model_patch: preds[k].model_patch });
    }
    expect(cases.length).toBe(9);
    const f = join(TEST_STATE, 'swe-fidelity-cases.json');
    writeFileSync(f, JSON.stringify(cases));
    const theirs = JSON.parse(execFileSync(SWE_PY, [join(FX, 'fidelity/swebench_eval.py'), f], { encoding: 'utf8', maxBuffer: 64 << 20 })) as
      { name: string; report: unknown }[];
    for (const t of theirs) expect(report(t.name), t.name).toEqual(t.report);
  }, 60_000);
});

describe('limits and sources', () => {
  it('a patch whose code never returns: the tests time out, no report (swebench counts an error)', async (ctx) => {
    if (skip) ctx.skip();
    const { evaluateInstance } = await import('../src/repo/evaluate.js');
    const { resolveSnapshot } = await import('../src/repo/store.js');
    const inst = instances.find((i) => i.instance_id === TOOLZ)!;
    const loop = inst.patch.replace('+        d[item] += 1', '+        while True:\n+            pass').replace('+546,7 @@', '+546,8 @@');
    const env = await buildEnv(inst.environment_setup_commit, { stateDir: TEST_STATE });
    const t = Date.now();
    const r = await evaluateInstance(inst, { instance_id: TOOLZ, model_name_or_path: 'm', model_patch: loop }, env,
      resolveSnapshot(inst.base_commit, TEST_STATE).dir, { stateDir: TEST_STATE, timeout_s: 3 });
    expect(Date.now() - t).toBeLessThan(60_000);
    expect(r.patch_applied).toBe(true);
    expect(r.report).toBeUndefined();
    expect(r.error).toMatch(/timed out after 3 seconds/);
    expect(r.test_output).toContain('Timeout error: 3 seconds exceeded.');
  });
  it('--repos: a git clone named <owner>__<name> is snapshotted at base_commit', async (ctx) => {
    if (skip) ctx.skip();
    const { instanceSnapshot } = await import('../src/repo/run.js');
    const { mkdtempSync, cpSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const inst = instances.find((i) => i.instance_id === TOOLZ)!;
    const repos = mkdtempSync(join(tmpdir(), 'rlcf-swe-repos-'));
    cpSync(join(TEST_STATE, 'repo/snapshots', inst.base_commit), join(repos, 'pytoolz__toolz'), { recursive: true });
    const state = mkdtempSync(join(tmpdir(), 'rlcf-swe-state-'));
    const s = instanceSnapshot(inst, repos, state);
    expect(s.id).toBe(inst.base_commit);
    expect(readFileSync(join(s.dir, 'toolz/itertoolz.py'), 'utf8')).toContain('d[item] = 1');
    expect(() => instanceSnapshot({ ...inst, repo: 'no/such' }, repos, state)).toThrow(/no clone of no\/such at .*no__such/);
    rmSync(repos, { recursive: true, force: true });
    rmSync(state, { recursive: true, force: true });
  });
});

describe('rlcf eval --bench swe: (oracle setting)', () => {
  it('asks the model with the problem and the gold patch\'s files; a usable diff resolves, a malformed answer is an error', async (ctx) => {
    if (skip) ctx.skip();
    const { startTestServer } = await import('../src/models/testing/openai-server.js');
    const { parseModelSpec } = await import('../src/models/types.js');
    const { oracleEval, extractDiff } = await import('../src/repo/oracle.js');
    const t = instances.find((i) => i.instance_id === TOOLZ)!;
    const m = instances.find((i) => i.instance_id === MI)!;
    const server = await startTestServer({ script: (r) => (r.prompt.includes('frequencies()') ? `Here is the fix:\n<patch>\n${t.patch}</patch>\n` : 'I would change ilen somehow.') });
    try {
      const reportDir = join(TEST_STATE, 'swe-oracle');
      rmSync(reportDir, { recursive: true, force: true });
      const { Store } = await import('../src/store/store.js');
      const { generationCache, recordSweRun } = await import('../src/repo/store-run.js');
      const dbFile = join(TEST_STATE, 'swe-oracle.db');
      for (const x of ['', '-wal', '-shm']) rmSync(dbFile + x, { force: true });
      const store = new Store(dbFile);
      const model = parseModelSpec(`openai-compatible:${server.url}#tiny`);
      const r = await oracleEval({ instances: [t, m], model, runId: 'o1', reportDir, stateDir: TEST_STATE, maxWorkers: 2, cache: generationCache(store) });
      expect(server.requests.some((q) => q.body && JSON.stringify(q.body).includes('[start of toolz/itertoolz.py]'))).toBe(true);
      expect(r.summary.resolved_ids).toEqual([TOOLZ]);
      expect(r.summary.error_ids).toEqual([MI]);
      expect(readFileSync(r.predictionsFile, 'utf8')).toContain('"model_name_or_path"');
      // stored like other runs: pass@1 is the resolved rate; each instance is a sample
      const sum = recordSweRun(store, { runId: 'o1', model: model.id, bench: 'swe:x', instances: [t, m], predictions: r.predictions,
        answers: r.answers, result: r, total_s: 1, config: {} });
      expect(sum.pass_at_k['1']).toBe(0.5);
      expect(store.samples('o1').map((x) => [x.task_id, x.status, x.passed])).toEqual([[TOOLZ, 'ok', true], [MI, 'patch_failed', false]]);
      // the viewer's instance page reads each sample's judgement: per-test statuses from the real log
      const judged = (id: string) => {
        const row = store.db.prepare('SELECT verdict_key FROM samples WHERE run_id = ? AND task_key = ?').get('o1', `swe/${id}`) as { verdict_key: string };
        return store.getVerdict(row.verdict_key) as unknown as { swe: { state: string; tests: { kind: string; status: string; outcome: string }[] } };
      };
      expect(judged(TOOLZ).swe.state).toBe('resolved');
      expect(judged(TOOLZ).swe.tests.filter((x) => x.kind === 'FAIL_TO_PASS').map((x) => [x.status, x.outcome])).toEqual([['PASSED', 'success'], ['PASSED', 'success']]);
      expect(judged(MI).swe.state).toBe('error');
      expect(new Set(judged(MI).swe.tests.map((x) => x.status))).toEqual(new Set(['not run']));
      // a re-run takes the answers from the store's generation cache
      const asked = server.requests.length;
      await oracleEval({ instances: [t], model, runId: 'o2', reportDir, stateDir: TEST_STATE, cache: generationCache(store) });
      expect(server.requests.length).toBe(asked);
      store.close();
    } finally {
      await server.close();
    }
    expect(extractDiff('x\n```diff\n--- a/f\n+++ b/f\n```\n')).toBe('--- a/f\n+++ b/f\n');
    expect(extractDiff('text\ndiff --git a/f b/f\n--- a/f')).toBe('diff --git a/f b/f\n--- a/f\n');
  });
});

describe('Rust (crates.io)', () => {
  it('cargo test results: a patch breaking single-digit output is unresolved, a harmless one resolves', async (ctx) => {
    if (skip) ctx.skip();
    const { evaluateInstance } = await import('../src/repo/evaluate.js');
    let snap;
    try {
      snap = importSnapshot('crate:itoa@1.0.11', { stateDir: TEST_STATE });
    } catch (e) {
      console.warn(`repo-swe: Rust case skipped: crates.io unreachable and itoa 1.0.11 not cached: ${(e as Error).message.split('\n')[0]}`);
      return ctx.skip();
    }
    const env = await buildEnv(snap.id, { stateDir: TEST_STATE });
    const inst: SweInstance = { instance_id: 'dtolnay__itoa-0', repo: 'dtolnay/itoa', base_commit: snap.id, patch: '', test_patch: '',
      problem_statement: '', hints_text: '', version: '1.0.11', FAIL_TO_PASS: ['test_u64_0', 'test_i16_0'], PASS_TO_PASS: ['test_u64_max', 'test_u64_half'],
      environment_setup_commit: snap.id, language: 'rust' };
    const run = (patch: string) => evaluateInstance(inst, { instance_id: inst.instance_id, model_name_or_path: 'm', model_patch: patch }, env, snap.dir,
      { stateDir: TEST_STATE, timeout_s: 300 });
    const broken = await run(readFileSync(join(FX, 'itoa/break.patch'), 'utf8'));
    expect(broken.report).toMatchObject({ patch_successfully_applied: true, resolved: false });
    expect(broken.report!.tests_status!.FAIL_TO_PASS.failure).toEqual(['test_u64_0', 'test_i16_0']);
    expect(broken.report!.tests_status!.PASS_TO_PASS.failure).toEqual([]);
    const harmless = await run('--- a/README.md\n+++ b/README.md\n@@ -1,1 +1,2 @@\n+<!-- touched -->\n ' + readFileSync(join(snap.dir, 'README.md'), 'utf8').split('\n')[0] + '\n');
    expect(harmless.report).toMatchObject({ resolved: true });
  });
});

describe('runners without a result channel', () => {
  it('a unittest command with the Django/unittest parser grades from its output, as swebench does', async (ctx) => {
    if (skip) ctx.skip();
    const { evaluateInstance } = await import('../src/repo/evaluate.js');
    const { resolveSnapshot } = await import('../src/repo/store.js');
    const m = instances.find((i) => i.instance_id === MI)!;
    const inst: SweInstance = { ...m, test_cmd: ['python', '-m', 'unittest', '-v', 'tests.test_more.IlenTests'], log_parser: 'parse_log_django',
      FAIL_TO_PASS: ['test_ilen_empty_inputs (tests.test_more.IlenTests.test_ilen_empty_inputs)'],
      PASS_TO_PASS: [] };
    const env = await buildEnv(m.environment_setup_commit, { stateDir: TEST_STATE });
    const run = (patch: string) => evaluateInstance(inst, { instance_id: MI, model_name_or_path: 'm', model_patch: patch }, env,
      resolveSnapshot(m.base_commit, TEST_STATE).dir, { stateDir: TEST_STATE });
    const gold = await run(m.patch);
    expect(gold.report).toMatchObject({ resolved: true });
    expect(gold.test_output).toContain('test_ilen_empty_inputs (tests.test_more.IlenTests.test_ilen_empty_inputs) ... ok');
    const wrong = await run(m.patch.replace('+    return sum(compress(repeat(1), zip(iterable)))', '+    return sum(compress(repeat(1), zip(iterable))) or 2'));
    expect(wrong.report).toMatchObject({ patch_successfully_applied: true, resolved: false });
  });
});
