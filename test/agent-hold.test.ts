// The agent reads pipelined requests ahead (agent/rlcf_input.c) and holds the results of short
// tasks while two more requests wait, writing them together (rlcf_serve.c, rlcf_task.c hold). Here
// an agent is driven directly, without the engine: which results leave together, that every result
// arrives in order whatever path its request took (binary, JSON, a task handed back at its first
// check, a frame of megabytes), that a long task does not keep earlier results back, and that the
// requests read ahead are nowhere in a task's memory.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentProcess, type AgentRequest, type AgentResult, BINARY_RLIMITS } from '../src/sandbox/agent-client.js';
import { DESCRIPTORS } from '../src/sandbox/languages/index.js';
import { agentDir } from '../src/sandbox/paths.js';
import { buildPyFast } from '../src/sandbox/pyfast.js';
import { memoryScan } from './adversarial-helpers.js';

let state: string;
let fast: ReturnType<typeof buildPyFast>;
let python: string;
beforeAll(() => {
  state = mkdtempSync(join(tmpdir(), 'rlcf-hold-'));
  const tc = DESCRIPTORS.python.discover();
  python = tc.paths.python;
  fast = buildPyFast(tc.paths, tc.version, agentDir(), state);
});
afterAll(() => {
  rmSync(state, { recursive: true, force: true });
});

/** An agent on the C request loop, and the ids of the result lines each chunk of its output ended. */
async function agent(hold: [number, number]): Promise<{ a: AgentProcess; chunks: number[][] }> {
  if (!fast.ok) throw new Error(`the agent's C module did not build: ${fast.reason}`);
  const workdir = join(state, `w${randomBytes(4).toString('hex')}`);
  mkdirSync(workdir);
  const a = new AgentProcess([python, '-s', '-S', '-P', '-B', join(agentDir(), 'agent.py')],
    { workdir, seccomp: false, fast_module: join(fast.dir, fast.file), binary_rlimits: BINARY_RLIMITS, hold_results: hold });
  const ready = await a.start();
  expect(ready.fast).toBe('on');
  const chunks: number[][] = [];
  let text = '';
  (a as unknown as { child: { stdout: NodeJS.ReadableStream } }).child.stdout.on('data', (d: Buffer) => {
    text += d.toString('latin1');
    const ended = text.split('\n');
    text = ended.pop()!;
    chunks.push(ended.map((l) => Number(/^\{"id": (\d+)/.exec(l)?.[1] ?? -1)));
  });
  return { a, chunks };
}

let nextId = 1;
const py = (source: string, extra: Partial<AgentRequest> = {}): AgentRequest =>
  ({ id: nextId++, kind: 'python', source, env: { PATH: '/usr/bin:/bin' }, limits: { wall_ms: 20000, output_bytes: 1 << 24 },
    rlimits: { cpu_s: 20 }, ...extra });

/** sends every request in one turn (AgentProcess corks them into one write) */
const sendAll = (a: AgentProcess, reqs: AgentRequest[]): Promise<AgentResult[]> => Promise.all(reqs.map((r) => a.send(r)));

describe('results held while two more requests wait', () => {
  it('six short tasks sent together: the first five leave together, when only the sixth is left to run', async () => {
    const { a, chunks } = await agent([16, 60000]);
    const reqs = Array.from({ length: 6 }, (_, i) => py(`print(${i} * 7)`));
    const res = await sendAll(a, reqs);
    expect(res.map((r) => r.stdout)).toEqual(reqs.map((_, i) => `${i * 7}\n`));
    expect(res.map((r) => r.id)).toEqual(reqs.map((r) => r.id));
    expect(chunks).toEqual([reqs.slice(0, 5).map((r) => r.id), [reqs[5].id]]);
    a.end();
    await a.exited;
  });

  it('hold(0, 0) writes each result as its task ends', async () => {
    const { a, chunks } = await agent([0, 0]);
    const reqs = Array.from({ length: 4 }, (_, i) => py(`print(${i})`));
    await sendAll(a, reqs);
    expect(chunks).toEqual(reqs.map((r) => [r.id]));
    a.end();
    await a.exited;
  });

  it('every path keeps the order: JSON requests, a task past its first check, a frame of megabytes, an error', async () => {
    const { a } = await agent([16, 60000]);
    const big = 'é€😀 '.repeat(300000); // ~3.6 MB of stdin: the read-ahead buffer grows, then is given back
    const reqs = [
      py('print("a")'),
      py('print("b")'),
      py('print(open("f.txt").read())', { files: { 'f.txt': 'from a file' } }), // JSON
      py('print("c")'),
      py('import sys\nd = sys.stdin.read()\nprint(len(d), d == "é€😀 " * 300000)', { stdin: big }),
      py('print("d")'),
      // past its first check (the CPU limit's), finished by the agent's Python
      py('import time\ntime.sleep(0.4)\nprint("slow")', { limits: { wall_ms: 5000, output_bytes: 1000, cpu_ms: 200 } }),
      py('print("e")'),
      py('raise SystemExit(3)'),
      py('print("f")'),
      py('print("g")'),
    ];
    const res = await sendAll(a, reqs);
    expect(res.map((r) => r.id)).toEqual(reqs.map((r) => r.id));
    expect(res.map((r) => r.stdout)).toEqual(['a\n', 'b\n', 'from a file\n', 'c\n', `${[...big].length} True\n`, 'd\n', 'slow\n', 'e\n', '',
      'f\n', 'g\n']);
    expect(res[8].exit_code).toBe(3);
    a.end();
    await a.exited;
  });

  it('a long task does not keep back the results of tasks that ended before it', async () => {
    const { a, chunks } = await agent([16, 50]);
    const reqs = [py('print(1)'), py('print(2)'), py('import time\ntime.sleep(1.5)\nprint(3)'), py('print(4)'), py('print(5)')];
    const res = await sendAll(a, reqs);
    expect(res.map((r) => r.stdout)).toEqual(['1\n', '2\n', '3\n', '4\n', '5\n']);
    const sleeper = chunks.findIndex((c) => c.includes(reqs[2].id));
    // held while the sleeper and two more waited, then written while it slept (50 ms after the first)
    expect(chunks.slice(0, sleeper).flat()).toEqual([reqs[0].id, reqs[1].id]);
    a.end();
    await a.exited;
  });

  it('the end of input after held results: every result is written before the agent exits', async () => {
    const { a } = await agent([16, 60000]);
    const reqs = Array.from({ length: 5 }, (_, i) => py(`print(${i})`));
    const all = sendAll(a, reqs);
    a.end();
    expect((await all).map((r) => r.stdout)).toEqual(['0\n', '1\n', '2\n', '3\n', '4\n']);
    await a.exited;
  });
});

describe('a short Python task runs on the CPU its agent is on', () => {
  it('pinned to one CPU while the agent\'s tasks are short; not once they take long; an exec task never', async () => {
    const { a } = await agent([16, 20]);
    const all = (await import('node:os')).availableParallelism();
    const count = 'import os\nprint(len(os.sched_getaffinity(0)))';
    const short = (n: number) => Array.from({ length: n }, () => py('pass'));
    const exec: AgentRequest = { id: nextId++, kind: 'exec', argv: [python, '-c', count], env: { PATH: '/usr/bin:/bin' },
      limits: { wall_ms: 20000, output_bytes: 1000 }, rlimits: {} };
    const warm = await sendAll(a, [...short(5), py(count), exec]);
    expect(warm[5].stdout, warm[5].stderr).toBe('1\n');
    expect(warm[6].stdout, warm[6].stderr).toBe(`${all}\n`);
    // tasks of 0.1 s: a pinned one could wait for a CPU another slot's task is pinned to
    const long = await sendAll(a, [...Array.from({ length: 4 }, () => py('import time\ntime.sleep(0.1)')), py(count)]);
    expect(long[4].stdout, long[4].stderr).toBe(`${all}\n`);
    // short again: pinned again
    const back = await sendAll(a, [...short(12), py(count)]);
    expect(back[12].stdout).toBe('1\n');
    a.end();
    await a.exited;
  });
});

describe('requests read ahead stay out of the tasks', () => {
  it('the requests queued behind a task are nowhere in its memory', async () => {
    const { a } = await agent([16, 60000]);
    const secrets = { src: `S${randomBytes(16).toString('hex')}`, stdin: `I${randomBytes(16).toString('hex')}`,
      later: `L${randomBytes(16).toString('hex')}` };
    // the scanner (adversarial-helpers.ts) reads every readable mapping of its own memory
    const scanner = memoryScan(secrets);
    const res = await sendAll(a, [py(scanner), py(`x = ${JSON.stringify(secrets.src)}\nprint(len(x))`, { stdin: secrets.stdin }),
      py(`print(len(${JSON.stringify(secrets.later)}))`)]);
    expect(res[0].exit_code, res[0].stderr).toBe(0);
    expect(JSON.parse(res[0].stdout).found).toEqual({ src: 0, stdin: 0, later: 0 });
    expect(res[1].stdout).toBe(`${secrets.src.length}\n`);
    a.end();
    await a.exited;
  });
});
