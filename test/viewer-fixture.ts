// The viewer tests' store: a real eval of the built-in suite (`rlcf demo`), a second eval (python and
// javascript, failing samples fixed and two passing ones broken), a real `rlcf curate` output, and
// synthetic runs named as real ones are (an OpenAI-compatible endpoint's model ids, benchmark paths,
// several k, HumanEval-style ids, test inputs) that the layout, legend and sort-order checks need.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type BrowserContext, type Page, chromium } from 'playwright-core';
import { Store } from '../src/store/store.js';
import { makeSyntheticRun } from '../src/viewer/big-run.js';
import { TEST_STATE, runChild } from './helpers.js';

export const root = join(import.meta.dirname, '..');
export const cli = (...args: string[]) => execFileSync(process.execPath, [join(root, 'bin', 'rlcf.js'), ...args],
  { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });

/** The long CLI runs (demo, eval) asynchronously: see runChild. */
async function cliAsync(...args: string[]): Promise<string> {
  const r = await runChild([join(root, 'bin', 'rlcf.js'), ...args], { cwd: root });
  if (r.status !== 0) throw new Error(`rlcf ${args[0]} exited ${r.status}: ${r.stderr.slice(-2000)}`);
  return r.stdout;
}

/** The demo samples for python and javascript, the failing ones replaced by the reference solution
 * (fixed) and two passing python ones replaced by a program that exits 3 (broken). */
function secondSamples(out: string, failing: Set<string>): void {
  const lines = readFileSync(join(root, 'src/benchmarks/builtin/demo-samples.jsonl'), 'utf8').trim().split('\n')
    .map((l) => JSON.parse(l) as { task_id: string; language: string; completion: string })
    .filter((l) => l.language === 'python' || l.language === 'javascript');
  let broke = 0;
  for (const l of lines) {
    const ref = readFileSync(join(root, 'src/benchmarks/builtin', l.task_id, 'solutions', l.language === 'python' ? 'main.py' : 'main.js'), 'utf8');
    if (failing.has(`builtin/${l.task_id}/${l.language}`)) l.completion = ref;
    else if (l.language === 'python' && broke < 2 && (broke += 1)) l.completion = 'import sys\nsys.exit(3)\n';
  }
  writeFileSync(out, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
}

export const ENDPOINT = 'openai:http://127.0.0.1:8000/v1#';
export const MODELS = { small: `${ENDPOINT}Qwen/Qwen2.5-Coder-1.5B-Instruct`, large: `${ENDPOINT}Qwen/Qwen2.5-Coder-7B-Instruct` };

export interface ViewerRuns {
  /** the demo (8 languages, k = 1) and the second eval */
  runA: string; runB: string;
  /** 30 HumanEval-style tasks × python, javascript, go, n = 10, k = 1, 5, 10; large passes all small passes */
  small: string; large: string;
  /** one language (python), k = 1 */
  single: string;
}

export async function fillViewerStore(dir: string): Promise<ViewerRuns> {
  const db = join(dir, 'rlcf.db');
  await cliAsync('demo', '--db', db, '--state-dir', TEST_STATE);
  const demo = new Store(db);
  const failing = new Set((demo.db.prepare('SELECT task_key FROM samples WHERE passed = 0').all() as { task_key: string }[]).map((r) => r.task_key));
  demo.close();
  secondSamples(join(dir, 'second.jsonl'), failing);
  await cliAsync('eval', '--bench', 'builtin', '--samples', join(dir, 'second.jsonl'), '--language', 'python', '--language', 'javascript',
    '--db', db, '--state-dir', TEST_STATE, '--no-progress');
  const store = new Store(db);
  try {
    const [runB, runA] = store.listRuns().map((r) => r.id); // newest first: the second eval, then the demo
    const day = new Date().toISOString().slice(0, 10).replace(/-/g, '');
    const he = { benchmarks: ['humaneval:/home/user/datasets/openai_humaneval/HumanEval.jsonl.gz'], benchmark: 'humaneval', k: [1, 5, 10],
      perTask: 10, languages: ['python', 'javascript', 'go'], taskId: (i: number) => `HumanEval/${i}`, samples: 30 * 3 * 10 };
    const small = makeSyntheticRun(store, { ...he, id: `${day}-5a0001`, model: MODELS.small });
    const large = makeSyntheticRun(store, { ...he, id: `${day}-5a0002`, model: MODELS.large, skill: 0.3 });
    const single = makeSyntheticRun(store, { id: `${day}-5a0003`, model: 'anthropic:claude-3-5-haiku-20241022', benchmark: 'mbpp',
      benchmarks: ['mbpp:/home/user/datasets/mbpp/mbpp.jsonl'], k: [1], perTask: 5, languages: ['python'], taskId: (i) => `Mbpp/${i + 2}`, samples: 60 });
    return { runA, runB, small, large, single };
  } finally {
    store.close();
  }
}

/** Headless chromium with a new, empty profile (playwright passes it as --user-data-dir); a page error fails the test. */
export async function launchChromium(executablePath: string, profile: string): Promise<{ browser: BrowserContext; page: Page }> {
  const browser = await chromium.launchPersistentContext(profile, { executablePath, headless: true,
    viewport: { width: 1400, height: 1000 }, args: ['--headless', '--no-sandbox', '--disable-gpu',
      '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-quic', '--disable-sync'] });
  const page = browser.pages()[0] ?? await browser.newPage();
  page.on('pageerror', (e) => { throw e; });
  return { browser, page };
}

export const sampleHash = (run: string, s: { task_key: string; idx: number }) =>
  `#/sample/${run}?task=${encodeURIComponent(s.task_key)}&idx=${s.idx}`;

/** Layout checks the screenshots were judged by: no sideways scrolling, no cell whose content spills
 * out of it, and the elements given on a single line. Returns what is wrong, to be expected empty. */
export function layoutProblems(page: Page, oneLine: string[] = []): Promise<string[]> {
  return page.evaluate((oneLine) => {
    const out: string[] = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > doc.clientWidth) out.push(`page scrolls sideways: ${doc.scrollWidth} > ${doc.clientWidth}`);
    const main = document.querySelector('main')!;
    for (const el of main.querySelectorAll<HTMLElement>('table, pre.wrap, .chartbox')) {
      if (el.getBoundingClientRect().right > main.getBoundingClientRect().right + 1) out.push(`${el.tagName}.${el.className} wider than the page`);
    }
    for (const pre of main.querySelectorAll<HTMLElement>('pre.wrap')) {
      if (pre.scrollWidth > pre.clientWidth + 1) out.push(`prose does not wrap: ${pre.innerText.slice(0, 60)}`);
    }
    for (const td of main.querySelectorAll<HTMLElement>('td')) {
      if (td.scrollWidth > td.clientWidth + 1) out.push(`cell spills: ${td.innerText.slice(0, 60)}`);
    }
    for (const sel of oneLine) {
      if (!main.querySelector(sel)) out.push(`nothing matches ${sel}`);
      for (const el of main.querySelectorAll<HTMLElement>(sel)) {
        const r = document.createRange();
        r.selectNodeContents(el);
        const tops = new Set([...r.getClientRects()].map((x) => Math.round(x.top)));
        if (tops.size > 1) out.push(`${sel} wraps: ${el.innerText}`);
      }
    }
    return out;
  }, oneLine);
}
