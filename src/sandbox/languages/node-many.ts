// Several stdin inputs of one JavaScript/TypeScript submission in one node process
// (node/rlcf-runner.cjs, protocol as the Java runner's: src/sandbox/run-many.ts). A node start is
// 14-20 ms of a JS test case; a fresh vm context per test is under 1 ms.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileFunction } from 'node:vm';
import { runnerRequest } from './runner-frames.js';
import type { MultiRun, RunContext, Toolchain } from './types.js';
import { BASE_ENV } from './types.js';
import { nodeRun } from './javascript.js';

const RUNNER = 'rlcf-runner.cjs';
const PRELUDE = 'rlcf-prelude.js';
const INPUTS = 'rlcf-inputs.txt';

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

export function nodeRunMany(tc: Toolchain, ctx: RunContext & { helperDir: string | null }, inputs: { stdin?: string }[]): MultiRun | null {
  const rf = runnerFiles();
  if (!rf || ctx.sub.proof || !nodeManyEligible(ctx.source)) return null;
  const L = ctx.limits;
  // the node runner writes nothing to stderr itself
  const req = runnerRequest(L, inputs, [L.timeout_ms, L.wall_ms, L.output_bytes, L.memory_mb], (e) => e === '');
  const one = nodeRun(tc, ctx, ctx.source);
  const i = one.argv.indexOf('main.js');
  return {
    spec: {
      kind: 'exec',
      argv: [...one.argv.slice(0, i), RUNNER, INPUTS, ...one.argv.slice(i)],
      env: { ...BASE_ENV },
      files: { ...one.files, ...rf, [INPUTS]: req.inputsFile },
    },
    outputBytes: req.outputBytes,
    parse: req.parse,
  };
}
