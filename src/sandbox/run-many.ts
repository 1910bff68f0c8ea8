// Several inputs of one submission in one process (runTests with >= 2 inputs, for languages whose
// process start dominates a test case: Java's JVM, node for JavaScript and TypeScript). The descriptor's runMany gives the request and
// how to split its output into per-input results; each is classified exactly as a one-process run.
// Whatever the multi-run could not finish or vouch for (a crash, a limit, anything unusual the
// runner reported, an unreadable output) is left null here and runs on its own, one process per
// input, as before: the multi-run is a shortcut, never a different verdict.
import { type AgentRequest, type AgentResult, wellFormed } from './agent-client.js';
import type { LanguageDescriptor, Toolchain } from './languages/types.js';
import { resolveLimits } from './limits.js';
import type { CompileInfo, Limits, Submission, TestInput, Verdict } from './types.js';
import { classify } from './verdict.js';

const MiB = 1 << 20;
/** the whole multi-run may take at most this long (wall) beyond one test's limit */
const MAX_EXTRA_WALL_MS = 60_000;
/** stdin of all inputs together: larger batches run one process per input */
const MAX_STDIN_BYTES = 32 * MiB;

export interface ManyContext {
  d: LanguageDescriptor;
  tc: Toolchain;
  file: string;
  source: string;
  sub: Submission;
  inputs: TestInput[];
  /** the submission's limits (before the inputs' own, which manyEligible found equal) */
  limits: Limits;
  artifactDir: string | null;
  compile?: CompileInfo;
  base: Pick<Verdict, 'controls_missing' | 'sandbox'>;
  /** build the descriptor's helper through the compile cache: its artifact dir, or null */
  buildHelper(file: string, source: string): Promise<string | null>;
  /** the helper's class-data archive if built (and starts building it if not) */
  helperArchive?(source: string): { jar: string; jsa: string } | null;
  /** send one exec request to a run slot (id and sandbox paths filled in by the engine) */
  send(cg: { memoryBytes: number; pids: number }, req: Omit<AgentRequest, 'id'>): Promise<AgentResult & { oomKilled: boolean }>;
  /** RLIMIT_NPROC backstop: pids × this (undefined when the pids cgroup applies) */
  nprocPerTask?: number;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Inputs that may share a process: same args and limits for all, stdin that UTF-8 represents
 * exactly as the one-process path sends it. */
export function manyEligible(sub: Submission, inputs: TestInput[]): boolean {
  if (inputs.length < 2) return false;
  let bytes = 0;
  for (const x of inputs) {
    if (!same(x.args ?? sub.args, inputs[0].args ?? sub.args) || !same(x.limits, inputs[0].limits)) return false;
    if (x.stdin !== undefined && (typeof x.stdin !== 'string' || !wellFormed(x.stdin))) return false;
    bytes += x.stdin ? Buffer.byteLength(x.stdin) : 0;
  }
  return bytes <= MAX_STDIN_BYTES;
}

/** One verdict per input the multi-run settled; null where the input must run on its own. */
export async function runMany(m: ManyContext): Promise<(Verdict | null)[]> {
  const none = m.inputs.map(() => null);
  const { d, tc, inputs } = m;
  let L: Limits;
  try {
    L = resolveLimits(m.limits, inputs[0].limits);
  } catch {
    return none; // each input reports its own error
  }
  if (!d.runMany) return none;
  // a helper program built through the compile cache (Java's runner); JavaScript's runner is a
  // script sent with the request
  const h = d.helper?.();
  let helperDir: string | null = null;
  if (h) {
    try {
      helperDir = await m.buildHelper(h.file, h.source);
    } catch {
      return none;
    }
    if (!helperDir) return none;
  }
  const sub = { ...m.sub, args: inputs[0].args ?? m.sub.args };
  const archive = h ? m.helperArchive?.(h.source) ?? undefined : undefined;
  const mr = d.runMany(tc, { file: m.file, artifactDir: m.artifactDir, source: m.source, sub, limits: L, helperDir,
    ...(archive ? { helperArchive: archive } : {}) }, inputs);
  if (!mr) return none;
  const n = inputs.length;
  let res: AgentResult & { oomKilled: boolean };
  try {
    res = await m.send({ memoryBytes: L.memory_mb * MiB, pids: L.pids }, {
      kind: 'exec', argv: mr.spec.argv, env: mr.spec.env, files: { ...m.sub.files, ...mr.spec.files },
      limits: { wall_ms: Math.min(n * L.wall_ms, L.wall_ms + MAX_EXTRA_WALL_MS), output_bytes: mr.outputBytes },
      rlimits: {
        cpu_s: Math.ceil(Math.min(n * L.timeout_ms, L.timeout_ms + MAX_EXTRA_WALL_MS) / 1000) + 1,
        fsize_bytes: L.fsize_mb * MiB,
        nofile: L.nofile,
        nproc: m.nprocPerTask === undefined ? undefined : L.pids * m.nprocPerTask,
      },
    });
  } catch {
    return none;
  }
  const parsed = mr.parse(res, n);
  if (!parsed) return none;
  return parsed.map((r) => r && classify({ res: r, limits: L, oomKilled: false, memoryErrors: d.memoryErrors, compile: m.compile, ...m.base }));
}
