// Java's multi-test runner (runTests with >= 2 inputs runs them in one JVM, see src/sandbox/run-many.ts):
// the verdicts must be those of one JVM per input; anything the runner cannot vouch for falls back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/sandbox/engine.js';
import type { Limits, Submission, TestInput, Verdict } from '../src/sandbox/types.js';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DESCRIPTORS } from '../src/sandbox/languages/index.js';
import { DEFAULT_LIMITS, resolveLimits } from '../src/sandbox/limits.js';
import { TEST_STATE, makeSandbox, countRunRequests } from './helpers.js';

let sb: Sandbox;
let runs: { n: number };
beforeAll(async () => {
  sb = await makeSandbox();
  runs = countRunRequests(sb);
}, 60_000);
afterAll(async () => {
  await sb?.close();
});

const uniq = () => `// ${Date.now()} ${Math.random()}\n`;
const java = (source: string, limits?: Partial<Limits>): Submission => ({ language: 'java', source: uniq() + source, ...(limits ? { limits } : {}) });

/** runTests, and how many run requests it took */
async function tests(sub: Submission, inputs: TestInput[]): Promise<{ vs: Verdict[]; requests: number }> {
  const before = runs.n;
  const vs = await sb.runTests(sub, inputs);
  return { vs, requests: runs.n - before };
}

const pick = (v: Verdict) => ({ status: v.status, exit_code: v.exit_code, signal: v.signal, stdout: v.stdout, stderr: v.stderr });

const MIXED = `import java.util.*;
import java.io.*;

public class Main {
    static int calls = 0;
    static final List<String> seen = new ArrayList<>();
    public static void main(String[] args) throws IOException {
        calls++;
        Scanner sc = new Scanner(System.in);
        int k = sc.nextInt();
        long sum = 0;
        while (sc.hasNextLong()) sum += sc.nextLong();
        seen.add("k" + k);
        System.out.println("k=" + k + " sum=" + sum + " calls=" + calls + " seen=" + seen);
        System.err.println("note " + k);
        if (k % 7 == 3) System.exit(k);
        if (k % 7 == 4) throw new IllegalStateException("bad k " + k);
        if (k % 7 == 5) { int z = k - 5; assert z > 0 : "assertion for " + k; }
        if (k % 7 == 6) { System.out.print("no newline"); return; }
    }
}
`;

describe('java multi-test runner', () => {
  it('20 inputs: same stdout, stderr, exit codes and statuses as one JVM per input, in one request', async () => {
    const sub = java(MIXED);
    const inputs = Array.from({ length: 20 }, (_, i) => ({ stdin: `${i}\n${Array.from({ length: i + 1 }, (_, j) => j * i).join(' ')}\n` }));
    const { vs, requests } = await tests(sub, inputs);
    expect(requests).toBe(1);
    const one = await Promise.all(inputs.map((x) => sb.run({ ...sub, stdin: x.stdin })));
    expect(vs.map(pick)).toEqual(one.map(pick));
    // spot checks: the semantics themselves
    expect(vs[0].stdout).toBe('k=0 sum=0 calls=1 seen=[k0]\n');
    expect(vs[3]).toMatchObject({ status: 'runtime_error', exit_code: 3 });
    expect(vs[4].status).toBe('runtime_error');
    expect(vs[4].stderr).toMatch(/^note 4\nException in thread "main" java.lang.IllegalStateException: bad k 4\n\tat Main.main\(Main.java:\d+\)\n$/);
    expect(vs[5].stderr).toMatch(/java.lang.AssertionError: assertion for 5/);
    expect(vs[5].status).toBe('runtime_error');
    expect(vs[12].status).toBe('ok'); // 12 % 7 = 5, z = 7 > 0
    expect(vs[6].stdout).toMatch(/no newline$/);
    expect(vs.every((v) => v.stdout.includes('calls=1 '))).toBe(true);
  }, 120_000);

  it('static state does not leak between tests (fresh class loader per test)', async () => {
    const src = `import java.io.*;
public class Main {
    static int counter;
    static StringBuilder log = new StringBuilder();
    static { counter = 100; }
    static class Inner { static int hits; }
    public static void main(String[] args) throws Exception {
        BufferedReader br = new BufferedReader(new InputStreamReader(System.in));
        String line; int lines = 0;
        while ((line = br.readLine()) != null) { lines++; log.append(line); }
        counter++; Inner.hits++;
        System.out.println(counter + " " + Inner.hits + " " + lines + " " + log);
    }
}
`;
    const inputs = Array.from({ length: 10 }, (_, i) => ({ stdin: 'x\n'.repeat(i) }));
    const { vs, requests } = await tests(java(src), inputs);
    expect(requests).toBe(1);
    expect(vs.map((v) => v.stdout)).toEqual(inputs.map((_, i) => `101 1 ${i} ${'x'.repeat(i)}\n`));
  }, 60_000);

  it('System.exit(3) in test k: exit code 3 for that test only', async () => {
    const src = `public class Main {
    public static void main(String[] args) {
        int k = new java.util.Scanner(System.in).nextInt();
        System.out.println("before " + k);
        if (k == 2) { try { System.exit(3); } finally { System.out.println("finally runs in neither"); } }
        System.out.println("after " + k);
    }
}
`;
    const inputs = [0, 1, 2, 3, 4].map((k) => ({ stdin: `${k}\n` }));
    const { vs, requests } = await tests(java(src), inputs);
    expect(requests).toBe(1);
    expect(vs.map((v) => v.exit_code)).toEqual([0, 0, 3, 0, 0]);
    expect(vs.map((v) => v.status)).toEqual(['ok', 'ok', 'runtime_error', 'ok', 'ok']);
    expect(vs[2].stdout).toBe('before 2\n');
    expect(vs[3].stdout).toBe('before 3\nafter 3\n');
  }, 60_000);

  it('an uncaught exception in one test: runtime_error for that test only', async () => {
    const src = `public class Main {
    static int depth(int n) { return n == 0 ? 1 / n : depth(n - 1); }
    public static void main(String[] args) {
        int k = new java.util.Scanner(System.in).nextInt();
        if (k == 1) depth(3);
        System.out.println(k * k);
    }
}
`;
    const sub = java(src);
    const inputs = [0, 1, 2].map((k) => ({ stdin: `${k}` }));
    const { vs, requests } = await tests(sub, inputs);
    expect(requests).toBe(1);
    expect(vs.map((v) => v.status)).toEqual(['ok', 'runtime_error', 'ok']);
    expect(vs[1].exit_code).toBe(1);
    const alone = await sb.run({ ...sub, stdin: '1' });
    expect(vs[1].stderr).toBe(alone.stderr);
    expect(vs[1].stderr).toMatch(/ArithmeticException: \/ by zero/);
    expect(vs[2].stdout).toBe('4\n');
  }, 60_000);

  it('a test that loops forever gets time_limit (through the fallback); the others are correct', async () => {
    const src = `public class Main {
    public static void main(String[] args) {
        int k = new java.util.Scanner(System.in).nextInt();
        long x = 0;
        if (k == 2) while (true) x++;
        System.out.println("k" + k);
    }
}
`;
    const inputs = [0, 1, 2, 3, 4].map((k) => ({ stdin: `${k}` }));
    const { vs, requests } = await tests(java(src, { timeout_ms: 1000 }), inputs);
    expect(vs.map((v) => v.status)).toEqual(['ok', 'ok', 'time_limit', 'ok', 'ok']);
    expect(vs.map((v) => v.stdout)).toEqual(['k0\n', 'k1\n', '', 'k3\n', 'k4\n']);
    expect(requests).toBe(1 + 3); // the multi-run, then inputs 2, 3, 4 one JVM each
  }, 60_000);

  it('a thread the test starts outside its group does the work: its CPU time counts (time_limit), and it never runs into the next test', async () => {
    // the busy thread is created in the runner's group (the parent of the test's): the test's own
    // threads are all done at once, so only the process's CPU time shows the work
    const src = `public class Main {
    public static void main(String[] args) throws Exception {
        int k = new java.util.Scanner(System.in).nextInt();
        if (k == 2) {
            ThreadGroup parent = Thread.currentThread().getThreadGroup().getParent();
            // spins on its own CPU clock, not the wall clock: on a loaded host 3 s of wall time can
            // be under 1 s of CPU, and then both the runner and one JVM per test rightly say ok
            Thread t = new Thread(parent, () -> { long x = 0; var mx = java.lang.management.ManagementFactory.getThreadMXBean();
                long end = mx.getCurrentThreadCpuTime() + 3_000_000_000L;
                while (mx.getCurrentThreadCpuTime() < end) x++; System.out.println("worker " + (x > 0)); });
            t.start();
            t.join();
        }
        if (k == 3) {
            ThreadGroup parent = Thread.currentThread().getThreadGroup().getParent();
            Thread t = new Thread(parent, () -> { try { Thread.sleep(300); } catch (InterruptedException e) {}
                System.out.println("late output from test 3"); });
            t.start();
        }
        System.out.println("k" + k);
    }
}
`;
    const inputs = [0, 1, 2, 3, 4].map((k) => ({ stdin: `${k}` }));
    const { vs } = await tests(java(src, { timeout_ms: 1000 }), inputs);
    const alone = await Promise.all(inputs.map((i) => sb.run({ ...java(src, { timeout_ms: 1000 }), ...i })));
    expect(vs.map((v) => v.status)).toEqual(alone.map((v) => v.status));
    expect(vs[2].status).toBe('time_limit');
    expect(vs.map((v) => v.stdout)).toEqual(alone.map((v) => v.stdout));
    expect(vs[4].stdout).toBe('k4\n'); // nothing of test 3's thread
  }, 60_000);

  it('an output flood in one test: output_limit for that test, the others are unaffected', async () => {
    const src = `public class Main {
    public static void main(String[] args) {
        int k = new java.util.Scanner(System.in).nextInt();
        if (k == 1) while (true) System.out.println("flood flood flood flood");
        System.out.println("fine " + k);
    }
}
`;
    const sub = java(src, { output_bytes: 4096 });
    const inputs = [0, 1, 2].map((k) => ({ stdin: `${k}` }));
    const { vs, requests } = await tests(sub, inputs);
    expect(requests).toBe(1);
    expect(vs.map((v) => v.status)).toEqual(['ok', 'output_limit', 'ok']);
    expect(vs[1].stdout.length).toBe(4096);
    expect(vs[1].stdout_truncated).toBe(true);
    expect(vs[2].stdout).toBe('fine 2\n');
    const alone = await sb.run({ ...sub, stdin: '1' });
    expect(pick(vs[1])).toEqual(pick(alone));
  }, 60_000);

  it('a worker thread with a big stack (competitive-programming idiom) and its exit code', async () => {
    const src = `public class Main implements Runnable {
    static int n;
    public void run() {
        n = new java.util.Scanner(System.in).nextInt();
        System.out.println(deep(n * 10000));
        if (n == 2) System.exit(7);
    }
    static int deep(int d) { return d == 0 ? 0 : 1 + deep(d - 1); }
    public static void main(String[] args) { new Thread(null, new Main(), "solver", 1 << 27).start(); }
}
`;
    const inputs = [1, 2, 3].map((k) => ({ stdin: `${k}` }));
    const { vs, requests } = await tests(java(src), inputs);
    expect(requests).toBe(1);
    expect(vs.map((v) => [v.status, v.exit_code, v.stdout])).toEqual([
      ['ok', 0, '10000\n'], ['runtime_error', 7, '20000\n'], ['ok', 0, '30000\n'],
    ]);
  }, 60_000);

  it('what one test leaves behind (a file) ends the shared run: later tests run alone and stay independent', async () => {
    const src = `import java.nio.file.*;
public class Main {
    public static void main(String[] args) throws Exception {
        Path p = Path.of("state.txt");
        System.out.println(Files.exists(p) ? "seen " + Files.readString(p) : "fresh");
        Files.writeString(p, "x");
    }
}
`;
    const inputs = Array.from({ length: 4 }, () => ({ stdin: '' }));
    const { vs, requests } = await tests(java(src), inputs);
    expect(vs.map((v) => v.stdout)).toEqual(['fresh\n', 'fresh\n', 'fresh\n', 'fresh\n']);
    expect(requests).toBe(1 + 3);
  }, 60_000);

  it("the runner's class-data archive is built once in the background, then used, with the same verdicts", async () => {
    const root = join(TEST_STATE, 'gocache', 'tools');
    const archives = () => (existsSync(root) ? readdirSync(root).filter((d) => existsSync(join(root, d, 'runner.jsa'))) : []);
    const src = 'import java.util.*;\npublic class Main { static int calls; public static void main(String[] a) {\n' +
      '  Scanner s = new Scanner(System.in); long t = 0; while (s.hasNextLong()) t += s.nextLong(); calls++;\n' +
      '  System.out.println(t + " " + calls); if (t == 7) System.exit(2); } }\n';
    const inputs = ['1 2', '3 4', '5 6', '7'].map((stdin) => ({ stdin }));
    const expected = ['3 1\n', '7 1\n', '11 1\n', '7 1\n'];
    const first = await tests(java(src), inputs);
    expect(first.vs.map((v) => v.stdout)).toEqual(expected);
    const deadline = Date.now() + 60_000;
    while (!archives().length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(archives().length).toBeGreaterThan(0);
    const again = await tests(java(src), inputs);
    expect(again.vs.map((v) => [v.stdout, v.exit_code, v.status])).toEqual(first.vs.map((v) => [v.stdout, v.exit_code, v.status]));
    expect(again.requests).toBe(1); // still one JVM for all four
  }, 120_000);

  it('the runner is started from its jar and archive once they exist', () => {
    const tc = DESCRIPTORS.java.discover();
    const ctx = { file: 'Main.java', artifactDir: '/cache/x', source: '', sub: { language: 'java' as const, source: '' },
      limits: resolveLimits(DEFAULT_LIMITS), helperDir: '/cache/h' };
    const plain = DESCRIPTORS.java.runMany!(tc, ctx, [{ stdin: '1' }, { stdin: '2' }])!.spec;
    const archived = DESCRIPTORS.java.runMany!(tc, { ...ctx, helperArchive: { jar: '/t/runner.jar', jsa: '/t/runner.jsa' } }, [{ stdin: '1' }, { stdin: '2' }])!.spec;
    expect(plain.kind === 'exec' && plain.argv.join(' ')).toContain('-cp /cache/h RlcfRunner');
    expect(archived.kind === 'exec' && archived.argv.join(' ')).toContain('-XX:SharedArchiveFile=/t/runner.jsa -cp /t/runner.jar RlcfRunner');
    // the archive is dumped with the runner's JVM flags (heap size aside): they must match at run time
    const flags = DESCRIPTORS.java.helperJvm!(tc);
    expect(archived.kind === 'exec' && archived.argv.filter((a) => !a.startsWith('-Xmx')).slice(0, flags.length)).toEqual(flags);
  });

  it('inputs with different args or limits run one JVM each', async () => {
    const src = 'public class Main { public static void main(String[] a) { System.out.println(a.length); } }\n';
    const { vs, requests } = await tests(java(src), [{ args: ['x'] }, { args: [] }, { limits: { timeout_ms: 3000 } }]);
    expect(vs.map((v) => v.stdout)).toEqual(['1\n', '0\n', '0\n']);
    expect(requests).toBe(3);
  }, 60_000);
});
