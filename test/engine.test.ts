import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HELLO } from '../src/cli/selftest.js';
import type { Sandbox } from '../src/sandbox/engine.js';
import { DESCRIPTORS } from '../src/sandbox/languages/index.js';
import { LANGUAGES, type Submission } from '../src/sandbox/types.js';
import { makeSandbox } from './helpers.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await makeSandbox();
});
afterAll(async () => {
  await sb?.close();
});

describe('every language runs in the sandbox', () => {
  for (const l of LANGUAGES) {
    it(`${l}: reads stdin, prints, exits 0`, async () => {
      const v = await sb.run({ language: l, source: HELLO[l], stdin: '3 4\n' });
      expect(v.stderr).toBe('');
      expect(v.status).toBe('ok');
      expect(v.stdout.trim()).toBe(`7 ${l}`);
      expect(v.sandbox).toBe('bwrap');
      expect(v.controls_missing).toEqual([]);
      expect(v.memory_kb).toBeGreaterThan(0);
    });
  }
});

describe('compiled languages: one compile per distinct source', () => {
  for (const l of ['c', 'cpp', 'rust', 'go', 'java'] as const) {
    it(`${l}: 20 inputs, compiled once, then served from the cache`, async () => {
      const src = HELLO[l] + (l === 'go' || l === 'rust' ? '// ' : l === 'java' ? '// ' : '// ') + `unique ${Date.now()}\n`;
      const before = sb.stats().cache.misses;
      const inputs = Array.from({ length: 20 }, (_, i) => ({ stdin: `${i} ${i * 2}\n` }));
      const vs = await sb.runTests({ language: l, source: src }, inputs);
      expect(vs.map((v) => v.stdout.trim())).toEqual(inputs.map((_, i) => `${i * 3} ${l}`));
      expect(vs[0].compile?.status).toBe('ok');
      expect(sb.stats().cache.misses - before).toBe(1);
      const again = await sb.run({ language: l, source: src, stdin: '1 1' });
      expect(again.compile?.status).toBe('cached');
      expect(again.stdout.trim()).toBe(`2 ${l}`);
    });
  }
});

describe('compile errors carry the compiler message', () => {
  const broken: Partial<Record<(typeof LANGUAGES)[number], [string, RegExp]>> = {
    c: ['int main( { return 0; }', /error/],
    cpp: ['int main() { undefined_fn(); }', /undefined_fn/],
    rust: ['fn main() { let x: i32 = "s"; }', /mismatched types/],
    go: ['package main\nfunc main() { x := 1 }', /declared and not used/],
    java: ['public class Main { public static void main(String[] a) { int x = "s"; } }', /incompatible types/],
    typescript: ['const x: number = ;', /Unexpected token|SyntaxError|Error/],
  };
  for (const [l, [src, re]] of Object.entries(broken)) {
    it(l, async () => {
      const v = await sb.run({ language: l as Submission['language'], source: src! });
      expect(v.status).toBe('compile_error');
      expect(v.compile?.status).toBe('error');
      expect(v.compile?.message).toMatch(re!);
    });
  }
  it('typescript typecheck mode rejects a type error that transpile-only accepts', async () => {
    const src = 'const x: number = "not a number" as any as string;\nconsole.log(x);\n';
    expect((await sb.run({ language: 'typescript', source: src })).status).toBe('ok');
    const v = await sb.run({ language: 'typescript', source: src, typecheck: true });
    expect(v.status).toBe('compile_error');
    expect(v.compile?.message).toMatch(/TS2322|not assignable/);
  });
});

describe('verdicts', () => {
  it('python: runtime error with traceback of main.py only', async () => {
    const v = await sb.run({ language: 'python', source: 'def f():\n    raise ValueError("boom")\nf()\n' });
    expect(v.status).toBe('runtime_error');
    expect(v.exit_code).toBe(1);
    expect(v.stderr).toMatch(/File "main.py", line 2/);
    expect(v.stderr).not.toMatch(/agent\.py/);
  });
  it('python: sys.exit codes and SystemExit messages behave like the interpreter', async () => {
    expect((await sb.run({ language: 'python', source: 'import sys; sys.exit(3)' })).exit_code).toBe(3);
    expect((await sb.run({ language: 'python', source: 'import sys; sys.exit()' })).status).toBe('ok');
    const v = await sb.run({ language: 'python', source: 'import sys; sys.exit("bye")' });
    expect(v.exit_code).toBe(1);
    expect(v.stderr).toBe('bye\n');
  });
  it('python: __name__ is __main__ and state does not leak between tasks', async () => {
    const a = await sb.run({ language: 'python', source: 'import math\nmath.pi = 3\nprint(__name__)' });
    expect(a.stdout).toBe('__main__\n');
    const b = await sb.run({ language: 'python', source: 'import math\nprint(math.pi)' });
    expect(b.stdout).toBe('3.141592653589793\n');
  });
  it('python: the fork-server task sees the interpreter a script run sees', async () => {
    // set up by the agent before the fork (see PythonTask in agent.py): argv, path, __file__, env
    const probe = 'import sys, os\nprint(sys.argv, sys.path[0] == os.getcwd(), __file__ == os.path.join(os.getcwd(), "main.py"))\n' +
      'print(sorted(k for k in os.environ if k not in ("LC_CTYPE",)))\nprint(sys.modules["__main__"].__dict__ is globals())\n' +
      'open("helper_mod.py", "w").write("X = 42\\n")\nimport helper_mod\nprint(helper_mod.X)\n';
    const v = await sb.run({ language: 'python', source: probe, args: ['a', 'b'] });
    expect(v.stderr).toBe('');
    const lines = v.stdout.trim().split('\n');
    expect(lines[0]).toBe("['main.py', 'a', 'b'] True True");
    expect(lines[1]).toBe("['HOME', 'LANG', 'PATH', 'PYTHONHASHSEED', 'TMPDIR']");
    expect(lines.slice(2)).toEqual(['True', '42']);
    // the next task on the slot does not see the last one's directory on its path
    const w = await sb.run({ language: 'python', source: 'import sys\ntry:\n    import helper_mod\nexcept ImportError:\n    print("clean", sys.argv)\n' });
    expect(w.stdout).toBe("clean ['main.py']\n");
  });
  it('python: site-packages and site\'s builtins are there although the agent runs with -S', async () => {
    const site = JSON.parse(DESCRIPTORS.python.discover().paths.site) as string[];
    expect(site.some((p) => p.endsWith('-packages'))).toBe(true);
    const v = await sb.run({ language: 'python', source: 'import sys, json\nprint(json.dumps([p for p in sys.path if p.endswith("-packages")]))\n' +
      'print(type(exit).__name__, type(quit).__name__, type(help).__name__, "copyright" in dir(__builtins__))\nquit(4)\n' });
    expect(v.exit_code, v.stderr).toBe(4);
    const [paths, names] = v.stdout.trim().split('\n');
    expect(JSON.parse(paths)).toEqual(site.filter((p) => p.endsWith('-packages')));
    expect(names).toBe('Quitter Quitter _Helper True');
  });
  it('python: compile-time warnings and errors reach the task, not the agent', async () => {
    const warn = await sb.run({ language: 'python', source: 'x = 1\nprint(x is 1)\n' });
    expect(warn.status).toBe('ok');
    expect(warn.stdout).toBe('True\n');
    expect(warn.stderr).toMatch(/SyntaxWarning: "is" with a literal/);
    const bad = await sb.run({ language: 'python', source: 'def f(:\n    pass\n' });
    expect(bad.status).toBe('runtime_error');
    expect(bad.stderr).toMatch(/SyntaxError/);
    // sources the compiler cannot take (deep nesting, NUL bytes, huge) fail in the task; the slot
    // keeps serving
    for (const source of ['-'.repeat(200_000) + '1\n', 'x = (' + '['.repeat(5000) + ']'.repeat(5000) + ')\n', 'print(1)\0\n',
      'x = 1\n'.repeat(30_000) + 'print(x)\n']) {
      const r = await sb.run({ language: 'python', source });
      expect(['ok', 'runtime_error', 'memory_limit']).toContain(r.status);
    }
    expect((await sb.run({ language: 'python', source: 'print("alive")' })).stdout).toBe('alive\n');
  });
  it('python: a task that starts threads and forks gets CPython\'s usual at-fork behaviour', async () => {
    const src = 'import os, threading, time\nev = threading.Event()\nt = threading.Thread(target=ev.wait, daemon=True)\nt.start()\n' +
      'pid = os.fork()\nif pid == 0:\n    print("child threads", threading.active_count(), flush=True)\n    os._exit(0)\n' +
      'os.waitpid(pid, 0)\nprint("parent threads", threading.active_count())\nev.set()\n';
    const v = await sb.run({ language: 'python', source: src });
    expect(v.stdout).toBe('child threads 1\nparent threads 2\n');
  });
  it('native crash is a runtime error with the signal name', async () => {
    const v = await sb.run({ language: 'c', source: 'int main(){ int *p = 0; *p = 1; return 0; }' });
    expect(v.status).toBe('runtime_error');
    expect(v.signal).toBe('SIGSEGV');
  });
  it('go test mode builds a _test.go file with go test -c', async () => {
    const src = 'package x_test\nimport "testing"\nfunc TestA(t *testing.T) { if 1+1 != 2 { t.Fatal("math") } }\nfunc TestB(t *testing.T) { t.Log("fine") }\n';
    const v = await sb.run({ language: 'go', source: src, mode: 'test', args: ['-test.v'] });
    expect(v.status).toBe('ok');
    expect(v.stdout).toMatch(/--- PASS: TestA/);
    const bad = await sb.run({ language: 'go', source: src.replace('1+1 != 2', '1+1 != 3'), mode: 'test' });
    expect(bad.status).toBe('runtime_error');
    expect(bad.stdout).toMatch(/FAIL/);
  });
  it('bad input is a sandbox_error naming the problem', async () => {
    const v = await sb.run({ language: 'cobol' as never, source: 'x' });
    expect(v.status).toBe('sandbox_error');
    expect(v.message).toMatch(/unknown language "cobol"/);
    const w = await sb.run({ language: 'python', source: 'print(1)', limits: { memory_mb: -5 } });
    expect(w.message).toMatch(/memory_mb/);
  });
});

describe('batch and stream', () => {
  it('runBatch returns verdicts in input order at full parallelism', async () => {
    const subs = Array.from({ length: 50 }, (_, i) => ({ language: 'python' as const, source: `print(${i})` }));
    const vs = await sb.runBatch(subs);
    expect(vs.map((v) => v.stdout.trim())).toEqual(subs.map((_, i) => String(i)));
  });
  it('stream yields as results finish and pulls input lazily (bounded window)', async () => {
    let pulled = 0;
    let maxAhead = 0;
    let yielded = 0;
    function* gen() {
      for (let i = 0; i < 200; i++) {
        pulled++;
        maxAhead = Math.max(maxAhead, pulled - yielded);
        yield { language: 'python' as const, source: `print(${i})` };
      }
    }
    const seen = new Set<number>();
    for await (const r of sb.stream(gen(), 8)) {
      yielded++;
      seen.add(Number(r.verdict.stdout));
    }
    expect(seen.size).toBe(200);
    expect(maxAhead).toBeLessThanOrEqual(9);
  });
});

describe('extra files', () => {
  it('Submission.files are placed beside the program in every language kind', async () => {
    const files = { 'data.txt': 'forty-two\n' };
    const py = await sb.run({ language: 'python', source: 'print(open("data.txt").read().strip())', files });
    expect(py.stdout).toBe('forty-two\n');
    const c = await sb.run({ language: 'c', source: '#include <stdio.h>\nint main(){char b[64];FILE*f=fopen("data.txt","r");if(!f)return 3;fscanf(f,"%63s",b);puts(b);}', files });
    expect(c.stdout).toBe('forty-two\n');
    const js = await sb.run({ language: 'javascript', source: 'console.log(require("fs").readFileSync("data.txt","utf8").trim())', files });
    expect(js.stdout).toBe('forty-two\n');
  });
});

describe('--unsafe-no-sandbox', () => {
  it('runs without bubblewrap only when asked, and every verdict says which controls are missing', async () => {
    const unsafe = await makeSandbox({ unsafeNoSandbox: true, slots: 1 });
    try {
      const v = await unsafe.run({ language: 'python', source: 'print(6 * 7)' });
      expect(v.status).toBe('ok');
      expect(v.stdout).toBe('42\n');
      expect(v.sandbox).toBe('none');
      expect(v.controls_missing).toContain('sandbox');
      expect(v.controls_missing).toContain('network_isolation');
      const c = await unsafe.run({ language: 'c', source: 'int main(){return 3;}' });
      expect(c.status).toBe('runtime_error');
      expect(c.exit_code).toBe(3);
      // without bwrap's session and tmpfs: the agent made a session of its own (no terminal of the
      // caller's reaches a task), and its task root is on the host's disk, where whatever a task
      // leaves beside its directory is found by reading the root (no tmpfs size to go by)
      const a = await unsafe.run({ language: 'python', source: 'import os\nopen("../left-behind.txt", "w").write("x")\n' +
        `print(os.getsid(0) == os.getsid(os.getppid()), os.getsid(0) != os.getsid(${process.pid}))` });
      expect(a.status, a.stderr).toBe('ok');
      expect(a.stdout).toBe('True True\n');
      const b = await unsafe.run({ language: 'python', source: 'import os\nprint(sorted(n for n in os.listdir("..") if n != os.path.basename(os.getcwd())))' });
      expect(b.stdout).toBe('[]\n');
    } finally {
      await unsafe.close();
    }
  });
  it('the CLI prints a warning', async () => {
    const { spawnSync } = await import('node:child_process');
    const { join } = await import('node:path');
    const { TEST_STATE } = await import('./helpers.js');
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const file = join(mkdtempSync(join(tmpdir(), 'rlcf-unsafe-')), 'p.py');
    writeFileSync(file, 'print(1)');
    const r = spawnSync(process.execPath, [join(import.meta.dirname, '..', 'bin', 'rlcf.js'), 'run', file,
      '--unsafe-no-sandbox', '--state-dir', TEST_STATE, '--json'], { encoding: 'utf8' });
    expect(r.stderr).toMatch(/WARNING: --unsafe-no-sandbox/);
    expect(JSON.parse(r.stdout).sandbox).toBe('none');
  });
});

describe('C++ precompiled <bits/stdc++.h>', () => {
  it('is built once into the build cache and programs that include it compile and run', async () => {
    const { existsSync, readdirSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { TEST_STATE } = await import('./helpers.js');
    const src = (n: number) => `#include <bits/stdc++.h>\nint main(){std::vector<int> v{3,1,2};std::sort(v.begin(),v.end());std::cout<<v[0]*${n}<<"\\n";}\n`;
    const first = await sb.run({ language: 'cpp', source: src(Date.now() % 1000 + 7) });
    expect(first.status).toBe('ok');
    const root = join(TEST_STATE, 'gocache', 'pch');
    const gch = () => (existsSync(root) ? readdirSync(root, { recursive: true }).map(String).filter((f) => f.endsWith('stdc++.h.gch')) : []);
    const t0 = Date.now();
    while (!gch().length && Date.now() - t0 < 60_000) await new Promise((r) => setTimeout(r, 200));
    expect(gch()).toHaveLength(1);
    const again = await sb.run({ language: 'cpp', source: src(Date.now() % 1000 + 11) });
    expect(again.status).toBe('ok');
    expect(again.compile?.status).toBe('ok');
  }, 90_000);
});

describe('a sandbox opened for some languages only', () => {
  it('runs those (and binds Python, which its agents are written in) and refuses the others clearly', async () => {
    const c = await makeSandbox({ slots: 1, languages: ['c'] });
    try {
      const ok = await c.run({ language: 'c', source: '#include <stdio.h>\nint main(){puts("c ok");}\n' });
      expect(ok.status).toBe('ok');
      expect(ok.stdout).toBe('c ok\n');
      const other = await c.run({ language: 'go', source: 'package main\nfunc main(){}\n' });
      expect(other.status).toBe('sandbox_error');
      expect(other.message).toMatch(/opened for c only, not go/);
    } finally {
      await c.close();
    }
  });
});
