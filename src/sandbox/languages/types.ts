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

/** Everything rlcf knows about a language lives in its descriptor; every other table of language
 * names (server protocols, samples files, fence tags, file extensions, viewer labels) is derived
 * from these fields (languages/index.ts). Adding a language = one descriptor registered in
 * index.ts and its id in sandbox/types.ts LANGUAGES. */
export interface LanguageDescriptor {
  id: Language;
  /** every other name any entry point accepts for it, lower case: CLI --lang, samples files,
   * MultiPL-E codes, each wire protocol (/v1, SandboxFusion, Piston, openr1). One set for all. */
  aliases: string[];
  /** the name people read (prompts, viewer, reports): 'Python 3', 'C++' */
  displayName: string;
  /** markdown fence tags: the first is what rlcf writes; all of them (and the aliases) are read as
   * this language in model output (src/judge/sanitize.ts) */
  fenceTags: string[];
  /** file extensions with the dot; the first is the one rlcf writes (rlcf run, built-in suite) */
  extensions: string[];
  /** whether a compile (or transpile) step precedes the run, as peers report it (SandboxFusion's
   * compile_result) */
  compiled: boolean;
  /** the runtime name Piston's protocol lists it under when not the id */
  pistonName?: string;
  /** what an instruction-style stdin/stdout prompt adds for this language (Java: the class name) */
  instructionNote?: string;
  /** a program that reads two integers from stdin and prints their sum, a space and the id
   * (rlcf selftest, the engine and alias tests) */
  hello: string;
  /** how to install the toolchain, shown by `rlcf doctor` when it is missing */
  hint: string;
  discover(): Toolchain;
  fileName(sub: Submission): string;
  /** in-process source transform before compile/run (TypeScript → JavaScript) */
  transform?(source: string): string;
  compile?(tc: Toolchain, file: string, sub: Submission): CompileSpec;
  /** whether this submission has a compile step (default: whenever `compile` is defined); TypeScript
   * compiles (type-checks) only in typecheck mode */
  compileIf?(sub: Submission): boolean;
  /** assert programs (src/judge/assert.ts) are type-checked first, as MultiPL-E does (TypeScript) */
  typecheckTests?: boolean;
  /** output of a test program ('test' mode) that fails it although it exited 0 (Go's `--- FAIL`) */
  testFailure?: RegExp;
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
  /** helperDir: the built helper's artifacts (null when the descriptor has no helper to build) */
  runMany?(tc: Toolchain, ctx: RunContext & { helperDir: string | null; helperArchive?: { jar: string; jsa: string } }, inputs: TestInput[]): MultiRun | null;
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
