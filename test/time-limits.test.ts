// Time limits: the CPU limit stops a task when its CPU clock reaches it (to the tick, not at the next
// whole second as RLIMIT_CPU would), and on a loaded host the time a CPU-bound task waits for a CPU
// does not count against its wall limit, so the host's load does not decide the verdict. A task that
// sleeps is still stopped at its wall limit.
import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/sandbox/engine.js';
import { makeSandbox } from './helpers.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await makeSandbox({ slots: 1 });
});
afterAll(async () => {
  await sb?.close();
});

const spin = 'while True:\n    pass\n';
/** a program that needs `s` seconds of CPU and then prints done */
const work = (s: number) => `import time\nt = time.process_time()\nwhile time.process_time() - t < ${s}:\n    pass\nprint('done')\n`;

describe('CPU limit', () => {
  it('a task is stopped when its CPU clock reaches the limit, not at the next whole second', async () => {
    // RLIMIT_CPU would let this run to 2 s of CPU
    const v = await sb.run({ language: 'python', source: spin, limits: { timeout_ms: 1200 } });
    expect(v.status).toBe('time_limit');
    expect(v.time_limit?.kind).toBe('cpu');
    expect(v.cpu_ms).toBeLessThan(1600);
    const c = await sb.run({ language: 'c', source: 'int main(void) { volatile long i = 0; for (;;) i++; }\n', limits: { timeout_ms: 400 } });
    expect(c.status).toBe('time_limit');
    expect(c.time_limit?.kind).toBe('cpu');
    expect(c.cpu_ms).toBeLessThan(800);
  });

  it('a program within its CPU limit is not stopped by the checks, and its output is whole', async () => {
    const v = await sb.run({ language: 'python', source: `print('x' * 1000)\n${work(0.6)}`, limits: { timeout_ms: 1500 } });
    expect(v.status).toBe('ok');
    expect(v.stdout).toBe(`${'x'.repeat(1000)}\ndone\n`);
  });

  it('the output cap holds across the checks (output before and after the first check)', async () => {
    // the first check is at 0.3 s of wall time, while the program sleeps
    const src = "import sys, time\nsys.stdout.write('a' * 600)\nsys.stdout.flush()\ntime.sleep(0.6)\nsys.stdout.write('b' * 600)\n";
    const v = await sb.run({ language: 'python', source: src, limits: { timeout_ms: 300, output_bytes: 1000 } });
    expect(v.status).toBe('output_limit');
    expect(v.stdout).toBe('a'.repeat(600) + 'b'.repeat(400));
  });

  it('a sleeping task is still stopped at its wall limit', async () => {
    const v = await sb.run({ language: 'python', source: 'import time\ntime.sleep(30)\n', limits: { timeout_ms: 500, wall_ms: 1500 } });
    expect(v.status).toBe('time_limit');
    expect(v.time_limit).toMatchObject({ kind: 'wall', under_load: false });
    expect(v.wall_ms).toBeLessThan(5000);
  });
});

/** A process spinning in its own session: with the scheduler's autogroups (one group per session,
 * fair between groups), load from the test's own session would barely slow the sandbox down. */
const hog = () => spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore', detached: true });

describe('on a loaded host', () => {
  let hogs: ChildProcess[] = [];
  afterAll(() => {
    for (const h of hogs) h.kill('SIGKILL');
  });

  it('a CPU-bound program within its CPU limit is judged by its CPU time, not by the host\'s load', async () => {
    // eight spinning processes on this host's cores: the program gets a fraction of a CPU, so its
    // 0.8 s of CPU take longer than its 2.8 s wall limit (before: time_limit, kind wall, under load)
    hogs = Array.from({ length: 8 }, () => hog());
    await new Promise((r) => setTimeout(r, 300));
    const v = await sb.run({ language: 'python', source: work(0.8), limits: { timeout_ms: 1500, wall_ms: 2800 } });
    for (const h of hogs) h.kill('SIGKILL');
    expect(v.status, `${v.status} ${v.message ?? ''} cpu ${v.cpu_ms} ms wall ${v.wall_ms} ms`).toBe('ok');
    expect(v.stdout).toBe('done\n');
  }, 60_000);

  it('a loop under load is stopped at its CPU limit (the verdict says cpu, not an under-load wall time-out)', async () => {
    // four spinning processes: the loop gets well under 0.7 s of CPU in 1.5 s of wall time
    hogs = Array.from({ length: 4 }, () => hog());
    await new Promise((r) => setTimeout(r, 300));
    const v = await sb.run({ language: 'python', source: spin, limits: { timeout_ms: 700, wall_ms: 1500 } });
    for (const h of hogs) h.kill('SIGKILL');
    expect(v.status).toBe('time_limit');
    expect(v.time_limit?.kind, `cpu ${v.cpu_ms} ms wall ${v.wall_ms} ms`).toBe('cpu');
    // never longer than three wall limits
    expect(v.wall_ms).toBeLessThan(3 * 1500 + 1000);
  }, 60_000);
});
