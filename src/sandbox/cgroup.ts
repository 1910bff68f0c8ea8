// Memory and pids control through cgroups, on v1 hosts (separate controller hierarchies) and v2
// hosts (one unified hierarchy). Per sandbox agent: one cgroup for the agent and, below it, a few
// task cgroups the agent's children move into (one per request the agent may hold: the running one
// and the pipelined ones), created once: creating a cgroup per execution costs up to 11 ms after
// idle here (RCU); moving into an existing one ~50 µs. A task in a cgroup of its own is charged for
// everything it makes, files in the slot's tmpfs included, and only that: it can never take the
// agent's memory, and a queued request's limits can be set while another task runs.
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface CgroupSupport {
  version: 'v1' | 'v2' | null;
  memory: boolean;
  pids: boolean;
  /** why a controller is missing, for `rlcf doctor` and verdicts */
  reason?: string;
  memoryRoot?: string;
  pidsRoot?: string;
  swapAccounting?: boolean;
}

function mounts(): { type: string; point: string; opts: string }[] {
  let text = '';
  try {
    text = readFileSync('/proc/self/mountinfo', 'utf8');
  } catch {
    return [];
  }
  const out: { type: string; point: string; opts: string }[] = [];
  for (const line of text.split('\n')) {
    const parts = line.split(' ');
    const sep = parts.indexOf('-');
    if (sep < 0) continue;
    out.push({ type: parts[sep + 1], point: parts[4], opts: parts[sep + 3] ?? '' });
  }
  return out;
}

function writable(dir: string): boolean {
  try {
    const probe = join(dir, `rlcf-probe-${process.pid}`);
    mkdirSync(probe);
    rmdirSync(probe);
    return true;
  } catch {
    return false;
  }
}

let cached: CgroupSupport | undefined;

export function detectCgroups(): CgroupSupport {
  if (cached) return cached;
  const ms = mounts();
  // v2 first, when it actually carries the controllers (hybrid hosts mount an empty v2 tree).
  for (const m of ms.filter((x) => x.type === 'cgroup2')) {
    let ctl = '';
    try {
      ctl = readFileSync(join(m.point, 'cgroup.controllers'), 'utf8');
    } catch {
      continue;
    }
    const has = new Set(ctl.trim().split(/\s+/));
    if (has.has('memory') && has.has('pids') && writable(m.point)) {
      return (cached = { version: 'v2', memory: true, pids: true, memoryRoot: m.point, pidsRoot: m.point,
        swapAccounting: true });
    }
  }
  const v1 = ms.filter((x) => x.type === 'cgroup');
  const mem = v1.find((x) => x.opts.split(',').includes('memory'));
  const pids = v1.find((x) => x.opts.split(',').includes('pids'));
  const memOk = !!mem && writable(mem.point);
  const pidsOk = !!pids && writable(pids.point);
  if (memOk || pidsOk) {
    const missing = [!memOk && 'memory', !pidsOk && 'pids'].filter(Boolean).join(', ');
    return (cached = {
      version: 'v1', memory: memOk, pids: pidsOk,
      memoryRoot: memOk ? mem!.point : undefined, pidsRoot: pidsOk ? pids!.point : undefined,
      swapAccounting: memOk && existsSync(join(mem!.point, 'memory.memsw.limit_in_bytes')),
      reason: missing ? `cgroup v1 controller(s) not writable: ${missing}` : undefined,
    });
  }
  return (cached = {
    version: null, memory: false, pids: false,
    reason: process.getuid?.() === 0
      ? 'no writable cgroup v1 memory/pids or v2 hierarchy with those controllers'
      : 'not root and no delegated cgroup: run as root (or with a delegated cgroup v2 subtree)',
  });
}

function tryWrite(path: string, value: string): boolean {
  try {
    writeFileSync(path, value);
    return true;
  } catch {
    return false;
  }
}

function readKey(path: string, key: string): number {
  try {
    const m = new RegExp(`^${key} (\\d+)$`, 'm').exec(readFileSync(path, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** Where one cgroup lives: a directory per controller hierarchy (v1) or one directory (v2). */
interface Dirs {
  mem?: string;
  pids?: string;
}

/** A sandbox agent's cgroups: the agent's own and `tasks` task cgroups (per controller hierarchy on
 * v1). The agent is not limited (it is rlcf's code, with bounded buffers); each task cgroup carries
 * the limits of the task that runs in it. */
export class AgentCgroup {
  /** every directory created, parents last (for removal) */
  readonly dirs: string[] = [];
  private agent: Dirs = {};
  private task: Dirs[] = [];
  private limits: { mem: number; pids: number }[] = [];

  constructor(readonly support: CgroupSupport, name: string, tasks: number) {
    const v2 = support.version === 'v2';
    const make = (d: string) => {
      mkdirSync(d, { recursive: true });
      return d;
    };
    if (v2) {
      const parent = join(support.memoryRoot!, 'rlcf');
      mkdirSync(parent, { recursive: true });
      tryWrite(join(support.memoryRoot!, 'cgroup.subtree_control'), '+memory +pids');
      tryWrite(join(parent, 'cgroup.subtree_control'), '+memory +pids');
      const top = make(join(parent, name));
      // no processes in an inner cgroup on v2: the agent gets a leaf of its own
      tryWrite(join(top, 'cgroup.subtree_control'), '+memory +pids');
      const a = make(join(top, 'agent'));
      this.agent = { mem: a, pids: a };
      for (let k = 0; k < tasks; k++) {
        const t = make(join(top, `t${k}`));
        tryWrite(join(t, 'memory.swap.max'), '0');
        tryWrite(join(t, 'memory.oom.group'), '1');
        this.task.push({ mem: t, pids: t });
        this.dirs.push(t);
      }
      this.dirs.push(a, top);
    } else {
      const roots: Dirs = {
        mem: support.memory ? make(join(support.memoryRoot!, 'rlcf', name)) : undefined,
        pids: support.pids ? make(join(support.pidsRoot!, 'rlcf', name)) : undefined,
      };
      this.agent = roots;
      for (let k = 0; k < tasks; k++) {
        const t: Dirs = {
          mem: roots.mem && make(join(roots.mem, `t${k}`)),
          pids: roots.pids && make(join(roots.pids, `t${k}`)),
        };
        this.task.push(t);
        this.dirs.push(...[t.mem, t.pids].filter((d): d is string => !!d));
      }
      this.dirs.push(...[roots.mem, roots.pids].filter((d): d is string => !!d));
    }
    this.limits = this.task.map(() => ({ mem: -1, pids: -1 }));
  }

  /** Files to write a pid into so that the process (before it execs the sandbox) joins the agent's cgroup. */
  get procsFiles(): string[] {
    return [this.agent.mem, this.agent.pids].filter((d, i, a): d is string => !!d && a.indexOf(d) === i)
      .map((d) => join(d, 'cgroup.procs'));
  }

  get taskCount(): number {
    return this.task.length;
  }

  /** Descriptors of task cgroup k's cgroup.procs files, opened here (as the engine's user): a child
   * of the agent writes "0" into each to move itself there; the kernel checks the permission of
   * the opener, so the unprivileged agent needs no access to the cgroup file system. */
  openTaskProcs(k: number): number[] {
    const t = this.task[k];
    return [t.mem, t.pids].filter((d, i, a): d is string => !!d && a.indexOf(d) === i)
      .map((d) => openSync(join(d, 'cgroup.procs'), 'w'));
  }

  /** Limits of task cgroup k (only what changed is written). */
  setTaskLimits(k: number, memBytes: number, pids: number): void {
    const t = this.task[k];
    const cur = this.limits[k];
    if (t.mem && memBytes !== cur.mem) {
      if (this.support.version === 'v2') {
        tryWrite(join(t.mem, 'memory.max'), String(memBytes));
      } else {
        // v1 requires memsw >= mem at every step: raise memsw first, lower mem first.
        const sw = this.support.swapAccounting;
        if (memBytes > cur.mem) {
          if (sw) tryWrite(join(t.mem, 'memory.memsw.limit_in_bytes'), String(memBytes));
          tryWrite(join(t.mem, 'memory.limit_in_bytes'), String(memBytes));
        } else {
          tryWrite(join(t.mem, 'memory.limit_in_bytes'), String(memBytes));
          if (sw) tryWrite(join(t.mem, 'memory.memsw.limit_in_bytes'), String(memBytes));
        }
      }
      cur.mem = memBytes;
    }
    if (t.pids && pids !== cur.pids) {
      tryWrite(join(t.pids, 'pids.max'), String(pids));
      cur.pids = pids;
    }
  }

  /** Count of OOM kills in task cgroup k so far; a task that died while this grew was killed for memory. */
  taskOomKills(k: number): number {
    const d = this.task[k]?.mem;
    if (!d) return 0;
    return this.support.version === 'v2'
      ? readKey(join(d, 'memory.events'), 'oom_kill')
      : readKey(join(d, 'memory.oom_control'), 'oom_kill');
  }

  /** Bytes charged to task cgroup k now (files a task left in tmpfs stay charged until removed). */
  taskUsage(k: number): number {
    const d = this.task[k]?.mem;
    if (!d) return 0;
    try {
      return Number(readFileSync(join(d, this.support.version === 'v2' ? 'memory.current' : 'memory.usage_in_bytes'), 'utf8').trim()) || 0;
    } catch {
      return 0;
    }
  }

  /** Kill every process in task cgroup k (a cancelled request's task). */
  killTask(k: number): void {
    const d = this.task[k]?.mem ?? this.task[k]?.pids;
    if (!d) return;
    if (this.support.version === 'v2') tryWrite(join(d, 'cgroup.kill'), '1');
    else killAll(d);
  }

  private removed?: Promise<void>;

  /** Kill whatever is still inside (the agent died or is being replaced) and remove the cgroups;
   * resolves once they are gone (a cgroup can be removed only when its last process has been
   * reaped: retried for up to ~2 s). */
  destroy(): Promise<void> {
    if (this.removed) return this.removed;
    for (const d of this.dirs) {
      if (this.support.version === 'v2') tryWrite(join(d, 'cgroup.kill'), '1');
      else killAll(d);
    }
    this.removed = (async () => {
      for (const d of this.dirs) await removeWhenEmpty(d, 100);
    })();
    return this.removed;
  }
}

/** Close descriptors opened by openTaskProcs once the agent holds its own copies. */
export function closeFds(fds: number[]): void {
  for (const fd of fds) {
    try {
      closeSync(fd);
    } catch { /* already closed */ }
  }
}

function killAll(dir: string): void {
  try {
    for (const p of readFileSync(join(dir, 'cgroup.procs'), 'utf8').split('\n')) {
      if (p) {
        try {
          process.kill(Number(p), 'SIGKILL');
        } catch { /* already gone */ }
      }
    }
  } catch { /* gone */ }
}

function removeLater(dir: string, tries = 50): void {
  try {
    rmdirSync(dir);
  } catch {
    if (tries > 0) setTimeout(() => removeLater(dir, tries - 1), 20).unref();
  }
}

/** rmdir, retried every 20 ms (processes still dying) up to `tries` times. */
async function removeWhenEmpty(dir: string, tries: number): Promise<void> {
  for (let i = 0; i < tries; i++) {
    try {
      rmdirSync(dir);
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      if (i % 10 === 9) killAll(dir);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

function subdirs(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => join(dir, e.name));
  } catch {
    return [];
  }
}

/** Remove cgroups left by rlcf processes that no longer exist (crashes, kill -9). */
export function sweepStaleCgroups(support: CgroupSupport): void {
  const roots = new Set([support.memoryRoot, support.pidsRoot].filter(Boolean) as string[]);
  for (const root of roots) {
    const parent = join(root, 'rlcf');
    let names: string[] = [];
    try {
      names = readdirSync(parent);
    } catch {
      continue;
    }
    for (const n of names) {
      const owner = Number(n.split('-')[0]);
      if (!owner || owner === process.pid) continue;
      try {
        process.kill(owner, 0);
        continue; // owner alive
      } catch { /* dead owner */ }
      const d = join(parent, n);
      const inner = subdirs(d);
      for (const x of [...inner, d]) {
        if (support.version === 'v2') tryWrite(join(x, 'cgroup.kill'), '1');
        else killAll(x);
      }
      for (const x of [...inner, d]) removeLater(x, 5);
    }
  }
}
