// Procedural task families (src/tasks): every family × 50 seeds in Python (reference passes, the
// recorded wrong answers fail, no two seeds give the same task), fewer seeds in the other languages
// (each compiled program costs a compile: JavaScript 2 seeds, TypeScript, Rust and Go 1 seed per
// family), all judged in ONE batched verifyRows call through the judge path; determinism per seed;
// the two benchmark specs (tasks:<file>, procedural:...) load through loadBenchmark.
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBenchmark } from '../src/benchmarks/index.js';
import type { Sandbox } from '../src/sandbox/engine.js';
import { SHAPES } from '../src/tasks/family.js';
import { FAMILIES, FAMILY_LANGUAGES, type TaskRow, generateRows, generateTask, rowsJsonl } from '../src/tasks/index.js';
import { parseProcedural } from '../src/tasks/load.js';
import { type VerifyReport, verifyRows } from '../src/tasks/verify.js';
import { makeSandbox } from './helpers.js';

const SEEDS = 50;
const seeds = Array.from({ length: SEEDS }, (_, i) => String(i));
const PER_LANGUAGE: Record<string, number> = { python: SEEDS, javascript: 2, typescript: 1, rust: 1, go: 1 };

function rowsFor(language: (typeof FAMILY_LANGUAGES)[number], n: number): TaskRow[] {
  return FAMILIES.flatMap((f) => seeds.slice(0, n).flatMap((s) => generateTask(f, s, 0, {}, [language])));
}

describe('task families: catalogue and determinism (no sandbox)', () => {
  it('has at least 20 families over every shape, each in python, javascript, typescript, rust, go', () => {
    expect(FAMILIES.length).toBeGreaterThanOrEqual(20);
    expect(new Set(FAMILIES.map((f) => f.name)).size).toBe(FAMILIES.length);
    expect(new Set(FAMILIES.map((f) => f.shape))).toEqual(new Set(SHAPES));
    for (const f of FAMILIES) expect(f.wrong.length, f.name).toBeGreaterThan(0);
    const rows = generateRows({ families: FAMILIES.map((f) => f.name), count: 1, seed: 'x' });
    expect(rows.length).toBe(FAMILIES.length * 5);
    expect(new Set(rows.map((r) => r.language))).toEqual(new Set(FAMILY_LANGUAGES));
  });

  it('same seed → byte-identical file; another seed → another file', () => {
    const o = { families: ['expr-precedence', 'stack-machine', 'grid-bfs'], count: 4, seed: 's1' };
    const a = rowsJsonl(generateRows(o));
    expect(rowsJsonl(generateRows(o))).toBe(a);
    expect(rowsJsonl(generateRows({ ...o, seed: 's2' }))).not.toBe(a);
  });

  it('no two of 50 seeds give the same task in any family (statement + tests)', () => {
    for (const f of FAMILIES) {
      const keys = seeds.map((s) => {
        const r = generateTask(f, s, 0, {}, ['python'])[0];
        return createHash('sha256').update(r.prompt).update(JSON.stringify(r.tests)).digest('hex');
      });
      expect(new Set(keys).size, f.name).toBe(SEEDS);
    }
  });

  it('knobs: difficulty scales the instances, cases sets the hidden count, bad knobs are errors', () => {
    const f = FAMILIES.find((x) => x.name === 'weighted-edit')!;
    const easy = generateTask(f, '3', 0, { difficulty: 1, cases: 30 }, ['python'])[0];
    const hard = generateTask(f, '3', 0, { difficulty: 3, cases: 30 }, ['python'])[0];
    expect(hard.tests.cases[1].stdin.length).toBeGreaterThan(easy.tests.cases[1].stdin.length * 2);
    const few = generateTask(f, '3', 0, { difficulty: 1, cases: 10 }, ['python'])[0];
    const hidden = (r: TaskRow) => Number(r.tests.cases[1].stdin.split('\n')[0]);
    expect(hidden(easy) - hidden(few)).toBe(20);
    expect(() => generateTask(f, '3', 0, { difficulty: 9 })).toThrow(/difficulty.*\[1, 3\]/);
    expect(() => generateTask(f, '3', 0, { speed: 1 })).toThrow(/no knob "speed"/);
  });

  it('procedural specs parse; a bad one names the expected form', () => {
    expect(parseProcedural('caesar-shift,grid-bfs@7/3?difficulty=1')).toEqual({ families: ['caesar-shift', 'grid-bfs'], seed: '7', count: 3, knobs: { difficulty: 1 } });
    expect(parseProcedural('all@x').families.length).toBe(FAMILIES.length);
    expect(() => parseProcedural('caesar-shift')).toThrow(/<families>@<seed>/);
  });
});

describe('task families: judged in the sandbox', () => {
  let sb: Sandbox;
  let report: VerifyReport;
  const rows = FAMILY_LANGUAGES.flatMap((l) => rowsFor(l, PER_LANGUAGE[l]));
  beforeAll(async () => {
    sb = await makeSandbox();
    // one batch: every reference and every wrong answer of every family, seed and language
    report = await verifyRows(sb, rows);
  }, 15 * 60_000);
  afterAll(async () => {
    await sb?.close();
  });

  it(`every reference passes and every recorded wrong answer fails (${SEEDS} seeds in Python)`, () => {
    expect(report.problems).toEqual([]);
    expect(report.programs).toBe(rows.reduce((n, r) => n + 1 + r.wrong.length, 0));
    expect(rows.filter((r) => r.language === 'python').length).toBe(FAMILIES.length * SEEDS);
  });

  it('the check can fail: a wrong answer as the reference, or the reference as a wrong answer, is reported', async () => {
    const [r] = rowsFor('python', 1);
    const swapped: TaskRow = { ...r, id: `${r.id}-swapped`, reference: r.wrong[0].source, wrong: [{ ...r.wrong[0], source: r.reference }] };
    const v = await verifyRows(sb, [swapped]);
    expect(v.problems.map((p) => p.program).sort()).toEqual([r.wrong[0].name, 'reference'].sort());
  });

  it('tasks:<file> and procedural:<families>@<seed> load through loadBenchmark as the same tasks', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rlcf-tasks-'));
    const file = join(dir, 'tasks.jsonl');
    writeFileSync(file, rowsJsonl(generateRows({ families: ['topo-order', 'duration-sum'], count: 2, seed: '9' })));
    const fromFile = await loadBenchmark(`tasks:${file}`);
    const generated = await loadBenchmark('procedural:topo-order,duration-sum@9/2');
    expect(fromFile.length).toBe(2 * 2 * 5);
    expect(generated).toEqual(fromFile);
    expect(fromFile[0]).toMatchObject({ benchmark: 'procedural', style: 'instruction', judge: { kind: 'stdio' }, meta: { family: 'topo-order', seed: '9' } });
    await expect(loadBenchmark('procedural:nope@1')).rejects.toThrow(/unknown task family "nope"/);
  });
});
