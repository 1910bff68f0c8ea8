// The bubblewrap command line of one agent sandbox: every namespace unshared (no network at all),
// system and toolchain directories read-only, a size-capped private /tmp, a clean environment.
import { existsSync, lstatSync, readdirSync, readlinkSync } from 'node:fs';
import { dirname } from 'node:path';

export interface SandboxLayout {
  /** host paths bound read-only at the same path */
  roBinds: string[];
  /** host → sandbox path, read-only */
  roMounts: { src: string; dest: string }[];
  /** host → sandbox path, writable */
  rwMounts: { src: string; dest: string }[];
  tmpBytes: number;
}

/** Small /etc files that runtimes read (dynamic linker cache, Java's alternatives and config). */
function etcFiles(): string[] {
  const out = ['/etc/ld.so.cache', '/etc/alternatives', '/etc/localtime', '/etc/ssl'];
  try {
    for (const n of readdirSync('/etc')) if (/^java-\d+/.test(n)) out.push(`/etc/${n}`);
  } catch { /* no /etc listing */ }
  return out.filter((p) => existsSync(p));
}

/** /bin, /lib, ... are symlinks into /usr on merged-/usr systems and real directories elsewhere. */
function rootDirs(): string[] {
  const args: string[] = [];
  for (const d of ['/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32']) {
    let st;
    try {
      st = lstatSync(d);
    } catch {
      continue;
    }
    if (st.isSymbolicLink()) args.push('--symlink', readlinkSync(d), d);
    else if (st.isDirectory()) args.push('--ro-bind', d, d);
  }
  return args;
}

/** Where a host path is seen inside the sandbox: the same path, except under /tmp, which is the
 * sandbox's own tmpfs (work directories, HOME) and is emptied after every task. A toolchain in a
 * checkout under /tmp (e.g. node_modules/typescript) is bound under /run/host instead. */
export function hostPathInSandbox(p: string): string {
  return p === '/tmp' || p.startsWith('/tmp/') ? `/run/host${p}` : p;
}

/** As root, bwrap runs privileged (no user namespace: it can read bind sources such as a toolchain
 * under /root) and keeps only CAP_SETUID/CAP_SETGID, which the agent uses once to become the
 * unprivileged sandbox uid before anything else runs; changing uid away from 0 clears every
 * capability. Without root, bwrap makes a user namespace and the caller's uid is the sandbox uid. */
export function bwrapArgs(layout: SandboxLayout, opts: { asRoot: boolean }): string[] {
  const a = opts.asRoot
    ? ['--unshare-pid', '--unshare-net', '--unshare-ipc', '--unshare-uts', '--unshare-cgroup-try',
      '--cap-drop', 'ALL', '--cap-add', 'CAP_SETUID', '--cap-add', 'CAP_SETGID']
    : ['--unshare-all', '--unshare-user', '--disable-userns'];
  // the agent is the sandbox's PID 1 (it reaps what tasks leave behind itself): with bwrap's own
  // reaper as PID 1, bwrap's monitor exits as soon as it learns the agent's exit status and leaves
  // that reaper to the host's init, a zombie for a while after every agent
  a.push('--as-pid-1');
  a.push(
    '--die-with-parent', '--new-session',
    '--ro-bind', '/usr', '/usr', ...rootDirs(),
    '--proc', '/proc', '--dev', '/dev',
    '--perms', '1777', '--size', String(layout.tmpBytes), '--tmpfs', '/tmp',
    '--hostname', 'sandbox', '--clearenv', '--setenv', 'PATH', '/usr/local/bin:/usr/bin:/bin',
    '--setenv', 'HOME', '/tmp', '--setenv', 'LANG', 'C.UTF-8', '--chdir', '/tmp',
  );
  const ro: { src: string; dest: string }[] = etcFiles().map((p) => ({ src: p, dest: p }));
  for (const p of new Set(layout.roBinds)) {
    if (p !== '/usr' && !p.startsWith('/usr/')) ro.push({ src: p, dest: hostPathInSandbox(p) });
  }
  ro.push(...layout.roMounts);
  // Directories bwrap creates on the way to a mount point are private to its (root) creator;
  // the sandbox uid must be able to traverse them (e.g. /root on the way to /root/.rustup).
  const parents = new Set<string>();
  for (const m of [...ro, ...layout.rwMounts]) {
    for (let d = dirname(m.dest); d !== '/' && d !== '.'; d = dirname(d)) parents.add(d);
  }
  for (const d of [...parents].sort((x, y) => x.split('/').length - y.split('/').length)) {
    if (d === '/usr' || d.startsWith('/usr/') || d === '/tmp') continue;
    a.push('--perms', '0755', '--dir', d);
  }
  for (const m of ro) a.push('--ro-bind', m.src, m.dest);
  for (const m of layout.rwMounts) a.push('--bind', m.src, m.dest);
  return a;
}
