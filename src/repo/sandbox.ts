// One sandboxed command over private writable views of read-only trees (a snapshot at /testbed, a
// Go build cache...). It reuses the engine's isolation pieces: bwrapArgs (namespaces, no network,
// read-only system, size-capped /tmp, clean environment), the cgroup machinery (AgentCgroup: memory
// and pids limits, OOM count, kill) and the sandbox uid; RLIMIT_CPU/FSIZE/NOFILE through prlimit.
// The writable view is, by preference: bwrap's own --overlay (bwrap >= 0.11), a kernel overlayfs
// mounted in a private mount namespace (root, or a user namespace), else a copy of the tree
// (measured by `npm run bench:swe`). The lower trees are never written.
import { spawn, spawnSync } from 'node:child_process';
import { chownSync, closeSync, cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { bwrapArgs } from '../sandbox/bwrap.js';
import { AgentCgroup } from '../sandbox/cgroup.js';
import { probeHost, SANDBOX_UID } from '../sandbox/host.js';
import { scratchDir } from './store.js';

export type OverlayMode = 'bwrap-overlay' | 'kernel-overlay' | 'copy';

export interface RepoLimits {
  /** CPU seconds of the whole command (RLIMIT_CPU per process) and wall time (ms) */
  cpu_s: number;
  wall_ms: number;
  memory_mb: number;
  pids: number;
  /** bytes kept of stdout+stderr; the command is killed past it */
  output_bytes: number;
  fsize_mb: number;
  nofile: number;
  tmp_mb: number;
}

export const DEFAULT_REPO_LIMITS: RepoLimits = {
  cpu_s: 600, wall_ms: 1_800_000, memory_mb: 4096, pids: 512, output_bytes: 8 << 20, fsize_mb: 1024, nofile: 4096, tmp_mb: 1024,
};

export interface RepoRunSpec {
  /** read-only trees given a private writable view at `dest` */
  overlays: { lower: string; dest: string }[];
  ro: { src: string; dest: string }[];
  /** writable host directories (builds: the environment being made) */
  rw?: { src: string; dest: string }[];
  env: Record<string, string>;
  argv: string[];
  cwd: string;
  /** builds only: may reach the package registries */
  network?: boolean;
  limits: RepoLimits;
  /** read on descriptor 3 of the command: a channel separate from its output (pytest's results) */
  resultChannel?: boolean;
  mode?: OverlayMode;
}

export interface RepoRunResult {
  exit_code: number | null;
  signal: string | null;
  output: string;
  /** what the command wrote on descriptor 3 */
  channel: string;
  output_truncated: boolean;
  timed_out: boolean;
  oom_killed: boolean;
  wall_ms: number;
  mode: OverlayMode;
  /** ms spent making and removing the writable views */
  overlay_ms: number;
  controls_missing: string[];
}

let detected: OverlayMode | undefined;

/** The best writable-view mechanism of this host (probed once) */
export function overlayMode(): OverlayMode {
  if (detected) return detected;
  const host = probeHost();
  if (!host.bwrapWorks) throw new Error(`repository tasks need the sandbox: ${host.bwrapError}`);
  const help = spawnSync(host.bwrap!, ['--help'], { encoding: 'utf8' }).stdout ?? '';
  if (help.includes('--tmp-overlay')) return (detected = 'bwrap-overlay');
  const d = mkdtempSync(join('/tmp', 'rlcf-ovl-probe-'));
  try {
    for (const s of ['l', 'u', 'w', 'm']) mkdirSync(join(d, s));
    const ns = host.root ? ['--mount', '--propagation', 'private'] : ['--user', '--map-root-user', '--mount', '--propagation', 'private'];
    const r = spawnSync('unshare', [...ns, '--', 'mount', '-t', 'overlay', 'overlay', '-o',
      `lowerdir=${d}/l,upperdir=${d}/u,workdir=${d}/w`, `${d}/m`], { encoding: 'utf8' });
    // unprivileged, bwrap would then run inside a user namespace; only the root path is wired here
    detected = r.status === 0 && host.root ? 'kernel-overlay' : 'copy';
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
  return detected;
}

const JOIN = 'for fd in 4 5; do [ -e /proc/self/fd/$fd ] && { echo 0 >&$fd || exit 111; }; done; exec 4>&- 5>&-; exec "$@"';
const MOUNT = 'while [ "$1" != "--" ]; do mount -t overlay overlay -o "lowerdir=$1,upperdir=$2,workdir=$3" "$4" || exit 112; shift 4; done; shift; exec "$@"';

let seq = 0;

export async function runInRepoSandbox(spec: RepoRunSpec, stateDir?: string): Promise<RepoRunResult> {
  const host = probeHost();
  const mode = spec.mode ?? overlayMode();
  const t0 = performance.now();
  mkdirSync(scratchDir(stateDir), { recursive: true });
  const tmp = mkdtempSync(join(scratchDir(stateDir), 'run-'));
  const asRoot = host.root;
  const rw = [...(spec.rw ?? [])];
  const bwrapOverlay: string[] = [];
  const mounts: string[] = [];
  for (const [i, o] of spec.overlays.entries()) {
    const base = join(tmp, `o${i}`);
    if (mode === 'copy') {
      // copy-on-write where the file system can (reflinks), else a plain copy
      spawnSync('cp', ['-a', '--reflink=auto', o.lower, base]);
      rw.push({ src: base, dest: o.dest });
    } else if (mode === 'bwrap-overlay') {
      bwrapOverlay.push('--overlay-src', o.lower, '--tmp-overlay', o.dest);
    } else {
      for (const s of ['u', 'w', 'm']) mkdirSync(join(base, s), { recursive: true });
      if (asRoot) for (const s of ['u', 'm']) chownSync(join(base, s), SANDBOX_UID, SANDBOX_UID);
      mounts.push(o.lower, join(base, 'u'), join(base, 'w'), join(base, 'm'));
      rw.push({ src: join(base, 'm'), dest: o.dest });
    }
  }
  const overlaySetupMs = performance.now() - t0;
  let args = bwrapArgs({ roBinds: [], roMounts: spec.ro, rwMounts: rw, tmpBytes: spec.limits.tmp_mb << 20 }, { asRoot });
  if (spec.network) {
    args = args.filter((a) => a !== '--unshare-net');
    if (!asRoot) args.push('--share-net');
  }
  // bwrapArgs starts in /tmp; this command starts in its repository
  const cd = args.indexOf('--chdir');
  if (cd >= 0) args.splice(cd, 2);
  args.push(...bwrapOverlay, '--chdir', spec.cwd);
  for (const [k, v] of Object.entries(spec.env)) args.push('--setenv', k, v);
  const L = spec.limits;
  const inner = ['prlimit', `--cpu=${L.cpu_s}`, `--fsize=${L.fsize_mb << 20}`, `--nofile=${L.nofile}`, '--core=0', '--', ...spec.argv];
  // root: bwrap keeps CAP_SETUID/SETGID only so that this first step can become the sandbox uid
  const drop = asRoot ? ['setpriv', `--reuid=${SANDBOX_UID}`, `--regid=${SANDBOX_UID}`, '--clear-groups', '--inh-caps=-all', '--bounding-set=-all', '--'] : [];
  let argv = [host.bwrap!, ...args, '--', ...drop, ...inner];
  if (mounts.length) {
    const ns = ['--mount', '--propagation', 'private'];
    argv = ['unshare', ...ns, '--', '/bin/sh', '-c', MOUNT, 'sh', ...mounts, '--', ...argv];
  }
  const controls_missing: string[] = [];
  const cg = host.cgroups;
  let cgroup: AgentCgroup | undefined;
  let fds: number[] = [];
  if (cg.memory || cg.pids) {
    cgroup = new AgentCgroup(cg, `${process.pid}-repo-${++seq}`, 1);
    cgroup.setTaskLimits(0, L.memory_mb * 1024 * 1024, L.pids);
    fds = cgroup.openTaskProcs(0);
  }
  if (!cg.memory) controls_missing.push('memory_cgroup');
  if (!cg.pids) controls_missing.push('pids_cgroup');
  argv = ['/bin/sh', '-c', JOIN, 'sh', ...argv];
  const stdio: ('ignore' | 'pipe' | number)[] = ['ignore', 'pipe', 'pipe', spec.resultChannel ? 'pipe' : 'ignore',
    fds[0] ?? 'ignore', fds[1] ?? 'ignore'];
  const started = performance.now();
  const child = spawn(argv[0], argv.slice(1), { stdio, detached: true, env: { PATH: '/usr/local/bin:/usr/bin:/bin' } });
  for (const fd of fds) closeSync(fd);
  const chunks: Buffer[] = [];
  let kept = 0;
  let truncated = false;
  let timedOut = false;
  const kill = () => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch { /* gone */ }
    cgroup?.killTask(0);
  };
  const take = (b: Buffer) => {
    if (kept + b.length > L.output_bytes) {
      chunks.push(b.subarray(0, Math.max(0, L.output_bytes - kept)));
      kept = L.output_bytes;
      if (!truncated) {
        truncated = true;
        kill();
      }
      return;
    }
    kept += b.length;
    chunks.push(b);
  };
  child.stdout!.on('data', take);
  child.stderr!.on('data', take);
  const channel: Buffer[] = [];
  let channelBytes = 0;
  child.stdio[3] && (child.stdio[3] as NodeJS.ReadableStream).on('data', (b: Buffer) => {
    channelBytes += b.length;
    if (channelBytes <= L.output_bytes) channel.push(b);
  });
  const timer = setTimeout(() => {
    timedOut = true;
    kill();
  }, L.wall_ms);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((res) => child.on('close', (c, s) => res([c, s])));
  clearTimeout(timer);
  const wall = performance.now() - started;
  let oom = false;
  if (cgroup) {
    oom = cgroup.taskOomKills(0) > 0;
    await cgroup.destroy();
  }
  const t1 = performance.now();
  rmSync(tmp, { recursive: true, force: true });
  const overlayMs = overlaySetupMs + (performance.now() - t1);
  return {
    exit_code: code, signal, output: Buffer.concat(chunks).toString('utf8'), channel: Buffer.concat(channel).toString('utf8'),
    output_truncated: truncated, timed_out: timedOut, oom_killed: oom, wall_ms: Math.round(wall), mode,
    overlay_ms: Math.round(overlayMs), controls_missing,
  };
}

/** copy a tree for the copy baseline of bench:swe (what a naive harness does per instance) */
export function copyTree(src: string, dest: string): void {
  cpSync(src, dest, { recursive: true, preserveTimestamps: true, verbatimSymlinks: true });
}
