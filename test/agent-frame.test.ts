// The binary request frame (agent-client.ts binaryFrame) read back field by field with the layout
// agent/rlcf_serve.c documents: every field the agent acts on must arrive as sent, and anything the
// frame cannot carry must fall back to JSON (null) rather than arrive altered.
import { describe, expect, it } from 'vitest';
import { type AgentRequest, BINARY_RLIMITS, binaryFrame, wellFormed } from '../src/sandbox/agent-client.js';

function decode(b: Buffer) {
  const head = b.subarray(0, 11).toString('latin1');
  expect(head).toMatch(/^B\d{9}\n$/);
  expect(Number(head.slice(1, 10))).toBe(b.length - 11);
  let o = 11;
  const u8 = () => b.readUInt8(o++);
  const i32 = () => { const v = b.readInt32LE(o); o += 4; return v; };
  const u32 = () => { const v = b.readUInt32LE(o); o += 4; return v; };
  const i64 = () => { const v = b.readBigInt64LE(o); o += 8; return Number(v); };
  const f64 = () => { const v = b.readDoubleLE(o); o += 8; return v; };
  const str = () => {
    const n = u32();
    const s = b.subarray(o, o + n).toString('utf8');
    o += n;
    expect(b[o++]).toBe(0);
    return s;
  };
  const list = () => Array.from({ length: u32() }, str);
  const version = u8();
  const id = i64();
  const kind = u8();
  const cg = i32();
  const limits = { wall_ms: f64(), output_bytes: f64(), cpu_ms: f64() };
  const rlimits = BINARY_RLIMITS.map(() => i64());
  const env = list();
  const source = kind === 1 ? str() : undefined;
  const argv = list();
  const stdin = str();
  const fd3Len = i32();
  let fd3: string | null = null;
  if (fd3Len >= 0) {
    fd3 = b.subarray(o, o + fd3Len).toString('utf8');
    o += fd3Len;
    expect(b[o++]).toBe(0);
  }
  expect(o).toBe(b.length);
  return { version, id, kind, cg, limits, rlimits, env, source, argv, stdin, fd3 };
}

const base: AgentRequest = {
  id: 7, kind: 'python', source: 'print("héllo 😀")\n', args: [], env: { PATH: '/usr/bin:/bin', LANG: 'C.UTF-8' },
  limits: { wall_ms: 2500, output_bytes: 1 << 20, cpu_ms: 1500 },
  rlimits: { cpu_s: 2, as_bytes: 1 << 30, fsize_bytes: 1 << 26, nofile: 64, nproc: undefined, stack_bytes: -1 },
};

describe('binary request frame', () => {
  it('carries every field as sent: ids past 32 bits, negative rlimit codes, UTF-8 text, NUL inside stdin', () => {
    const d = decode(binaryFrame({ ...base, id: 2 ** 40 + 3, cg: 2, stdin: 'a\0b\nçé' })!);
    expect(d).toMatchObject({ version: 1, id: 2 ** 40 + 3, kind: 1, cg: 2, source: base.source, argv: [], stdin: 'a\0b\nçé', fd3: null });
    expect(d.limits).toEqual(base.limits);
    // unset: -2 (the agent's default); -1: infinite
    expect(d.rlimits).toEqual([2, 1 << 30, 1 << 26, 64, -2, -1]);
    expect(d.env).toEqual(['PATH', '/usr/bin:/bin', 'LANG', 'C.UTF-8']);
    const e = decode(binaryFrame({ id: 0, kind: 'exec', argv: ['/bin/prog', 'x y', '😀'], env: { A: '' }, fd3: 'secret\0s',
      limits: { wall_ms: 10, output_bytes: 5 }, rlimits: {} })!);
    expect(e).toMatchObject({ kind: 2, cg: -1, argv: ['/bin/prog', 'x y', '😀'], env: ['A', ''], stdin: '', fd3: 'secret\0s' });
    expect(e.limits.cpu_ms).toBe(0);
    expect(e.rlimits).toEqual(BINARY_RLIMITS.map(() => -2));
  });

  it('leaves to JSON what it cannot carry as is', () => {
    const no = (r: Partial<AgentRequest>) => expect(binaryFrame({ ...base, ...r } as AgentRequest)).toBeNull();
    no({ stdin: 'x\ud800' }); // a lone surrogate: UTF-8 has no form for it
    no({ source: '\udc00print(1)' });
    no({ env: { A: 'b\0c' } }); // a NUL where C strings go
    no({ args: ['a\0'] });
    no({ env: {} }); // the agent's default environment
    no({ files: { 'a.txt': 'x' } });
    no({ dir: '/tmp/keep' });
    no({ harness: { kind: 'assert' } as unknown as AgentRequest['harness'] });
    no({ id: 1.5 });
    no({ rlimits: { ...base.rlimits, nofile: -3 } });
    no({ rlimits: { ...base.rlimits, nofile: 2 ** 60 } });
    no({ limits: { output_bytes: 1 } as AgentRequest['limits'] });
    expect(binaryFrame({ ...base, kind: 'exec', argv: [] })).toBeNull();
  });

  it('one well-formedness check: lone surrogates found wherever they are', () => {
    for (const s of ['', 'abc', '😀', 'a😀b']) expect(wellFormed(s)).toBe(true);
    for (const s of ['\ud800', 'a\udc00', '\ud83d', '\ude00x', '😀\ud800', '\udc00\ud800']) expect(wellFormed(s)).toBe(false);
  });
});

describe('result lines', () => {
  it('are read whole however the pipe splits them: several per chunk, one across chunks, a character across chunks', async () => {
    const { AgentProcess } = await import('../src/sandbox/agent-client.js');
    // a stand-in agent: the ready line once the config has arrived, then three results (the three
    // requests are sent at once after start), written in pieces that cut a line and a four-byte
    // character apart
    const fake = `
      let started = false;
      process.stdin.on('data', () => {
        if (started) return;
        started = true;
        process.stdout.write(JSON.stringify({ ready: { pid: 1, fast: 'on' } }) + '\\n');
        const line = (id, out) => JSON.stringify({ id, exit_code: 0, signal: null, stdout: out, stderr: '' }) + '\\n';
        const all = Buffer.from(line(1, 'a') + line(2, 'é😀'.repeat(3)) + line(3, 'z'));
        const cut1 = all.indexOf('😀') + 2, cut2 = cut1 + 7;
        setTimeout(() => process.stdout.write(all.subarray(0, cut1)), 20);
        setTimeout(() => process.stdout.write(all.subarray(cut1, cut2)), 50);
        setTimeout(() => process.stdout.write(all.subarray(cut2)), 80);
      });`;
    const a = new AgentProcess([process.execPath, '-e', fake], {});
    await a.start();
    const req = (id: number) => ({ ...base, id });
    const rs = await Promise.all([a.send(req(1)), a.send(req(2)), a.send(req(3))]);
    expect(rs.map((r) => [r.id, r.stdout])).toEqual([[1, 'a'], [2, 'é😀é😀é😀'], [3, 'z']]);
    a.end();
    await a.exited;
  });
});
