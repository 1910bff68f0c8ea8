// The viewer's SWE instance page, on a store filled the way `rlcf eval --bench swe:` fills it: test
// logs graded by rlcf's swebench port (parser, getEvalReport), the run summary by makeRunSummary,
// the run stored by recordSweRun. One instance's patch and log carry HTML and scripts: they must be
// shown as text. API by inject, then the page in headless chromium (skipped without it).
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { END_TEST_OUTPUT, START_TEST_OUTPUT, TEST_EXIT_CODE } from '../src/repo/constants.js';
import type { InstanceResult } from '../src/repo/evaluate.js';
import { makeRunSummary, type Prediction, type SweInstance } from '../src/repo/formats.js';
import { classifyText, getEvalReport } from '../src/repo/grading.js';
import { getParser, parserFor } from '../src/repo/parsers/index.js';
import { recordSweRun } from '../src/repo/store-run.js';
import { excerptFor } from '../src/repo/swe-judgement.js';
import { registerViewer } from '../src/server/viewer-api.js';
import { Store } from '../src/store/store.js';
import { launchChromium, layoutProblems, root } from './viewer-fixture.js';

const CHROMIUM = process.env.RLCF_CHROMIUM ?? '/usr/bin/chromium';
const RUN = 'swe-run-1';
const EVIL = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">';

const inst = (id: string, f2p: string[], p2p: string[]): SweInstance => ({ instance_id: id, repo: 'pytoolz/toolz', base_commit: 'a'.repeat(40),
  patch: '', test_patch: '', problem_statement: `Fix ${id}: frequencies() miscounts <b>keys</b>.`, hints_text: '', version: '1.0',
  FAIL_TO_PASS: f2p, PASS_TO_PASS: p2p, environment_setup_commit: 'a'.repeat(40) });
const T = (n: string) => `toolz/tests/test_itertoolz.py::${n}`;
const INSTANCES = [
  inst('toolz-good', [T('test_frequencies')], [T('test_groupby'), T('test_take')]),
  inst('toolz-evil', [T('test_frequencies')], [T('test_groupby')]),
  inst('toolz-empty', [T('test_frequencies')], []),
  inst('toolz-broken', [T('test_frequencies')], []),
];
const PATCH = 'diff --git a/toolz/itertoolz.py b/toolz/itertoolz.py\n--- a/toolz/itertoolz.py\n+++ b/toolz/itertoolz.py\n@@ -1,2 +1,2 @@\n def frequencies(seq):\n-    d = {}\n+    d = collections.Counter()\n';
const EVIL_PATCH = `${PATCH}+    # ${EVIL}\n-    old = "</pre><h1 id=injected>x</h1>"\n`;
const PRED: Prediction[] = [
  { instance_id: 'toolz-good', model_name_or_path: 'm', model_patch: PATCH },
  { instance_id: 'toolz-evil', model_name_or_path: 'm', model_patch: EVIL_PATCH },
  { instance_id: 'toolz-empty', model_name_or_path: 'm', model_patch: '' },
  { instance_id: 'toolz-broken', model_name_or_path: 'm', model_patch: 'not a diff' },
];

/** An instance's result as evaluateInstance returns it for a pytest run: the status lines between the
 * markers graded by the instance's parser and getEvalReport; the raw pytest output kept apart. */
function pytestResult(i: SweInstance, p: Prediction, lines: string[], raw: string): InstanceResult {
  const results = lines.join('\n');
  const exit = lines.some((l) => /^(FAILED|ERROR)/.test(l)) ? 1 : 0; // pytest's exit code
  const test_output = `${START_TEST_OUTPUT}\n${results}\n${END_TEST_OUTPUT}\n${TEST_EXIT_CODE}: ${exit}\n`;
  const parser = getParser(parserFor(i.repo, undefined, 'python'));
  return { instance_id: i.instance_id, test_output, raw_output: raw, log: '', patch_applied: true, mode: 'overlay',
    timings: { wall_ms: 1234, overlay_ms: 5, sandbox_ms: 40 }, status_map: parser(results),
    report: getEvalReport({ modelPatch: p.model_patch, log: test_output, parser, gold: i }) };
}

const RAW_EVIL = `============================= test session starts ==============================
collected 2 items

toolz/tests/test_itertoolz.py F.                                         [100%]

=================================== FAILURES ===================================
_______________________________ test_frequencies _______________________________

    def test_frequencies():
>       assert frequencies(["cat", "pig"]) == {"cat": 1, "pig": 1}
E       AssertionError: ${EVIL}

toolz/tests/test_itertoolz.py:42: AssertionError
=========================== short test summary info ============================
FAILED ${T('test_frequencies')} - AssertionError
PASSED ${T('test_groupby')}
`;

let dir: string;
let store: Store;
let app: FastifyInstance;
let base: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rlcf-viewer-swe-'));
  const [good, evil, , broken] = INSTANCES;
  const results: InstanceResult[] = [
    pytestResult(good, PRED[0], [`PASSED ${T('test_frequencies')}`, `PASSED ${T('test_groupby')}`, `PASSED ${T('test_take')}`],
      `toolz/tests/test_itertoolz.py ...\nPASSED ${T('test_frequencies')}\n`),
    pytestResult(evil, PRED[1], [`FAILED ${T('test_frequencies')}`, `PASSED ${T('test_groupby')}`], RAW_EVIL),
    { instance_id: broken.instance_id, test_output: '', raw_output: '', log: '>>>>> Patch Apply Failed:\nerror: corrupt patch at line 1\n',
      patch_applied: false, error: '>>>>> Patch Apply Failed:\nerror: corrupt patch at line 1', mode: 'overlay', timings: { wall_ms: 80, overlay_ms: 5, sandbox_ms: 40 } },
  ];
  const byId = new Map(results.map((r) => [r.instance_id, r]));
  // the summary as run.ts makes it, from each instance's report and logs
  const summary = makeRunSummary(INSTANCES, new Map(PRED.map((p) => [p.instance_id, p])), (id) => {
    const r = byId.get(id);
    return { report: r?.report, logs: r ? `${r.test_output}\n${r.log}` : '' };
  }, classifyText);
  expect(summary.resolved_ids).toEqual(['toolz-good']);
  store = new Store(join(dir, 'rlcf.db'));
  recordSweRun(store, { runId: RUN, model: 'openai:http://127.0.0.1:8000/v1#tiny', bench: 'swe:/data/instances.jsonl', instances: INSTANCES,
    predictions: PRED, answers: new Map([['toolz-evil', `Here:\n<patch>\n${EVIL_PATCH}</patch>`]]),
    result: { summary, summaryFile: join(dir, 'm.swe-run-1.json'), results }, total_s: 3, config: {} });
  app = Fastify();
  await registerViewer(app, { store, curateDirs: [] });
  base = `${await app.listen({ port: 0, host: '127.0.0.1' })}/ui/`;
}, 120_000);

afterAll(async () => {
  await app?.close();
  store?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const json = async (url: string) => (await app.inject({ method: 'GET', url })).json();
const sampleUrl = (id: string) => `/ui/api/runs/${RUN}/sample?task=${encodeURIComponent(`swe/${id}`)}&idx=0`;

describe('viewer API: SWE runs', () => {
  it('the run: resolved rate as pass@1 with its CI, named resolved', async () => {
    const d = await json(`/ui/api/runs/${RUN}`);
    expect(d.metric).toBe('resolved');
    expect(d.pass_at_k['1']).toBe(0.25);
    expect(d.ci95['1'][0]).toBeLessThanOrEqual(0.25);
    expect(d.ci95['1'][1]).toBeGreaterThanOrEqual(0.25);
    const list = await json('/ui/api/runs');
    expect(list.runs[0].metric).toBe('resolved');
  });

  it('an instance: per-test status, outcome and log excerpt from the stored judgement', async () => {
    const s = await json(sampleUrl('toolz-evil'));
    expect(s.status).toBe('wrong_answer');
    expect(s.judgement.swe.state).toBe('unresolved');
    const rows = s.judgement.swe.tests.map((t: { kind: string; test: string; status: string; outcome: string }) => [t.kind, t.test, t.status, t.outcome]);
    expect(rows).toEqual([['FAIL_TO_PASS', T('test_frequencies'), 'FAILED', 'failure'], ['PASS_TO_PASS', T('test_groupby'), 'PASSED', 'success']]);
    const ex = s.judgement.swe.tests[0].excerpt as string;
    expect(ex.split('\n')[0]).toMatch(/^_+ test_frequencies _+$/);
    expect(ex).toContain('AssertionError');
    expect(ex).not.toContain('short test summary');
    const g = await json(sampleUrl('toolz-good'));
    expect(g.judgement.swe.tests.map((t: { outcome: string }) => t.outcome)).toEqual(['success', 'success', 'success']);
    const b = await json(sampleUrl('toolz-broken'));
    expect([b.status, b.judgement.swe.state, b.judgement.swe.tests[0].status]).toEqual(['patch_failed', 'error', 'not run']);
    expect(b.judgement.swe.error).toContain('Patch Apply Failed');
    const e = await json(sampleUrl('toolz-empty'));
    expect([e.status, e.judgement.swe.state]).toEqual(['no_code', 'empty patch']);
  });
});

describe('log excerpt per test', () => {
  it('pytest failure sections (functions, class methods, parametrised ids), Go blocks, the lines naming a test, capped', () => {
    const py = ['=== FAILURES ===', '____ TestBag.test_add ____', 'E  assert 1 == 2', '____ test_p[1-2] ____', 'E  boom',
      '=== short test summary info ===', 'FAILED tests/t.py::TestBag::test_add'].join('\n');
    expect(excerptFor(py, 'tests/t.py::TestBag::test_add')).toBe('____ TestBag.test_add ____\nE  assert 1 == 2');
    expect(excerptFor(py, 'tests/t.py::test_p[1-2]')).toBe('____ test_p[1-2] ____\nE  boom');
    const go = ['=== RUN   TestA', '    a_test.go:9: got 1 want 2', '--- FAIL: TestA (0.00s)', '=== RUN   TestB', '--- PASS: TestB (0.00s)'].join('\n');
    expect(excerptFor(go, 'TestA')).toBe('=== RUN   TestA\n    a_test.go:9: got 1 want 2\n--- FAIL: TestA (0.00s)');
    expect(excerptFor('a\nPASSED tests/t.py::test_x\nb\nc\nd', 'tests/t.py::test_x')).toBe('a\nPASSED tests/t.py::test_x\nb');
    expect(excerptFor('nothing here', 'tests/t.py::test_zzz')).toBe('');
    const long = excerptFor(`____ test_big ____\n${'x'.repeat(5000)}`, 't.py::test_big');
    expect(long).toMatch(/… \[\d+ more chars\]$/);
    expect(long.length).toBeLessThan(2100);
  });
});

describe.skipIf(!existsSync(CHROMIUM))(`viewer SWE page in chromium (${CHROMIUM}; install Debian's chromium to run)`, () => {
  let browser: BrowserContext;
  let page: Page;
  let profile: string;
  beforeAll(async () => {
    if (!existsSync(join(dir, 'web', 'index.html'))) {
      // the web app built into this test's own directory: a concurrent `npm run build` empties dist/
      const { build } = await import('vite');
      await build({ configFile: join(root, 'web', 'vite.config.ts'), logLevel: 'warn', build: { outDir: join(dir, 'web'), emptyOutDir: true } });
    }
    process.env.RLCF_WEB_DIR = join(dir, 'web');
    mkdirSync(join(root, 'test-artifacts', 'screenshots'), { recursive: true });
    profile = mkdtempSync(join(tmpdir(), 'rlcf-chromium-'));
    ({ browser, page } = await launchChromium(CHROMIUM, profile));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it('run page says resolved with its CI; the instance page shows problem, diff, test tables, and renders HTML in patches and logs as text', async () => {
    await page.goto(`${base}#/run/${RUN}`);
    const card = page.getByTestId('passk-card').first();
    await card.waitFor();
    expect(await card.innerText()).toMatch(/^resolved\s+25\.0%\s+95% CI \[0\.0, [\d.]+\]$/);
    await page.goto('about:blank');
    await page.goto(`${base}#/sample/${RUN}?task=${encodeURIComponent('swe/toolz-evil')}&idx=0`);
    await page.getByTestId('swe-patch').waitFor();
    expect(await page.getByTestId('swe-state').innerText()).toBe('unresolved');
    expect(await page.getByTestId('prompt').innerText()).toContain('miscounts <b>keys</b>.');
    // the diff: one element per line, added and removed lines coloured apart from context and headers
    const patch = page.getByTestId('swe-patch');
    expect(await patch.locator('.da').allInnerTexts()).toEqual(['+    d = collections.Counter()', `+    # ${EVIL}`]);
    expect(await patch.locator('.dd').allInnerTexts()).toEqual(['-    d = {}', '-    old = "</pre><h1 id=injected>x</h1>"']);
    const [add, del, ctx] = await Promise.all(['.da', '.dd', '.dc'].map((s) => patch.locator(s).first().evaluate((el) => getComputedStyle(el).color)));
    expect(new Set([add, del, ctx]).size).toBe(3);
    // tables: each test's status, outcome and the log's lines about it
    const f2p = page.getByTestId('swe-FAIL_TO_PASS');
    expect(await f2p.locator('[data-testid=swe-test] td').first().innerText()).toBe(T('test_frequencies'));
    expect(await f2p.innerText()).toContain('FAILED');
    expect(await f2p.getByTestId('swe-excerpt').innerText()).toContain(`AssertionError: ${EVIL}`);
    expect(await page.getByTestId('swe-PASS_TO_PASS').innerText()).toMatch(/PASSED\s+OK success/);
    // adversarial text stayed text: no script ran, no element was injected
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('main script, main img, #injected, main b').count()).toBe(0);
    // at 1280 px: no sideways scrolling, no cell whose content spills out (long test ids, excerpts)
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: join(root, 'test-artifacts', 'screenshots', '1280-swe-instance.png'), fullPage: true });
    expect(await layoutProblems(page)).toEqual([]);
    await page.setViewportSize({ width: 1400, height: 1000 });
    // a patch that did not apply: the error, tests not run
    await page.goto('about:blank');
    await page.goto(`${base}#/sample/${RUN}?task=${encodeURIComponent('swe/toolz-broken')}&idx=0`);
    await page.getByTestId('swe-error').waitFor();
    expect(await page.getByTestId('swe-state').innerText()).toBe('error');
    expect(await page.getByTestId('swe-FAIL_TO_PASS').innerText()).toContain('not run');
  }, 60_000);
});
