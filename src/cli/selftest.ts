// `rlcf selftest`: the main job on embedded defaults for now — one program per language, the
// security battery in short form, and a throughput figure, printed as a verdict matrix.
import type { Command } from 'commander';
import type { Sandbox } from '../sandbox/engine.js';
import type { Language, Status, Submission, Verdict } from '../sandbox/types.js';
import { LANGUAGES } from '../sandbox/types.js';
import { DESCRIPTORS } from '../sandbox/languages/index.js';
import { type SandboxFlags, addSandboxFlags, openSandbox, positiveInt } from './options.js';
import { Progress } from './progress.js';

/** Each program reads "3 4" on stdin and prints 7 and its language (the descriptors' hello). */
export const HELLO = Object.fromEntries(LANGUAGES.map((l) => [l, DESCRIPTORS[l].hello])) as Record<Language, string>;

interface Attack {
  name: string;
  sub: Submission;
  expect: Status[];
  /** extra containment check on the verdict */
  check?: (v: Verdict) => boolean;
}

const py = (source: string, limits: Submission['limits'] = {}): Submission => ({ language: 'python', source, limits });

export const ATTACKS: Attack[] = [
  { name: 'network: TCP to 127.0.0.1 and 1.1.1.1', expect: ['ok'], check: (v) => v.stdout.trim() === 'blocked blocked',
    sub: py('import socket\nr=[]\nfor h in ("127.0.0.1","1.1.1.1"):\n  try:\n    socket.create_connection((h, 53), timeout=1); r.append("OPEN")\n  except OSError: r.append("blocked")\nprint(*r)') },
  { name: 'read /etc/shadow', expect: ['runtime_error'], check: (v) => /FileNotFoundError|PermissionError/.test(v.stderr),
    sub: py('print(open("/etc/shadow").read())') },
  { name: 'write outside the work dir (/usr)', expect: ['runtime_error'], check: (v) => /Read-only|PermissionError|OSError/.test(v.stderr),
    sub: py('open("/usr/pwned", "w").write("x")') },
  { name: 'fork bomb', expect: ['ok', 'runtime_error', 'time_limit'],
    sub: py('import os\nfor _ in range(100000):\n  try: os.fork()\n  except OSError: pass\n', { timeout_ms: 2000 }) },
  { name: 'memory bomb (4 GiB, limit 128 MiB)', expect: ['memory_limit'],
    sub: py('x = bytearray(4 << 30)', { memory_mb: 128 }) },
  { name: 'stdout flood (100 MB)', expect: ['output_limit'], check: (v) => v.truncated && v.stdout.length <= (1 << 20),
    sub: py('import sys\nb = "x" * 65536\nfor _ in range(1600): sys.stdout.write(b)') },
  { name: 'sleep past the limit', expect: ['time_limit'], check: (v) => v.time_limit?.kind === 'wall' && !v.time_limit.under_load,
    sub: py('import time\ntime.sleep(30)', { timeout_ms: 300, wall_ms: 600 }) },
  { name: 'busy loop past the CPU limit', expect: ['time_limit'], check: (v) => v.time_limit?.kind === 'cpu',
    sub: py('while True: pass', { timeout_ms: 1000 }) },
  { name: 'kill the parent agent', expect: ['ok'], check: (v) => v.stdout.trim() === 'denied',
    sub: py('import os, signal\ntry:\n  os.kill(os.getppid(), signal.SIGKILL); print("KILLED")\nexcept PermissionError: print("denied")') },
];

/** The "HumanEval-style" script of shared/docs/limits.md: a typing import and a few asserts. */
export const HUMANEVAL_STYLE = `from typing import List

def below_zero(operations: List[int]) -> bool:
    balance = 0
    for op in operations:
        balance += op
        if balance < 0:
            return True
    return False

def check(candidate):
    assert candidate([]) == False
    assert candidate([1, 2, -3, 1, 2, -3]) == False
    assert candidate([1, 2, -4, 5, 6]) == True
    assert candidate([1, -1, 2, -2, 5, -5, 4, -4]) == False
    assert candidate([1, -2, 2, -2, 5, -5, 4, -4]) == True

check(below_zero)
`;

export interface SelftestReport {
  ok: boolean;
  languages: { language: Language; status: Status; stdout: string; compile: string; wall_ms: number; ok: boolean; message?: string }[];
  attacks: { name: string; status: Status; expected: Status[]; contained: boolean }[];
  throughput: { executions: number; seconds: number; per_second: number; all_ok: boolean };
  controls_missing: string[];
}

export async function selftest(sb: Sandbox, n = 1000, progress = false): Promise<SelftestReport> {
  const languages: SelftestReport['languages'] = [];
  const results = await Promise.all(LANGUAGES.map((l) => sb.run({ language: l, source: HELLO[l], stdin: '3 4\n' })));
  LANGUAGES.forEach((l, i) => {
    const v = results[i];
    languages.push({ language: l, status: v.status, stdout: v.stdout.trim(), compile: v.compile?.status ?? 'none',
      wall_ms: v.wall_ms, ok: v.status === 'ok' && v.stdout.trim() === `7 ${l}`,
      ...(v.status !== 'ok' ? { message: (v.message ?? '') + ' ' + v.stderr.slice(0, 300) } : {}) });
  });
  const attacks: SelftestReport['attacks'] = [];
  for (const a of ATTACKS) {
    const v = await sb.run(a.sub);
    attacks.push({ name: a.name, status: v.status, expected: a.expect,
      contained: a.expect.includes(v.status) && (a.check ? a.check(v) : true) });
  }
  // The slot still serves cleanly after the battery.
  const after = await sb.run(py('print("clean")'));
  attacks.push({ name: 'next task after the battery runs clean', status: after.status, expected: ['ok'],
    contained: after.status === 'ok' && after.stdout === 'clean\n' });
  await sb.runBatch(Array.from({ length: 20 }, () => py(HUMANEVAL_STYLE))); // warm-up
  const bar = new Progress(n, 'throughput', progress);
  const t0 = performance.now();
  const vs = await sb.runBatch(Array.from({ length: n }, () => py(HUMANEVAL_STYLE)), (_i, v) => bar.tick(v.status === 'ok'));
  const seconds = (performance.now() - t0) / 1000;
  bar.finish();
  const throughput = { executions: n, seconds: round(seconds), per_second: round(n / seconds), all_ok: vs.every((v) => v.status === 'ok') };
  return {
    ok: languages.every((l) => l.ok) && attacks.every((a) => a.contained) && throughput.all_ok,
    languages, attacks, throughput, controls_missing: sb.controlsMissing,
  };
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}

export function registerSelftest(program: Command): void {
  addSandboxFlags(program.command('selftest')
    .description('one program per language, the security battery (short form) and a throughput figure')
    .option('-n, --executions <n>', 'Python executions for the throughput figure', '1000')
    .option('--json', 'print the report as JSON'))
    .action(async (f: SandboxFlags & { executions: string; json?: boolean }) => {
      const n = positiveInt(f.executions, '--executions');
      const sb = await openSandbox(f);
      let r: SelftestReport;
      try {
        r = await selftest(sb, n, !f.json);
      } finally {
        await sb.close();
      }
      if (f.json) {
        process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
      } else {
        const out: string[] = ['', 'languages                  verdict         compile   wall ms  output'];
        for (const l of r.languages) {
          out.push(`  ${l.ok ? 'PASS' : 'FAIL'} ${l.language.padEnd(19)} ${l.status.padEnd(15)} ${l.compile.padEnd(9)} ${String(l.wall_ms).padStart(7)}  ${l.stdout}${l.message ? `  ${l.message.trim()}` : ''}`);
        }
        out.push('', 'security battery                               verdict         contained');
        for (const a of r.attacks) {
          out.push(`  ${a.contained ? 'PASS' : 'FAIL'} ${a.name.padEnd(41)} ${a.status.padEnd(15)} ${a.contained ? 'yes' : `NO (expected ${a.expected.join('|')})`}`);
        }
        out.push('', `throughput  ${r.throughput.executions} HumanEval-style Python executions in ${r.throughput.seconds}s = ` +
          `${r.throughput.per_second} exec/s (${r.throughput.all_ok ? 'all ok' : 'SOME FAILED'})`);
        out.push(`isolation   ${r.controls_missing.length ? `MISSING: ${r.controls_missing.join(', ')}` : 'all controls applied'}`);
        out.push('', r.ok ? 'selftest passed' : 'selftest FAILED');
        process.stdout.write(`${out.join('\n')}\n`);
      }
      process.exitCode = r.ok ? 0 : 1;
    });
}
