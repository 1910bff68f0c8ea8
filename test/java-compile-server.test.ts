// The warm Java compiler (src/sandbox/compilers/java-server.ts): verdicts and messages equal to the
// javac process's, and a compiled source cannot influence the compiles after it.
import { existsSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/sandbox/engine.js';
import { which } from '../src/sandbox/languages/discover.js';
import { makeSandbox } from './helpers.js';

const haveJava = !!which('javac');
let warm: Sandbox;
let cold: Sandbox;

beforeAll(async () => {
  if (!haveJava) return;
  warm = await makeSandbox({ slots: 1, languages: ['java'] });
  cold = await makeSandbox({ slots: 1, languages: ['java'], warmCompilers: false });
  await ensureWarm();
}, 180_000);

/** The server starts from the second Java compile on and takes compiles once warmed up: compile
 * until one went through it. */
async function ensureWarm(): Promise<void> {
  for (let i = 0; i < 60 && !javac(warm).servers.some((x) => x.warm); i++) {
    if (i < 2) await warm.run({ language: 'java', source: `${tag('U')}public class Main { public static void main(String[] a) { } }\n` });
    else await new Promise((r) => setTimeout(r, 1000));
  }
  expect(javac(warm).servers.some((x) => x.warm)).toBe(true);
}
afterAll(async () => {
  await warm?.close();
  await cold?.close();
});

type Javac = { stats: { warm: number; fallback: number };
  servers: { proc: { pid: number; kill: (s: string) => boolean }; hostDir: string; warm: boolean }[] };
const javac = (sb: Sandbox) => sb.javac as unknown as Javac;
// one comment line of the same length on both sides: the same line numbers, different cache keys
const tag = (side: string) => `// ${side} ${Date.now()} ${Math.random().toFixed(12)}\n`;

const PROGRAMS: Record<string, string> = {
  ok: 'public class Main { public static void main(String[] a) { System.out.println("héllo " + (6 * 7)); } }\n',
  typeError: 'public class Main { public static void main(String[] a) { int x = "s"; } }\n',
  twoClasses_: 'class Pair { int a = 2, b = 3; }\npublic class Main { public static void main(String[] a) { Pair p = new Pair(); System.out.println(p.a * p.b); } }\n',
  unchecked_: 'import java.util.*;\npublic class Main { public static void main(String[] a) { List l = new ArrayList(); l.add(1); List<String> s = l; System.out.println(l.size()); } }\n',
  tuples: 'import org.javatuples.Pair;\npublic class Main { public static void main(String[] a) { System.out.println(Pair.with(1, "x")); } }\n',
};

describe.skipIf(!haveJava)('warm Java compiles', () => {
  it('give the javac process\'s verdicts and messages', async () => {
    const before = javac(warm).stats.warm;
    const pick = (name: string, v: Awaited<ReturnType<Sandbox['run']>>) =>
      ({ name, status: v.status, stdout: v.stdout, compile: v.compile?.status === 'error' ? v.compile.message : 'ok' });
    // (the names ending in _ are kept for a manual run: each javac process costs ~1 s on a loaded host)
    await Promise.all(Object.entries(PROGRAMS).filter(([n]) => !n.endsWith('_')).map(async ([name, src]) => {
      if (name === 'tuples' && !existsSync('/usr/share/java/javatuples.jar')) return;
      const [w, c] = await Promise.all([warm.run({ language: 'java', source: tag('W') + src }), cold.run({ language: 'java', source: tag('C') + src })]);
      expect(pick(name, w)).toEqual(pick(name, c));
    }));
    // the warm path did the work (no silent fallback to the process)
    expect(javac(warm).stats.warm - before).toBeGreaterThanOrEqual(2);
    expect(javac(cold).stats.warm).toBe(0);
  }, 180_000);

  it('a class compiled earlier is not visible to a later compile', async () => {
    const s = `${Date.now()}`;
    const w0 = javac(warm).stats.warm;
    const first = await warm.run({ language: 'java', source: `class Helper${s} { static int f() { return 41; } }\npublic class Main { public static void main(String[] a) { System.out.println(Helper${s}.f() + 1); } }\n` });
    expect(first.stdout).toBe('42\n');
    const second = await warm.run({ language: 'java', source: `public class Main { public static void main(String[] a) { System.out.println(Helper${s}.f()); } }\n` });
    expect(second.status).toBe('compile_error');
    expect(second.compile?.message).toMatch(/cannot find symbol/);
    expect(javac(warm).stats.warm).toBe(w0 + 2);
  }, 60_000);

  it('runs no code of the source at compile time (processors, static initializers), and the server goes on', async () => {
    const s = `${Date.now()}`;
    const evil = `import java.util.Set;
import javax.annotation.processing.*;
import javax.lang.model.element.TypeElement;
@SupportedAnnotationTypes("*")
class Evil${s} extends AbstractProcessor {
  static { try { new java.io.File("/build/pwned${s}").createNewFile(); new java.io.File("/tmp/pwned${s}").createNewFile(); } catch (Exception e) {} Runtime.getRuntime().halt(9); }
  static final int K = 1 / 0 == 0 ? 1 : 2;
  public boolean process(Set<? extends TypeElement> a, RoundEnvironment r) { Runtime.getRuntime().halt(8); return false; }
}
@Deprecated
public class Main { public static void main(String[] a) { System.out.println("main ${s}"); } }
`;
    const before = javac(warm).stats.warm;
    const pid = javac(warm).servers[0]?.proc.pid;
    const v = await warm.run({ language: 'java', source: evil });
    expect(v.status).toBe('ok');
    expect(v.stdout).toBe(`main ${s}\n`);
    expect(javac(warm).stats.warm).toBe(before + 1);
    // the same server answers the next compile, correctly
    const next = await warm.run({ language: 'java', source: `public class Main { public static void main(String[] a) { System.out.println(${s}L + 1); } }\n` });
    expect(next.stdout).toBe(`${BigInt(s) + 1n}\n`);
    expect(javac(warm).servers[0]?.proc.pid).toBe(pid);
    for (const srv of javac(warm).servers) expect(readdirSync(srv.hostDir).filter((f) => f.includes('pwned'))).toEqual([]);
  }, 60_000);

  it('the server runs sandboxed: the sandbox uid, no_new_privs, no capabilities, its own network and pid namespaces', async () => {
    await warm.run({ language: 'java', source: `${tag('S')}public class Main { public static void main(String[] a) { System.out.println(3); } }\n` });
    const top = javac(warm).servers[0]?.proc.pid;
    expect(top).toBeTypeOf('number');
    // the JVM: the process below bwrap whose command is java
    const kids = (pid: number): number[] => readdirSync(`/proc/${pid}/task`).flatMap((t) =>
      readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number));
    const all: number[] = [];
    for (let q = [top!]; q.length;) {
      const p = q.shift()!;
      all.push(p);
      q.push(...kids(p));
    }
    const jvm = all.find((p) => readFileSync(`/proc/${p}/comm`, 'utf8').trim() === 'java');
    expect(jvm, 'a java process under the server').toBeTypeOf('number');
    const st = Object.fromEntries(readFileSync(`/proc/${jvm}/status`, 'utf8').split('\n').filter(Boolean).map((l) => l.split(/:\s+/)));
    if (process.getuid?.() === 0) expect(st.Uid.split(/\s+/)).toEqual(['65534', '65534', '65534', '65534']);
    expect(st.NoNewPrivs).toBe('1');
    expect(st.CapEff).toBe('0000000000000000');
    expect(readlinkSync(`/proc/${jvm}/ns/net`)).not.toBe(readlinkSync('/proc/self/ns/net'));
    expect(readlinkSync(`/proc/${jvm}/ns/pid`)).not.toBe(readlinkSync('/proc/self/ns/pid'));
  }, 60_000);

  it('a server that dies is replaced; submissions with flags take the javac process', async () => {
    const srv = javac(warm).servers[0];
    if (srv) srv.proc.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 200));
    const v = await warm.run({ language: 'java', source: `${tag('K')}public class Main { public static void main(String[] a) { System.out.println(5); } }\n` });
    expect(v.stdout).toBe('5\n'); // through the javac process while another server warms up
    expect(javac(warm).servers.map((x) => x.proc.pid)).not.toContain(srv?.proc.pid);
    const w0 = javac(warm).stats.warm;
    const f = await warm.run({ language: 'java', source: `${tag('F')}public class Main { public static void main(String[] a) { System.out.println(6); } }\n`, flags: ['-g:none'] });
    expect(f.stdout).toBe('6\n');
    expect(javac(warm).stats.warm).toBe(w0);
  }, 60_000);
});
