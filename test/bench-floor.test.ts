// The fork floor bench:sandbox compares the engine against ([2c], [2e], [2f]; src/bench/floor.ts, paired.ts): it must
// run every program, count failures, and hand its CPU to the caller's process tree when it ends, or
// the caller's next CPU figure comes out short (the engine's round after a floor round did).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { programsFile, runForkFloor, treeCpuMs } from '../src/bench/floor.js';
import { concurrentRound, engineRun } from '../src/bench/paired.js';
import { makeSandbox } from './helpers.js';
import { DEFAULT_PREIMPORT } from '../src/sandbox/paths.js';

/** CPU of the children this process has reaped (cutime + cstime, ms): only grows, whatever other
 * processes do meanwhile (treeCpuMs of the whole tree would also see other tests' leftovers go). */
function reapedCpuMs(): number {
  const t = readFileSync('/proc/self/stat', 'utf8');
  const f = t.slice(t.lastIndexOf(')') + 2).split(' ');
  return ((Number(f[13]) + Number(f[14])) * 1000) / 100;
}

describe('fork floor', () => {
  it('programs file: count, offsets, UTF-8 bodies', () => {
    const b = programsFile(['a', 'é😀', '']);
    expect(b.readUInt32LE(0)).toBe(3);
    const off = [0, 1, 2, 3].map((i) => b.readUInt32LE(4 + 4 * i));
    expect(off[0]).toBe(20);
    expect(b.subarray(off[0], off[1]).toString('utf8')).toBe('a');
    expect(b.subarray(off[1], off[2]).toString('utf8')).toBe('é😀');
    expect(off[3]).toBe(off[2]);
    expect(off[3]).toBe(b.length);
  });

  it('runs every program, counts failures, and its CPU stays in the caller\'s process tree', async () => {
    const progs = Array.from({ length: 300 }, (_, i) => (i % 100 === 7 ? 'raise SystemExit(3)\n' : `assert sum(range(${i})) == ${(i * (i - 1)) / 2}\n`));
    const before = reapedCpuMs();
    const f = await runForkFloor(progs, 2, DEFAULT_PREIMPORT);
    const after = reapedCpuMs();
    expect(f.n).toBe(300);
    expect(f.ok).toBe(297);
    expect(f.cpuMsPerExec).toBeGreaterThan(0);
    expect(f.faultsPerExec[1]).toBeGreaterThan(0);
    // the floor's processes were reaped inside its sandbox and the sandbox by us: what the floor
    // measured is in the CPU of our reaped children now (a SIGKILLed sandbox orphaned its
    // interpreter to init, and that CPU was gone from our tree); 10 ms ticks: 30 ms of slack
    expect(after - before).toBeGreaterThanOrEqual(f.cpuMsPerExec * f.n - 30);
  }, 60_000);

  it('[2f] charges the engine with its own CPU only: not the floor\'s start-up, which runs before the signal', async () => {
    const sb = await makeSandbox({ slots: 1 });
    try {
      const progs = Array.from({ length: 5 }, (_, i) => `assert ${i} + 1 == ${i + 1}\n`);
      await engineRun(sb, progs); // warm
      // a floor whose start-up is heavy (more imports), so that charging it to the engine shows
      const heavy = [...DEFAULT_PREIMPORT, 'asyncio', 'email.mime.multipart', 'decimal', 'unittest', 'argparse', 'http.client',
        'xml.etree.ElementTree', 'inspect', 'dataclasses', 'logging', 'pydoc', 'difflib', 'csv', 'sqlite3', 'statistics'];
      const t0 = treeCpuMs(process.pid);
      const c = await concurrentRound(sb, progs, heavy);
      const total = treeCpuMs(process.pid) - t0;
      expect(c.engine.bad).toBe(0);
      expect(c.floor.ok).toBe(5);
      expect(c.overlap).toBeGreaterThan(0);
      // what neither side was charged is the floor's start-up before the signal (and its exit):
      // with the start-up in the engine's figure, it would be ~0 (10 ms ticks: some slack)
      const uncharged = total - (c.engine.cpuMsPerExec + c.floor.cpuMsPerExec) * 5;
      expect(uncharged).toBeGreaterThan(60);
    } finally {
      await sb.close();
    }
  }, 120_000);
});
