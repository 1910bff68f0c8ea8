// Shared by the adversarial batteries (adversarial-*.test.ts): a one-slot sandbox on the agent path
// the run asks for, tasks to attack, and the check that an attack left its slot as a fresh one.
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { Task } from '../src/benchmarks/types.js';
import type { Sandbox, SandboxOptions } from '../src/sandbox/engine.js';
import type { Verdict } from '../src/sandbox/types.js';
import { makeSandbox } from './helpers.js';

/** The batteries run twice: on the agent's C hot path and (the *-python-path.test.ts files) on the
 * Python steps an agent falls back to without it. */
export const FAST_PATH = process.env.RLCF_TEST_PYTHON_FAST_PATH !== 'off';

export function attackSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  // one slot: consecutive tasks land on the same agent, which is what an attack on "the next
  // task" needs; pipelining keeps the next requests in flight while one runs
  return makeSandbox({ slots: 1, pythonFastPath: FAST_PATH, ...opts });
}

/** The last stdout line of a task that reports its findings as JSON. */
export function report(v: Verdict): Record<string, any> {
  const lines = v.stdout.trim().split('\n');
  try {
    return JSON.parse(lines[lines.length - 1]);
  } catch {
    throw new Error(`task did not report JSON (status ${v.status}): ${v.stdout.slice(-500)} ${v.stderr.slice(-1500)}`);
  }
}

/** What a task sees of its slot: other processes, /tmp entries, its descriptors, and the agent's start
 * time (it changes when the agent was killed and replaced). */
const PROBE = `
import os, json
me, agent = os.getpid(), os.getppid()
others = [int(p) for p in os.listdir('/proc') if p.isdigit() and int(p) not in (1, agent, me)]
stat = open('/proc/%d/stat' % agent).read().rsplit(')', 1)[1].split()
print(json.dumps({'others': others, 'tmp': sorted(os.listdir('/tmp')), 'cwd': os.path.basename(os.getcwd()),
                  'agent_start': stat[19], 'fds': sorted(os.listdir('/proc/self/fd'))}))
`;

export async function agentStart(sb: Sandbox): Promise<string> {
  const v = await sb.run({ language: 'python', source: PROBE });
  expect(v.status, v.stderr).toBe('ok');
  return report(v).agent_start as string;
}

/** The next task on the (single) slot runs exactly as on a fresh slot: alone, nothing left in /tmp,
 * only its own descriptors, on the same agent. */
export async function expectCleanSlot(sb: Sandbox, start: string): Promise<void> {
  const v = await sb.run({ language: 'python', source: PROBE });
  expect(v.status, v.stderr).toBe('ok');
  const r = report(v);
  expect(r.others, 'processes left over from an earlier task').toEqual([]);
  expect(r.tmp, 'files left over in the slot /tmp').toEqual([r.cwd]);
  expect(r.agent_start, 'the slot agent was killed and replaced').toBe(start);
  // stdio, the status pipe (3) and the directory being listed
  expect(r.fds.length).toBeLessThanOrEqual(5);
}

/** A HumanEval-shaped task: add(a, b), checked by check(candidate) with a few asserts. */
export function addTask(over: Partial<Task> = {}): Task {
  return {
    id: 'adv/add', benchmark: 'adversarial', language: 'python', style: 'completion', entry_point: 'add',
    prompt: 'def add(a, b):\n    """a + b"""\n',
    judge: {
      kind: 'assert', include_prompt: true, suffix: '\ncheck(add)\n',
      tests: 'METADATA = {}\n\ndef check(candidate):\n    assert candidate(1, 2) == 3\n    assert candidate(2, 2) == 4\n' +
        '    assert candidate(-5, 5) == 0\n',
    },
    ...over,
  };
}

/** A function-call task (APPS fn_name / EvalPlus): square(x), 1 s of CPU per case. */
export function squareTask(over: Partial<Task> = {}): Task {
  return {
    id: 'adv/square', benchmark: 'apps', language: 'python', style: 'instruction', prompt: 'square',
    judge: { kind: 'function', fn_name: 'square', cases: [{ args: [3], expected: 9 }, { args: [4], expected: 16 }, { args: [5], expected: 25 }] },
    limits: { timeout_ms: 1000 },
    ...over,
  };
}

/** A battery's one-slot sandbox, set up before its tests and checked after each one: every attack
 * must leave its slot as a fresh one (same agent, nothing left behind). */
export function attackSuite(): { readonly sb: Sandbox } {
  let sb: Sandbox | undefined;
  let start = '';
  beforeAll(async () => {
    sb = await attackSandbox();
    start = await agentStart(sb);
  });
  afterAll(async () => {
    await sb?.close();
  });
  afterEach(async () => {
    await expectCleanSlot(sb!, start);
  });
  return {
    get sb() {
      return sb!;
    },
  };
}

/** A plain Python task that reads every readable mapping of its own memory (ctypes is allowed in a
 * task that is not judged) and counts occurrences of each secret in UTF-8 and in CPython's str
 * layouts (UCS-2, UCS-4). The patterns cannot match themselves: the secrets reach the scanner as
 * code points, split around one character the pattern leaves open. */
export const memoryScan = (secrets: Record<string, string>): string => `
import ctypes, re, json
pieces = ${JSON.stringify(Object.fromEntries(Object.entries(secrets).map(([k, s]) => {
    const cps = [...s].map((c) => c.codePointAt(0)!);
    return [k, [cps.slice(0, 6), cps[6], cps.slice(7)]];
  })))}
pats = {}
for k, (a, mid, b) in pieces.items():
    a, m, b = ''.join(map(chr, a)), chr(mid), ''.join(map(chr, b))
    pats[k] = [re.compile(re.escape(a.encode(e)) + b'(?s:.{%d})' % len(m.encode(e)) + re.escape(b.encode(e)))
               for e in ('utf-8', 'utf-16-le', 'utf-32-le')]
found = {k: 0 for k in pats}
for line in open('/proc/self/maps'):
    f = line.split()
    lo, hi = (int(x, 16) for x in f[0].split('-'))
    if f[1][0] != 'r' or (len(f) > 5 and f[5].startswith('[v')):
        continue
    addr = lo
    while addr < hi:
        n = min(1 << 20, hi - addr)
        try:
            chunk = ctypes.string_at(addr, n)
        except Exception:
            break
        for k, ps in pats.items():
            found[k] += sum(len(p.findall(chunk)) for p in ps)
        del chunk
        addr += n
libc = ctypes.CDLL(None, use_errno=True)
dumpable = [libc.prctl(4, 1, 0, 0, 0), ctypes.get_errno()]
try:
    open('/proc/self/mem', 'rb').close()
    mem = 'opened'
except OSError as e:
    mem = type(e).__name__
print(json.dumps({'found': found, 'dumpable': dumpable, 'mem': mem}))
`;
