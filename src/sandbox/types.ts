// The sandbox's domain: what goes in (Submission), what comes out (Verdict).

export const LANGUAGES = ['python', 'javascript', 'typescript', 'rust', 'go', 'c', 'cpp', 'java'] as const;
export type Language = (typeof LANGUAGES)[number];

export const STATUSES = [
  'ok', 'compile_error', 'runtime_error', 'time_limit', 'memory_limit', 'output_limit', 'sandbox_error',
] as const;
export type Status = (typeof STATUSES)[number];

/** Per-execution limits. `timeout_ms` is CPU time; the wall limit defaults to a multiple of it. */
export interface Limits {
  timeout_ms: number;
  wall_ms: number;
  memory_mb: number;
  /** bytes kept per stream (stdout, stderr); the process is killed when it writes more */
  output_bytes: number;
  /** processes and threads per execution */
  pids: number;
  nofile: number;
  /** largest file the program may write */
  fsize_mb: number;
}

export interface Submission {
  language: Language;
  source: string;
  stdin?: string;
  limits?: Partial<Limits>;
  /** extra files placed beside the program (name → UTF-8 content, no directories) */
  files?: Record<string, string>;
  args?: string[];
  /** 'test': the program is a test file (Go: `_test.go` built with `go test -c`) */
  mode?: 'run' | 'test';
  /** TypeScript: type-check with tsc before running (a type error is a compile_error) */
  typecheck?: boolean;
  /** extra compiler flags; part of the compile cache key */
  flags?: string[];
  /** Python only: a judged task (source is then only what is shown of the program) */
  harness?: PythonHarness;
  /** a test program's completion proof (not Python): the secret it must print once its tests have run
   * to their end (languages/types.ts ProofSpec); given to the run on descriptor 3 */
  proof?: string;
}

export interface CompileInfo {
  /** 'cached': an earlier identical compile was reused */
  status: 'ok' | 'error' | 'cached' | 'none';
  ms: number;
  message?: string;
}

export interface Verdict {
  status: Status;
  exit_code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  truncated: boolean;
  stdout_truncated: boolean;
  stderr_truncated: boolean;
  cpu_ms: number;
  wall_ms: number;
  memory_kb: number;
  /** set when status is time_limit: which limit was hit; under_load = the wall limit was hit while
   * the program waited for a CPU (run-queue) rather than used one: a grader-side false failure. */
  time_limit?: { kind: 'cpu' | 'wall'; under_load: boolean; runq_ms: number };
  compile?: CompileInfo;
  /** human-readable reason for sandbox_error / memory_limit etc. */
  message?: string;
  /** isolation controls that this host could not apply to this execution (empty = all applied) */
  controls_missing: string[];
  sandbox: 'bwrap' | 'none';
}

/** A judged Python task (src/sandbox/agent/rlcf_harness.py): the program and its tests run in one
 * interpreter, sealed, and report through lines authenticated with `key` (src/judge/report.ts). */
export type PythonHarness =
  | { kind: 'assert'; program: string; tests: string; guard: boolean; key: string }
  | { kind: 'function'; solution: string; header: string; fn: string; cases: string[]; case_s: number; key: string };

/** A submission run against several inputs: compiled once, one verdict per input. */
export interface TestInput {
  stdin?: string;
  args?: string[];
  limits?: Partial<Limits>;
}
