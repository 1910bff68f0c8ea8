// stdin/stdout judging (APPS, CodeContests, LiveCodeBench stdin, the built-in suite): the program is
// compiled once and run once per case; its stdout is compared with outputsMatch (whitespace
// tolerant, optional float tolerance) or judged by a checker program.
import type { Judgement, StdioCase, Task, TestVerdict } from '../benchmarks/types.js';
import type { Sandbox } from '../sandbox/engine.js';
import type { Language, Submission, Verdict } from '../sandbox/types.js';
import { type JudgeOptions, assemble, cap, runOpts, taskLimits, testOfVerdict } from './common.js';
import { outputsMatch } from './compare.js';
import { pyStr } from './python.js';
import { DESCRIPTORS } from '../sandbox/languages/index.js';

type StdioSpec = Extract<Task['judge'], { kind: 'stdio' }>;

/** The checker's view of one case: files input.txt, expected.txt, actual.txt in its working
 * directory, also named in argv in that order. Exit 0 = accepted; its stdout/stderr is the message.
 * A Python checker gets the files written by a preamble (the engine does not place
 * Submission.files for Python); other languages rely on Submission.files. */
export function checkerSubmission(checker: { language: Language; source: string }, input: string, expected: string, actual: string): Submission {
  const files = { 'input.txt': input, 'expected.txt': expected, 'actual.txt': actual };
  const args = ['input.txt', 'expected.txt', 'actual.txt'];
  if (checker.language === 'python') {
    const pre = `import sys as _rlcf_sys\nfor _n, _c in __import__('json').loads(${pyStr(JSON.stringify(files))}).items():\n` +
      `    with open(_n, 'w', encoding='utf-8') as _f:\n        _f.write(_c)\n_rlcf_sys.argv = ['checker.py'] + ${JSON.stringify(args)}\ndel _n, _c, _f\n`;
    return { language: 'python', source: pre + checker.source, args, limits: { timeout_ms: 10_000 } };
  }
  return { language: checker.language, source: checker.source, files, args, limits: { timeout_ms: 10_000 } };
}

async function runChecker(sb: Sandbox, spec: StdioSpec, c: StdioCase, actual: string, opts?: JudgeOptions): Promise<{ ok: boolean; message: string; error?: string }> {
  const v: Verdict = await sb.run(checkerSubmission(spec.checker!, c.stdin, c.stdout, actual), runOpts(opts));
  const msg = (v.stdout + v.stderr).trim().slice(0, 500);
  if (v.status === 'ok') return { ok: true, message: msg };
  if (v.status === 'runtime_error' && v.exit_code !== null && v.exit_code > 0 && v.exit_code < 125) return { ok: false, message: msg || 'rejected by checker' };
  return { ok: false, message: `checker failed: ${v.status} ${msg}`.trim(), error: v.status };
}

export async function judgeStdio(sb: Sandbox, task: Task, spec: StdioSpec, code: string, opts?: JudgeOptions): Promise<Judgement> {
  const cases = spec.cases;
  const runAll = opts?.runAll !== false;
  const limits = taskLimits(task, opts);
  const sub: Submission = {
    language: task.language, source: code, ...(limits ? { limits } : {}),
    ...(DESCRIPTORS[task.language]?.typecheckTests && task.meta?.typecheck === true ? { typecheck: true } : {}),
  };
  const tests: TestVerdict[] = [];
  let compileMessage: string | undefined;
  // all cases at once, or (runAll false) in rounds of one case per slot, stopping at a failure
  const step = runAll ? Math.max(1, cases.length) : Math.max(1, sb.slots.length);
  for (let start = 0; start < cases.length; start += step) {
    const chunk = cases.slice(start, start + step);
    const verdicts = await sb.runTests(sub, chunk.map((c) => ({
      stdin: c.stdin, ...(c.time_limit_ms ? { limits: { timeout_ms: c.time_limit_ms } } : {}),
    })), runOpts(opts));
    if (verdicts[0]?.status === 'compile_error') {
      // one compile for all cases: report it once
      compileMessage = verdicts[0].compile?.message;
      tests.push(testOfVerdict(start, verdicts[0]));
      return assemble(code, tests, cases.length, undefined, compileMessage);
    }
    const judged = await Promise.all(chunk.map(async (c, j): Promise<TestVerdict> => {
      const v = verdicts[j];
      const i = start + j;
      if (v.status !== 'ok') return testOfVerdict(i, v, { expected: cap(c.stdout, 1024) });
      if (spec.checker) {
        const r = await runChecker(sb, spec, c, v.stdout, opts);
        return testOfVerdict(i, v, {
          passed: r.ok, status: r.ok ? 'ok' : r.error ? 'sandbox_error' : 'wrong_answer',
          ...(r.ok ? {} : { message: r.message, expected: cap(c.stdout, 1024), actual: cap(v.stdout, 1024) }),
        });
      }
      const ok = outputsMatch(v.stdout, c.stdout, spec.float_tol);
      return testOfVerdict(i, v, ok ? {} : {
        passed: false, status: 'wrong_answer', message: 'output differs from the expected output',
        expected: cap(c.stdout, 1024), actual: cap(v.stdout, 1024),
      });
    }));
    if (!runAll) {
      const bad = judged.findIndex((t) => !t.passed);
      if (bad >= 0) {
        tests.push(...judged.slice(0, bad + 1));
        return assemble(code, tests, cases.length);
      }
    }
    tests.push(...judged);
  }
  return assemble(code, tests, cases.length);
}
