// `rlcf doctor`: what this host can isolate and which toolchains it has, with how to fix the rest.
import type { Command } from 'commander';
import type { probeHost } from '../sandbox/host.js';
import { LANGUAGES } from '../sandbox/types.js';
import { addStateDirFlag } from './options.js';

export interface DoctorReport {
  ok: boolean;
  host: ReturnType<typeof probeHost>;
  sandbox: { started: boolean; uid?: number; seccomp?: string; python_fast_path?: string; error?: string; controls_missing: string[] };
  toolchains: Record<string, { ok: boolean; version?: string; problem?: string }>;
  extras: Record<string, string | null>;
}

export async function doctor(stateDir?: string): Promise<DoctorReport> {
  const [{ Sandbox }, { probeHost }, { DESCRIPTORS }, { findTsc }] = await Promise.all([import('../sandbox/engine.js'),
    import('../sandbox/host.js'), import('../sandbox/languages/index.js'), import('../sandbox/languages/typescript.js')]);
  const host = probeHost();
  const toolchains: DoctorReport['toolchains'] = {};
  for (const l of LANGUAGES) {
    try {
      toolchains[l] = { ok: true, version: DESCRIPTORS[l].discover().version };
    } catch (e) {
      toolchains[l] = { ok: false, problem: (e as Error).message };
    }
  }
  const sandbox: DoctorReport['sandbox'] = { started: false, controls_missing: host.missing };
  if (host.bwrapWorks && toolchains.python.ok) {
    try {
      const sb = await Sandbox.create({ slots: 1, stateDir });
      const info = await sb.slots[0].info();
      Object.assign(sandbox, { started: true, uid: info.uid, seccomp: info.seccomp, python_fast_path: info.fast,
        controls_missing: sb.controlsMissing });
      await sb.close();
    } catch (e) {
      sandbox.error = (e as Error).message;
    }
  } else {
    sandbox.error = host.bwrapError ?? 'python3 is required for the sandbox agent';
  }
  return {
    ok: sandbox.started && sandbox.controls_missing.length === 0 && Object.values(toolchains).every((t) => t.ok),
    host, sandbox, toolchains,
    extras: { 'tsc (typescript --typecheck)': findTsc()?.version ?? null, 'javatuples.jar (MultiPL-E java)': javaJars() },
  };

  function javaJars(): string | null {
    try {
      return DESCRIPTORS.java.discover().paths.classpath || null;
    } catch {
      return null;
    }
  }
}

const FIX: Record<string, string> = {
  sandbox: 'install bubblewrap (apt-get install bubblewrap) and allow user namespaces, or run as root',
  memory_cgroup: 'run as root on a host with the cgroup v1 memory controller or cgroup v2 (memory enabled)',
  pids_cgroup: 'run as root on a host with the cgroup pids controller (v1) or cgroup v2',
  seccomp: 'kernel without seccomp filter support (CONFIG_SECCOMP_FILTER)',
  network_isolation: 'drop --unsafe-no-sandbox',
};

export function registerDoctor(program: Command): void {
  addStateDirFlag(program.command('doctor')
    .description('report the isolation controls and language toolchains available on this host')
    .option('--json', 'print the report as JSON'))
    .action(async (f: { json?: boolean; stateDir?: string }) => {
      const r = await doctor(f.stateDir);
      if (f.json) {
        process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
      } else {
        const h = r.host;
        const mark = (ok: boolean) => (ok ? 'ok  ' : 'MISSING');
        const lines = [
          `platform        ${h.platform}${h.root ? ' (root)' : ''}`,
          `bubblewrap      ${mark(h.bwrapWorks)} ${h.bwrapVersion ?? ''}${h.bwrapError ? ` — ${h.bwrapError}` : ''}`,
          `cgroups         ${h.cgroups.version ?? 'none'}: memory ${mark(h.cgroups.memory)} pids ${mark(h.cgroups.pids)}${h.cgroups.reason ? ` — ${h.cgroups.reason}` : ''}`,
          `sandbox agent   ${r.sandbox.started ? `ok   runs as uid ${r.sandbox.uid}, seccomp ${r.sandbox.seccomp}, C hot path ${r.sandbox.python_fast_path}` : `FAILED ${r.sandbox.error ?? ''}`}`,
          `network         ${h.bwrapWorks ? 'ok   own empty network namespace per slot' : 'MISSING'}`,
          '',
          'toolchains:',
          ...Object.entries(r.toolchains).map(([l, t]) => `  ${l.padEnd(11)} ${t.ok ? `ok   ${t.version}` : `MISSING ${t.problem}`}`),
          '',
          'optional:',
          ...Object.entries(r.extras).map(([k, v]) => `  ${k.padEnd(34)} ${v ?? 'not found'}`),
          '',
        ];
        if (r.sandbox.controls_missing.length) {
          lines.push('controls this host cannot apply (every verdict lists them in controls_missing):');
          for (const c of r.sandbox.controls_missing) lines.push(`  ${c}: ${FIX[c] ?? ''}`);
        } else {
          lines.push('all isolation controls available.');
        }
        process.stdout.write(`${lines.join('\n')}\n`);
      }
      process.exitCode = r.sandbox.started ? 0 : 1;
    });
}
