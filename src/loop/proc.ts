// External processes of the loop: the trainer (runs to completion) and the model server (runs
// until the next checkpoint replaces it). Both run in their own process group with their output in
// a log file under the round's folder, so that a loop killed with -9 leaves a pid in the store that
// the resumed loop can stop, and so that stopping one stops everything it started.
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';

export function alive(pid: number | null | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** SIGTERM to the process group, SIGKILL after `graceMs`. */
export async function stopGroup(pid: number, graceMs = 10_000): Promise<void> {
  const sig = (s: NodeJS.Signals) => {
    try {
      process.kill(-pid, s);
    } catch {
      try {
        process.kill(pid, s);
      } catch {
        // gone
      }
    }
  };
  if (!alive(pid)) return;
  sig('SIGTERM');
  const until = Date.now() + graceMs;
  while (alive(pid) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
  if (alive(pid)) sig('SIGKILL');
  while (alive(pid) && Date.now() < until + 5000) await new Promise((r) => setTimeout(r, 50));
}

/** `sh -c command` detached (its own process group), stdout and stderr appended to `log`. */
export function startDetached(command: string, log: string, env: NodeJS.ProcessEnv = process.env): { pid: number; exited: Promise<number | null> } {
  const fd = openSync(log, 'a');
  const child = spawn('sh', ['-c', command], { detached: true, stdio: ['ignore', fd, fd], env });
  closeSync(fd);
  const exited = new Promise<number | null>((res) => {
    child.on('exit', (code, signal) => res(code ?? (signal ? 128 : null)));
    child.on('error', () => res(127));
  });
  child.unref();
  return { pid: child.pid!, exited };
}

/** Run a command to its end (its group killed after timeoutS); `onStart` gets the pid at once. */
export async function runToEnd(command: string, log: string, timeoutS: number, onStart: (pid: number) => void): Promise<{ code: number | null; timedOut: boolean }> {
  const p = startDetached(command, log);
  onStart(p.pid);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    void stopGroup(p.pid, 5000);
  }, timeoutS * 1000);
  const code = await p.exited;
  clearTimeout(timer);
  return { code, timedOut };
}

/** Poll `<base_url>/models` until it answers 200 (the OpenAI-compatible readiness check). */
export async function waitReady(baseUrl: string, timeoutS: number, exited?: Promise<number | null>): Promise<void> {
  let gone: number | null | undefined;
  void exited?.then((c) => { gone = c; });
  const until = Date.now() + timeoutS * 1000;
  let last = '';
  while (Date.now() < until) {
    if (gone !== undefined) throw new Error(`the model server exited (code ${gone}) before answering ${baseUrl}/models`);
    try {
      const r = await fetch(`${baseUrl.replace(/\/$/, '')}/models`, { signal: AbortSignal.timeout(5000) });
      if (r.ok) return;
      last = `HTTP ${r.status}`;
    } catch (e) {
      last = (e as Error).message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the model server at ${baseUrl} did not answer /models within ${timeoutS}s (last: ${last})`);
}
