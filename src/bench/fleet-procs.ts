// Real processes for the fleet's tests and bench:scale: Debian's redis-server in a temp directory (AOF on, so a
// restart keeps the queue), and `rlcf worker` processes started from the built CLI.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const REDIS_SERVER = (() => {
  const r = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
})();

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

  static async start(url: string, name: string, args: string[] = [], stateDir?: string): Promise<WorkerProc> {
    const proc = spawn(process.execPath, [join(ROOT, 'bin', 'rlcf.js'), 'worker', '--queue', url, '--name', name,
      ...(stateDir ? ['--state-dir', stateDir] : []), ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, RLCF_DEBUG: '1' } });
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
