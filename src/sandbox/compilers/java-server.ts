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
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFile } from 'node:child_process';
import { hostPathInSandbox } from '../bwrap.js';
import type { Toolchain } from '../languages/types.js';
import { type PoolServer, type ServerCommand, ServerPool, type ServerPoolConfig, type WarmCompile } from './server-pool.js';

/** compiles per server before it is replaced (bounds whatever javac or the JIT accumulate) */
const RECYCLE = 400;
/** an idle server exits after this long (it holds ~100 MB) */
const IDLE_MS = 120_000;
const SERVER_DIR = '/rlcf-javac';
const JVM_FLAGS = ['-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-XX:-UsePerfData', '-Xshare:auto', '-Xss16m', '-Xmx384m'];

export type JavaServerConfig = ServerPoolConfig;

export class JavaCompileServers extends ServerPool {
  private built?: Promise<string>;

  constructor(cfg: JavaServerConfig) {
    super(cfg, 'java compile server', 'javac', RECYCLE, IDLE_MS);
  }

  /** Whether this compile can be warm: no user flags (they could name a processor or plugin). */
  eligible(flags: string[] | undefined): boolean {
    return this.usable && !(flags && flags.length);
  }

  /** Compile `compile` (names of `files`, written first) with `classpath`; null: use the process path. */
  async compile(tc: Toolchain, files: Record<string, string>, compile: string[], classpath: string): Promise<WarmCompile | null> {
    const cp = this.cfg.bwrap ? classpath.split(':').filter(Boolean).map(hostPathInSandbox).join(':') : classpath;
    const x = await this.exchange(tc, files, (dir, id) => `${id}\t${dir}\t${cp || '-'}\t${compile.join('\t')}\n`);
    // javac names files by their path in the request directory: the process path names them bare
    return x && this.answer(x, (msg) => msg.split(`${x.dir}/`).join(''));
  }

  /** A few compiles of a small class before the server takes submissions (the JIT's first pass). */
  protected async warmUp(s: PoolServer): Promise<void> {
    const src = 'import java.util.*;\npublic class Main { public static void main(String[] a) { List<Integer> l = new ArrayList<>(); ' +
      'for (int i = 0; i < 3; i++) l.add(i); System.out.println(l.stream().mapToInt(x -> x).sum()); } }\n';
    for (let i = 0; i < 3 && !s.dead; i++) {
      const r = await this.send(s, { 'Main.java': src }, (dir, id) => `${id}\t${dir}\t-\tMain.java\n`);
      rmSync(r.hostDir, { recursive: true, force: true });
      if (!r.line?.startsWith(`${r.id}\tok`)) throw new Error(`warm-up compile failed: ${r.line}`);
    }
  }

  protected async command(tc: Toolchain): Promise<ServerCommand> {
    const classes = await this.classes(tc);
    const bw = !!this.cfg.bwrap;
    return {
      argv: [bw ? hostPathInSandbox(tc.paths.java) : tc.paths.java, ...JVM_FLAGS, '-cp', bw ? SERVER_DIR : classes, 'RlcfJavac'],
      roMounts: [{ src: classes, dest: SERVER_DIR }],
    };
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
}
