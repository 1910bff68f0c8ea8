// Baseline: one fresh bubblewrap sandbox + python interpreter per execution, with the same bwrap
// arguments as the engine's agents (privileged bwrap as root, then setpriv to the sandbox uid).
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bwrapArgs } from '../sandbox/bwrap.js';
import { SANDBOX_UID, probeHost } from '../sandbox/host.js';
import { DESCRIPTORS } from '../sandbox/languages/index.js';
import { LANGUAGES } from '../sandbox/types.js';
import { now, pool } from './stats.js';

export interface BaselineResult {
  n: number;
  ok: number;
  seconds: number;
  execPerS: number;
  latencies: number[];
  failures: { i: number; code: number | null; stderr: string }[];
}

function runOne(argv: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'], env: { PATH: '/usr/bin:/bin' } });
    let stderr = '';
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (d: string) => {
      if (stderr.length < 4000) stderr += d;
    });
    child.on('error', (e) => resolve({ code: null, stderr: e.message }));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

/** The command prefix that runs the engine's Python in a fresh sandbox as the engine's agents are
 * sandboxed (every toolchain bound read-only, `mounts` read-only, a private /tmp, the sandbox uid),
 * and that Python's path. */
export function sandboxedPython(mounts: { src: string; dest: string }[], tmpBytes: number): { prefix: string[]; python: string } {
  const host = probeHost();
  if (!host.bwrap || !host.bwrapWorks) throw new Error(host.bwrapError ?? 'bwrap unavailable');
  const binds: string[] = [];
  for (const l of LANGUAGES) {
    try {
      binds.push(...DESCRIPTORS[l].discover().binds);
    } catch { /* toolchain missing: the engine skips it too */ }
  }
  const args = bwrapArgs({ roBinds: binds, roMounts: mounts, rwMounts: [], tmpBytes }, { asRoot: host.root });
  const drop = host.root
    ? ['/usr/bin/setpriv', `--reuid=${SANDBOX_UID}`, `--regid=${SANDBOX_UID}`, '--clear-groups']
    : [];
  return { prefix: [host.bwrap, ...args, '--', ...drop], python: DESCRIPTORS.python.discover().paths.python };
}

/** `pythonFlags`: ['-I', '-S'] is how the engine's agent starts (it adds site-packages to sys.path
 * itself); ['-I'] is a plain per-process start, where site runs the .pth files. */
export async function runBaseline(programs: string[], concurrency: number, pythonFlags: string[] = ['-I', '-S'],
  tmpBytes = 256 << 20): Promise<BaselineResult> {
  const dir = mkdtempSync(join(tmpdir(), 'rlcf-baseline-'));
  chmodSync(dir, 0o755);
  const progDir = join(dir, 'p');
  mkdirSync(progDir, { mode: 0o755 });
  programs.forEach((p, i) => writeFileSync(join(progDir, `p${i}.py`), p, { mode: 0o644 }));
  try {
    const { prefix, python } = sandboxedPython([{ src: progDir, dest: '/task' }], tmpBytes);
    const argvFor = (i: number) => [...prefix, python, ...pythonFlags, `/task/p${i}.py`];
    // one warm-up execution (page cache, dentries) outside the timed region
    const w = await runOne(argvFor(0));
    if (w.code !== 0) throw new Error(`baseline warm-up failed (exit ${w.code}): ${w.stderr.slice(0, 500)}`);
    const latencies: number[] = [];
    const failures: BaselineResult['failures'] = [];
    const t0 = now();
    await pool(programs, concurrency, async (_p, i) => {
      const s = now();
      const r = await runOne(argvFor(i));
      latencies.push(now() - s);
      if (r.code !== 0) failures.push({ i, code: r.code, stderr: r.stderr });
    });
    const seconds = (now() - t0) / 1000;
    return { n: programs.length, ok: programs.length - failures.length, seconds, execPerS: programs.length / seconds, latencies, failures };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
