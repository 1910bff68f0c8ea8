// Adversarial battery, the engine and the other languages (issue 11, classes 3, 4, 6-11): a program
// that hides its CPU time, keeps IPC objects, reaches the compile cache, evicts a queued binary,
// fills /tmp, exits early in a test program, or sends text that cannot be encoded. Each test asserts
// the honest verdict and that the next task on the slot runs as on a fresh slot. Runs on both agent
// paths (adversarial-engine-python-path.test.ts).
import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Task } from '../src/benchmarks/types.js';
import { judge } from '../src/judge/index.js';
import type { Sandbox } from '../src/sandbox/engine.js';
import { buildApp } from '../src/server/app.js';
import { attackSandbox, attackSuite, report } from './adversarial-helpers.js';

const suite = attackSuite();

describe('class 3: CPU time is the whole task\'s, every process it started', () => {
  // each process stays under the 1 s limit; together they use ~2 s: the honest verdict is time_limit
  const burn = (s: number) => `t = time.process_time()\n    while time.process_time() - t < ${s}:\n        pass`;
  it('a worker that does the work and is never waited for (the parent exits at once)', async () => {
    const v = await suite.sb.run({ language: 'python', limits: { timeout_ms: 1000 }, source: `import os, time
if os.fork() == 0:
    ${burn(0.8)}
    print('worker done', flush=True)
    os._exit(0)
t = time.process_time()
while time.process_time() - t < 0.8:
    pass
os.waitid(os.P_ALL, 0, os.WEXITED | os.WNOWAIT)  # the worker has finished; it is left unreaped
print('parent done', flush=True)
os._exit(0)
` });
    expect(v.status).toBe('time_limit');
    // both processes' time counts (each used under 1 s); the task is stopped once the sum reaches the
    // limit, or finishes with all of it counted
    expect(v.cpu_ms).toBeGreaterThan(950);
  });

  it('a double-forked worker, and several workers in parallel, in C', async () => {
    const v = await suite.sb.run({ language: 'python', limits: { timeout_ms: 1000 }, source: `import os, time, sys
r, w = os.pipe()
for i in range(3):
    if os.fork() == 0:
        if os.fork() == 0:  # orphaned at once: re-parented to the agent
            t = time.process_time()
            while time.process_time() - t < 0.6:
                pass
            os.write(w, b'x')
            os._exit(0)
        os._exit(0)
got = b''
while len(got) < 3:
    got += os.read(r, 3)
print('all three done')
` });
    expect(v.status).toBe('time_limit');
    const c = await suite.sb.run({ language: 'c', limits: { timeout_ms: 1000 }, source: `#include <stdio.h>
#include <unistd.h>
#include <time.h>
#include <sys/wait.h>
static void burn(double s) { clock_t t = clock(); while ((double)(clock() - t) / CLOCKS_PER_SEC < s) {} }
int main(void) {
    pid_t kids[3];
    for (int i = 0; i < 3; i++) if ((kids[i] = fork()) == 0) { burn(0.6); _exit(0); }
    siginfo_t info;
    for (int i = 0; i < 3; i++) waitid(P_PID, kids[i], &info, WEXITED | WNOWAIT); /* finished, never reaped */
    puts("done");
    return 0;
}
` });
    expect(c.status).toBe('time_limit');
  });
});

describe('class 4: the Java multi-test runner counts a thread outside the test\'s group', () => {
  const src = (group: string) => `public class Main {
    public static void main(String[] args) throws Exception {
        int k = new java.util.Scanner(System.in).nextInt();
        if (k == 1) {
            // 2.5 s of the thread's own CPU time (not wall time: on a loaded host that would be less)
            Thread t = new Thread(${group}, () -> { long x = 0; var mx = java.lang.management.ManagementFactory.getThreadMXBean();
                long end = mx.getCurrentThreadCpuTime() + 2_500_000_000L;
                while (mx.getCurrentThreadCpuTime() < end) x++; System.out.println("worker " + (x > 0)); });
            t.start();
            t.join();
        }
        System.out.println("k" + k);
    }
}
`;
  for (const [name, group] of [['the runner\'s group', 'Thread.currentThread().getThreadGroup().getParent()'],
    ['a new group under the root', 'new ThreadGroup(rootGroup(), "escape")']] as const) {
    it(`in ${name}: time_limit, as one JVM per test would say`, async () => {
      const code = src(group).replace('public class Main {', `public class Main {
    static ThreadGroup rootGroup() { ThreadGroup g = Thread.currentThread().getThreadGroup(); while (g.getParent() != null) g = g.getParent(); return g; }`);
      const vs = await suite.sb.runTests({ language: 'java', source: code, limits: { timeout_ms: 1000 } },
        [0, 1, 2].map((k) => ({ stdin: `${k}` })));
      expect(vs.map((v) => v.status)).toEqual(['ok', 'time_limit', 'ok']);
      expect(vs[2].stdout).toBe('k2\n');
    }, 60_000);
  }
});

describe('class 6: no IPC object outlives its task', () => {
  it('SysV shared memory, message queues, semaphores and POSIX message queues are refused', async () => {
    const v = await suite.sb.run({ language: 'python', source: `import ctypes, os, json
libc = ctypes.CDLL(None, use_errno=True)
def call(f, *a):
    r = f(*a)
    return [r, ctypes.get_errno() if r == -1 else 0]
print(json.dumps({'shm': call(libc.shmget, 0x5EC, 4096, 0o1666), 'msg': call(libc.msgget, 0x5ED, 0o1666),
                  'sem': call(libc.semget, 0x5EE, 1, 0o1666),
                  'mq': call(libc.mq_open, b'/rlcf-adv', os.O_CREAT | os.O_RDWR, 0o666, None),
                  'mq_unlink': call(libc.mq_unlink, b'/rlcf-adv')}))
` });
    // (glibc's mq_unlink reports the filter's EPERM as EACCES)
    expect(report(v)).toEqual({ shm: [-1, 1], msg: [-1, 1], sem: [-1, 1], mq: [-1, 1], mq_unlink: [-1, 13] });
    const c = await suite.sb.run({ language: 'c', source: `#include <mqueue.h>
#include <sys/shm.h>
#include <stdio.h>
#include <fcntl.h>
#include <errno.h>
int main(void) {
    mqd_t q = mq_open("/rlcf-c", O_CREAT | O_RDWR, 0600, NULL);
    int qe = errno;
    int s = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
    printf("%d %d %d %d\\n", (int)q, qe, s, errno);
    return 0;
}
`, flags: ['-lrt'] });
    expect(c.stdout.trim()).toBe('-1 1 -1 1');
  });

  it('/dev/shm (POSIX shared memory and semaphores) is not writable', async () => {
    const v = await suite.sb.run({ language: 'python', source: `import os, json
out = {}
try:
    open('/dev/shm/rlcf-leak', 'w').write('x')
    out['shm'] = 'WROTE'
except OSError as e:
    out['shm'] = type(e).__name__
print(json.dumps(out))
` });
    expect(report(v).shm).toMatch(/PermissionError|OSError|FileNotFoundError/);
  });
});

describe('class 7: a run sees its own build output and nothing else of the compile cache', () => {
  // a state directory of its own: the store's layout is made when a Sandbox first opens it
  const state = mkdtempSync(join(tmpdir(), 'rlcf-adv-cache-'));
  let box: Sandbox;
  beforeAll(async () => {
    box = await attackSandbox({ stateDir: state });
  });
  afterAll(async () => {
    await box?.close();
    rmSync(state, { recursive: true, force: true });
  });
  it('the cache cannot be listed; another submission\'s entry cannot be found from its source', async () => {
    const other = '#include <stdio.h>\nint main(void) { puts("secret build 7"); return 0; }\n';
    expect((await box.run({ language: 'c', source: other })).stdout).toBe('secret build 7\n');
    const v = await box.run({ language: 'python', source: `import os, json, hashlib
out = {}
try:
    out['list'] = os.listdir('/cache')
except OSError as e:
    out['list'] = type(e).__name__
# the plain-key layout of earlier versions: sha256 of the compile key parts
out['guesses'] = 0
for name in ('main', 'a.out'):
    for root in ('/cache',):
        try:
            out['guesses'] += len(os.listdir(root))
        except OSError:
            pass
print(json.dumps(out))
` });
    expect(report(v).list).toBe('PermissionError');
    // and from a compiled program: opendir on /cache fails, its own path works
    const c = await box.run({ language: 'c', source: `#include <stdio.h>
#include <dirent.h>
int main(int argc, char **argv) { printf("%s %s\\n", opendir("/cache") ? "LISTED" : "refused", argv[0]); return 0; }
` });
    expect(c.stdout).toMatch(/^refused \/cache\/[0-9a-f]{40}\/main\n$/);
  });

  it('entry names are an HMAC under a secret outside the store: the old plain-key name does not exist', async () => {
    const names = readdirSync(join(state, 'cache')).filter((n) => !n.startsWith('.'));
    expect(names.length).toBeGreaterThan(0);
    expect(existsSync(join(state, 'cache.secret'))).toBe(true);
    expect(statSync(join(state, 'cache')).mode & 0o777).toBe(0o711);
    for (const n of names) expect(n).toMatch(/^[0-9a-f]{40}$/);
  });
});

describe('class 8: compiling other programs never evicts a queued run\'s binary', () => {
  it('a tiny cache, a run queued behind a slow task, and 12 other programs compiled meanwhile', async () => {
    const small = await attackSandbox({ cacheMaxBytes: 64 << 10 });
    try {
      const prog = (i: number) => `#include <stdio.h>\nint main(void) { printf("prog ${i} %d\\n", ${i}); return 0; }\n`;
      // the slot is busy: the target's run waits in the queue after its compile
      const slow = small.run({ language: 'python', source: 'import time\ntime.sleep(1.5)' });
      const target = small.runTests({ language: 'c', source: prog(999) }, [{}, {}, {}, {}]);
      const others = Promise.all(Array.from({ length: 12 }, (_, i) => small.run({ language: 'c', source: prog(i) })));
      const [vs] = await Promise.all([target, others, slow]);
      for (const v of vs) {
        expect(v.status, v.stderr).toBe('ok');
        expect(v.stdout).toBe('prog 999 999\n');
      }
    } finally {
      await small.close();
    }
  }, 120_000);
});

describe('class 9: filling /tmp is the task\'s memory, never the agent\'s', () => {
  for (const [name, src] of [
    ['big files', "i = 0\nwhile True:\n    with open('/tmp/fill%d' % i, 'wb') as f:\n        f.write(b'x' * (8 << 20))\n    i += 1\n"],
    ['many small files', "import os\nos.mkdir('/tmp/d')\nfor i in range(10**7):\n    with open('/tmp/d/%d' % i, 'wb') as f:\n        f.write(os.urandom(64 << 10))\n"],
    ['a file grown with fallocate', "import os\nfd = os.open('/tmp/fa', os.O_CREAT | os.O_RDWR)\nfor i in range(1, 64):\n    os.posix_fallocate(fd, 0, i * (16 << 20))\n"],
  ] as const) {
    it(`${name} under memory_mb 128: memory_limit (or the task's own disk error), the agent lives on`, async () => {
      const v = await suite.sb.run({ language: 'python', source: src, limits: { memory_mb: 128, fsize_mb: 512 } });
      expect(['memory_limit', 'runtime_error'], `${v.status} ${v.message} ${v.stderr.slice(-300)}`).toContain(v.status);
      expect(v.status === 'runtime_error' ? v.stderr : v.message).toMatch(/memory|No space left|MemoryError|Errno/);
      // the next task with the same limits has its whole 128 MiB
      const next = await suite.sb.run({ language: 'python', source: "x = bytearray(96 << 20)\nprint(len(x) >> 20)", limits: { memory_mb: 128 } });
      expect(next.status, next.message).toBe('ok');
      expect(next.stdout).toBe('96\n');
    });
  }
});

describe('class 10: a test program passes only when its tests ran to the end', () => {
  const task = (language: Task['language'], prompt: string, tests: string, mode?: 'test'): Task => ({
    id: `adv/${language}`, benchmark: 'adversarial', language, style: 'completion', prompt,
    judge: { kind: 'assert', include_prompt: true, tests, ...(mode ? { mode } : {}) },
  });
  const cases: [string, Task, string, Record<string, string>][] = [
    ['javascript', task('javascript', 'function add(a, b) {\n', "}\nconst assert = require('node:assert');\nfunction test() {\n  let candidate = add;\n  assert.deepEqual(candidate(1, 2), 3);\n}\ntest();\n"),
      '  return a + b;\n', {
        'process.exit(0) in the function': '  process.exit(0);\n',
        'process.exit(0) at load': '  return a - b;\n}\nprocess.exit(0);\nfunction unused() {\n',
        'exit from an exit handler with fake output': "  process.on('exit', () => { console.log('passed'); });\n  process.exit(0);\n",
        'uncaught exception swallowed': "  process.on('uncaughtException', () => process.exit(0));\n  return a - b;\n",
      }],
    ['typescript', task('typescript', 'function add(a: number, b: number): number {\n', "}\ndeclare var require: any;\nconst assert = require('node:assert');\nfunction test() {\n  let candidate = add;\n  assert.deepEqual(candidate(1, 2), 3);\n}\ntest();\n"),
      '  return a + b;\n', { 'process.exit(0)': '  (globalThis as any).process.exit(0);\n  return 0;\n' }],
    ['cpp', task('cpp', '#include <cassert>\n#include <cstdlib>\n#include <cstdio>\nlong add(long a, long b) {\n', '}\nint main() {\n    auto candidate = add;\n    assert(candidate(1, 2) == 3);\n}\n'),
      '    return a + b;\n', {
        'a static initializer calls exit(0)': '    return a - b;\n}\nstatic int _x = (std::exit(0), 0);\nvoid unused() {\n',
        'exit(0) in the function': '    std::exit(0);\n',
        '_exit(0) after printing a fake proof': '    printf("\\n0123456789abcdef0123456789abcdef\\n"); fflush(stdout); _Exit(0);\n',
        'atexit handler and quick_exit': '    std::atexit([] { std::puts("passed"); });\n    std::quick_exit(0);\n',
      }],
    ['rust', task('rust', 'fn add(a: i64, b: i64) -> i64 {\n', '}\n\nfn main() {\n    let candidate = add;\n    assert_eq!(candidate(1, 2), 3);\n}\n'),
      '    a + b\n', { 'process::exit(0) in the function': '    std::process::exit(0)\n', 'abort-free early return from main is impossible; exit via libc': '    unsafe { libc_exit(0) }\n}\nextern "C" { #[link_name = "exit"] fn libc_exit(c: i32) -> !; }\nfn _u() -> i64 {\n    0\n' }],
    ['go', task('go', 'package add_test\n\nimport (\n    "os"\n    "testing"\n    "fmt"\n)\n\nvar _ = os.Exit\n\nfunc add(a int, b int) int {\n',
      '}\n\nfunc TestAdd(t *testing.T) {\n  candidate := add\n  if fmt.Sprintf("%v", candidate(1, 2)) != "3" { t.Errorf("bad") }\n}\n', 'test'),
      '    return a + b\n', { 'os.Exit(0) in init()': '    return a - b\n}\n\nfunc init() { os.Exit(0) }\n\nfunc unused() {\n', 'os.Exit(0) in the function': '    os.Exit(0)\n    return 0\n' }],
    ['java', task('java', 'import java.util.*;\nclass Problem {\n    public static long add(long a, long b) {\n', '    }\n    public static void main(String[] args) {\n    assert(add(1l, 2l) == 3l);\n    }\n\n}\n'),
      '        return a + b;\n', {
        'System.exit(0) in a static initializer': '        return a - b;\n    }\n    static { System.exit(0); }\n    static void unused() {\n',
        'System.exit(0) in the function': '        System.exit(0);\n        return 0;\n',
        'Runtime.halt(0)': '        Runtime.getRuntime().halt(0);\n        return 0;\n',
      }],
  ];
  for (const [lang, t, honest, attacks] of cases) {
    it(`${lang}: the honest program passes; early exits do not`, async () => {
      const ok = await judge(suite.sb, t, honest);
      expect(ok.passed, `${ok.result} ${ok.tests[0]?.stderr}`).toBe(true);
      for (const [name, code] of Object.entries(attacks)) {
        const j = await judge(suite.sb, t, code);
        expect(j.passed, `${lang} ${name}: ${j.status} ${j.result}`).toBe(false);
      }
    }, 120_000);
  }
});

describe('class 11: text that cannot be encoded', () => {
  it('a lone surrogate in /v1/run stdin is a 400 naming the field; the agent leaks no descriptor on its own path', async () => {
    const app = await buildApp({ sandbox: suite.sb });
    try {
      const r = await app.inject({ method: 'POST', url: '/v1/run', headers: { 'content-type': 'application/json' },
        payload: '{"language":"python","source":"print(1)","stdin":"a\\ud800b"}' });
      expect(r.statusCode).toBe(400);
      expect(r.json().field).toBe('stdin');
      const g = await app.inject({ method: 'POST', url: '/v1/grade', headers: { 'content-type': 'application/json' },
        payload: '{"items":[{"id":"x","completion":"print(1)\\udc00","task":{"language":"python","tests":"assert True"}}]}' });
      expect(g.statusCode).toBe(400);
      expect(g.json().field).toBe('items[0].completion');
    } finally {
      await app.close();
    }
    // straight to the engine (not through the server): a clear error, and no descriptor left open
    const fds = () => agentFds(suite.sb);
    const before = fds();
    for (let i = 0; i < 20; i++) {
      const v = await suite.sb.run({ language: 'python', source: 'print(1)', stdin: `x\ud800${i}` });
      expect(v.status).toBe('sandbox_error');
      expect(v.message).toMatch(/stdin is not valid text/);
    }
    expect(fds()).toBe(before);
  });
});

/** Descriptors of the slot's run agent, counted from the host. */
function agentFds(box: Sandbox): number {
  const root = (box.slots[0] as unknown as { live: { run?: { proc: { pid?: number } } } }).live.run?.proc.pid;
  if (!root) throw new Error('no run agent');
  // the agent is the python process below the sandbox wrapper (sh → bwrap → bwrap → python)
  const kids = (pid: number): number[] => {
    try {
      return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    } catch {
      return [];
    }
  };
  const queue = [root];
  while (queue.length) {
    const p = queue.shift()!;
    let exe = '';
    try {
      exe = readlinkSync(`/proc/${p}/exe`);
    } catch { /* gone */ }
    if (/python/.test(exe) && readFileSync(`/proc/${p}/cmdline`, 'utf8').includes('agent.py')) return readdirSync(`/proc/${p}/fd`).length;
    queue.push(...kids(p));
  }
  throw new Error('agent process not found');
}
