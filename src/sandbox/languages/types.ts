import type { AgentResult } from '../agent-client.js';
import type { Language, Limits, PythonHarness, Submission, TestInput } from '../types.js';

/** Where a language's toolchain lives on this host and what it is (the version is part of the
 * compile cache key). */
export interface Toolchain {
  version: string;
  /** host paths the sandbox must see read-only for this toolchain (beyond /usr) */
  binds: string[];
  /** named paths the descriptor needs (e.g. python, go, rustc, java, javac) */
  paths: Record<string, string>;
}

export interface CompileSpec {
  argv: string[];
  env: Record<string, string>;
  /** files beside the source for this compile (name → content), e.g. a completion proof's */
  files?: Record<string, string>;
  /** build outputs to keep, relative to the build dir; a name starting with '*.' keeps every file
   * with that extension */
  artifacts: string[];
}

export type RunSpec =
  | { kind: 'python'; source: string; env: Record<string, string>; harness?: PythonHarness }
  | { kind: 'exec'; argv: string[]; env: Record<string, string>; files?: Record<string, string> };

export interface RunContext {
  /** where the sandbox sees the completion proof library (proof.ts; set when the submission has a proof) */
  proofLib?: string;
  file: string;
  /** sandbox path of the compiled artifacts (null for interpreted languages) */
  artifactDir: string | null;
  source: string;
  sub: Submission;
  limits: Limits;
}

/** Several inputs of one submission in one process (see run-many.ts): one request, one result per
 * input that the process finished. */
export interface MultiRun {
  spec: Extract<RunSpec, { kind: 'exec' }>;
  /** output cap of the whole request (the per-test caps are enforced inside the process) */
  outputBytes: number;
  /** per-input results in input order; a missing entry (null) means "not run, or not trusted":
   * the engine runs that input on its own. null for the whole array: nothing can be trusted. */
  parse(res: AgentResult, n: number): (AgentResult | null)[] | null;
}

/** How a test program of this language proves that its tests ran to their end (src/judge/assert.ts):
 * the engine gives the run a per-execution secret on descriptor 3; the program prints it on stdout
 * once main (or the test run) has returned normally, and never otherwise. The descriptor's compile
 * and run steps see the submission's `proof` and add what they need (a TestMain file, a launcher);
 * `source` changes the program text itself, `run` the run step. */
export interface ProofSpec {
  /** whether this submission can prove completion (default: yes) */
  available?(sub: Submission): boolean;
  source?(src: string): string;
  run?(spec: Extract<RunSpec, { kind: 'exec' }>, ctx: RunContext): Extract<RunSpec, { kind: 'exec' }>;
}

export interface LanguageDescriptor {
  id: Language;
  aliases: string[];
  /** how to install the toolchain, shown by `rlcf doctor` when it is missing */
  hint: string;
  discover(): Toolchain;
  fileName(sub: Submission): string;
  /** in-process source transform before compile/run (TypeScript → JavaScript) */
  transform?(source: string): string;
  compile?(tc: Toolchain, file: string, sub: Submission): CompileSpec;
  run(tc: Toolchain, ctx: RunContext): RunSpec;
  /** RLIMIT_AS is safe for this runtime (it breaks V8, Go and the JVM: those rely on the cgroup) */
  rlimitAs: boolean;
  /** stderr patterns that mean the program ran out of memory (runtime-specific OOM reports) */
  memoryErrors: RegExp[];
  /** the completion proof of test programs (absent: the language cannot prove completion) */
  proof?: ProofSpec;
  defaults?: Partial<Limits>;
  /** a helper program built once through the compile cache like a submission; its artifact dir is
   * passed to runMany */
  helper?(): { file: string; source: string } | null;
  /** run several inputs (same args and limits) in one process; null: not for this submission */
  /** the helper's process (without its heap size), when a class-data archive can speed up its
   * start (Java: java-cds.ts); runMany then gets the archive once it exists */
  helperJvm?(tc: Toolchain): string[];
  runMany?(tc: Toolchain, ctx: RunContext & { helperDir: string; helperArchive?: { jar: string; jsa: string } }, inputs: TestInput[]): MultiRun | null;
}

export class ToolchainMissing extends Error {
  constructor(readonly language: Language, what: string, readonly hint: string) {
    super(`${language}: ${what}. ${hint}`);
  }
}

export const BASE_ENV: Record<string, string> = {
  PATH: '/usr/local/bin:/usr/bin:/bin',
  HOME: '/tmp',
  LANG: 'C.UTF-8',
  TMPDIR: '/tmp',
};
