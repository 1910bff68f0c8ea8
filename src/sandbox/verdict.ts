// From an agent's raw result to a Verdict: the one place that decides ok / RE / TLE / MLE / OLE.
import { constants } from 'node:os';
import type { AgentResult } from './agent-client.js';
import type { CompileInfo, Limits, Verdict } from './types.js';

const SIGNAL_NAMES = new Map<number, string>(
  Object.entries(constants.signals).map(([name, n]) => [n as number, name]),
);

export function signalName(n: number | null): string | null {
  return n === null || n === undefined ? null : (SIGNAL_NAMES.get(n) ?? `SIG${n}`);
}

export interface ClassifyInput {
  res: AgentResult;
  limits: Limits;
  /** the memory cgroup recorded an OOM kill during this task */
  oomKilled: boolean;
  memoryErrors: RegExp[];
  compile?: CompileInfo;
  controls_missing: string[];
  sandbox: 'bwrap' | 'none';
}

export function classify(x: ClassifyInput): Verdict {
  const { res, limits } = x;
  const v: Verdict = {
    status: 'ok',
    exit_code: res.exit_code,
    signal: signalName(res.signal),
    stdout: res.stdout,
    stderr: res.stderr,
    truncated: res.stdout_truncated || res.stderr_truncated,
    stdout_truncated: res.stdout_truncated,
    stderr_truncated: res.stderr_truncated,
    cpu_ms: round(res.cpu_ms),
    wall_ms: round(res.wall_ms),
    memory_kb: res.memory_kb,
    ...(x.compile ? { compile: x.compile } : {}),
    controls_missing: x.controls_missing,
    sandbox: x.sandbox,
  };
  const failed = res.exit_code !== 0 || res.signal !== null;
  const cpuOver = res.cpu_ms > limits.timeout_ms || v.signal === 'SIGXCPU' || res.cpu_limit === true;
  if (res.output_limit) {
    v.status = 'output_limit';
    v.message = `output exceeded ${limits.output_bytes} bytes on ${res.stdout_truncated ? 'stdout' : 'stderr'}`;
  } else if (cpuOver || res.wall_timeout) {
    v.status = 'time_limit';
    const kind = cpuOver ? 'cpu' : 'wall';
    // Wall limit hit while the program mostly waited for a CPU it did not get: the host was
    // overloaded, not the program slow. Sleeping programs have low CPU and low run-queue wait.
    const underLoad = kind === 'wall' && res.runq_ms > 0.25 * res.wall_ms;
    v.time_limit = { kind, under_load: underLoad, runq_ms: round(res.runq_ms) };
    v.message = kind === 'cpu'
      ? `CPU time limit of ${limits.timeout_ms} ms exceeded`
      : `wall time limit of ${limits.wall_ms} ms exceeded with ${round(res.cpu_ms)} ms of CPU` +
        (underLoad ? ` (host under load: ${round(res.runq_ms)} ms waiting for a CPU)` : '');
  } else if (x.oomKilled || res.memory_error || (failed && x.memoryErrors.some((re) => re.test(res.stderr)))) {
    v.status = 'memory_limit';
    v.message = `memory limit of ${limits.memory_mb} MiB exceeded`;
  } else if (failed) {
    v.status = 'runtime_error';
    v.message = res.signal !== null ? `killed by ${v.signal}` : `exit code ${res.exit_code}`;
  }
  return v;
}

export function sandboxError(message: string, extra: Partial<Verdict> & Pick<Verdict, 'controls_missing' | 'sandbox'>): Verdict {
  return {
    status: 'sandbox_error', exit_code: null, signal: null, stdout: '', stderr: '', truncated: false,
    stdout_truncated: false, stderr_truncated: false, cpu_ms: 0, wall_ms: 0, memory_kb: 0, message, ...extra,
  };
}

export function compileError(compile: CompileInfo, extra: Pick<Verdict, 'controls_missing' | 'sandbox'>): Verdict {
  return {
    status: 'compile_error', exit_code: null, signal: null, stdout: '', stderr: compile.message ?? '',
    truncated: false, stdout_truncated: false, stderr_truncated: false, cpu_ms: 0, wall_ms: 0, memory_kb: 0,
    compile, message: 'compilation failed', ...extra,
  };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
