import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Sandbox, type SandboxOptions } from '../src/sandbox/engine.js';

/** State (compile cache, Go build cache) shared by test runs on this machine: a cold Go cache
 * costs ~7 s for the first build. */
export const TEST_STATE = process.env.RLCF_TEST_HOME ?? join(tmpdir(), 'rlcf-test-state');

export function makeSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  return Sandbox.create({ stateDir: TEST_STATE, ...opts });
}

export const SHARED_DATA = join(import.meta.dirname, '..', '..', 'shared', 'data');

export interface ChildResult { status: number | null; stdout: string; stderr: string }

/** A child process run asynchronously. Long CLI runs (the demo, an eval) must not use spawnSync: a
 * vitest worker blocked for over a minute misses its own RPC deadline ("Timeout calling
 * onTaskUpdate"), which fails the whole run; and a test's in-process server must keep answering. */
export function runChild(argv: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const c = spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'pipe'], cwd: opts.cwd, env: opts.env ?? process.env });
    let stdout = '';
    let stderr = '';
    const timer = opts.timeoutMs ? setTimeout(() => c.kill('SIGKILL'), opts.timeoutMs) : undefined;
    c.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    c.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    c.on('error', reject);
    c.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

/** Counts the run requests a sandbox sends to its slots: one for a whole multi-test run, one per test
 * left to a fresh process (how the runner tests see that one process ran all the tests). */
export function countRunRequests(sb: Sandbox): { n: number } {
  const counter = { n: 0 };
  // the sandbox's slot scheduler (src/sandbox/scheduler.ts) is where every request goes
  const s = (sb as unknown as { sched: { submit: (kind: string, ...rest: unknown[]) => unknown } }).sched;
  const orig = s.submit.bind(s);
  s.submit = (kind: string, ...rest: unknown[]) => {
    if (kind === 'run') counter.n++;
    return orig(kind, ...rest);
  };
  return counter;
}
