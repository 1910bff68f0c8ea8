// A worker slot: one long-lived agent for running programs (and one for compiling, started on
// first use), each in its own sandbox and cgroup, its tasks in task cgroups below it (cgroup.ts).
// Agents are recycled every N tasks and respawned when they die; the requests they still held fail
// with sandbox_error upstream.
import { chownSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AgentDied, AgentProcess, type AgentRequest, type AgentResult, BINARY_RLIMITS, FALLBACK_AGENT_ENV } from './agent-client.js';
import { bwrapArgs } from './bwrap.js';
import { AgentCgroup, closeFds } from './cgroup.js';
import { type HostReport, SANDBOX_UID } from './host.js';
import type { PyFast } from './pyfast.js';

export type AgentKind = 'run' | 'build';

/** Paths as the program sees them: fixed inside the sandbox, host paths without one. */
export interface SandboxPaths {
  cache: string;
  build: string;
  gocache: string;
  tmp: string;
  agent: string;
}

export interface SlotConfig {
  sandbox: boolean;
  host: HostReport;
  python: string;
  /** what `site` adds to sys.path (the agent runs with -S and adds these itself) */
  pythonSite: string[];
  /** toolchain prefixes to bind read-only */
  binds: string[];
  agentDir: string;
  cacheDir: string;
  stateDir: string;
  tmpBytes: number;
  recycleAfter: number;
  preimport: string[];
  /** the agent's C hot path: its host directory (mounted read-only) and file name, or why there is none */
  pyFast: PyFast;
  /** the unreadable interpreter copy judged tasks run in on the Python fallback (pyfast.ts), and the
   * interpreter's home (PYTHONHOME for it) */
  judgedPython: { dir: string; file: string } | { error: string };
  pythonHome: string;
  /** the completion proof library (pyfast.ts buildProofLib) on the host */
  proofLibHost: { dir: string; file: string } | { error: string };
  /** where run tasks see it (undefined: not built) */
  proofLib?: string;
  /** distinguishes the cgroups of several Sandboxes in one process */
  instance: string;
  /** requests an agent may hold at once (the running one and the pipelined ones): one task cgroup each */
  depth: number;
  /** how many a run agent may hold while its tasks are short (under HOLD_MS): it then answers them
   * in groups (agent/rlcf_input.c), and the engine wakes once per group */
  shortDepth: number;
}

/** A result the agent may hold back (and the tasks a slot counts as short): agent/rlcf_output.c hold */
export const HOLD_MS = 20;

export interface TaskCgroupLimits {
  memoryBytes: number;
  pids: number;
}

interface Live {
  proc: AgentProcess;
  cgroup?: AgentCgroup;
  tasks: number;
  /** OOM kills seen so far, per task cgroup */
  lastOom: number[];
  /** requests held by the agent (id → task cgroup), and those being killed (id → poller) */
  held: Map<number, number>;
  killing: Map<number, NodeJS.Timeout>;
  starting?: Promise<Live>;
}

/** where agents see the directory of their C hot path, and of the judged tasks' interpreter */
const FAST_DIR = '/rlcf-fast';
const JUDGED_DIR = '/rlcf-py';
export const PROOF_DIR = '/rlcf-proof';

const JOIN_CGROUP = 'while [ "$1" != "--" ]; do echo $$ > "$1" || exit 111; shift; done; shift; exec "$@"';

export function sandboxPaths(cfg: SlotConfig, index: number): SandboxPaths {
  if (cfg.sandbox) return { cache: '/cache', build: '/build', gocache: '/gocache', tmp: '/tmp', agent: '/rlcf' };
  const s = join(cfg.stateDir, 'unsafe', `slot-${index}`);
  return { cache: cfg.cacheDir, build: join(cfg.stateDir, 'build', `slot-${index}`),
    gocache: join(cfg.stateDir, 'gocache'), tmp: join(s, 'tmp'), agent: cfg.agentDir };
}

export class Slot {
  private live: Partial<Record<AgentKind, Live>> = {};
  /** agents being replaced: they finish the requests they hold */
  private retired = new Set<Live>();
  private starting: Partial<Record<AgentKind, Promise<Live>>> = {};
  private gen = 0;
  readonly paths: SandboxPaths;
  readonly hostBuildDir: string;
  readonly hostGocache: string;
  /** requests handed to an agent and not answered yet, per kind */
  readonly inflight: Record<AgentKind, number> = { run: 0, build: 0 };
  /** the wall time of this slot's recent run tasks (ms, moving average; long until one is seen) */
  private recentRunMs = Infinity;
  closed = false;

  constructor(readonly index: number, private readonly cfg: SlotConfig) {
    this.paths = sandboxPaths(cfg, index);
    this.hostBuildDir = join(cfg.stateDir, 'build', `slot-${index}`);
    this.hostGocache = join(cfg.stateDir, 'gocache');
    for (const d of [this.hostBuildDir, this.hostGocache]) {
      mkdirSync(d, { recursive: true, mode: 0o700 });
      if (cfg.host.root && cfg.sandbox) chownSync(d, SANDBOX_UID, SANDBOX_UID);
    }
  }

  async exec(kind: AgentKind, req: AgentRequest, cg: TaskCgroupLimits): Promise<AgentResult & { oomKilled: boolean }> {
    this.inflight[kind]++;
    try {
      // a live agent is used at once (no await: one microtask less per request on the hot path)
      const a = this.current(kind) ?? await this.agent(kind);
      // requests are answered in order and at most `held(kind)` are held: task cgroup k is free again
      // when the request that used it k + held(kind) requests ago has been answered
      const k = a.tasks % this.held(kind);
      a.cgroup?.setTaskLimits(k, cg.memoryBytes, cg.pids);
      a.tasks++;
      if (a.cgroup) req.cg = k; // the request is the scheduler's fresh object (make()), not the caller's
      const pending = a.proc.send(req);
      a.held.set(req.id, k);
      if (a.tasks >= this.cfg.recycleAfter) this.retire(kind, a);
      let res: AgentResult & { oomKilled?: boolean };
      try {
        res = await pending;
      } finally {
        a.held.delete(req.id);
        const t = a.killing.get(req.id);
        if (t) clearInterval(t);
        a.killing.delete(req.id);
      }
      let oomKilled = false;
      // The OOM counter is only read for tasks that failed (a read costs tens of µs per task).
      if (a.cgroup && (res.exit_code !== 0 || res.signal !== null)) {
        const n = a.cgroup.taskOomKills(k);
        oomKilled = n > a.lastOom[k];
        a.lastOom[k] = n;
      }
      if (kind === 'run') {
        const ms = res.wall_ms ?? 0;
        this.recentRunMs = this.recentRunMs === Infinity ? ms : 0.7 * this.recentRunMs + 0.3 * ms;
      }
      res.oomKilled = oomKilled; // a fresh object, parsed from the agent's line: no copy
      return res as AgentResult & { oomKilled: boolean };
    } finally {
      this.inflight[kind]--;
    }
  }

  /** Kill a request the agent holds: whatever runs in its task cgroup, now and (it may still be
   * waiting behind the running one) every few ms until its result comes back. Without cgroups the
   * request runs to its end; the caller discards the result. */
  cancel(kind: AgentKind, id: number): void {
    for (const a of [this.live[kind], ...this.retired]) {
      const k = a?.held.get(id);
      if (a === undefined || k === undefined || !a.cgroup || a.killing.has(id)) continue;
      const cg = a.cgroup;
      cg.killTask(k);
      const t = setInterval(() => cg.killTask(k), 3);
      t.unref();
      a.killing.set(id, t);
    }
  }

  private retire(kind: AgentKind, a: Live): void {
    if (this.live[kind] === a) delete this.live[kind];
    this.retired.add(a);
    a.proc.end(); // finishes what it holds, then exits; its cgroup goes with it
  }

  /** How many requests of a kind the scheduler may hand this slot now. Deep only for short run
   * tasks: the results of those come back in groups; a long task gains nothing from waiting
   * requests, and each one committed here could have started on a slot that frees first. */
  limit(kind: AgentKind): number {
    return kind === 'run' && this.recentRunMs < HOLD_MS ? this.held(kind) : this.cfg.depth;
  }

  /** the most requests an agent of this kind holds: one task cgroup each */
  private held(kind: AgentKind): number {
    return kind === 'run' ? Math.max(this.cfg.depth, this.cfg.shortDepth) : this.cfg.depth;
  }

  /** the running agent of this kind, if there is one */
  private current(kind: AgentKind): Live | undefined {
    const cur = this.live[kind];
    return cur && !cur.proc.dead ? cur : undefined;
  }

  private agent(kind: AgentKind): Promise<Live> {
    const cur = this.current(kind);
    if (cur) return Promise.resolve(cur);
    if (this.closed) return Promise.reject(new AgentDied('sandbox is closed', ''));
    return (this.starting[kind] ??= this.spawn(kind).finally(() => {
      delete this.starting[kind];
    }));
  }

  private async spawn(kind: AgentKind): Promise<Live> {
    const cfg = this.cfg;
    const gen = ++this.gen;
    let cgroup: AgentCgroup | undefined;
    const cg = cfg.host.cgroups;
    if (cg.memory || cg.pids) {
      cgroup = new AgentCgroup(cg, `${process.pid}-${this.cfg.instance}-${this.index}-${kind}-${gen}`, this.held(kind));
    }
    const p = this.paths;
    // -s -S -P rather than -I: isolated mode also ignores PYTHON* variables, and the agent needs
    // PYTHONMALLOC (AGENT_ENV); its environment is otherwise empty (bwrap --clearenv)
    const python = [cfg.python, '-s', '-S', '-P', '-B', join(p.agent, 'agent.py')];
    let argv: string[];
    // LD_BIND_NOW: every library symbol resolved when the agent loads, once, rather than in each
    // forked task that first calls it (a lazy binding writes the task's copy of the GOT: a page
    // copy and a symbol lookup per task, lost with it)
    const agentEnv = { LD_BIND_NOW: '1', ...(cfg.pyFast.ok ? {} : FALLBACK_AGENT_ENV) };
    if (cfg.sandbox) {
      const rw = kind === 'build'
        ? [{ src: this.hostBuildDir, dest: p.build }, { src: this.hostGocache, dest: p.gocache }]
        : [];
      // the agent's C hot path read-only; run sandboxes also see the build cache's tools (java-cds.ts)
      // read-only, at the path builds see it
      const ro = [{ src: cfg.agentDir, dest: p.agent }, ...(cfg.pyFast.ok ? [{ src: cfg.pyFast.dir, dest: FAST_DIR }] : []),
        ...('dir' in cfg.judgedPython ? [{ src: cfg.judgedPython.dir, dest: JUDGED_DIR }] : []),
        ...(kind === 'run' && 'dir' in cfg.proofLibHost ? [{ src: cfg.proofLibHost.dir, dest: PROOF_DIR }] : []),
        ...(kind === 'run' ? [{ src: cfg.cacheDir, dest: p.cache }, { src: join(this.hostGocache, 'tools'), dest: `${p.gocache}/tools` }] : [])];
      argv = [cfg.host.bwrap!, ...bwrapArgs({ roBinds: cfg.binds, roMounts: ro, rwMounts: rw, tmpBytes: cfg.tmpBytes },
        { asRoot: cfg.host.root }), ...Object.entries(agentEnv).flatMap(([k, v]) => ['--setenv', k, v]), '--', ...python];
    } else {
      mkdirSync(p.tmp, { recursive: true });
      argv = python;
    }
    if (cgroup) argv = ['/bin/sh', '-c', JOIN_CGROUP, 'sh', ...cgroup.procsFiles, '--', ...argv];
    // the task cgroups' cgroup.procs, open for writing, as the agent's descriptors 3, 4, ...
    let taskFds: number[][] = [];
    try {
      taskFds = cgroup ? Array.from({ length: cgroup.taskCount }, (_, k) => cgroup!.openTaskProcs(k)) : [];
    } catch (e) {
      closeFds(taskFds.flat());
      cgroup?.destroy();
      throw new AgentDied(`cannot open the task cgroups: ${(e as Error).message}`, '');
    }
    let next = 3;
    const cgroupFds = taskFds.map((fds) => fds.map(() => next++));
    const proc = new AgentProcess(argv, {
      workdir: p.tmp,
      own_pidns: cfg.sandbox,
      preimport: kind === 'run' ? cfg.preimport : [],
      site_paths: cfg.pythonSite,
      fast_module: cfg.pyFast.ok ? join(cfg.sandbox ? FAST_DIR : cfg.pyFast.dir, cfg.pyFast.file) : null,
      fast_off: cfg.pyFast.ok ? null : cfg.pyFast.reason,
      judged_python: 'dir' in cfg.judgedPython ? join(cfg.sandbox ? JUDGED_DIR : cfg.judgedPython.dir, cfg.judgedPython.file) : null,
      python_home: cfg.pythonHome,
      seccomp: true,
      // root: bwrap ran privileged, the agent drops to the sandbox uid itself (first thing it does);
      // without a sandbox the agent runs as the caller (toolchains under /root stay reachable)
      drop_to: cfg.host.root && cfg.sandbox ? SANDBOX_UID : null,
      cgroup_fds: cgroupFds,
      binary_rlimits: BINARY_RLIMITS,
      // results held back while more requests wait: as many as this agent may hold, for HOLD_MS
      hold_results: [this.held(kind), HOLD_MS],
    }, taskFds.flat(), cfg.sandbox ? {} : agentEnv);
    try {
      await proc.start();
    } catch (e) {
      cgroup?.destroy();
      throw e;
    } finally {
      closeFds(taskFds.flat()); // the agent holds its own copies
    }
    const live: Live = { proc, cgroup, tasks: 0, lastOom: taskFds.map((_, k) => cgroup!.taskOomKills(k)), held: new Map(),
      killing: new Map() };
    proc.on('death', () => {
      if (this.live[kind] === live) delete this.live[kind];
      this.retired.delete(live);
      for (const t of live.killing.values()) clearInterval(t);
      cgroup?.destroy();
    });
    if (this.closed) {
      proc.kill();
      await proc.exited;
      await cgroup?.destroy();
      throw new AgentDied('sandbox is closed', '');
    }
    this.live[kind] = live;
    return live;
  }

  /** Information from the run agent (starting it if needed): uid, seccomp state. */
  async info(): Promise<AgentProcess['ready']> {
    return (await this.agent('run')).proc.ready;
  }

  /** Stop every agent (the ones being replaced too) and wait until each has been reaped and its
   * cgroups are gone: nothing of the slot outlives the call. An agent is told to stop (its stdin
   * closed) and the tasks it runs are killed through their cgroups, so that it exits by itself and
   * the whole chain (bwrap, its init, the agent) unwinds and is reaped in order; killing bwrap
   * first would leave the processes below it to the host's init, unreaped for a while. SIGKILL
   * only for an agent that has not exited within 3 s. */
  async close(): Promise<void> {
    this.closed = true;
    const all = [...Object.values(this.live), ...this.retired].filter((a): a is Live => !!a);
    this.live = {};
    const wait = (p: Promise<void>, ms: number) => Promise.race([p.then(() => true),
      new Promise<boolean>((r) => setTimeout(() => r(false), ms).unref())]);
    await Promise.all(all.map(async (a) => {
      a.proc.end();
      const kill = () => {
        for (let k = 0; k < (a.cgroup?.taskCount ?? 0); k++) a.cgroup!.killTask(k);
      };
      kill();
      const t = setInterval(kill, 10);
      try {
        if (!(await wait(a.proc.exited, 3000))) {
          a.proc.kill();
          await wait(a.proc.exited, 5000);
        }
      } finally {
        clearInterval(t);
      }
      await a.cgroup?.destroy();
    }));
    // agents still starting: they see `closed` and kill themselves; wait for those too
    await Promise.all(Object.values(this.starting).map((p) => p?.catch(() => undefined)));
  }
}
