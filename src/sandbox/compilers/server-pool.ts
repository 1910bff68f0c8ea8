// A pool of warm compiler processes (at most one per slot), each in a bubblewrap sandbox of its
// own, as the build agents are: every namespace unshared (no network), the system and toolchains
// read-only, a private /tmp, and as the sandbox uid; it sees one writable directory, its build
// directory, where each request gets a fresh subdirectory that holds the sources. The language's
// server (java-server.ts, ts-server.ts) says what process to start, how to warm it up and how to
// read its answers; this file owns the lifecycle they share: started in the background from the
// second request on (a one-shot command never pays for a server it would use once), used once warm,
// recycled after `recycle` requests, stopped when idle, killed on the compile wall limit or when the
// process tree outgrows the compile memory limit. Anything unusual answers null: the caller then
// compiles through the process path, whose verdict is the reference.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { bwrapArgs } from '../bwrap.js';
import type { Toolchain } from '../languages/types.js';

const BUILD_DIR = '/build';
/** how often a busy server's memory is looked at */
const MEMORY_POLL_MS = 200;

export interface ServerPoolConfig {
  /** bubblewrap, or null to run without a sandbox (SandboxOptions.unsafeNoSandbox) */
  bwrap: string | null;
  /** running as root: bwrap is privileged and the server drops to `uid` itself (setpriv) */
  root: boolean;
  uid: number;
  /** toolchain directories the sandbox binds read-only (the build agents' binds) */
  binds: string[];
  stateDir: string;
  /** servers at most (one per slot) */
  max: number;
  wallMs: number;
  /** the process tree's resident memory at most (the compile memory limit); 0: not watched */
  memoryBytes?: number;
}

export interface PoolServer {
  proc: ChildProcess;
  hostDir: string;
  compiles: number;
  busy: boolean;
  dead: boolean;
  /** warmed up (warmUp): takes submissions */
  warm: boolean;
  /** retire after the request in flight (its answer said it grew too much) */
  retire?: boolean;
  pending?: { id: string; resolve: (line: string | null) => void };
  idle?: NodeJS.Timeout;
}

/** What the server's process is, as the sandbox sees it. */
export interface ServerCommand {
  argv: string[];
  /** host directories mounted read-only at fixed sandbox paths (the server's own code) */
  roMounts: { src: string; dest: string }[];
  /** environment without a sandbox (bwrap sets its own) */
  env?: Record<string, string>;
}

/** A compile's outcome, in the terms the engine caches (engine.ts compile). */
export interface WarmCompile {
  ok: boolean;
  message: string;
  ms: number;
  /** whether the failure is the compiler's verdict on the source (cached), not a time-out */
  verdictOfCompiler: boolean;
  /** host directory holding the outputs; the caller removes it */
  hostDir: string;
}

/** One request's exchange: the answer line, or 'timeout' (the server was killed), or null (died). */
export interface Exchange {
  line: string | null;
  ms: number;
  /** host directory of the request (its files and outputs); the caller removes it */
  hostDir: string;
  /** the same directory as the server sees it */
  dir: string;
  id: string;
  server: PoolServer;
}

export abstract class ServerPool {
  servers: PoolServer[] = [];
  private waiting: ((s: PoolServer | null) => void)[] = [];
  protected disabled: string | null = null;
  private nextId = 1;
  private spawned = 0;
  private requests = 0;
  private starting?: Promise<void>;
  private launching?: Promise<void>;
  private failures = 0;
  closed = false;
  /** warm compiles done, and compiles handed back to the process path */
  stats = { warm: 0, fallback: 0 };

  /** label: what error messages call it; prefix: its directories' names */
  constructor(protected readonly cfg: ServerPoolConfig, private readonly label: string, private readonly prefix: string,
    private readonly recycle: number, private readonly idleMs: number) {}

  disable(why: string): void {
    this.disabled = why;
  }

  /** not disabled (SandboxOptions.warmCompilers: false, or a server that cannot start) nor closed */
  get usable(): boolean {
    return !this.disabled && !this.closed;
  }

  /** The process to start (its paths as the sandbox sees them). */
  protected abstract command(tc: Toolchain): Promise<ServerCommand>;

  /** A few requests before the server takes submissions (caches filled, code JIT-compiled);
   * throws when one fails. */
  protected abstract warmUp(s: PoolServer, tc: Toolchain): Promise<void>;

  /** Whether the server that gave this answer must be replaced before it takes another request
   * (its answer says that it is broken or has grown too much). */
  protected retireAfter(_line: string | null, _id: string): boolean {
    return false;
  }

  /** Writes `files` into a fresh request directory of a warm server and sends `line(dir, id)`;
   * null: no server for this request (the caller compiles through the process path). */
  protected async exchange(tc: Toolchain, files: Record<string, string>, line: (dir: string, id: string) => string): Promise<Exchange | null> {
    let server: PoolServer | null;
    try {
      server = await this.acquire(tc);
    } catch (e) {
      this.disabled = `${this.label} unavailable: ${(e as Error).message}`;
      this.stats.fallback++;
      return null;
    }
    if (!server) {
      this.stats.fallback++;
      return null;
    }
    try {
      const r = await this.send(server, files, line);
      if (this.retireAfter(r.line, r.id)) server.retire = true;
      return { ...r, server };
    } catch {
      this.stats.fallback++;
      return null;
    } finally {
      this.release(server);
    }
  }

  /** A server's answer line `<id>\t<ok|error>\t<base64 message>...` as a compile result. null (the
   * request directory removed): the process path decides — the server died, ran out of memory or
   * answered something else, or `message` refused the text. A time-out is the compiler's time
   * limit, not cached as a verdict on the source. */
  protected answer(x: Exchange, message: (text: string) => string | null): WarmCompile | null {
    if (x.line === 'timeout') {
      return { ok: false, message: 'compilation exceeded its time limit', ms: x.ms, verdictOfCompiler: false, hostDir: x.hostDir };
    }
    const [rid, status, b64] = (x.line ?? '').split('\t');
    const msg = rid === x.id && (status === 'ok' || status === 'error') ? message(Buffer.from(b64 ?? '', 'base64').toString('utf8')) : null;
    if (msg === null) {
      rmSync(x.hostDir, { recursive: true, force: true });
      this.stats.fallback++;
      return null;
    }
    this.stats.warm++;
    return { ok: status === 'ok', message: msg.trim(), ms: x.ms, verdictOfCompiler: true, hostDir: x.hostDir };
  }

  /** One request on a server this caller holds (exchange, warm-up). */
  protected async send(s: PoolServer, files: Record<string, string>, line: (dir: string, id: string) => string) {
    const name = `c${randomBytes(8).toString('hex')}`;
    const hostDir = join(s.hostDir, name);
    try {
      mkdirSync(hostDir, { mode: 0o700 });
      for (const [f, src] of Object.entries(files)) writeFileSync(join(hostDir, f), src);
      if (this.cfg.bwrap && this.cfg.root) chownSync(hostDir, this.cfg.uid, this.cfg.uid);
      const dir = this.cfg.bwrap ? `${BUILD_DIR}/${name}` : hostDir;
      const id = String(this.nextId++);
      const t0 = performance.now();
      const answer = await this.request(s, id, line(dir, id));
      return { line: answer, ms: performance.now() - t0, hostDir, dir, id };
    } catch (e) {
      rmSync(hostDir, { recursive: true, force: true });
      throw e;
    }
  }

  private request(s: PoolServer, id: string, line: string): Promise<string | null> {
    return new Promise((resolve) => {
      const limit = this.cfg.memoryBytes ?? 0;
      const watch = limit > 0 ? setInterval(() => {
        if (treeRss(s.proc.pid) > limit) {
          this.kill(s);
          finish('memory');
        }
      }, MEMORY_POLL_MS) : undefined;
      const timer = setTimeout(() => {
        this.kill(s);
        finish('timeout');
      }, this.cfg.wallMs);
      const finish = (l: string | null) => {
        clearTimeout(timer);
        clearInterval(watch);
        s.pending = undefined;
        resolve(l);
      };
      // the watch polls, so a quick check can grow the server past the limit between two polls:
      // its memory is read once more when it answers (the session keeps what it grew), and an
      // answer over the limit is not trusted (the process path, under a real cgroup limit, decides)
      const answered = (l: string | null) => {
        if (l !== null && limit > 0 && treeRss(s.proc.pid) > limit) {
          this.kill(s);
          finish('memory');
        } else {
          finish(l);
        }
      };
      s.pending = { id, resolve: answered };
      s.proc.stdin!.write(line);
    });
  }

  /** A warm server for this request, or null. A server is started (in the background) from the
   * second request on, and used once it has warmed up: no request waits for a server start. */
  private async acquire(tc: Toolchain): Promise<PoolServer | null> {
    if (this.closed) return null;
    const free = this.servers.find((s) => s.warm && !s.busy && !s.dead);
    if (free) {
      free.busy = true;
      if (free.idle) clearTimeout(free.idle);
      return free;
    }
    if (++this.requests > 1 && this.servers.length < this.cfg.max && !this.starting) {
      const started = this.start(tc);
      this.launching = started.then(() => undefined, () => undefined);
      this.starting = started.then(async (s) => {
        s.busy = true;
        await this.warmUp(s, tc);
        s.warm = true;
        this.release(s, false);
      }).catch((e: Error) => {
        this.failures++;
        if (this.failures >= 3) this.disabled = `${this.label} unavailable: ${e.message}`;
      }).finally(() => {
        this.starting = undefined;
      });
    }
    // every warm server busy: wait for one (a warm compile is far shorter than a compiler process)
    if (this.servers.some((s) => s.warm && !s.dead)) return new Promise((resolve) => this.waiting.push(resolve));
    return null;
  }

  private release(s: PoolServer, counted = true): void {
    s.busy = false;
    if (counted) s.compiles++;
    if (s.compiles >= this.recycle || s.retire) this.kill(s);
    const next = this.waiting.shift();
    if (next) {
      const free = this.servers.find((x) => x.warm && !x.busy && !x.dead);
      if (free) {
        free.busy = true;
        next(free);
      } else {
        next(null); // its server was recycled: this one compiles through the process path
      }
      return;
    }
    if (!s.dead) {
      s.idle = setTimeout(() => this.kill(s), this.idleMs);
      s.idle.unref();
    }
  }

  private async start(tc: Toolchain): Promise<PoolServer> {
    const cmd = await this.command(tc);
    const c = this.cfg;
    const hostDir = join(c.stateDir, 'build', `${this.prefix}-${process.pid}-${this.spawned++}`);
    rmSync(hostDir, { recursive: true, force: true });
    mkdirSync(hostDir, { recursive: true, mode: 0o700 });
    if (c.bwrap && c.root) chownSync(hostDir, c.uid, c.uid);
    const argv = c.bwrap ? [c.bwrap, ...bwrapArgs({ roBinds: c.binds, roMounts: cmd.roMounts,
      rwMounts: [{ src: hostDir, dest: BUILD_DIR }], tmpBytes: 64 << 20 }, { asRoot: c.root }), '--',
    ...(c.root ? ['/usr/bin/setpriv', `--reuid=${c.uid}`, `--regid=${c.uid}`, '--clear-groups', '--no-new-privs',
      '--inh-caps=-all'] : []), ...cmd.argv] : cmd.argv;
    const proc = spawn(argv[0], argv.slice(1), { stdio: ['pipe', 'pipe', 'pipe'],
      env: c.bwrap ? {} : { PATH: '/usr/bin:/bin', HOME: hostDir, ...cmd.env } });
    const s: PoolServer = { proc, hostDir, compiles: 0, busy: false, dead: false, warm: false };
    this.servers.push(s);
    let stderr = '';
    proc.stderr!.on('data', (d: Buffer) => { stderr = (stderr + d.toString()).slice(-2000); });
    const lines = createInterface({ input: proc.stdout! });
    const ready = new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('no READY within 60 s')), 60_000);
      lines.once('line', (l) => {
        clearTimeout(t);
        if (l === 'READY') resolve();
        else reject(new Error(`unexpected first line ${JSON.stringify(l.slice(0, 100))}`));
      });
      proc.once('exit', (code) => {
        clearTimeout(t);
        reject(new Error(`exited with ${code} before READY: ${stderr.trim().slice(-500)}`));
      });
    });
    proc.on('exit', () => {
      s.dead = true;
      this.servers = this.servers.filter((x) => x !== s);
      s.pending?.resolve(null);
      if (s.idle) clearTimeout(s.idle);
      rmSync(hostDir, { recursive: true, force: true });
    });
    proc.stdin!.on('error', () => undefined); // a dead server: its exit handler answers
    try {
      await ready;
      if (this.closed) throw new Error('closed while starting');
    } catch (e) {
      this.kill(s);
      throw e;
    }
    lines.on('line', (l) => {
      if (s.pending) s.pending.resolve(l);
    });
    return s;
  }

  protected kill(s: PoolServer): void {
    s.dead = true;
    this.servers = this.servers.filter((x) => x !== s);
    if (s.idle) clearTimeout(s.idle);
    // bwrap's --die-with-parent does not take the server with it when it runs as root: setpriv's
    // uid change clears the parent-death signal, and a server killed in the middle of a check
    // would go on with it (a checker-exploding type: minutes and gigabytes). Its processes are
    // killed by pid; the first of them is its pid namespace's init, whose death ends the rest.
    const tree = descendants(s.proc.pid);
    s.proc.kill('SIGKILL');
    for (const p of tree.slice(1)) {
      try {
        process.kill(p, 'SIGKILL');
      } catch { /* gone */ }
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.launching; // a server starting now is killed as it comes up (its warm-up then fails)
    const all = [...this.servers];
    for (const w of this.waiting.splice(0)) w(null);
    await Promise.all(all.map((s) => new Promise<void>((resolve) => {
      if (s.proc.exitCode !== null || s.proc.signalCode !== null) return resolve();
      s.proc.once('exit', () => resolve());
      this.kill(s);
    })));
  }
}

/** A process and its descendants, parents first (empty when it is gone). */
export function descendants(pid: number | undefined): number[] {
  const out: number[] = [];
  for (let q = pid ? [pid] : []; q.length;) {
    const p = q.shift()!;
    try {
      for (const t of readdirSync(`/proc/${p}/task`)) {
        q.push(...readFileSync(`/proc/${p}/task/${t}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number));
      }
      out.push(p);
    } catch { /* exited meanwhile */ }
  }
  return out;
}

/** Resident bytes of a process and its descendants (0 when it is gone). */
export function treeRss(pid: number | undefined): number {
  let total = 0;
  for (const p of descendants(pid)) {
    try {
      total += Number(readFileSync(`/proc/${p}/statm`, 'utf8').split(' ')[1]) * 4096;
    } catch { /* exited meanwhile */ }
  }
  return total;
}
