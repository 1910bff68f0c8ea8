// The warm TypeScript checker (src/sandbox/compilers/ts-server.ts): verdicts and messages equal to
// the tsc process's, on hand-written programs and on MultiPL-E's TypeScript tasks; a program cannot
// influence the checks after it (global augmentations, lib directives, another request's files),
// cannot hang the server, and the server cannot be reached from a run.
import { existsSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMultiplE } from '../src/benchmarks/multipl-e.js';
import { judge } from '../src/judge/index.js';
import { descendants, treeRss } from '../src/sandbox/compilers/server-pool.js';
import type { Sandbox } from '../src/sandbox/engine.js';
import { findTsc } from '../src/sandbox/languages/typescript.js';
import { SHARED_DATA, makeSandbox } from './helpers.js';

const haveApi = !!findTsc()?.api;
let warm: Sandbox;
let cold: Sandbox;

type Srv = { proc: { pid: number; kill: (s: string) => boolean }; hostDir: string; warm: boolean };
type Checker = { stats: { warm: number; fallback: number }; servers: Srv[]; cfg: { wallMs: number; memoryBytes?: number };
  send: (...a: unknown[]) => Promise<{ dir: string }> };
const checker = (sb: Sandbox) => sb.tscheck as unknown as Checker;
// one comment line of the same length on both sides: the same line numbers, different cache keys
const tag = (side: string) => `// ${side} ${Date.now()} ${Math.random().toFixed(12)}\n`;
const check = (sb: Sandbox, source: string) => sb.run({ language: 'typescript', source, typecheck: true });
const pick = (v: Awaited<ReturnType<Sandbox['run']>>) =>
  ({ status: v.status, stdout: v.stdout, compile: v.compile?.status === 'error' ? v.compile.message : 'ok' });

/** The server starts from the second check on and takes checks once warmed up. */
async function ensureWarm(sb: Sandbox): Promise<void> {
  for (let i = 0; i < 60 && !checker(sb).servers.some((x) => x.warm); i++) {
    if (i < 2) await check(sb, `${tag('U')}const u: number = 1;\n`);
    else await new Promise((r) => setTimeout(r, 500));
  }
  expect(checker(sb).servers.some((x) => x.warm)).toBe(true);
}

beforeAll(async () => {
  if (!haveApi) return;
  warm = await makeSandbox({ slots: 1, languages: ['typescript'] });
  cold = await makeSandbox({ slots: 1, languages: ['typescript'], warmCompilers: false });
  await ensureWarm(warm);
}, 120_000);
afterAll(async () => {
  await warm?.close();
  await cold?.close();
});

const PROGRAMS: Record<string, string> = {
  ok: 'declare const console: { log(x: unknown): void };\nconsole.log([3, 1, 2].sort((a, b) => a - b).join(","));\n',
  typeErrors: 'const x: number = "s";\nconst s = "é€😀"; const y: string = 5;\n',
  chain: 'const f: (a: string) => void = (a: number) => {};\ninterface A { a: { b: number } }\nconst v: A = { a: { b: "no" } };\n',
  unknownName: 'console.log(1);\n',
  libDirective: '/// <reference lib="dom" />\nconst t: string = document.title;\n',
  refOutside: '/// <reference path="/etc/passwd" />\n/// <reference path="../../../../usr/include/stdio.h" />\nimport * as fs from "/etc/hostname";\nconst n: number = 1;\n',
  // the checker's own configuration is not beside the program, as with the tsc process
  configFile: '/// <reference path="./tsconfig.json" />\nimport c from "./tsconfig.json";\nimport d from "../tsconfig.json";\n',
  // TypeScript files of the toolchain (read-only in both sandboxes): diagnostics in another file
  otherFile: `/// <reference path="${findTsc()?.api?.replace(/\.js$/, '.d.ts')}" />\nimport { API } from "${findTsc()?.api}";\nconst a: number = API;\n`,
};

describe.skipIf(!haveApi)('warm TypeScript checks', () => {
  it('give the tsc process\'s verdicts and messages', async () => {
    const before = checker(warm).stats.warm;
    for (const [name, src] of Object.entries(PROGRAMS)) {
      const [w, c] = await Promise.all([check(warm, tag('W') + src), check(cold, tag('C') + src)]);
      expect({ name, ...pick(w) }).toEqual({ name, ...pick(c) });
    }
    expect(checker(warm).stats.warm - before).toBe(Object.keys(PROGRAMS).length);
    expect(checker(cold).stats.warm).toBe(0);
  }, 60_000);

  const MULTIPLE = join(SHARED_DATA, 'multipl-e', 'humaneval-ts-reworded.jsonl');
  it.skipIf(!existsSync(MULTIPLE))('MultiPL-E TypeScript: the same judgements as the tsc process (a sample of tasks)', async () => {
    const tasks = (await loadMultiplE(MULTIPLE)).filter((_t, i) => i % 32 === 3);
    // a body that type-checks (its tests then fail) and one that does not
    const bodies = ['  return undefined as any;\n}\n', '  const z: number = "x" as string;\n  return undefined as any;\n}\n'];
    const before = checker(warm).stats.warm;
    for (const t of tasks) {
      for (const b of bodies) {
        // a tag line of the same length on both sides: new sources (the compile cache keeps
        // verdicts across runs), the same line numbers
        const [w, c] = await Promise.all([judge(warm, t, `  ${tag('W')}${b}`), judge(cold, t, `  ${tag('C')}${b}`)]);
        expect({ id: t.id, status: w.status, message: w.compile_message }).toEqual({ id: t.id, status: c.status, message: c.compile_message });
      }
    }
    expect(checker(warm).stats.warm - before).toBe(tasks.length * bodies.length);
  }, 60_000);

  it('a global augmentation or lib directive of one program does not reach the next', async () => {
    const s = `${Date.now()}`;
    const first = [
      `declare global { interface Array<T> { rlcfA${s}(): number } }\nexport {};\nconst n: number = [1].rlcfA${s}();\n`,
      `interface String { rlcfB${s}: number }\nconst m: number = "x".rlcfB${s};\n`,
      `/// <reference lib="dom" />\nconst t: string = document.title; // ${s}\n`,
    ];
    for (const src of first) expect((await check(warm, src)).compile?.status).toBe('ok');
    const second = `const a: number = [1].rlcfA${s}();\nconst b: number = "x".rlcfB${s};\nconst t: string = document.title;\n`;
    const [w, c] = await Promise.all([check(warm, second), check(cold, second)]);
    expect(pick(w)).toEqual(pick(c));
    expect(w.compile?.message).toMatch(/TS2339.*rlcfA/);
    expect(w.compile?.message).toMatch(/TS2339.*rlcfB/);
    expect(w.compile?.message).toMatch(/document/);
  }, 60_000);

  it('a program cannot read an earlier request\'s file through the session\'s caches', async () => {
    const c = checker(warm);
    const dirs: string[] = [];
    const send = c.send;
    c.send = async (...a: unknown[]) => {
      const r = await send.apply(c, a);
      dirs.push(r.dir);
      return r;
    };
    try {
      const s = `${Date.now()}`;
      expect((await check(warm, `const rlcfSecret${s}: number = 42;\n`)).compile?.status).toBe('ok');
      const prev = dirs.at(-1)!;
      const v = await check(warm, `/// <reference path="${prev}/main.ts" />\nimport { x } from "${prev}/main";\nconst v: number = rlcfSecret${s};\n`);
      expect(dirs).toHaveLength(2);
      expect(v.status).toBe('compile_error');
      expect(v.compile?.message).toMatch(/TS6053/); // the file is gone: "not found"
      expect(v.compile?.message).toMatch(new RegExp(`TS2304: Cannot find name 'rlcfSecret${s}'`));
    } finally {
      c.send = send;
    }
  }, 60_000);

  it('a type that explodes the checker is a compile time limit, and the next check is served', async () => {
    const c = checker(warm);
    const wall = c.cfg.wallMs;
    const pid = c.servers[0]?.proc.pid;
    const tree = descendants(pid);
    expect(tree.length).toBeGreaterThanOrEqual(3); // bwrap, the runner, tsc
    c.cfg.wallMs = 1500; // ~40 s of tsc (700 MB) for this program
    try {
      const v = await check(warm, `${tag('T')}type Perm<T, U = T> = [T] extends [never] ? [] : T extends any ? [T, ...Perm<Exclude<U, T>>] : never;\n` +
        'const p: Perm<1|2|3|4|5|6|7|8> = [1, 2, 3, 4, 5, 6, 7, 8];\n');
      expect(v.status).toBe('compile_error');
      expect(v.compile?.message).toBe('compilation exceeded its time limit');
    } finally {
      c.cfg.wallMs = wall;
    }
    expect(c.servers.map((x) => x.proc.pid)).not.toContain(pid);
    // the whole server is gone, tsc included (not left to finish the type)
    const alive = () => tree.filter((p) => {
      try {
        return !/\) Z /.test(readFileSync(`/proc/${p}/stat`, 'utf8'));
      } catch {
        return false;
      }
    });
    for (let i = 0; i < 20 && alive().length; i++) await new Promise((r) => setTimeout(r, 100));
    expect(alive()).toEqual([]);
    await ensureWarm(warm);
    const next = await check(warm, `${tag('N')}const q: string = 1;\n`);
    expect(next.compile?.message).toMatch(/^main\.ts\(2,7\): error TS2322/);
  }, 60_000);

  it('a server that dies, or outgrows the memory limit, is replaced: the check goes to the tsc process', async () => {
    const c = checker(warm);
    c.servers[0]?.proc.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 200));
    const f0 = c.stats.fallback;
    const v = await check(warm, `${tag('K')}const k: number = "k";\n`);
    expect(v.compile?.message).toMatch(/TS2322/);
    expect(c.stats.fallback).toBeGreaterThan(f0);
    await ensureWarm(warm);
    const srv = c.servers.find((x) => x.warm)!;
    const limit = c.cfg.memoryBytes;
    c.cfg.memoryBytes = treeRss(srv.proc.pid) + (4 << 20);
    try {
      const big = Array.from({ length: 1500 }, (_x, i) => `function f${i}(a: { v${i}: number[] }): Map<string, number> { return new Map([["${i}", a.v${i}.length]]); }`).join('\n');
      const f1 = c.stats.fallback;
      const m = await check(warm, `${tag('M')}${big}\n`);
      expect(m.compile?.status).toBe('ok');
      expect(c.stats.fallback).toBe(f1 + 1);
      expect(c.servers.map((x) => x.proc.pid)).not.toContain(srv.proc.pid);
    } finally {
      c.cfg.memoryBytes = limit;
    }
    // more messages than a tsc process may print (the compile output limit): the tsc process's verdict
    const many = `${tag('O')}${Array.from({ length: 4000 }, (_x, i) => `const v${i}: number = "a long string literal that makes the message long ${i}";`).join('\n')}\n`;
    await ensureWarm(warm);
    const f2 = c.stats.fallback;
    const [mw, mc] = await Promise.all([check(warm, many), check(cold, many)]);
    expect(pick(mw)).toEqual(pick(mc));
    expect(mw.status).toBe('compile_error');
    expect(c.stats.fallback).toBe(f2 + 1);
    // flags take the tsc process
    const w0 = c.stats.warm;
    const fl = await warm.run({ language: 'typescript', source: `${tag('F')}const s: string = "f";\n`, typecheck: true, flags: ['--strict'] });
    expect(fl.compile?.status).toBe('ok');
    expect(c.stats.warm).toBe(w0);
  }, 60_000);

  it('the server runs sandboxed, and a run cannot see it', async () => {
    await ensureWarm(warm);
    const top = checker(warm).servers.find((x) => x.warm)!.proc.pid;
    const kids = (pid: number): number[] => readdirSync(`/proc/${pid}/task`).flatMap((t) =>
      readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number));
    const all: number[] = [];
    for (let q = [top]; q.length;) {
      const p = q.shift()!;
      all.push(p);
      q.push(...kids(p));
    }
    const tsc = all.find((p) => readFileSync(`/proc/${p}/comm`, 'utf8').trim() === 'tsc');
    expect(tsc, 'a tsc process under the server').toBeTypeOf('number');
    const st = Object.fromEntries(readFileSync(`/proc/${tsc}/status`, 'utf8').split('\n').filter(Boolean).map((l) => l.split(/:\s+/)));
    if (process.getuid?.() === 0) expect(st.Uid.split(/\s+/)).toEqual(['65534', '65534', '65534', '65534']);
    expect(st.NoNewPrivs).toBe('1');
    expect(st.CapEff).toBe('0000000000000000');
    expect(readlinkSync(`/proc/${tsc}/ns/net`)).not.toBe(readlinkSync('/proc/self/ns/net'));
    expect(readlinkSync(`/proc/${tsc}/ns/pid`)).not.toBe(readlinkSync('/proc/self/ns/pid'));
    // a run (transpiled TypeScript on node) looks for it: other processes, the server's build dir
    const probe = `const fs = require("fs");
const cmds = fs.readdirSync("/proc").filter((p: string) => /^\\d+$/.test(p)).map((p: string) => { try { return fs.readFileSync("/proc/" + p + "/cmdline", "utf8"); } catch { return ""; } });
let build = "none"; try { build = fs.readdirSync("/build").join(","); } catch {}
console.log(JSON.stringify({ cmds, build, server: fs.existsSync(${JSON.stringify(checker(warm).servers[0]?.hostDir ?? '/nonexistent')}) }));
`;
    const v = await warm.run({ language: 'typescript', source: probe });
    expect(v.status).toBe('ok');
    const seen = JSON.parse(v.stdout) as { cmds: string[]; build: string; server: boolean };
    expect(seen.cmds.filter((c) => /tscheck|--api/.test(c))).toEqual([]);
    expect(seen.build).toBe('none');
    expect(seen.server).toBe(false);
  }, 60_000);
});
