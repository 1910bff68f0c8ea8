// The agent's C task path (agent/rlcf_task.c): a task's result line is encoded in C, so its output
// must read exactly as the Python path's bytes.decode('utf-8', 'replace') would have it; a task still
// running at its first CPU-limit check is handed back to the Python side with what it wrote so far.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/sandbox/engine.js';
import { frame } from '../src/sandbox/agent-client.js';
import { makeSandbox } from './helpers.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await makeSandbox({ slots: 1 });
});
afterAll(async () => {
  await sb?.close();
});

/** A program that writes `data` raw to stdout and, on stderr, Python's own reading of it as JSON
 * (ASCII only: no decoding of ours is involved in the expected value). */
const writer = (data: Buffer) => `import sys, json
data = bytes.fromhex(${JSON.stringify(data.toString('hex'))})
sys.stdout.buffer.write(data)
sys.stderr.write(json.dumps(data.decode('utf-8', 'replace')))
`;

describe('output bytes read as Python reads them', () => {
  it('invalid, truncated, overlong and surrogate UTF-8, control characters, quotes', async () => {
    const edge = [
      'ff', 'c0af', 'c1bf', 'e0808f', 'e0a0', 'e282', 'e282ac', 'eda080', 'ed9fbf', 'edbfbf', 'f09f98', 'f09f9880',
      'f08f8080', 'f4908080', 'f48fbfbf', 'f5', 'fe', '80', 'bf', 'c2', 'c280', 'e2', 'f0', 'f09f', '00', '1f', '7f', '22',
      '5c', '0a0d09080c', '22e2805c', 'e2a882e2', 'e2808e', 'e280a8e280a9', 'efbbbf',
    ].map((h) => Buffer.from(h, 'hex'));
    // random bytes leaning on the interesting ranges (lead bytes and continuations)
    const pick = [0x00, 0x0a, 0x22, 0x5c, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc2, 0xdf, 0xe0, 0xe1, 0xed,
      0xef, 0xf0, 0xf3, 0xf4, 0xf5, 0xff];
    const rand = Array.from({ length: 60 }, () => {
      const r = randomBytes(40);
      return Buffer.from(r.map((b, i) => (i % 3 === 0 ? b : pick[b % pick.length])));
    });
    const cases = [...edge, Buffer.concat(edge), ...rand];
    const vs = await sb.runBatch(cases.map((d) => ({ language: 'python' as const, source: writer(d) })));
    vs.forEach((v, i) => {
      expect(v.status, v.stderr).toBe('ok');
      expect(v.stdout, cases[i].toString('hex')).toBe(JSON.parse(v.stderr) as string);
    });
  });

  it('a megabyte of stdin comes back whole', async () => {
    const big = 'é€😀 '.repeat(80000);
    const v = await sb.run({ language: 'python', source: 'import sys\nsys.stdout.write(sys.stdin.read())', stdin: big });
    expect(v.status).toBe('ok');
    expect(v.stdout.length).toBe(big.length);
    expect(v.stdout === big).toBe(true);
  });
});

describe('a task still running at its first check goes on in the agent\'s Python', () => {
  it('output written before the CPU limit is kept, and the limit is a CPU time limit', async () => {
    const v = await sb.run({ language: 'python', source: 'import sys\nprint("early", flush=True)\nprint("err", file=sys.stderr)\nwhile True:\n    pass\n',
      limits: { timeout_ms: 300 } });
    expect(v.status).toBe('time_limit');
    expect(v.time_limit?.kind).toBe('cpu');
    expect(v.stdout).toBe('early\n');
    expect(v.stderr).toBe('err\n');
  });

  it('the output cap counts what was written before the check', async () => {
    // 600 KB before the first check (300 ms), sleeping (no CPU), then 600 KB more: over the 1 MB cap
    const v = await sb.run({ language: 'python', source: 'import sys, time\nsys.stdout.write("a" * 600000)\nsys.stdout.flush()\n' +
      'time.sleep(0.6)\nsys.stdout.write("b" * 600000)\nsys.stdout.flush()\n', limits: { timeout_ms: 300, output_bytes: 1 << 20 } });
    expect(v.status).toBe('output_limit');
    expect(v.stdout.length).toBe(1 << 20);
    expect(v.stdout.startsWith('a'.repeat(600000) + 'b')).toBe(true);
  });

  it('a task that sleeps past its first check and ends well is ok, with all its output', async () => {
    const v = await sb.run({ language: 'python', source: 'import time\nprint(1, flush=True)\ntime.sleep(0.5)\nprint(2)\n',
      limits: { timeout_ms: 200 } });
    expect(v.status, v.stderr).toBe('ok');
    expect(v.stdout).toBe('1\n2\n');
  });
});

describe('rlimits: one mapping (agent/rlcf_limits.py), the same on both request paths', () => {
  const probe = `import resource, json
print(json.dumps({k: resource.getrlimit(getattr(resource, 'RLIMIT_' + k)) for k in ('CPU', 'AS', 'FSIZE', 'NOFILE', 'STACK', 'CORE')}))
`;
  it('a binary frame and a JSON request get the same rlimits, the CPU hard limit a second above the soft', async () => {
    const limits = { timeout_ms: 2500, fsize_mb: 3, nofile: 77 };
    const bin = await sb.run({ language: 'python', source: probe, limits });
    // files make it a JSON request (rlcf_limits.py rlimit_pairs in Python instead of rlcf_serve.c)
    const json = await sb.run({ language: 'python', source: probe, limits, files: { 'x.txt': '1' } });
    expect(bin.status, bin.stderr).toBe('ok');
    expect(json.status, json.stderr).toBe('ok');
    const b = JSON.parse(bin.stdout) as Record<string, [number, number]>;
    expect(JSON.parse(json.stdout)).toEqual(b);
    expect(b.CPU).toEqual([3, 4]);
    expect(b.FSIZE).toEqual([3 << 20, 3 << 20]);
    expect(b.NOFILE).toEqual([77, 77]);
    expect(b.CORE).toEqual([0, 0]);
  });

  it('an agent whose config names an rlimit it does not know refuses to start, and says which', async () => {
    const { AgentProcess } = await import('../src/sandbox/agent-client.js');
    const { agentDir } = await import('../src/sandbox/paths.js');
    const { DESCRIPTORS } = await import('../src/sandbox/languages/index.js');
    const python = DESCRIPTORS.python.discover().paths.python;
    const a = new AgentProcess([python, '-s', '-S', '-P', '-B', `${agentDir()}/agent.py`],
      { workdir: '/tmp/rlcf-refused', binary_rlimits: ['cpu_s', 'rss_bytes'], seccomp: false });
    await expect(a.start()).rejects.toThrow(/did not start: .*binary_rlimits.*rss_bytes/);
    await a.exited;
  });
});

describe('binary request frames (agent/rlcf_serve.c) and the JSON path beside them', () => {
  const base = { id: 7, env: { PATH: '/usr/bin:/bin' }, limits: { wall_ms: 1000, output_bytes: 100 }, rlimits: { cpu_s: 1 } };
  it('plain tasks go binary; judged tasks, files, kept directories, lone surrogates and NULs in C strings go JSON', () => {
    const kind = (r: object) => frame(r).subarray(0, 1).toString();
    expect(kind({ ...base, kind: 'python', source: 'print(1)' })).toBe('B');
    expect(kind({ ...base, kind: 'exec', argv: ['/bin/true'] })).toBe('B');
    expect(kind({ ...base, kind: 'python', source: 'x', harness: { kind: 'assert' } })).toBe('0');
    expect(kind({ ...base, kind: 'python', source: 'x', files: { 'a.txt': 'a' } })).toBe('0');
    expect(kind({ ...base, kind: 'exec', argv: ['/bin/true'], dir: '/build/x' })).toBe('0');
    expect(kind({ ...base, kind: 'python', source: 'x = "\ud800"' })).toBe('0');
    expect(kind({ ...base, kind: 'exec', argv: ['/bin/echo', 'a\0b'] })).toBe('0');
    expect(kind({ ...base, kind: 'exec', argv: ['/bin/true'], rlimits: { cpu_s: 1.5 } })).toBe('0');
    expect(kind({ ...base, kind: 'python', source: 'x', env: {} })).toBe('0');
    expect(kind({ id: 1, config: true })).toBe('0');
  });

  it('argv, environment and stdin of a Python task through the binary frame; a lone surrogate through JSON', async () => {
    const v = await sb.run({ language: 'python', source: 'import os, sys\nprint(sys.argv[1:], os.environ.get("HOME"), sys.stdin.read())',
      args: ['a b', 'é'], stdin: 'in\n' });
    expect(v.status, v.stderr).toBe('ok');
    expect(v.stdout).toBe("['a b', 'é'] /tmp in\n\n");
    const s = await sb.run({ language: 'python', source: 'import sys\nprint(len(sys.argv[1]), hex(ord(sys.argv[1])))', args: ['\udc80'] });
    expect(s.status, s.stderr).toBe('ok');
    expect(s.stdout).toBe('1 0xdc80\n');
  });

  it('a task with files (JSON path) between binary ones sees its files; the next binary task does not', async () => {
    const a = await sb.run({ language: 'python', source: 'import os\nprint(sorted(os.listdir(".")))' });
    const b = await sb.run({ language: 'python', source: 'import os\nprint(sorted(os.listdir(".")))', files: { 'data.txt': 'x' } });
    const c = await sb.run({ language: 'python', source: 'import os\nprint(sorted(os.listdir(".")), os.listdir("/tmp"))' });
    expect([a.stdout, b.stdout]).toEqual(["[]\n", "['data.txt']\n"]);
    expect(c.stdout).toMatch(/^\[\] \['c\d+'\]\n$/);
  });
});
