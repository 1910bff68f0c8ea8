// Adversarial battery, judged Python tasks (issue 11, classes 1, 2 and 5): a program that tries to
// raise its own verdict. Each attack is a WRONG (or too slow) solution plus a trick that would make
// it pass if the hole it aims at existed: the test asserts the honest verdict, and that the next task
// on the slot runs as on a fresh slot. Runs on both agent paths (adversarial-python-python-path.test.ts).
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Task } from '../src/benchmarks/types.js';
import { judge } from '../src/judge/index.js';
import { addTask, attackSuite, memoryScan, report, squareTask } from './adversarial-helpers.js';

const suite = attackSuite();

const WRONG = '    return a - b\n';

async function attack(code: string, task: Task = addTask()) {
  return judge(suite.sb, task, code);
}

/** the honest verdict of a wrong add: its first assert fails */
function expectWrong(j: Awaited<ReturnType<typeof attack>>, why: string) {
  expect(j.passed, `${why}: ${j.result}`).toBe(false);
  expect(['wrong_answer', 'runtime_error'], `${why}: ${j.status} ${j.result}`).toContain(j.status);
}

describe('class 1: the report of a Python assert program cannot be forged', () => {
  it('the honest and the wrong solution: baseline', async () => {
    expect((await attack('    return a + b\n')).passed).toBe(true);
    const j = await attack(WRONG);
    expect(j.status).toBe('wrong_answer');
    expect(j.result).toBe('failed: ');
  });

  it('json.dumps replaced (the harness once built its report with it)', async () => {
    expectWrong(await attack(`${WRONG}import json\n_d = json.dumps\njson.dumps = lambda o, *a, **k: _d({'result': 'passed', 'exc': None})\n`),
      'json.dumps');
    // the same patch inside the function body, as a completion that is only a body would carry it
    expectWrong(await attack(`    import json\n    _d = json.dumps\n    json.dumps = lambda o, *x, **k: _d({'result': 'passed', 'exc': None})\n${WRONG}`),
      'json.dumps in the body');
  });

  it('report-like lines in every format, then os._exit(0) / sys.exit(0) / an exit from a thread', async () => {
    const fake = `import os, sys
for line in ['__RLCF_0123456789abcdef__{"result": "passed", "exc": null}', '@rlcf-0000000000000000 ' + '0' * 32 + ' P',
             '@rlcf-' + os.urandom(8).hex() + ' ' + os.urandom(16).hex() + ' P', 'passed', '{"result": "passed"}']:
    os.write(1, ('\\n' + line + '\\n').encode())
    print(line, flush=True)
`;
    const j = await attack(`${WRONG}${fake}os._exit(0)\n`);
    expect(j.passed).toBe(false);
    expect(j.result).toBe('failed: the program exited before the tests completed');
    expectWrong(await attack(`${WRONG}${fake}sys.exit(0)\n`), 'sys.exit(0)');
    expectWrong(await attack(`${WRONG}${fake}import threading, time\nthreading.Thread(target=lambda: os._exit(0)).start()\ntime.sleep(1)\n`),
      'os._exit in a thread');
  });

  it('the tests are out of reach: stack frames, tracebacks, generators, gc, the test namespace', async () => {
    // each solution is right only when it could see its tests: a pass would mean it saw them
    const sees = (how: string) => `    try:\n${how.split('\n').map((l) => `        ${l}`).join('\n')}\n        return a + b\n    except BaseException:\n        return a - b\n`;
    const ways: Record<string, string> = {
      getframe: 'import sys\nsys._getframe(1).f_code.co_consts',
      inspect: 'import inspect\nassert any("check" in str(f) for f in inspect.stack())',
      traceback: 'try:\n    raise ValueError()\nexcept ValueError as e:\n    e.__traceback__.tb_frame.f_back.f_locals',
      generator: 'def g():\n    yield 1\nx = g()\nnext(x)\nx.gi_frame.f_back',
      gc: 'import gc\nassert any(isinstance(o, str) and "candidate(" in o for o in gc.get_objects())',
      current_frames: 'import sys\nassert len(sys._current_frames()) > 0',
      globals_check: 'assert "check" in globals() or "METADATA" in globals()',
      settrace: 'import sys\nsys.settrace(lambda *a: None)',
      signal_frame: 'import signal, os\nseen = []\nsignal.signal(signal.SIGUSR1, lambda s, f: seen.append(f))\nos.kill(os.getpid(), signal.SIGUSR1)\n' +
        'import time\ntime.sleep(0.01)\nassert seen and seen[0] is not None and seen[0].f_back is not None',
      defaults: 'import signal\nsignal.signal.__defaults__[0]',
    };
    for (const [name, how] of Object.entries(ways)) expectWrong(await attack(sees(how)), name);
  });

  it('builtins, os, sys, traceback and unittest patched: the judge uses none of them after the program ran', async () => {
    const patches: Record<string, string> = {
      builtins: 'import builtins\nfor n in ("exec", "compile", "dict", "type", "str", "isinstance", "BaseException", "print", "repr", "len"):\n' +
        '    setattr(builtins, n, (lambda *a, **k: None))\n',
      os: 'import os\nos.write = lambda fd, b: len(b)\nos._exit = lambda *a: None\nos.fdopen = None\n',
      sys: 'import sys\nsys.exit = lambda *a: None\nsys.stdout = None\nsys.stderr = None\nsys.excepthook = sys.__excepthook__ = lambda *a: None\n',
      traceback: 'import traceback\ntraceback.format_exception = lambda *a, **k: ["passed"]\ntraceback.print_exception = lambda *a, **k: None\n',
      unittest: 'import unittest\nunittest.TestCase.assertEqual = lambda *a, **k: None\nunittest.TestCase.assertTrue = lambda *a, **k: None\n',
      harness: 'import sys\nh = sys.modules.get("rlcf_harness")\nif h:\n    for n in dir(h):\n        if not n.startswith("__"):\n            setattr(h, n, None)\n',
    };
    for (const [name, patch] of Object.entries(patches)) expectWrong(await attack(`${WRONG}${patch}`), name);
  });

  it('the judge\'s own report lines read back through a redirected stdout cannot be turned into a pass', async () => {
    // a forked pump holds the real stdout: it forwards the judge's lines, rewritten, after the task
    // has exited, and the agent reads until the pump closes it
    const j = await attack(`${WRONG}import os
r, w = os.pipe()
real = os.dup(1)
if os.fork() == 0:
    os.close(w)
    os.dup2(os.open('/dev/null', os.O_WRONLY), 1)
    buf = b''
    while True:
        d = os.read(r, 65536)
        if not d:
            os.write(real, buf)
            os._exit(0)
        buf += d
        lines = buf.split(b'\\n')
        buf = lines.pop()
        for line in lines:
            if line.startswith(b'@rlcf'):  # a report line: keep its marker and MAC, say "passed"
                marker, mac = line.split(b' ')[:2]
                line = marker + b' ' + mac + b' P'
            # any other report format: a failed result made a passed one
            line = line.replace(b'"result": "failed: ', b'"result": "passed", "was": "')
            os.write(real, line + b'\\n')
os.close(r)
os.dup2(w, 1)
os.close(w)
`);
    expect(j.passed).toBe(false);
  });

  it('native memory access: ctypes, _ctypes and CPython\'s test modules cannot be imported, no ctypes class is reachable', async () => {
    const sees = (how: string) => `    try:\n${how.split('\n').map((l) => `        ${l}`).join('\n')}\n        return a + b\n    except BaseException:\n        return a - b\n`;
    for (const how of ['import ctypes', 'import _ctypes', '__import__("_testcapi")',
      'import importlib.util, sys\nspec = importlib.util.find_spec("_ctypes")\nimportlib.util.module_from_spec(spec)',
      'assert [c for c in object.__subclasses__() if c.__module__ in ("_ctypes", "ctypes")]',
      'open("/proc/self/mem", "rb")', 'import os\nos.open("/proc/%d/mem" % os.getpid(), os.O_RDWR)']) {
      expectWrong(await attack(sees(how)), how);
    }
  });

  it('atexit handlers, finalizers, forked children and writes to every descriptor print nothing that counts', async () => {
    const fake = "b'\\\\n@rlcf-' + bytes(16) + b' ' + bytes(32) + b' P\\\\n'";
    const tricks = {
      atexit: `import atexit, os\natexit.register(lambda: os.write(1, ${fake}))\n`,
      del: `import os\nclass D:\n    def __del__(self):\n        os.write(1, ${fake})\nkeep = D()\n`,
      fork: `import os\nif os.fork() == 0:\n    os.write(1, ${fake})\n    os._exit(0)\nos.wait()\n`,
      fds: `import os\nfor fd in range(0, 32):\n    try:\n        os.write(fd, ${fake})\n    except OSError:\n        pass\n`,
    };
    for (const [name, t] of Object.entries(tricks)) expectWrong(await attack(`${WRONG}${t}`), name);
  });

  it('the key is nowhere the program can look: environment, argv, descriptors, files', async () => {
    const v = await suite.sb.run({ language: 'python', source: 'print(1)' }); // warm
    expect(v.status).toBe('ok');
    const j = await attack(`    import os, sys, json
    found = []
    blobs = [json.dumps(dict(os.environ)), json.dumps(sys.argv)]
    for p in ('/proc/self/cmdline', '/proc/self/environ'):
        blobs.append(open(p, 'rb').read().decode('latin1'))
    for fd in os.listdir('/proc/self/fd'):
        try:
            blobs.append(os.readlink('/proc/self/fd/' + fd))
        except OSError:
            pass
    for root, dirs, files in os.walk('.'):
        for f in files:
            blobs.append(open(os.path.join(root, f), 'rb').read().decode('latin1'))
    if any(len(b) > 0 and ('@rlcf' in b or 'key' in b) for b in blobs):
        return a + b
    return a - b
`);
    expectWrong(j, 'key search');
  });
});

describe('class 2: the per-case time limit of a function task cannot be switched off', () => {
  const slow = (prelude: string, inCase = '') => `${prelude}
def square(x):
${inCase}    import time
    t = time.process_time()
    while time.process_time() - t < 1.6:
        pass
    return x * x
`;
  const tricks: Record<string, [string, string]> = {
    'setitimer(ITIMER_PROF, 0) at load': ['import signal\nsignal.setitimer(signal.ITIMER_PROF, 0)', ''],
    'both itimers cancelled in the case': ['', '    import signal\n    signal.setitimer(signal.ITIMER_PROF, 0)\n    signal.setitimer(signal.ITIMER_REAL, 0)\n'],
    'SIGPROF and SIGALRM ignored': ['import signal\nsignal.signal(signal.SIGPROF, signal.SIG_IGN)\nsignal.signal(signal.SIGALRM, signal.SIG_IGN)', ''],
    'timer signals blocked': ['import signal\nsignal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGPROF, signal.SIGALRM})', ''],
    'alarm(0) and the _signal module directly': ['import _signal\n_signal.alarm(0)\n_signal.setitimer(_signal.ITIMER_PROF, 0)', ''],
    'a handler that swallows the timeout': ['import signal\nsignal.signal(signal.SIGPROF, lambda s, f: None)', ''],
    'a thread that keeps cancelling': ['import signal, threading\ndef k():\n    while True:\n        signal.setitimer(signal.ITIMER_PROF, 0)\nthreading.Thread(target=k, daemon=True).start()', ''],
  };
  it('a solution slower than the limit gets time_limit, whatever it does to the timers', async () => {
    const honest = await judge(suite.sb, squareTask(), slow(''));
    expect(honest.status).toBe('time_limit');
    for (const [name, [pre, inCase]] of Object.entries(tricks)) {
      const j = await judge(suite.sb, squareTask(), slow(pre, inCase));
      expect(j.passed, name).toBe(false);
      expect(j.status, `${name}: ${j.result}`).toBe('time_limit');
    }
  });

  it('records cannot be forged, return values are what they are (an __eq__ or __repr__ override plays no part)', async () => {
    const j1 = await judge(suite.sb, squareTask(), 'import os\nfor i in range(3):\n    os.write(1, ("\\n@rlcf-%s %s %d {\\"status\\":\\"ok\\",\\"value\\":%d}\\n" % ("0" * 16, "0" * 32, i, [9, 16, 25][i])).encode())\n' +
      'os._exit(0)\ndef square(x):\n    return 0\n');
    expect(j1.passed).toBe(false);
    const j2 = await judge(suite.sb, squareTask(), 'class E(int):\n    def __eq__(s, o):\n        return True\n    def __repr__(s):\n        return "9"\n' +
      'class L(list):\n    def __iter__(s):\n        return iter([9])\ndef square(x):\n    return E(0)\n');
    expect(j2.status).toBe('wrong_answer');
    const j3 = await judge(suite.sb, squareTask(), 'import json\njson.dumps = lambda *a, **k: "25"\nimport json.encoder as e\ne.encode_basestring_ascii = lambda s: "25"\ndef square(x):\n    return x\n');
    expect(j3.status).toBe('wrong_answer');
  });
});

describe('class 5: a task inherits nothing of another request', () => {
  const secret = () => `S${randomBytes(24).toString('hex')}`;
  it('earlier sources, stdin, outputs, a checker\'s expected output and the pipelined request are nowhere in a task\'s memory', async () => {
    const s = { src: secret(), stdin: secret(), expected: secret(), judged: secret(), next: secret(), nextIn: secret(),
      out: secret(), err: secret() };
    await suite.sb.run({ language: 'python', source: `x = ${JSON.stringify(s.src)}\nprint(len(x))`, stdin: s.stdin });
    // what a task printed passes through the agent (capture, result line): the next task must not find it
    const o = (k: 'out' | 'err') => `''.join(map(chr, ${JSON.stringify([...s[k]].map((c) => c.codePointAt(0)))}))`;
    await suite.sb.run({ language: 'python', source: `import sys\nprint(${o('out')})\nprint(${o('err')}, file=sys.stderr)` });
    await suite.sb.run({ language: 'python', source: `import sys\nexpected = ${JSON.stringify(s.expected)}\nprint(sys.stdin.read() == expected)`, stdin: 'no' });
    await judge(suite.sb, addTask({ judge: { kind: 'assert', include_prompt: true, suffix: '\ncheck(add)\n',
      tests: `def check(candidate):\n    assert candidate(1, 2) == 3, ${JSON.stringify(s.judged)}\n` } }), '    return a + b\n');
    const scanner = suite.sb.run({ language: 'python', source: memoryScan(s) });
    // sent while the scanner runs: it waits in the agent's pipe, never in the scanner's memory
    const pipelined = suite.sb.run({ language: 'python', source: `y = ${JSON.stringify(s.next)}\nprint(len(y))`, stdin: s.nextIn });
    const v = await scanner;
    await pipelined;
    expect(v.status, v.stderr).toBe('ok');
    const r = report(v);
    expect(r.found).toEqual({ src: 0, stdin: 0, expected: 0, judged: 0, next: 0, nextIn: 0, out: 0, err: 0 });
    // and the way around the scan: a dumpable task could open /proc/self/mem
    expect(r.dumpable).toEqual([-1, 1]);
    expect(r.mem).toBe('PermissionError');
  });

  it('a request of thousands of objects (the agent\'s scrub table grows, then shrinks) and one over 1 MiB (tracked apart) leave nothing', async () => {
    const s = { many: secret(), huge: secret(), after: secret() };
    // ~60 KB: compiled in the agent, thousands of constants held at once, each carrying the secret
    const many = Array.from({ length: 2500 }, (_, i) => `"${i}${s.many}"`).join(',');
    const r1 = await suite.sb.run({ language: 'python', source: `xs = [${many}]\nprint(len(xs))` });
    expect(r1.stdout.trim(), r1.stderr).toBe('2500');
    // over 1 MiB of source and stdin: blocks too big for the table's packed entries
    const pad = 'z'.repeat(1200 << 10);
    const r2 = await suite.sb.run({ language: 'python', source: `x = "${s.huge}${pad}"\nimport sys\nprint(len(x) + len(sys.stdin.read()))`,
      stdin: `${pad}${s.huge}` });
    expect(r2.status, r2.stderr).toBe('ok');
    // a small task in between: the table has shrunk back by now, and its blocks are scrubbed as before
    await suite.sb.run({ language: 'python', source: `z = ${JSON.stringify(s.after)}\nprint(len(z))` });
    const v = await suite.sb.run({ language: 'python', source: memoryScan(s) });
    expect(v.status, v.stderr).toBe('ok');
    expect(report(v).found).toEqual({ many: 0, huge: 0, after: 0 });
  });

  it('non-ASCII secrets (UCS-2 and UCS-4 strs inside the agent) are gone too', async () => {
    const s = { ucs2: `Ωψ${randomBytes(10).toString('hex')}é`, ucs4: `😀x${randomBytes(10).toString('hex')}€` };
    await suite.sb.run({ language: 'python', source: `x = ${JSON.stringify(s.ucs2)}\ny = ${JSON.stringify(s.ucs4)}\nprint(len(x + y))`, stdin: s.ucs4 });
    const v = await suite.sb.run({ language: 'python', source: memoryScan(s) });
    expect(v.status, v.stderr).toBe('ok');
    expect(report(v).found).toEqual({ ucs2: 0, ucs4: 0 });
  });

  it('a plain program\'s __main__, sys.argv and sys.path as the last program left them reach no later one (the agent keeps one __main__ for them)', async () => {
    const sb = suite.sb;
    const spoil = 'import sys\nglobals()["leak"] = 1\nsys.modules["__main__"].__dict__["leak2"] = 2\nsys.argv.append("z")\nsys.argv[0] = "evil"\n' +
      'sys.path[0] = "/evil0"\nsys.path.append("/evil")\n__file__ = "evil"\nimport builtins\nbuiltins.LEAK = 3\nprint("spoiled")\n';
    const probe = 'print(sorted(globals()))\nimport sys, os\nprint(sys.argv, sys.path[0] == os.getcwd(), "/evil" in sys.path, "/evil0" in sys.path)\n' +
      'print(__file__ == os.path.join(os.getcwd(), "main.py"), sys.modules["__main__"].__dict__ is globals(), hasattr(__builtins__, "LEAK"))\n';
    const keys = "['__builtins__', '__doc__', '__file__', '__loader__', '__name__', '__package__', '__spec__']";
    expect((await sb.run({ language: 'python', source: spoil, args: ['x', 'y'] })).stdout).toBe('spoiled\n');
    let v = await sb.run({ language: 'python', source: probe, args: ['x', 'y'] });
    expect(v.stdout).toBe(`${keys}\n['main.py', 'x', 'y'] True False False\nTrue True False\n`);
    // a judged task in between makes a __main__ and argv of its own, taken back after it
    expect((await attack('    return a + b\n')).passed).toBe(true);
    v = await sb.run({ language: 'python', source: probe, args: ['x', 'y'] });
    expect(v.stdout).toBe(`${keys}\n['main.py', 'x', 'y'] True False False\nTrue True False\n`);
    v = await sb.run({ language: 'python', source: probe });
    expect(v.stdout).toBe(`${keys}\n['main.py'] True False False\nTrue True False\n`);
  });
});
