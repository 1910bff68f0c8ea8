// The overfitting gap: the statistics on synthetic scores, and `rlcf gap` end to end with two
// scripted models (samples files): one that knows the public answers (the built-in suite's
// reference solutions) and fails fresh tasks (their recorded wrong answers) shows a large,
// significant gap; an honest one, passing ~70% of each side by a hash of the task id, shows none.
// Also `rlcf tasks gen` writes byte-identical files for a seed (the CLI path of the families).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { loadBuiltin } from '../src/benchmarks/builtin.js';
import { BENCHMARKS } from '../src/benchmarks/index.js';
import { splitSpecs } from '../src/cli/gap.js';
import { type GapReport, type TaskScore, capabilityOf, gapRows } from '../src/pipeline/gap.js';
import { registerViewer } from '../src/server/viewer-api.js';
import { Store } from '../src/store/store.js';
import { hash32 } from '../src/tasks/rng.js';
import { TEST_STATE } from './helpers.js';
import { launchChromium } from './viewer-fixture.js';

const CHROMIUM = process.env.RLCF_CHROMIUM ?? '/usr/bin/chromium';

const BIN = join(import.meta.dirname, '..', 'bin', 'rlcf.js');
const dir = mkdtempSync(join(tmpdir(), 'rlcf-gap-'));
const rlcf = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args, ...(args[1] === 'families' ? [] : ['--state-dir', TEST_STATE])],
  { encoding: 'utf8', cwd: dir, timeout: 600_000 });

describe('gap statistics', () => {
  const scores = (n: number, cap: string, rate: number): TaskScore[] => Array.from({ length: n }, (_, i) => ({ capability: cap, score: i < rate * n ? 1 : 0 }));

  it('all-pass public vs all-fail fresh: gap 100%, significant; equal rates: no gap', () => {
    const big = gapRows(scores(30, 'string', 1), scores(26, 'string', 0));
    expect(big[0]).toMatchObject({ capability: 'all', gap: 1, gap_ci95: [1, 1], significant: true });
    const same = gapRows(scores(40, 'dp', 0.6), scores(40, 'dp', 0.6));
    expect(same[0].gap).toBe(0);
    expect(same[0].significant).toBe(false);
    expect(same[0].gap_ci95![0]).toBeLessThan(0);
    expect(same[0].gap_ci95![1]).toBeGreaterThan(0);
  });

  it('too few tasks on a side is never significant; capability rows use wider (Bonferroni) intervals', () => {
    expect(gapRows(scores(4, 'graph', 1), scores(4, 'graph', 0))[0].significant).toBe(false);
    const pub = [...scores(40, 'graph', 0.8), ...scores(40, 'dp', 0.8)];
    const fresh = [...scores(40, 'graph', 0.6), ...scores(40, 'dp', 0.6)];
    const rows = gapRows(pub, fresh, { seed: 7 });
    const all = rows.find((r) => r.capability === 'all')!;
    const graph = rows.find((r) => r.capability === 'graph')!;
    expect(graph.gap_ci95![1] - graph.gap_ci95![0]).toBeGreaterThan(all.gap_ci95![1] - all.gap_ci95![0]);
  });

  it('capabilities: a family\'s shape, else a keyword guess; specs split only before benchmark names', () => {
    expect(capabilityOf({ prompt: 'anything', meta: { shape: 'graph' } })).toBe('graph');
    expect(capabilityOf({ prompt: 'Reverse the letters of each word of the sentence.' })).toBe('string');
    expect(capabilityOf({ prompt: 'Count the ways to climb the stairs.' })).toBe('dp');
    expect(capabilityOf({ prompt: 'Do it.' })).toBe('other');
    expect(splitSpecs(['humaneval,mbpp,procedural:caesar-shift,grid-bfs@1/3', 'tasks:/a,b.jsonl'], BENCHMARKS))
      .toEqual(['humaneval', 'mbpp', 'procedural:caesar-shift,grid-bfs@1/3', 'tasks:/a,b.jsonl']);
  });
});

describe('rlcf gap and rlcf tasks gen (CLI)', () => {
  const reports: Record<string, GapReport> = {};
  it('tasks gen: same seed, byte-identical file; tasks families --json lists >= 20 families', () => {
    const a = join(dir, 'a.jsonl');
    const b = join(dir, 'b.jsonl');
    for (const out of [a, b]) expect(rlcf('tasks', 'gen', '--family', 'all', '--count', '2', '--seed', 'z', '--language', 'python', '--out', out).status).toBe(0);
    expect(readFileSync(a)).toEqual(readFileSync(b));
    const fams = JSON.parse(rlcf('tasks', 'families', '--json').stdout) as { name: string; languages: string[] }[];
    expect(fams.length).toBeGreaterThanOrEqual(20);
    expect(fams[0].languages).toEqual(['python', 'javascript', 'typescript', 'rust', 'go']);
    const bad = rlcf('tasks', 'gen', '--family', 'caesar-shift', '--knob', 'difficulty=7', '--out', join(dir, 'c.jsonl'));
    expect([bad.status, bad.stderr]).toEqual([2, expect.stringMatching(/knob difficulty .* \[1, 3\]/)]);
  });

  it('a model that knows the public answers shows a large significant gap; an honest one none', () => {
    const fresh = join(dir, 'fresh.jsonl');
    expect(rlcf('tasks', 'gen', '--family', 'all', '--count', '1', '--seed', 'gap', '--language', 'python', '--out', fresh).status).toBe(0);
    const fence = (s: string) => `\`\`\`python\n${s}\`\`\`\n`;
    const pub = loadBuiltin().filter((t) => t.language === 'python');
    const rows = readFileSync(fresh, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { id: string; reference: string; wrong: { source: string }[] });
    const line = (id: string, code: string) => JSON.stringify({ task_id: id, language: 'python', completion: fence(code) });
    const knows = (h: boolean, right: string, wrong: string) => (h ? right : wrong);
    writeFileSync(join(dir, 'cheat.jsonl'), [...pub.map((t) => line(t.id, t.reference!)), ...rows.map((r) => line(r.id, r.wrong[0].source))].join('\n'));
    writeFileSync(join(dir, 'honest.jsonl'), [
      ...pub.map((t) => line(t.id, knows(hash32(t.id) % 10 < 7, t.reference!, 'print(0)\n'))),
      ...rows.map((r) => line(r.id, knows(hash32(r.id) % 10 < 7, r.reference, r.wrong[0].source))),
    ].join('\n'));
    const gap = (samples: string) => {
      const r = rlcf('gap', '--samples', join(dir, samples), '--public', 'builtin', '--fresh', `tasks:${fresh}`, '--language', 'python',
        '--db', join(dir, 'gap.db'), '--json');
      expect(r.status, r.stderr).toBe(0);
      return JSON.parse(r.stdout) as GapReport;
    };
    const cheat = gap('cheat.jsonl');
    reports.cheat = cheat;
    expect(cheat.rows[0]).toMatchObject({ capability: 'all', public: { tasks: 30, score: 1 }, fresh: { score: 0 }, gap: 1, significant: true });
    const honest = gap('honest.jsonl');
    reports.honest = honest;
    expect(honest.rows[0].capability).toBe('all');
    expect(Math.abs(honest.rows[0].gap!)).toBeLessThan(0.2);
    expect(honest.rows.filter((r) => r.significant)).toEqual([]);
  });

  it('gap reports are stored and the viewer shows them (API; the Gaps page in chromium when installed)', async (ctx) => {
    const store = new Store(join(dir, 'gap.db'));
    const app = Fastify();
    try {
      const stored = store.listGaps();
      expect(stored.map((g) => g.model).sort()).toEqual([`samples:${join(dir, 'cheat.jsonl')}`, `samples:${join(dir, 'honest.jsonl')}`]);
      await registerViewer(app, { store });
      const api = (await app.inject({ method: 'GET', url: '/ui/api/gaps' })).json() as { gaps: { id: string; report: GapReport }[] };
      expect(api.gaps.map((g) => g.id)).toEqual(stored.map((g) => g.id));
      expect(api.gaps.find((g) => g.report.model.includes('cheat'))!.report.rows[0].significant).toBe(true);
      if (!existsSync(CHROMIUM) || !existsSync(join(import.meta.dirname, '..', 'dist', 'web', 'index.html'))) {
        ctx.skip(`the page check needs ${CHROMIUM} (apt-get install chromium) and the built web app (npm run build)`);
        return;
      }
      const base = `${await app.listen({ port: 0, host: '127.0.0.1' })}/ui/`;
      const { browser, page } = await launchChromium(CHROMIUM, mkdtempSync(join(tmpdir(), 'rlcf-gap-chromium-')));
      try {
        await page.goto(`${base}#/gaps`);
        await page.waitForSelector('[data-testid=gap-model]');
        expect(await page.locator('[data-testid=gap-model]').count()).toBe(2);
        expect(await page.locator('[data-testid=gap-over-time]').count()).toBe(2);
        expect(await page.locator('[data-testid=gap-significant]').count()).toBeGreaterThan(0);
      } finally {
        await browser.close();
      }
    } finally {
      await app.close();
      store.close();
    }
  }, 300_000);

  it('from stored runs: the same rows without grading again; runs of two models or unknown ids are refused', () => {
    const { cheat, honest } = reports;
    expect(cheat && honest, 'the CLI gap test above must run first').toBeTruthy();
    const again = rlcf('gap', '--public-run', cheat.public.run_id, '--fresh-run', cheat.fresh.run_id, '--db', join(dir, 'gap.db'), '--json');
    expect(again.status, again.stderr).toBe(0);
    const r = JSON.parse(again.stdout) as GapReport;
    expect(r.rows).toEqual(cheat.rows); // same tasks, same scores, same seeded bootstrap
    expect([r.public.run_id, r.fresh.run_id, r.model]).toEqual([cheat.public.run_id, cheat.fresh.run_id, cheat.model]);
    // a procedural task's capability comes back from its family, not from a keyword guess
    expect(r.rows.map((x) => x.capability)).toEqual(cheat.rows.map((x) => x.capability));
    const mixed = rlcf('gap', '--public-run', cheat.public.run_id, '--fresh-run', honest.fresh.run_id, '--db', join(dir, 'gap.db'));
    expect([mixed.status, mixed.stderr]).toEqual([2, expect.stringMatching(/different models .*compares one model/)]);
    const unknown = rlcf('gap', '--public-run', 'nosuchrun', '--fresh', 'builtin', '--db', join(dir, 'gap.db'));
    expect([unknown.status, unknown.stderr]).toEqual([2, expect.stringMatching(/--public-run nosuchrun: no such run/)]);
    const both = rlcf('gap', '--public-run', cheat.public.run_id, '--public', 'builtin', '--fresh', 'builtin', '--db', join(dir, 'gap.db'));
    expect([both.status, both.stderr]).toEqual([2, expect.stringMatching(/either --public .* or --public-run/)]);
  });
});
