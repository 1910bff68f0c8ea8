// Real processes for the fleet's tests and bench:scale: Debian's redis-server in a temp directory (AOF on, so a
// restart keeps the queue), and `rlcf worker` processes started from the built CLI.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function which(cmd: string): string | null {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}
export const REDIS_SERVER = which('redis-server');
/** util-linux taskset, to pin a worker (and the sandboxes it starts: they inherit it) to one core */
export const TASKSET = which('taskset');

const TICK = 100; // USER_HZ: /proc's clock ticks per second on Linux

/** CPU seconds a process tree has used: each live process's own and its reaped children's times
 * (a sandbox agent that exited is counted in whoever reaped it). Linux /proc only. */
export function treeCpuSeconds(root: number): number {
  const procs = new Map<number, { ppid: number; ticks: number }>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const st = readFileSync(`/proc/${d}/stat`, 'utf8');
      // fields after the command (which may hold spaces): state ppid ... utime(14) stime cutime cstime
      const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
      procs.set(Number(d), { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]) });
    } catch { /* exited meanwhile */ }
  }
  const kids = new Map<number, number[]>();
  for (const [pid, p] of procs) kids.set(p.ppid, [...(kids.get(p.ppid) ?? []), pid]);
  let ticks = 0;
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    ticks += procs.get(pid)?.ticks ?? 0;
    stack.push(...(kids.get(pid) ?? []));
  }
  return ticks / TICK;
}

/** The machine's CPU seconds so far, all cores: busy (user, nice, system, irq, softirq) and steal
 * (time the hypervisor gave this VM's vCPUs to someone else). */
export function machineCpuSeconds(): { busy: number; steal: number } {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  return { busy: (f[0] + f[1] + f[2] + f[5] + f[6]) / TICK, steal: (f[7] ?? 0) / TICK };
}

export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => res(p));
    });
    s.on('error', rej);
  });
}

async function until<T>(f: () => Promise<T | undefined | null | false> | T | undefined | null | false, what: string, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
export { until };

export class RedisProc {
  proc: ChildProcess | null = null;
  readonly dir = mkdtempSync(join(tmpdir(), 'rlcf-redis-'));
  constructor(readonly port: number) {}
  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  static async start(): Promise<RedisProc> {
    const r = new RedisProc(await freePort());
    await r.start();
    return r;
  }

  async start(): Promise<void> {
    // appendfsync always: every accepted job is on disk before Redis answers (restart test)
    this.proc = spawn(REDIS_SERVER!, ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, '--save', '',
      '--appendonly', 'yes', '--appendfsync', 'always', '--protected-mode', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    this.proc.stdout!.on('data', (d) => { out += d; });
    await until(() => out.includes('Ready to accept connections'), `redis-server on ${this.port} (${out.slice(-300)})`, 20_000);
  }

  /** kill -9 (or another signal) and wait for the exit */
  async kill(sig: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const p = this.proc;
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    const gone = new Promise((r) => p.once('exit', r));
    p.kill(sig);
    await gone;
    this.proc = null;
  }

  async stop(): Promise<void> {
    await this.kill('SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export class WorkerProc {
  out = '';
  exit: Promise<number | null>;
  constructor(readonly proc: ChildProcess, readonly name: string) {
    proc.stdout!.on('data', (d) => { this.out += d; });
    proc.stderr!.on('data', (d) => { this.out += d; });
    this.exit = new Promise((r) => proc.once('exit', (code, sig) => r(code ?? (sig ? 128 + 9 : null))));
  }

  get pid(): number {
    return this.proc.pid!;
  }

  /** `cpu`: pin the worker and everything it starts to that core (taskset; bench:scale only) */
  static async start(url: string, name: string, args: string[] = [], stateDir?: string, cpu?: number): Promise<WorkerProc> {
    const argv = [process.execPath, join(ROOT, 'bin', 'rlcf.js'), 'worker', '--queue', url, '--name', name,
      ...(stateDir ? ['--state-dir', stateDir] : []), ...args];
    if (cpu !== undefined && !TASKSET) throw new Error('taskset is not installed (util-linux): cannot pin a worker to a core');
    const [cmd, ...rest] = cpu !== undefined ? [TASKSET!, '-c', String(cpu), ...argv] : argv;
    const proc = spawn(cmd, rest, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, RLCF_DEBUG: '1' } });
    const w = new WorkerProc(proc, name);
    await until(() => w.out.includes(`rlcf worker ${name}:`) || (proc.exitCode !== null && Promise.reject(new Error(`worker ${name} exited: ${w.out}`))),
      `worker ${name} to start`, 60_000);
    return w;
  }

  async kill(sig: NodeJS.Signals = 'SIGKILL'): Promise<number | null> {
    if (this.proc.exitCode === null && this.proc.signalCode === null) this.proc.kill(sig);
    return this.exit;
  }
}
