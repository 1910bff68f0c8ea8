// Builds the fork-server's C hot path (agent/rlcf_fast.c) for the interpreter the agents run: one
// shared object per (source, interpreter, headers), ~0.1 s of gcc, kept under the state directory
// and mounted read-only into every agent's sandbox. Built on the host from our own source (no task
// input), root-owned when rlcf runs as root, outside the build cache that build sandboxes may write.
// Without a C compiler or the interpreter's headers the agents use the equivalent Python steps and
// `rlcf doctor` says why.
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { output, which } from './languages/discover.js';

/** the C files of the module, beside their shared header rlcf_fast.h */
const PYFAST_SOURCES = ['rlcf_fast.c', 'rlcf_wait.c', 'rlcf_task.c', 'rlcf_serve.c', 'rlcf_input.c', 'rlcf_output.c'];

export type PyFast = { ok: true; dir: string; file: string } | { ok: false; reason: string };

/** `py`: the python toolchain's paths (languages/python.ts): interpreter, headers, module suffix. */
export function buildPyFast(py: Record<string, string>, version: string, agentDir: string, stateDir: string): PyFast {
  try {
    const { python, include, extSuffix: suffix } = py;
    const srcs = PYFAST_SOURCES.map((f) => join(agentDir, f));
    const missing = [...srcs, join(agentDir, 'rlcf_fast.h')].find((f) => !existsSync(f));
    if (missing) return { ok: false, reason: `${missing} is missing` };
    if (!suffix || !include) return { ok: false, reason: `${python} reports no headers directory or extension-module suffix` };
    if (!existsSync(join(include, 'Python.h'))) {
      return { ok: false, reason: `no Python.h in ${include} (Debian: apt-get install python3-dev)` };
    }
    const cc = which('gcc') ?? which('cc');
    if (!cc) return { ok: false, reason: 'no C compiler (gcc) on PATH' };
    const hash = createHash('sha256');
    for (const f of [...srcs, join(agentDir, 'rlcf_fast.h')]) hash.update(readFileSync(f)).update('\0');
    const key = hash.update('\0' + python + '\0' + version + '\0' + include + '\0' + suffix)
      .digest('hex').slice(0, 16);
    const file = `rlcf_fast${suffix}`;
    const dir = join(stateDir, 'pyfast', key);
    buildOnce(dir, file, (tmp) => output(cc, ['-O2', '-Wall', '-shared', '-fPIC', '-I', include, '-o', join(tmp, file), ...srcs]));
    return { ok: true, dir, file };
  } catch (e) {
    const err = e as Error & { stderr?: string };
    return { ok: false, reason: `build failed: ${(err.stderr || err.message).trim().split('\n').slice(0, 3).join(' | ')}` };
  }
}

/** The completion proof library of C, C++ and Rust test programs (agent/rlcf_proof.c), preloaded
 * into their runs: built here with gcc, kept under the state directory, mounted read-only. */
export function buildProofLib(agentDir: string, stateDir: string): { dir: string; file: string } | { error: string } {
  try {
    const src = join(agentDir, 'rlcf_proof.c');
    const cc = which('gcc') ?? which('cc');
    if (!cc) return { error: 'no C compiler (gcc) on PATH' };
    const key = createHash('sha256').update(readFileSync(src)).update('\0' + cc).digest('hex').slice(0, 16);
    const dir = join(stateDir, 'proof', key);
    const file = 'rlcf_proof.so';
    buildOnce(dir, file, (tmp) => output(cc, ['-O2', '-Wall', '-shared', '-fPIC', '-o', join(tmp, file), src, '-ldl']));
    return { dir, file };
  } catch (e) {
    const err = e as Error & { stderr?: string };
    return { error: `build failed: ${(err.stderr || err.message).trim().split('\n').slice(0, 3).join(' | ')}` };
  }
}

/** A copy of the interpreter that the sandbox uid may execute but not read (mode 0111): a process
 * exec'd from an unreadable file is non-dumpable from its start, so nothing, itself included, can
 * open its /proc/<pid>/mem. The agent's Python fallback runs judged tasks with it (agent.py
 * judged_exec); kept under the state directory, mounted read-only. */
export function judgedInterpreter(python: string, stateDir: string): { dir: string; file: string } | { error: string } {
  try {
    const bin = readFileSync(python);
    const key = createHash('sha256').update(bin).update('\0' + python).digest('hex').slice(0, 16);
    const dir = join(stateDir, 'pyexec', key);
    const file = 'python';
    buildOnce(dir, file, (tmp) => {
      copyFileSync(python, join(tmp, file));
      chmodSync(join(tmp, file), 0o111);
    });
    return { dir, file };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** Make `dir/file` once: `make` writes it into a private temporary directory, which is renamed into
 * place (atomic; when another process won the race, its copy is kept). */
function buildOnce(dir: string, file: string, make: (tmp: string) => void): void {
  if (existsSync(join(dir, file))) return;
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true, mode: 0o755 });
  try {
    make(tmp);
    try {
      renameSync(tmp, dir);
    } catch (e) {
      if (!existsSync(join(dir, file))) throw e; // else another process built it first
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
