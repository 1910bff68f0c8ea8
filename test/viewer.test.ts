// The viewer: JSON API (Fastify inject) and end-to-end browser tests (playwright-core + Debian
// chromium, headless) on the store of viewer-fixture.ts: real evals of the built-in suite, a real
// curate output and synthetic runs named as real ones are. The browser tests check what the pages
// were judged by in screenshots: layout at 1280 and 1400 px, legends, names, sort order.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerViewer } from '../src/server/viewer-api.js';
import { Store } from '../src/store/store.js';
import { naturalCompare } from '../src/viewer/natural.js';
import { type ViewerRuns, cli, fillViewerStore, launchChromium, layoutProblems, root, sampleHash } from './viewer-fixture.js';

const CHROMIUM = process.env.RLCF_CHROMIUM ?? '/usr/bin/chromium';
const SHOTS = join(root, 'test-artifacts', 'screenshots');

let dir: string;
let store: Store;
let app: FastifyInstance;
let base: string;
let runs: ViewerRuns;
let runA: string; // the demo
let runB: string; // the second eval

beforeAll(async () => {
  if (!existsSync(join(root, 'dist/web/index.html')) || !existsSync(join(root, 'dist/cli/main.js'))) {
    execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
  }
  dir = mkdtempSync(join(tmpdir(), 'rlcf-viewer-'));
  // the web app built into this test's own directory: a concurrent `npm run build` empties dist/
  const { build } = await import('vite');
  await build({ configFile: join(root, 'web', 'vite.config.ts'), logLevel: 'warn', build: { outDir: join(dir, 'web'), emptyOutDir: true } });
  process.env.RLCF_WEB_DIR = join(dir, 'web');
  runs = await fillViewerStore(dir);
  ({ runA, runB } = runs);
  store = new Store(join(dir, 'rlcf.db'));
  app = Fastify();
  await registerViewer(app, { store, curateDirs: [join(dir, 'curate')] });
  base = `${await app.listen({ port: 0, host: '127.0.0.1' })}/ui/`;
}, 900_000);

afterAll(async () => {
  await app?.close();
  store?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const json = async (url: string) => {
  const r = await app.inject({ method: 'GET', url });
  return { code: r.statusCode, body: r.json() };
};

describe('viewer API', () => {
  it('lists runs with pass@k, CI, languages and verdict mix', async () => {
    const { code, body } = await json('/ui/api/runs');
    expect(code).toBe(200);
    expect(body.total).toBe(5);
    const a = body.runs.find((r: { id: string }) => r.id === runA);
    expect(a.languages).toEqual(['c', 'cpp', 'go', 'java', 'javascript', 'python', 'rust', 'typescript']);
    expect(a.samples).toBe(240);
    expect(a.pass_at_k['1']).toBeGreaterThan(0.5);
    expect(a.ci95['1'][0]).toBeLessThanOrEqual(a.pass_at_k['1']);
    expect(a.verdicts.ok).toBeGreaterThan(100);
    expect(Object.keys(a.verdicts).length).toBeGreaterThan(2);
    expect((await json('/ui/api/runs?limit=1&offset=1')).body.runs).toHaveLength(1);
  });

  it('run detail: groups per benchmark × language, verdicts, SQL per-task grid', async () => {
    const { body } = await json(`/ui/api/runs/${runA}`);
    expect(Object.keys(body.groups)).toHaveLength(8);
    expect(body.groups['builtin python'].tasks).toBe(30);
    expect(body.groups['builtin python'].verdicts.ok).toBeGreaterThan(0);
    expect(body.grid).toHaveLength(240);
    expect(body.totals.judged).toBe(240);
    const passed = body.grid.reduce((s: number, t: { c: number }) => s + t.c, 0);
    expect(passed).toBe(body.verdicts.ok);
    expect((await json('/ui/api/runs/nope')).code).toBe(404);
    // the grid in natural order: HumanEval/2 before HumanEval/10
    const grid = (await json(`/ui/api/runs/${runs.small}`)).body.grid.map((t: { key: string }) => t.key);
    expect(grid).toHaveLength(90);
    expect(grid.indexOf('humaneval/HumanEval/2/go')).toBeLessThan(grid.indexOf('humaneval/HumanEval/10/go'));
    expect(grid).toEqual([...grid].sort(naturalCompare));
  });

  it('samples page: pagination and filters (language, verdict, task, text)', async () => {
    const all = (await json(`/ui/api/runs/${runA}/samples?limit=50`)).body;
    expect(all.total).toBe(240);
    expect(all.items).toHaveLength(50);
    const next = (await json(`/ui/api/runs/${runA}/samples?limit=50&offset=50`)).body;
    expect(next.items[0].task_key >= all.items[49].task_key).toBe(true);
    const py = (await json(`/ui/api/runs/${runA}/samples?language=python&status=failed`)).body;
    expect(py.total).toBeGreaterThan(0);
    expect(py.items.every((s: { language: string; passed: boolean }) => s.language === 'python' && !s.passed)).toBe(true);
    const ce = (await json(`/ui/api/runs/${runA}/samples?status=compile_error`)).body;
    expect(ce.total).toBe((await json(`/ui/api/runs/${runA}`)).body.verdicts.compile_error);
    const task = (await json(`/ui/api/runs/${runA}/samples?task=base-convert`)).body;
    expect(task.total).toBe(8);
    const text = (await json(`/ui/api/runs/${runA}/samples?q=${encodeURIComponent('DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"')}`)).body;
    expect(text.total).toBeGreaterThan(0);
    expect((await json(`/ui/api/runs/${runA}/samples?q=no-such-text-anywhere-42`)).body.total).toBe(0);
  });

  it('a sample: prompt, raw output, sanitised code and steps, per-test verdicts, siblings', async () => {
    const failing = (await json(`/ui/api/runs/${runA}/samples?status=wrong_answer&limit=1`)).body.items[0];
    const { body } = await json(`/ui/api/runs/${runA}/sample?task=${encodeURIComponent(failing.task_key)}&idx=0`);
    expect(body.prompt.length).toBeGreaterThan(50);
    expect(body.raw.length).toBeGreaterThan(0);
    expect(body.code.length).toBeGreaterThan(0);
    expect(Array.isArray(body.steps)).toBe(true);
    expect(body.judgement.status).toBe('wrong_answer');
    expect(body.judgement.tests.some((t: { passed: boolean }) => !t.passed)).toBe(true);
    expect(body.task_samples).toBe(1);
    expect((await json(`/ui/api/runs/${runA}/sample?task=nope&idx=0`)).code).toBe(404);
  });

  it('compare: flips, pass@k delta with CI, per-language deltas, scatter', async () => {
    const { body } = await json(`/ui/api/compare?runs=${runA},${runB}`);
    const c = body.comparisons[0];
    expect(c.common_tasks).toBe(60);
    expect(c.only_base).toBe(180);
    expect(c.fixed.length).toBeGreaterThan(0);
    expect(c.broken.length).toBe(2);
    expect(c.broken.every((f: { language: string }) => f.language === 'python')).toBe(true);
    const d = c.pass_at_k['1'];
    expect(d.delta).toBeCloseTo(d.b - d.a, 9);
    expect(d.ci95[0]).toBeLessThanOrEqual(d.delta);
    expect(d.ci95[1]).toBeGreaterThanOrEqual(d.delta);
    expect(c.groups.map((g: { group: string }) => g.group)).toEqual(['builtin javascript', 'builtin python']);
    expect(c.scatter).toHaveLength(60);
    expect((await json(`/ui/api/compare?runs=${runA}`)).code).toBe(400);
    // fixed tasks in natural order of their ids (here not the text order); a run passing all its baseline passes breaks none
    const s = (await json(`/ui/api/compare?runs=${runs.small},${runs.large}`)).body.comparisons[0];
    expect(s.broken).toEqual([]);
    const fixed = s.fixed.map((f: { key: string }) => f.key);
    expect(fixed).toEqual([...fixed].sort(naturalCompare));
    expect(fixed).not.toEqual([...fixed].sort());
  });

  it('natural order: numbers in ids compare as numbers', () => {
    const ids = ['HumanEval/10', 'HumanEval/2', 'HumanEval/1', 'HumanEval/100', 'Mbpp/3', 'HumanEval/2/python', 'HumanEval/02', 'a', 'B'];
    // equal numbers: the shorter spelling first (2 before 02), at the first place they differ
    expect([...ids].sort(naturalCompare)).toEqual(['B', 'HumanEval/1', 'HumanEval/2', 'HumanEval/2/python', 'HumanEval/02', 'HumanEval/10',
      'HumanEval/100', 'Mbpp/3', 'a']);
    expect(naturalCompare('t00012', 't00002')).toBeGreaterThan(0);
    expect(naturalCompare('x99999999999999999999', 'x100000000000000000000')).toBeLessThan(0);
  });

  it('curated datasets: absent, then the summary.json of a real rlcf curate', async () => {
    expect((await json('/ui/api/curated')).body.datasets).toEqual([]);
    cli('curate', runA, '--out', join(dir, 'curate', 'ds1'), '--no-decontam', '--db', join(dir, 'rlcf.db'), '--no-progress');
    const ds = (await json('/ui/api/curated')).body.datasets;
    expect(ds).toHaveLength(1);
    expect(ds[0].summary.run_id).toBe(runA);
    expect(ds[0].summary.sft.kept).toBeGreaterThan(0);
  });

  it('rlcf export --format html: one self-contained report', () => {
    const out = join(dir, 'report.html');
    cli('export', runA, '--format', 'html', '--out', out, '--db', join(dir, 'rlcf.db'));
    const html = readFileSync(out, 'utf8');
    expect(html).toContain(runA);
    expect(html).toContain('builtin python');
    expect(html).toContain('<style>');
    expect(html).not.toMatch(/(src|href)="https?:/);
    const failing = (html.match(/<details class="s">/g) ?? []).length;
    expect(failing).toBe(240 - (store.getRun(runA)!.summary as { verdicts: Record<string, number> }).verdicts.ok);
  });

  it('rlcf export --format html: failures in natural order (HumanEval/2 before HumanEval/10), with test inputs', () => {
    const out = join(dir, 'report-he.html');
    cli('export', runs.small, '--format', 'html', '--out', out, '--db', join(dir, 'rlcf.db'));
    const html = readFileSync(out, 'utf8');
    const ids = [...html.matchAll(/<b>HumanEval\/(\d+)<\/b>/g)].map((m) => Number(m[1]));
    // the check needs failures on both sides of 10 (as text, "10" < "2")
    expect(ids.some((n) => n >= 10) && ids.some((n) => n >= 2 && n < 10)).toBe(true);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(html).toContain('<pre>args: --sum\nstdin:\n3\n1 2 3\n</pre>');
  });

  it('serves the built web app under the prefix', async () => {
    const r = await app.inject({ method: 'GET', url: '/ui/' });
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('<div id="app">');
    expect(r.body).not.toMatch(/https?:\/\//); // offline: no CDN
    expect((await app.inject({ method: 'GET', url: '/ui/../package.json' })).statusCode).not.toBe(200);
  });
});

describe.skipIf(!existsSync(CHROMIUM))(`viewer in the browser (${CHROMIUM})`, () => {
  let browser: BrowserContext;
  let page: Page;
  let profile: string;
  beforeAll(async () => {
    profile = mkdtempSync(join(tmpdir(), 'rlcf-chromium-'));
    mkdirSync(SHOTS, { recursive: true });
    ({ browser, page } = await launchChromium(CHROMIUM, profile));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });
  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  /** A fresh load (not a same-document hash change, which would leave the previous page's elements). */
  const open = async (hash: string, ready: string) => {
    await page.goto('about:blank');
    await page.goto(`${base}${hash}`);
    await page.getByTestId(ready).first().waitFor();
  };
  const firstOf = async (run: string, status: string) => (await json(`/ui/api/runs/${run}/samples?status=${status}&limit=1`)).body.items[0] as
    { task_key: string; idx: number };

  it('runs list → run page → filters → sample page', async () => {
    await open('', 'run-row');
    expect(await page.getByTestId('run-row').count()).toBe(5);
    await expect.poll(() => page.getByTestId('runs-table').innerText()).toContain(runA);
    await shot('runs');
    await page.click(`a:text("${runA}")`);
    await page.getByTestId('groups-table').waitFor();
    expect(await page.getByTestId('groups-table').locator('tbody tr').count()).toBe(8);
    expect(await page.getByTestId('task-grid').locator('.cell').count()).toBe(240);
    await page.locator('[data-testid=passk-chart] canvas').waitFor();
    await expect.poll(() => page.getByTestId('sample-count').innerText()).toBe('240 match');
    await shot('run');
    // filters, kept in the URL
    await page.getByTestId('filter-language').selectOption('python');
    await page.getByTestId('filter-status').selectOption('failed');
    await expect.poll(() => page.getByTestId('sample-count').innerText()).toMatch(/^[1-9]\d* match$/);
    expect(page.url()).toContain('language=python');
    expect(page.url()).toContain('status=failed');
    const rows = page.getByTestId('sample-row');
    await expect.poll(() => rows.first().innerText()).toContain('python');
    await shot('run-filtered');
    // keyboard: j moves, Enter opens
    await page.keyboard.press('j');
    await page.keyboard.press('Enter');
    await page.getByTestId('sample-title').waitFor();
    expect(await page.getByTestId('sample-title').innerText()).toContain('python');
    expect(await page.getByTestId('prompt').innerText()).not.toBe('');
    expect(await page.getByTestId('code').innerText()).not.toBe('');
    await page.getByTestId('tests-table').waitFor();
    await shot('sample');
    // text search with '/'
    await page.goBack();
    await page.getByTestId('filter-q').waitFor();
    await page.keyboard.press('/');
    await page.keyboard.type('BigInt');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.url()).toContain('q=BigInt');
  });

  it('every page fits 1280 and 1400 px: no sideways scroll, nothing spills out of its cell, ids and dates on one line', async () => {
    const wa = await firstOf(runA, 'wrong_answer');
    // [name, hash, element to wait for, elements to find on one line]
    const pages: [string, string, string, string[]?][] = [['runs', '', 'run-row', ['[data-testid=run-id]', '[data-testid=run-date]']],
      ['run', `#/run/${runA}`, 'sample-row'], ['run-k', `#/run/${runs.small}`, 'sample-row'], ['sample', sampleHash(runA, wa), 'tests-table'],
      ['compare', `#/compare?runs=${runA},${runB}`, 'comparison'], ['compare-k', `#/compare?runs=${runs.small},${runs.large}`, 'comparison'],
      ['curated', '#/curated', 'curated-dataset']];
    try {
      for (const width of [1280, 1400]) {
        await page.setViewportSize({ width, height: 1000 });
        for (const [name, hash, ready, oneLine] of pages) {
          await open(hash, ready);
          await page.waitForLoadState('networkidle');
          expect(await layoutProblems(page, oneLine), `${hash || '#/'} at ${width} px`).toEqual([]);
          if (width === 1280) await shot(`1280-${name}`);
        }
      }
    } finally {
      await page.setViewportSize({ width: 1400, height: 1000 });
    }
  });

  it('runs list: models told apart by their names, benchmarks by name rather than path', async () => {
    await open('', 'run-row');
    const models = await page.getByTestId('run-model').allInnerTexts();
    expect(models).toEqual(expect.arrayContaining(['Qwen/Qwen2.5-Coder-1.5B-Instruct', 'Qwen/Qwen2.5-Coder-7B-Instruct', 'claude-3-5-haiku-20241022',
      expect.stringMatching(/^samples: rlcf-viewer-\w+\/second\.jsonl$/)]));
    // nothing cut: every model cell shows its whole short name (the title has the full id)
    expect(await page.getByTestId('run-model').evaluateAll((els) => els.filter((e) => e.scrollWidth > e.clientWidth).map((e) => e.textContent))).toEqual([]);
    expect(await page.getByTestId('run-model').first().getAttribute('title')).toMatch(/^(openai|anthropic):/);
    const benches = await page.getByTestId('run-bench').allInnerTexts();
    expect(benches).toEqual(expect.arrayContaining(['humaneval', 'mbpp', 'builtin']));
    expect(benches.join(' ')).not.toContain('/');
  });

  it('run page: pass@k charted for every k, a legend naming them, values on hover; no chart for a single group', async () => {
    await open(`#/run/${runs.small}`, 'groups-table');
    const chart = page.getByTestId('passk-chart');
    await chart.locator('canvas').waitFor();
    expect(await chart.getAttribute('data-series')).toBe('3');
    const legend = await page.getByTestId('passk-chart-legend').innerText();
    expect(legend).toMatch(/^pass@1\s+pass@5\s+pass@10\s+hover a group for its values$/);
    expect(await page.locator('.u-legend').count()).toBe(0); // uPlot's "Value: --" legend
    // the middle of the plot is the middle group (go, javascript, python)
    const over = (await chart.locator('.u-over').boundingBox())!;
    await page.mouse.move(over.x + over.width / 2, over.y + over.height / 2);
    await expect.poll(() => page.getByTestId('passk-chart-hover').innerText())
      .toMatch(/^javascript: pass@1 \d+\.\d% · pass@5 \d+\.\d% · pass@10 \d+\.\d%$/);
    await shot('run-several-k');
    await open(`#/run/${runs.single}`, 'sample-row');
    expect(await page.getByTestId('groups-table').locator('tbody tr').count()).toBe(1);
    expect(await page.getByTestId('passk-chart').count()).toBe(0);
    await shot('run-single-group');
  });

  it('sample page: a wrong answer with its verdicts, its stdout shown once; a compile error with its compiler message', async () => {
    const ce = await firstOf(runA, 'compile_error');
    await open(sampleHash(runA, ce), 'compiler');
    // the stored message, whichever the compiler gave (a loaded host can turn one into a time-out)
    const ceDetail = (await json(`/ui/api/runs/${runA}/sample?task=${encodeURIComponent(ce.task_key)}&idx=${ce.idx}`)).body;
    expect(ceDetail.judgement.compile_message).toMatch(/error|exceeded/i);
    expect((await page.getByTestId('compiler').innerText()).trim()).toBe(ceDetail.judgement.compile_message.trim());
    const wa = await firstOf(runA, 'wrong_answer');
    const detail = (await json(`/ui/api/runs/${runA}/sample?task=${encodeURIComponent(wa.task_key)}&idx=${wa.idx}`)).body;
    const bad = detail.judgement.tests.find((t: { passed: boolean }) => !t.passed);
    expect(bad.stdout).toBe(bad.actual); // stdin/stdout judging stores the output twice
    await open(sampleHash(runA, wa), 'tests-table');
    expect(await page.getByTestId('tests-table').innerText()).toMatch(/WA[\s\S]*expected/);
    expect(await page.getByTestId('test-io').first().locator('b').allInnerTexts()).toEqual(['input (stdin)', 'expected', 'actual (stdout)']);
    expect(await page.getByTestId('test-stdin').first().innerText()).toBe(bad.input.stdin);
    // the prompt has lines wider than its box (unwrapped, it would scroll sideways): they wrap
    expect(await page.getByTestId('prompt').evaluate((e) => {
      const wraps = e.scrollWidth <= e.clientWidth;
      e.classList.remove('wrap'); // the next test loads a new page
      return { wraps, wider: e.scrollWidth > e.clientWidth };
    })).toEqual({ wraps: true, wider: true });
  });

  it('sample page: a failing test shows its input (stdin, arguments)', async () => {
    await open(sampleHash(runs.small, await firstOf(runs.small, 'failed')), 'tests-table');
    expect(await page.getByTestId('test-io').first().locator('b').allInnerTexts()).toEqual(['arguments', 'input (stdin)', 'expected', 'actual (stdout)']);
    expect(await page.getByTestId('test-stdin').first().innerText()).toMatch(/^3\n1 2 3\n?$/);
    expect(await page.getByTestId('test-args').first().innerText()).toBe('--sum');
    await shot('sample-input');
  });

  it('compare: pick two runs from the list, flips and deltas on screen', async () => {
    await open('', 'run-row');
    await page.getByLabel(`select ${runA}`).check();
    await page.getByLabel(`select ${runB}`).check();
    await page.getByTestId('compare-selected').click();
    await page.getByTestId('comparison').waitFor();
    expect(await page.getByTestId('broken-count').innerText()).toBe('2');
    expect(Number(await page.getByTestId('fixed-count').innerText())).toBeGreaterThan(0);
    expect(await page.getByTestId('lang-deltas').innerText()).toContain('builtin python');
    expect(await page.getByTestId('delta-card').innerText()).toMatch(/pts/);
    // named by their models (here samples files), the ids beneath
    expect(await page.getByTestId('compare-title').innerText()).toMatch(/^samples: builtin\/demo-samples\.jsonl → samples: rlcf-viewer-\w+\/second\.jsonl$/);
    await page.locator('[data-testid=scatter] canvas').waitFor();
    await shot('compare');
    // a broken task → its samples in the new run
    await page.getByTestId('broken-list').locator('a').first().click();
    await page.getByTestId('sample-count').waitFor();
    await expect.poll(() => page.getByTestId('sample-count').innerText()).toBe('1 match');
  });

  it('compare: models in the header, fixed and broken each with its own subtitle, an empty list says so', async () => {
    await open(`#/compare?runs=${runs.small},${runs.large}`, 'comparison');
    const [small, large] = ['Qwen/Qwen2.5-Coder-1.5B-Instruct', 'Qwen/Qwen2.5-Coder-7B-Instruct'];
    expect(await page.getByTestId('compare-title').innerText()).toBe(`${small} → ${large}`);
    expect(await page.getByTestId('fixed-subtitle').innerText()).toBe(`no sample passed in ${small} → some passed in ${large}`);
    expect(await page.getByTestId('broken-subtitle').innerText()).toBe(`some sample passed in ${small} → none passed in ${large}`);
    expect(await page.getByTestId('broken-count').innerText()).toBe('0');
    expect(await page.getByTestId('broken-list').count()).toBe(0);
    expect(await page.getByTestId('broken-empty').innerText()).toBe(`No task that passed in ${small} fails in ${large}.`);
    // the fixed tasks in natural order
    const fixed = (await page.getByTestId('fixed-list').locator('li > a:first-child').allInnerTexts()).map((t) => t.split(' ')[0]);
    expect(fixed).toEqual([...fixed].sort(naturalCompare));
    expect(fixed).not.toEqual([...fixed].sort()); // the data has ids on both sides of 10
    await shot('compare-models');
  });

  it('curated datasets: each set kept and dropped as cards, the reasons as tables, labels not JSON keys; the dark theme', async () => {
    const summary = JSON.parse(readFileSync(join(dir, 'curate', 'ds1', 'summary.json'), 'utf8'));
    const dropped = (c: Record<string, number>) => Object.values(c).reduce((a, b) => a + b, 0);
    await open('#/curated', 'curated-dataset');
    expect(await page.getByTestId('curated-set').allInnerTexts()).toEqual([
      `SFT\n${summary.sft.kept} kept\n${dropped(summary.sft.dropped)} dropped`,
      `DPO pairs\n${summary.dpo.kept} kept\n${dropped(summary.dpo.dropped)} dropped`,
      `Repair\n${summary.repair.kept} kept\n${dropped(summary.repair.dropped)} dropped`]);
    // the reasons are on the page, not behind a click
    expect(await page.getByTestId('curated-counts').first().isVisible()).toBe(true);
    expect(await page.getByTestId('curated-counts').first().innerText()).toMatch(/^SFT: why rows were dropped\n/);
    expect(await page.getByTestId('curated-meta').innerText()).toMatch(new RegExp(`^from run ${runA} · format openai · curated in \\d+\\.\\ds \\(\\d+ rows/s\\) · decontamination off$`));
    const shown = await page.getByTestId('curated-dataset').evaluate((e) => {
      const c = e.cloneNode(true) as HTMLElement;
      c.querySelectorAll('details').forEach((d) => d.remove()); // the raw file, on demand
      return c.textContent ?? '';
    });
    expect(shown).not.toMatch(/run_id|out_dir|elapsed_s|rows_per_s|flagged_tasks/);
    await page.getByTestId('theme-toggle').click();
    const theme = await page.evaluate(() => document.documentElement.dataset.theme);
    await shot(`curated-${theme}`);
    await page.getByTestId('curated-meta').locator('a').click();
    await page.getByTestId('groups-table').waitFor();
    expect(page.url()).toContain(`#/run/${runA}`);
    await page.goto(`${base}#/run/${runB}`);
    await page.getByTestId('groups-table').waitFor();
    await shot(`run-${theme}`);
    await page.getByTestId('theme-toggle').click();
  });
});
