// `rlcf eval --samples`: files written by other tools are judged as those tools mean them (EvalPlus
// `solution` rows are whole programs), must line up with the benchmark (or say --partial), and the
// run they make is stored as what it is (n, per-test inputs); verdicts are reused only for the same
// limits, and --fresh executes everything again.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { Store } from '../src/store/store.js';
import { SHARED_DATA, TEST_STATE } from './helpers.js';

const BIN = join(import.meta.dirname, '..', 'bin', 'rlcf.js');
const FIX = join(import.meta.dirname, 'fixtures');
const MINI = join(FIX, 'mini-humaneval.jsonl');
const PLUS = join(FIX, 'HumanEvalPlus-mini.jsonl');
const HE = join(SHARED_DATA, 'HumanEval.jsonl.gz');
const dir = mkdtempSync(join(tmpdir(), 'rlcf-eval-samples-'));

const rlcf = (args: string[], env: NodeJS.ProcessEnv = {}) => spawnSync(process.execPath, [BIN, ...args],
  { encoding: 'utf8', cwd: dir, timeout: 300_000, env: { ...process.env, ...env } });
const evalArgs = (bench: string, samples: string, db: string, extra: string[] = []) =>
  ['eval', '--bench', bench, '--samples', samples, '--db', db, '--state-dir', TEST_STATE, '--no-progress', ...extra];

const rows = (file: string) => readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const jsonl = (name: string, rs: object[]) => {
  const p = join(dir, name);
  writeFileSync(p, rs.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return p;
};
/** EvalPlus's samples shape: `solution` = prompt + canonical solution, a whole program. */
const evalplusSamples = (name: string, problems: { task_id: string; prompt: string; canonical_solution: string }[]) =>
  jsonl(name, problems.map((p) => ({ task_id: p.task_id, solution: p.prompt + p.canonical_solution })));

describe('EvalPlus `solution` samples are whole programs', () => {
  it('the canonical solutions score 100% on the HumanEval fixture and on HumanEval+', () => {
    const db = join(dir, 'evalplus.db');
    const he = rlcf(evalArgs(`humaneval:${MINI}`, evalplusSamples('mini-solutions.jsonl', rows(MINI)), db, ['--json']));
    expect(he.stderr).not.toMatch(/unexpected indent/);
    expect(he.status, he.stderr).toBe(0);
    expect(JSON.parse(he.stdout).pass_at_k['1']).toBe(1);
    const plus = rlcf(evalArgs(`humaneval-plus:${PLUS}`, evalplusSamples('plus-solutions.jsonl', rows(PLUS)), db, ['--json']));
    expect(plus.status, plus.stderr).toBe(0);
    expect(JSON.parse(plus.stdout)).toMatchObject({ pass_at_k: { 1: 1 }, samples: 3 });
  });

  it.skipIf(!existsSync(HE))('all 164 HumanEval canonical solutions, as EvalPlus writes them, pass', () => {
    const problems = gunzipSync(readFileSync(HE)).toString('utf8').trim().split('\n').map((l) => JSON.parse(l));
    const r = rlcf(evalArgs(`humaneval:${HE}`, evalplusSamples('he-solutions.jsonl', problems), join(dir, 'he.db'), ['--json']));
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ tasks: 164, samples: 164, pass_at_k: { 1: 1 } });
  }, 300_000);
});

describe('a samples file must line up with the benchmark', () => {
  const completions = (ids: string[]) => jsonl(`c-${ids.length}-${ids[0].replace('/', '_')}.jsonl`,
    ids.map((task_id) => ({ task_id, completion: '    return None\n' })));

  it('a file for some of the tasks is refused, naming the missing ones, unless --partial', () => {
    const db = join(dir, 'partial.db');
    const f = completions(['Mini/0', 'Mini/1']);
    const r = rlcf(evalArgs(`humaneval:${MINI}`, f, db));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^rlcf: .*samples for 2 of 6 tasks \(none for Mini\/2, Mini\/3, Mini\/4, Mini\/5\)/m);
    expect(r.stderr).toMatch(/pass --partial/);
    expect(r.stdout).toBe('');
    const ok = rlcf(evalArgs(`humaneval:${MINI}`, f, db, ['--partial', '--json']));
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stderr).toMatch(/--partial: samples for 2 of 6 tasks/);
    expect(JSON.parse(ok.stdout)).toMatchObject({ tasks: 2, tasks_without_samples: 4 });
  });

  it('ids that match no task are listed; a file matching nothing is an error even with --partial', () => {
    const db = join(dir, 'unknown.db');
    const all = rows(MINI).map((p) => ({ task_id: p.task_id, completion: p.canonical_solution }));
    const f = jsonl('unknown-ids.jsonl', [...all, { task_id: 'HumanEval/0', completion: 'x' }, { task_id: 'Mini/99', completion: 'x' }]);
    const r = rlcf(evalArgs(`humaneval:${MINI}`, f, db));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/2 task ids match no task of the benchmark: HumanEval\/0, Mini\/99/);
    const none = completions(['HumanEval/0', 'HumanEval/1']);
    for (const extra of [[], ['--partial']]) {
      const n = rlcf(evalArgs(`humaneval:${MINI}`, none, db, extra));
      expect(n.status).toBe(2);
      expect(n.stderr).toMatch(/none of its task ids is a task of the benchmark \(HumanEval\/0, HumanEval\/1\)/);
    }
  });

  it('a missing samples file is a usage error naming the flag', () => {
    const r = rlcf(evalArgs(`humaneval:${MINI}`, join(dir, 'nope.jsonl'), join(dir, 'x.db')));
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`rlcf: --samples ${join(dir, 'nope.jsonl')}: no such file\n`);
  });
});

describe('what a samples-file run stores', () => {
  it('n is the file\'s samples per task (no placeholder), in the store, `runs` and `show`', () => {
    const db = join(dir, 'n.db');
    const two = rows(MINI).flatMap((p) => [{ task_id: p.task_id, completion: p.canonical_solution }, { task_id: p.task_id, completion: '    return None\n' }]);
    const r = rlcf(evalArgs(`humaneval:${MINI}`, jsonl('two-each.jsonl', two), db, ['--json', '-k', '1,2']));
    expect(r.status, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.n).toBe(2);
    const store = new Store(db);
    const run = store.getRun(s.run_id)!;
    store.close();
    expect(run.config.n).toBe(2);
    expect((run.summary as { n: number }).n).toBe(2);
    const runs = JSON.parse(rlcf(['runs', '--db', db, '--json']).stdout);
    expect(runs[0].config.n).toBe(2);
    expect(rlcf(['show', s.run_id, '--db', db]).stdout).toMatch(/ n=2\b/);
    expect(JSON.stringify(runs)).not.toMatch(/1000000/);
  });

  it('each test\'s input is stored on its verdict and `show --failures` prints it, at most --limit rows, left-aligned', () => {
    const db = join(dir, 'inputs.db');
    const samples = jsonl('builtin-wrong.jsonl', ['skip-sum', 'rle-decode', 'base-convert'].map((id) =>
      ({ task_id: id, language: 'python', completion: '```python\nprint(input())\n```' })));
    const r = rlcf(evalArgs('builtin', samples, db, ['--language', 'python', '--partial', '--json']));
    expect(r.status, r.stderr).toBe(0);
    const id = JSON.parse(r.stdout).run_id;
    const store = new Store(db);
    const sample = store.samples(id)[0];
    const j = store.getVerdict(sample.verdict_key!)!;
    store.close();
    expect(j.tests[0].input?.stdin).toBeTypeOf('string');
    expect(j.tests[0].input!.stdin!.length).toBeGreaterThan(0);
    const all = rlcf(['show', id, '--db', db, '--failures']);
    const lines = all.stdout.split('\n');
    const head = lines.findIndex((l) => l.startsWith('task '));
    expect(lines[head]).toMatch(/^task\s+sample\s+status\s+result\s+failing test input$/);
    expect(lines.slice(head + 2).filter((l) => / python /.test(l))).toHaveLength(3);
    // text columns start where their header does
    const statusAt = lines[head].indexOf('status');
    expect(lines[head + 2].slice(statusAt)).toMatch(/^wrong_answer/);
    expect(lines[head + 2]).toMatch(/#0 \S/);
    const one = rlcf(['show', id, '--db', db, '--failures', '--limit', '1']);
    expect(one.stdout.split('\n').filter((l) => / python /.test(l) && /wrong_answer/.test(l))).toHaveLength(1);
    expect(one.stdout).toMatch(/… 2 more failing samples \(--limit <n>, 0 for all\)/);
  });
});

describe('the verdict cache', () => {
  const SLOW = '```python\nimport time\nt = time.process_time()\nwhile time.process_time() - t < 1.2:\n    pass\nprint(sum(map(int, input().split())))\n```';

  it('a time-out under one limit is not reused under another; --fresh executes again', () => {
    const db = join(dir, 'limits.db');
    const f = jsonl('slow.jsonl', [{ task_id: 'skip-sum', language: 'python', completion: SLOW }]);
    const args = (extra: string[]) => evalArgs('builtin', f, db, ['--language', 'python', '--partial', '--json', ...extra]);
    const verdictTime = (runId: string) => {
      const store = new Store(db);
      try {
        const s = store.samples(runId)[0];
        return (store.db.prepare('SELECT created_at FROM verdicts WHERE verdict_key = ?').get(s.verdict_key) as { created_at: string }).created_at;
      } finally {
        store.close();
      }
    };
    const short = JSON.parse(rlcf(args(['--timeout-ms', '500'])).stdout);
    expect(short.verdicts).toEqual({ time_limit: 1 });
    const long = JSON.parse(rlcf(args(['--timeout-ms', '5000'])).stdout);
    expect(long.verdicts).not.toHaveProperty('time_limit');
    const t1 = verdictTime(long.run_id);
    const again = JSON.parse(rlcf(args(['--timeout-ms', '5000'])).stdout);
    expect(verdictTime(again.run_id)).toBe(t1); // the same limits: the cached verdict
    const fresh = rlcf(args(['--timeout-ms', '5000', '--fresh']));
    expect(fresh.status, fresh.stderr).toBe(0);
    const f2 = JSON.parse(fresh.stdout);
    expect(f2.run_id).not.toBe(again.run_id);
    expect(verdictTime(f2.run_id) > t1).toBe(true); // executed again
  });
});
