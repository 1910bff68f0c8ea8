// Warm Java compiles: javac through javax.tools in long-lived JVMs (RlcfJavac.java), one per slot
// at most, instead of a `javac` process per program (a JVM start and a cold javac: ~390 ms for a
// small class; warm, C1-compiled javac: ~10–30 ms).
//
// Each server runs in a sandbox of its own, as the build agents do: bubblewrap with every namespace
// unshared (no network), the system and toolchains read-only, a private /tmp, and as the sandbox
// uid; it sees one writable directory, its build directory, where each request gets a fresh
// subdirectory that holds the sources and receives the class files. The source under compilation
// is untrusted input to javac: no code of it runs at compile time (-proc:none: no annotation
// processor, and a javac plugin needs -Xplugin, which submissions with flags never reach: those
// take the `javac` process path), each compile has its own javac context and file manager, and the
// server is recycled after RECYCLE compiles, killed on a time-out and retired on OutOfMemoryError.
// Anything unusual (a server that cannot start, dies, or runs out of memory) falls back to the
// `javac` process path for that compile, so verdicts are the same either way.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { bwrapArgs, hostPathInSandbox } from '../bwrap.js';
import type { Toolchain } from '../languages/types.js';

/** compiles per server before it is replaced (bounds whatever javac or the JIT accumulate) */
const RECYCLE = 400;
/** an idle server exits after this long (it holds ~100 MB) */
const IDLE_MS = 120_000;
const SERVER_DIR = '/rlcf-javac';
const BUILD_DIR = '/build';
const JVM_FLAGS = ['-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-XX:-UsePerfData', '-Xshare:auto', '-Xss16m', '-Xmx384m'];

export interface JavaServerConfig {
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
}

/** A compile's outcome, in the terms the engine caches (engine.ts compile). */
export interface WarmCompile {
  ok: boolean;
  message: string;
  ms: number;
  /** whether the failure is javac's verdict on the source (cached), not a time-out */
  verdictOfCompiler: boolean;
  /** host directory holding the class files; the caller removes it */
  hostDir: string;
}

interface Server {
  proc: ChildProcess;
  hostDir: string;
  compiles: number;
  busy: boolean;
  dead: boolean;
  /** warmed up (warmUp): takes submissions */
  warm: boolean;
  pending?: { id: string; resolve: (line: string | null) => void };
  idle?: NodeJS.Timeout;
}

export class JavaCompileServers {
  private servers: Server[] = [];
  private waiting: ((s: Server | null) => void)[] = [];
  private built?: Promise<string>;
  private disabled: string | null = null;
  private nextId = 1;
  private spawned = 0;
  /** Java compiles asked for so far */
  private requests = 0;
  private starting?: Promise<void>;
  private launching?: Promise<void>;
  private failures = 0;
  closed = false;
  /** warm compiles done, and compiles handed back to the process path */
  stats = { warm: 0, fallback: 0 };

  constructor(private readonly cfg: JavaServerConfig) {}

  disable(why: string): void {
    this.disabled = why;
  }

  /** Whether this compile can be warm: no user flags (they could name a processor or plugin). */
  eligible(flags: string[] | undefined): boolean {
    return !this.disabled && !this.closed && !(flags && flags.length);
  }

  /** Compile `compile` (names of `files`, written first) with `classpath`; null: use the process path. */
  async compile(tc: Toolchain, files: Record<string, string>, compile: string[], classpath: string): Promise<WarmCompile | null> {
    let server: Server | null;
    try {
      server = await this.acquire(tc);
    } catch (e) {
      this.disabled = `java compile server unavailable: ${(e as Error).message}`;
      this.stats.fallback++;
      return null;
    }
    if (!server) {
      this.stats.fallback++;
      return null;
    }
    const name = `c${randomBytes(8).toString('hex')}`;
    const hostDir = join(server.hostDir, name);
    try {
      mkdirSync(hostDir, { mode: 0o700 });
      for (const [f, src] of Object.entries(files)) writeFileSync(join(hostDir, f), src);
      if (this.cfg.bwrap && this.cfg.root) chownSync(hostDir, this.cfg.uid, this.cfg.uid);
      const dir = this.cfg.bwrap ? `${BUILD_DIR}/${name}` : hostDir;
      const t0 = performance.now();
      const id = String(this.nextId++);
      const cp = this.cfg.bwrap ? classpath.split(':').filter(Boolean).map(hostPathInSandbox).join(':') : classpath;
      const line = await this.request(server, id, `${id}\t${dir}\t${cp || '-'}\t${compile.join('\t')}\n`);
      const ms = performance.now() - t0;
      if (line === 'timeout') {
        return { ok: false, message: 'compilation exceeded its time limit', ms, verdictOfCompiler: false, hostDir };
      }
      const [rid, status, b64] = (line ?? '').split('\t');
      if (rid !== id || (status !== 'ok' && status !== 'error')) {
        // died, ran out of memory or answered something else: the process path decides
        rmSync(hostDir, { recursive: true, force: true });
        this.stats.fallback++;
        return null;
      }
      this.stats.warm++;
      const msg = Buffer.from(b64 ?? '', 'base64').toString('utf8').split(`${dir}/`).join('');
      return { ok: status === 'ok', message: msg.trim(), ms, verdictOfCompiler: true, hostDir };
    } catch (e) {
      rmSync(hostDir, { recursive: true, force: true });
      this.stats.fallback++;
      return null;
    } finally {
      this.release(server);
    }
  }

  private request(s: Server, id: string, line: string): Promise<string | null> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.kill(s);
        resolve('timeout');
      }, this.cfg.wallMs);
      s.pending = { id, resolve: (l) => { clearTimeout(timer); s.pending = undefined; resolve(l); } };
      s.proc.stdin!.write(line);
    });
  }

  /** A warm server for this compile, or null: the compile then runs as a javac process. A server
   * is started (in the background) from the second Java compile on, and used once it has warmed
   * up: a one-shot command never pays for a JVM it would use once, and no compile waits for a
   * JVM start or a cold javac (slower than the javac process, which starts from a CDS archive). */
  private async acquire(tc: Toolchain): Promise<Server | null> {
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
      this.starting = started.then((s) => this.warmUp(s)).catch((e: Error) => {
        this.failures++;
        if (this.failures >= 3) this.disabled = `java compile server unavailable: ${e.message}`;
      }).finally(() => {
        this.starting = undefined;
      });
    }
    // every warm server busy: wait for one (a warm compile is far shorter than a javac process)
    if (this.servers.some((s) => s.warm && !s.dead)) return new Promise((resolve) => this.waiting.push(resolve));
    return null;
  }

  /** A few compiles of a small class before the server takes submissions (the JIT's first pass). */
  private async warmUp(s: Server): Promise<void> {
    const src = 'import java.util.*;\npublic class Main { public static void main(String[] a) { List<Integer> l = new ArrayList<>(); ' +
      'for (int i = 0; i < 3; i++) l.add(i); System.out.println(l.stream().mapToInt(x -> x).sum()); } }\n';
    for (let i = 0; i < 3 && !s.dead; i++) {
      const name = `w${i}${randomBytes(4).toString('hex')}`;
      const hostDir = join(s.hostDir, name);
      mkdirSync(hostDir, { mode: 0o700 });
      writeFileSync(join(hostDir, 'Main.java'), src);
      if (this.cfg.bwrap && this.cfg.root) chownSync(hostDir, this.cfg.uid, this.cfg.uid);
      const dir = this.cfg.bwrap ? `${BUILD_DIR}/${name}` : hostDir;
      s.busy = true;
      const id = String(this.nextId++);
      const line = await this.request(s, id, `${id}\t${dir}\t-\tMain.java\n`);
      s.busy = false;
      rmSync(hostDir, { recursive: true, force: true });
      if (!line?.startsWith(`${id}\tok`)) throw new Error(`warm-up compile failed: ${line}`);
    }
    s.warm = true;
    this.release(s, false);
  }

  private release(s: Server, counted = true): void {
    s.busy = false;
    if (counted) s.compiles++;
    if (s.compiles >= RECYCLE) this.kill(s);
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
      s.idle = setTimeout(() => this.kill(s), IDLE_MS);
      s.idle.unref();
    }
  }

  /** RlcfJavac's classes, built once per toolchain and source on the host (rlcf's own code). */
  private classes(tc: Toolchain): Promise<string> {
    return (this.built ??= (async () => {
      const src = readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'RlcfJavac.java'), 'utf8');
      const dir = join(this.cfg.stateDir, 'tools', `javac-server-${createHash('sha256').update(tc.version + src).digest('hex').slice(0, 16)}`);
      if (existsSync(join(dir, 'RlcfJavac.class'))) return dir;
      const tmp = `${dir}.tmp-${process.pid}-${randomBytes(3).toString('hex')}`;
      mkdirSync(tmp, { recursive: true, mode: 0o755 });
      writeFileSync(join(tmp, 'RlcfJavac.java'), src);
      await new Promise<void>((resolve, reject) => execFile(tc.paths.javac, ['-nowarn', '-d', tmp, join(tmp, 'RlcfJavac.java')],
        { timeout: 120_000 }, (e, _o, err) => (e ? reject(new Error(`javac RlcfJavac.java: ${err || e.message}`)) : resolve())));
      try {
        renameSync(tmp, dir);
      } catch {
        rmSync(tmp, { recursive: true, force: true }); // another process made it first
      }
      return dir;
    })());
  }

  private async start(tc: Toolchain): Promise<Server> {
    const classes = await this.classes(tc);
    const c = this.cfg;
    const hostDir = join(c.stateDir, 'build', `javac-${process.pid}-${this.spawned++}`);
    rmSync(hostDir, { recursive: true, force: true });
    mkdirSync(hostDir, { recursive: true, mode: 0o700 });
    if (c.bwrap && c.root) chownSync(hostDir, c.uid, c.uid);
    const java = [c.bwrap ? hostPathInSandbox(tc.paths.java) : tc.paths.java, ...JVM_FLAGS, '-cp', c.bwrap ? SERVER_DIR : classes, 'RlcfJavac'];
    const argv = c.bwrap ? [c.bwrap, ...bwrapArgs({ roBinds: c.binds, roMounts: [{ src: classes, dest: SERVER_DIR }],
      rwMounts: [{ src: hostDir, dest: BUILD_DIR }], tmpBytes: 64 << 20 }, { asRoot: c.root }), '--',
    ...(c.root ? ['/usr/bin/setpriv', `--reuid=${c.uid}`, `--regid=${c.uid}`, '--clear-groups', '--no-new-privs',
      '--inh-caps=-all'] : []), ...java] : java;
    const proc = spawn(argv[0], argv.slice(1), { stdio: ['pipe', 'pipe', 'pipe'], env: c.bwrap ? {} : { PATH: '/usr/bin:/bin', HOME: hostDir } });
    const s: Server = { proc, hostDir, compiles: 0, busy: false, dead: false, warm: false };
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

  private kill(s: Server): void {
    s.dead = true;
    this.servers = this.servers.filter((x) => x !== s);
    if (s.idle) clearTimeout(s.idle);
    // bwrap's --die-with-parent takes the JVM with it
    s.proc.kill('SIGKILL');
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
