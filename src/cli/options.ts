// Flags shared by the commands, and how a wrong value becomes a usage error. This module is loaded
// for every command, `--help` included: it imports nothing heavy (models, the sandbox and the store
// are loaded by the command that needs them).
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { ModelProvider } from '../models/types.js';
import type { Sandbox, SandboxOptions } from '../sandbox/engine.js';

export interface SandboxFlags extends StateFlags {
  unsafeNoSandbox?: boolean;
  slots?: string;
}

export interface StateFlags {
  stateDir?: string;
}

export const STATE_DIR_HELP = 'all of rlcf\'s state: store, build caches, toolchain homes (default: $RLCF_HOME or ~/.rlcf)';

/** `--state-dir`: every command that reads or writes rlcf's state takes it. */
export function addStateDirFlag(cmd: Command): Command {
  return cmd.option('--state-dir <dir>', STATE_DIR_HELP);
}

export function addSandboxFlags(cmd: Command): Command {
  return addStateDirFlag(cmd
    .option('--slots <n>', 'worker slots (default: one per core)'))
    .option('--unsafe-no-sandbox', 'run WITHOUT bubblewrap isolation (rlimits and seccomp only)');
}

/** Before any command runs: `--state-dir` stands for $RLCF_HOME for the rest of the process (the
 * store, the caches, the toolchains' homes and everything else that defaults to the state directory
 * go there), and --slots is checked before anything is loaded or started. */
export function applyCommonFlags(f: SandboxFlags): void {
  if (f.stateDir) process.env.RLCF_HOME = resolve(f.stateDir);
  if (f.slots !== undefined) positiveInt(f.slots, '--slots');
}

export async function openSandbox(f: SandboxFlags, extra: Pick<SandboxOptions, 'languages' | 'slots'> = {}): Promise<Sandbox> {
  if (f.unsafeNoSandbox) {
    process.stderr.write('WARNING: --unsafe-no-sandbox: programs run without namespaces or a private file system; ' +
      'they can read your files and reach the network. Use only for code you trust.\n');
  }
  const slots = f.slots ? positiveInt(f.slots, '--slots') : undefined;
  const { Sandbox } = await import('../sandbox/engine.js');
  try {
    return await Sandbox.create({ unsafeNoSandbox: !!f.unsafeNoSandbox, slots: slots ?? extra.slots, stateDir: f.stateDir,
      ...(extra.languages ? { languages: extra.languages } : {}) });
  } catch (e) {
    throw new EnvironmentError((e as Error).message);
  }
}

export function positiveInt(v: string, name: string): number {
  const n = Number(v);
  if (!/^\s*\d+\s*$/.test(v) || !Number.isInteger(n) || n <= 0) throw new UsageError(`${name} must be a positive integer, got ${JSON.stringify(v)}`);
  return n;
}

/** A number flag within [min, max] (undefined when absent). */
export function numberIn(v: string | undefined, name: string, min = 0, max = Infinity): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!v.trim() || !Number.isFinite(n) || n < min || n > max) throw new UsageError(`${name} must be a number in [${min}, ${max}], got ${JSON.stringify(v)}`);
  return n;
}

/** commander accumulator for a repeatable option. */
export const collect = (v: string, prev: string[] = []): string[] => [...prev, v];

/** An input file named by a flag (or an argument): a usage error naming the flag when it is missing
 * or a directory, instead of the raw ENOENT of the first read. */
export function inputFile(path: string, what: string, opts: { directory?: boolean } = {}): string {
  if (!existsSync(path)) throw new UsageError(`${what} ${path}: no such file`);
  if (!opts.directory && statSync(path).isDirectory()) throw new UsageError(`${what} ${path}: is a directory, expected a file`);
  return path;
}

/** `--model <provider:spec>` (with `--concurrency`) as a provider; a bad spec is a usage error. */
export async function modelFromFlags(spec: string | undefined, concurrency?: string): Promise<ModelProvider> {
  if (!spec) throw new UsageError('--model <provider:spec> is required (e.g. openai-compatible:http://localhost:8000/v1#qwen)');
  const opts = concurrency ? { concurrency: positiveInt(concurrency, '--concurrency') } : {};
  const { parseModelSpec } = await import('../models/types.js');
  try {
    return parseModelSpec(spec, process.env, opts);
  } catch (e) {
    throw new UsageError(`--model ${spec}: ${(e as Error).message}`);
  }
}

/** A mistake in how rlcf was called or in its input (flags, files, ids): exit code 2. */
export class UsageError extends Error {}

/** The host or a service rlcf depends on failed (no sandbox, a model that does not answer): exit code 3. */
export class EnvironmentError extends Error {}

/** What each exit code means; the same for every command (also in `rlcf --help` and the README). */
export const EXIT = { ok: 0, failed: 1, usage: 2, environment: 3, interrupted: 130, terminated: 143 } as const;

export const EXIT_CODES_HELP = `
Exit codes (every command):
  0    success
  1    the command ran and its check failed (a program's verdict in \`run\`, --fail-under, \`selftest\`,
       \`doctor\` without a sandbox, --fail-on-match, \`curate\` keeping nothing)
  2    usage or input error: a bad flag or value, a missing or malformed file, an unknown benchmark or run
  3    environment error: no sandbox on this host, a model or server that does not answer, a crash
  130  interrupted (Ctrl-C; 143: SIGTERM); an interrupted eval resumes when the same command is run again
Errors are one line on stderr starting with "rlcf: " (RLCF_DEBUG=1 adds the stack trace).`;
