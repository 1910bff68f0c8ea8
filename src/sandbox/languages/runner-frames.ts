// The framed output of a multi-test runner (Java's RlcfRunner, the node runner): one process runs a
// submission's tests one by one and reports each in a line "<nonce> {json}", in order, then
// "<nonce> END" (or "<nonce> ABORT why" and exit 97). The nonce is made per execution and handed to
// the runner where the program cannot read it, so a frame is the runner's own; anything else on
// stdout (or on stderr, beyond what `stderrOk` allows) means something other than the runner wrote
// there, and nothing is trusted: the caller falls back to one process per test.
import { randomBytes } from 'node:crypto';
import type { AgentResult } from '../agent-client.js';
import type { Limits } from '../types.js';
import type { MultiRun } from './types.js';

/** ceiling of the frames a runner may print: what the agent buffers for one request */
const MAX_FRAMES = 16 << 20;

/** The half of a MultiRun both runners share: the inputs file ("RLCF1 <nonce> <n> <budget>", then a
 * line per test: the runner's limit fields and the stdin in base64, or "-"), the output cap of the
 * whole request, and the parser of the runner's frames under a fresh nonce. */
export function runnerRequest(L: Limits, inputs: { stdin?: string }[], fields: readonly (string | number)[],
  stderrOk: (stderr: string) => boolean): { inputsFile: string } & Pick<MultiRun, 'outputBytes' | 'parse'> {
  const n = inputs.length;
  const nonce = randomBytes(12).toString('hex');
  const budget = Math.min(MAX_FRAMES, n * (Math.ceil((2 * L.output_bytes * 4) / 3) + 400) + 4096);
  const lines = [`RLCF1 ${nonce} ${n} ${budget}`];
  for (const input of inputs) {
    const b64 = input.stdin ? Buffer.from(input.stdin, 'utf8').toString('base64') : '-';
    lines.push(`${fields.join(' ')} ${b64}`);
  }
  return { inputsFile: lines.join('\n') + '\n', outputBytes: budget + 65536,
    parse: (res, k) => parseRunnerFrames(res, k, nonce, stderrOk) };
}

export interface RunnerFrame {
  i: number; exit: number | null; signal: number | null; out_trunc: boolean; err_trunc: boolean; output_limit: boolean;
  memory_error?: boolean; cpu_us: number; wall_us: number; out: string; err: string;
  /** the runner left this test to a fresh process (why) */
  redo?: string;
}

/** Each test's result (null: not run by the runner, to be run in a fresh process), or null when the
 * output cannot be trusted. */
export function parseRunnerFrames(res: AgentResult, n: number, nonce: string,
  stderrOk: (stderr: string) => boolean): (AgentResult | null)[] | null {
  if (res.error || !stderrOk(res.stderr)) return null;
  const lines = res.stdout.split('\n');
  const tail = lines.pop()!; // after the last newline: empty, or a frame cut by a kill
  if (tail && !`${nonce} `.startsWith(tail) && !tail.startsWith(`${nonce} `)) return null;
  const out: (AgentResult | null)[] = Array.from({ length: n }, () => null);
  let next = 0;
  let end = false;
  for (const line of lines) {
    if (!line.startsWith(`${nonce} `) || end) return null;
    const body = line.slice(nonce.length + 1);
    if (body === 'END') {
      end = true;
      continue;
    }
    if (body.startsWith('ABORT ')) break;
    let f: RunnerFrame;
    try {
      f = JSON.parse(body) as RunnerFrame;
    } catch {
      return null;
    }
    if (f.i !== next || next >= n) return null;
    next++;
    if (f.redo !== undefined) continue;
    out[f.i] = {
      id: res.id, exit_code: f.exit, signal: f.signal,
      stdout: Buffer.from(f.out, 'base64').toString('utf8'), stderr: Buffer.from(f.err, 'base64').toString('utf8'),
      stdout_truncated: f.out_trunc, stderr_truncated: f.err_trunc, output_limit: f.output_limit, wall_timeout: false,
      cpu_ms: f.cpu_us / 1000, wall_ms: f.wall_us / 1000, memory_kb: res.memory_kb, runq_ms: 0, memory_error: f.memory_error === true,
    };
  }
  if (end && (next !== n || res.exit_code !== 0)) return null;
  return out;
}
