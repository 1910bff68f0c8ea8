// Several stdin inputs of one JavaScript/TypeScript submission in one node process
// (node/rlcf-runner.cjs, protocol as the Java runner's: src/sandbox/run-many.ts). A node start is
// 14-20 ms of a JS test case; a fresh vm context per test is under 1 ms.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileFunction } from 'node:vm';
import type { AgentResult } from '../agent-client.js';
import { parseRunnerFrames } from './runner-frames.js';
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

/** The runner's frames (runner-frames.ts); the node runner writes nothing to stderr itself. */
export const parseNodeFrames = (res: AgentResult, n: number, nonce: string) => parseRunnerFrames(res, n, nonce, (e) => e === '');

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
