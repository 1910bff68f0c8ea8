// Several stdin inputs of one JavaScript/TypeScript submission in one node process
// (node/rlcf-runner.cjs, protocol as the Java runner's: src/sandbox/run-many.ts). A node start is
// 14-20 ms of a JS test case; a fresh vm context per test is under 1 ms.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileFunction } from 'node:vm';
import type { AgentResult } from '../agent-client.js';
import type { MultiRun, RunContext, Toolchain } from './types.js';
import { BASE_ENV } from './types.js';
import { nodeRun } from './javascript.js';

const RUNNER = 'rlcf-runner.cjs';
const PRELUDE = 'rlcf-prelude.js';
const INPUTS = 'rlcf-inputs.txt';
/** ceiling of the frames the runner may print: what the agent buffers for one request */
const MAX_FRAMES = 16 << 20;

let files: Record<string, string> | null | undefined;
function runnerFiles(): Record<string, string> | null {
  if (files === undefined) {
    const dir = join(dirname(fileURLToPath(import.meta.url)), 'node');
    try {
      files = { [RUNNER]: readFileSync(join(dir, RUNNER), 'utf8'), [PRELUDE]: readFileSync(join(dir, PRELUDE), 'utf8') };
    } catch {
      files = null;
    }
  }
  return files;
}

/** Whether the runner can take this program at all (what it would refuse at once): it compiles as a
 * CommonJS main module, names no import (import() would reach the runner's realm), and requires
 * only fs and readline. Anything subtler is found while it runs (the runner's poison). */
export function nodeManyEligible(js: string): boolean {
  if (/\bimport\b/.test(js) || /^#!/.test(js)) return false;
  const re = /\brequire\s*\(\s*(['"`])([^'"`]*)\1\s*\)|\brequire\s*\(/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(js))) if (!m[2] || !/^(node:)?(fs|readline)$/.test(m[2])) return false;
  try {
    // compiled (not run) here: a syntax error is left to the one-process path, which reports it as node does
    compileFunction(js, ['exports', 'require', 'module', '__filename', '__dirname']);
  } catch {
    return false;
  }
  return true;
}

interface Frame {
  i: number; exit: number | null; signal: number | null; out_trunc: boolean; err_trunc: boolean; output_limit: boolean;
  cpu_us: number; wall_us: number; out: string; err: string; redo?: string;
}

/** The runner's stdout: a frame per test in order ("<nonce> {json}"; {"i", "redo"} for a test left
 * to a fresh process), then "<nonce> END" (or "<nonce> ABORT why" and exit 97). Anything else on
 * stdout or stderr was not written by the runner: nothing is trusted. */
export function parseNodeFrames(res: AgentResult, n: number, nonce: string): (AgentResult | null)[] | null {
  if (res.error || res.stderr !== '') return null;
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
    let f: Frame;
    try {
      f = JSON.parse(body) as Frame;
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
      cpu_ms: f.cpu_us / 1000, wall_ms: f.wall_us / 1000, memory_kb: res.memory_kb, runq_ms: 0, memory_error: false,
    };
  }
  if (end && (next !== n || res.exit_code !== 0)) return null;
  return out;
}

export function nodeRunMany(tc: Toolchain, ctx: RunContext & { helperDir: string | null }, inputs: { stdin?: string }[]): MultiRun | null {
  const rf = runnerFiles();
  if (!rf || ctx.sub.proof || !nodeManyEligible(ctx.source)) return null;
  const n = inputs.length;
  const L = ctx.limits;
  const nonce = randomBytes(12).toString('hex');
  const budget = Math.min(MAX_FRAMES, n * (Math.ceil((2 * L.output_bytes * 4) / 3) + 400) + 4096);
  const lines = [`RLCF1 ${nonce} ${n} ${budget}`];
  for (const input of inputs) {
    const b64 = input.stdin ? Buffer.from(input.stdin, 'utf8').toString('base64') : '-';
    lines.push(`${L.timeout_ms} ${L.wall_ms} ${L.output_bytes} ${L.memory_mb} ${b64}`);
  }
  const one = nodeRun(tc, ctx, ctx.source);
  const i = one.argv.indexOf('main.js');
  return {
    spec: {
      kind: 'exec',
      argv: [...one.argv.slice(0, i), RUNNER, INPUTS, ...one.argv.slice(i)],
      env: { ...BASE_ENV },
      files: { ...one.files, ...rf, [INPUTS]: lines.join('\n') + '\n' },
    },
    outputBytes: budget + 65536,
    parse: (res, k) => parseNodeFrames(res, k, nonce),
  };
}
