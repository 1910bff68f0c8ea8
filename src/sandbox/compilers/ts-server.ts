// Warm TypeScript type-checks: TypeScript 7's API session (rlcf-tscheck.mjs: a node process and its
// native `tsc --api` child) held open per slot at most, instead of a tsc process per program. A tsc
// process reads, parses and binds the ~90 lib .d.ts files of `--lib esnext` on every start; the
// session parses them once, and each request is a new project (a new program and checker) over the
// same parsed lib files: ~5–15 ms a small program instead of ~50–200 ms.
//
// Each server runs in its own build sandbox (server-pool.ts: no network, toolchains read-only, one
// writable directory, as the sandbox uid). The program is untrusted input to the checker, which runs
// none of its code; what could carry over between requests is state of the session, so every
// request closes the previous project and invalidates every cached file (rlcf-tscheck.mjs), and
// the checker gets the options the tsc command line has (typescript.ts TYPECHECK_OPTIONS) through
// a tsconfig.json that the runner writes beside the program's directory. Submissions with their own tsc flags take the tsc process. A
// check that exceeds the compile wall limit kills the server (a time-limit verdict, not cached, as
// the process path); a server whose tsc outgrows MAX_RSS after a check is retired; anything
// unusual (no server, a crash, an answer that is not one) sends the check to the tsc process.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rmSync } from 'node:fs';
import { hostPathInSandbox } from '../bwrap.js';
import { COMPILE_LIMITS } from '../limits.js';
import type { Toolchain } from '../languages/types.js';
import { TYPECHECK_OPTIONS } from '../languages/typescript.js';
import { type PoolServer, type ServerCommand, ServerPool, type ServerPoolConfig, type WarmCompile } from './server-pool.js';

/** checks per server before it is replaced (bounds whatever the session accumulates) */
const RECYCLE = 500;
/** an idle server exits after this long (it holds ~150 MB) */
const IDLE_MS = 120_000;
/** a server whose tsc holds more than this after a check is replaced */
const MAX_RSS_KB = 600 << 10;
const SERVER_DIR = '/rlcf-tscheck';
const RUNNER = 'rlcf-tscheck.mjs';

export class TsCheckServers extends ServerPool {
  constructor(cfg: ServerPoolConfig) {
    super(cfg, 'typescript check server', 'tscheck', RECYCLE, IDLE_MS);
  }

  /** Whether this check can be warm: the native tsc with its API, and no user flags (they change
   * what tsc does in ways the tsconfig.json here does not reproduce). */
  eligible(tc: Toolchain, flags: string[] | undefined): boolean {
    return this.usable && !!tc.paths.tscApi && !(flags && flags.length);
  }

  /** Type-check `source` as `file`; null: use the tsc process. */
  async check(tc: Toolchain, file: string, source: string): Promise<WarmCompile | null> {
    const x = await this.exchange(tc, { [file]: source }, (dir, id) => `${id}\t${dir}\t${file}\n`);
    // (a crash, a failed request or the memory watch: retireAfter has replaced this server, whose
    // session may be broken.) More than a tsc process may print: its verdict (an output limit) is
    // the process path's.
    return x && this.answer(x, (msg) => (Buffer.byteLength(msg) > COMPILE_LIMITS.output_bytes ? null : msg));
  }

  /** A failed check (the session may be broken) or a tsc grown past MAX_RSS_KB: a new server. */
  protected retireAfter(line: string | null, id: string): boolean {
    const [rid, status, , rss] = (line ?? '').split('\t');
    return rid !== id || (status !== 'ok' && status !== 'error') || Number(rss) > MAX_RSS_KB;
  }

  /** A few checks before the server takes submissions: the lib files parsed, the code paths warm. */
  protected async warmUp(s: PoolServer): Promise<void> {
    const src = 'const xs: number[] = [3, 1, 2].sort((a, b) => a - b);\nconst m = new Map<string, number>(xs.map((x) => [String(x), x]));\n' +
      'function f(a: string): number { return a.length; }\nconst n: number = f("x") + (m.get("1") ?? 0);\n';
    for (let i = 0; i < 3 && !s.dead; i++) {
      const r = await this.send(s, { 'main.ts': src }, (dir, id) => `${id}\t${dir}\tmain.ts\n`);
      rmSync(r.hostDir, { recursive: true, force: true });
      if (!r.line?.startsWith(`${r.id}\tok`)) {
        const why = r.line?.split('\t')[2];
        throw new Error(`warm-up check failed: ${why ? Buffer.from(why, 'base64').toString('utf8').slice(0, 500) : r.line}`);
      }
    }
  }

  protected async command(tc: Toolchain): Promise<ServerCommand> {
    const here = dirname(fileURLToPath(import.meta.url));
    const bw = !!this.cfg.bwrap;
    const at = (p: string) => (bw ? hostPathInSandbox(p) : p);
    return {
      argv: [at(tc.paths.node), '--max-old-space-size=128', bw ? `${SERVER_DIR}/${RUNNER}` : join(here, RUNNER),
        at(tc.paths.tscApi), at(tc.paths.tscExe), bw ? '/build' : join(this.cfg.stateDir, 'build'), JSON.stringify(TYPECHECK_OPTIONS)],
      roMounts: [{ src: join(here, RUNNER), dest: `${SERVER_DIR}/${RUNNER}` }],
    };
  }
}
