// The sandbox engine: the library API (run one, run tests, run a batch, stream results) over a pool
// of worker slots with backpressure, and the compile step through the content-addressed cache.
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { AgentDied } from './agent-client.js';
import { hostPathInSandbox } from './bwrap.js';
import { DEFAULT_PREIMPORT, agentDir, defaultStateDir, remapCache } from './paths.js';
import { buildProofLib, buildPyFast, judgedInterpreter } from './pyfast.js';
import { sweepStaleCgroups } from './cgroup.js';
import { CompileCache, compileKey } from './compile-cache.js';
import { type HostReport, SANDBOX_UID, probeHost } from './host.js';
import { DESCRIPTORS, resolveLanguage } from './languages/index.js';
import type { LanguageDescriptor, Toolchain } from './languages/types.js';
import { BASE_ENV } from './languages/types.js';
import { JavaCdsBuilder } from './java-cds.js';
import { PchBuilder } from './pch.js';
import { JavaCompileServers } from './compilers/java-server.js';
import type { WarmCompile } from './compilers/server-pool.js';
import { TsCheckServers } from './compilers/ts-server.js';
import { COMPILE_LIMITS, DEFAULT_LIMITS, resolveLimits } from './limits.js';
import { manyEligible, runMany } from './run-many.js';
import { PROOF_DIR, Slot, type SlotConfig } from './slot.js';
import type { CompileInfo, Language, Limits, Submission, TestInput, Verdict } from './types.js';
import { LANGUAGES } from './types.js';
import { classify, compileError, sandboxError } from './verdict.js';
import { Cancelled, SlotScheduler } from './scheduler.js';

export { Cancelled };

const MiB = 1 << 20;

export interface SandboxOptions {
  /** worker slots (default: one per core) */
  slots?: number;
  /** run without bubblewrap (rlimits and seccomp only): for hosts that cannot sandbox */
  unsafeNoSandbox?: boolean;
  /** where build outputs and per-slot state live (default $RLCF_HOME or ~/.rlcf) */
  stateDir?: string;
  cacheMaxBytes?: number;
  /** size cap of each slot's private /tmp */
  tmpMb?: number;
  /** replace a slot's agent after this many tasks */
  recycleAfter?: number;
  /** requests an agent holds at once, the running one and those queued behind it (hides the round
   * trip; default 2) */
  pipelineDepth?: number;
  /** as many while a slot's run tasks are short (under 20 ms): the agent answers them in groups and
   * the engine wakes once per group (default 8) */
  shortTaskDepth?: number;
  /** modules the Python fork-server imports once so that tasks start warm */
  preimport?: string[];
  /** build and use the agent's C hot path (default true; false runs the same steps in Python) */
  pythonFastPath?: boolean;
  /** the only languages this sandbox will run (default: all): only their toolchains are looked up
   * and bound into the sandboxes, which saves a one-shot command the other lookups (~0.15 s) */
  languages?: Language[];
  /** compile through warm compiler processes where there is one (Java: compilers/java-server.ts;
   * TypeScript type-checks: compilers/ts-server.ts; default true; false: a compiler process per program, as before) */
  warmCompilers?: boolean;
}

/** How one run call's executions are scheduled among others waiting for a slot. */
export interface RunOptions {
  /** Waiting executions start highest-priority first (ties: first come, first served); read each
   * time a slot frees, so it may change while the execution waits (e.g. a learned cost estimate). */
  priority?: () => number;
  /** Abort: executions still waiting never start, running ones are killed, and the call rejects
   * with Cancelled (a client that went away: nobody would read the verdicts). */
  signal?: AbortSignal;
}

export { DEFAULT_PREIMPORT, defaultStateDir };

export class Sandbox {
  readonly slots: Slot[];
  readonly host: HostReport;
  readonly cache: CompileCache;
  readonly mode: 'bwrap' | 'none';
  private nextId = 1;
  private building = new Map<string, Promise<{ info: CompileInfo; dir: string | null; key: string }>>();
  private controls: string[] = [];
  private toolchains = new Map<string, Toolchain>();
  private readonly sched: SlotScheduler;
  private agentVm = 0;
  private readonly pch: PchBuilder;
  private readonly javaCds: JavaCdsBuilder;
  /** warm Java compilers (compilers/java-server.ts) */
  readonly javac: JavaCompileServers;
  /** warm TypeScript checkers (compilers/ts-server.ts) */
  readonly tscheck: TsCheckServers;
  executions = 0;

  private constructor(private readonly cfg: SlotConfig, n: number, cache: CompileCache) {
    this.host = cfg.host;
    this.mode = cfg.sandbox ? 'bwrap' : 'none';
    this.slots = Array.from({ length: n }, (_, i) => new Slot(i, cfg));
    this.cache = cache;
    this.sched = new SlotScheduler(this.slots);
    this.pch = new PchBuilder(this.slots[0].hostGocache, this.slots[0].paths.gocache,
      cfg.host.root && cfg.sandbox ? SANDBOX_UID : null);
    this.javaCds = new JavaCdsBuilder(join(this.slots[0].hostGocache, 'tools'), `${this.slots[0].paths.gocache}/tools`,
      cfg.host.root && cfg.sandbox ? SANDBOX_UID : null);
    this.javac = new JavaCompileServers({ bwrap: cfg.sandbox ? cfg.host.bwrap : null, root: cfg.host.root, uid: SANDBOX_UID,
      binds: cfg.binds, stateDir: cfg.stateDir, max: n, wallMs: COMPILE_LIMITS.wall_ms });
    this.tscheck = new TsCheckServers({ bwrap: cfg.sandbox ? cfg.host.bwrap : null, root: cfg.host.root, uid: SANDBOX_UID,
      binds: cfg.binds, stateDir: cfg.stateDir, max: n, wallMs: COMPILE_LIMITS.wall_ms, memoryBytes: COMPILE_LIMITS.memory_mb * MiB });
  }

  static async create(opts: SandboxOptions = {}): Promise<Sandbox> {
    const host = probeHost();
    const sandbox = !opts.unsafeNoSandbox;
    if (sandbox && !host.bwrapWorks) {
      throw new Error(`${host.bwrapError ?? 'sandbox unavailable'}.\nrlcf refuses to run untrusted code ` +
        'without isolation; fix the above (see `rlcf doctor`) or pass --unsafe-no-sandbox to accept the risk.');
    }
    const stateDir = opts.stateDir ?? defaultStateDir();
    const pyTc = DESCRIPTORS.python.discover();
    const py = pyTc.paths;
    const python = py.python;
    const pythonSite = JSON.parse(py.site ?? '[]') as string[];
    const binds: string[] = [];
    // the agents are Python programs: its toolchain is always bound
    for (const l of opts.languages ? new Set<Language>(['python', ...opts.languages]) : LANGUAGES) {
      try {
        binds.push(...DESCRIPTORS[l].discover().binds);
      } catch { /* missing toolchains are reported per submission and by `rlcf doctor` */ }
    }
    if (host.cgroups.version) sweepStaleCgroups(host.cgroups);
    const fast = opts.pythonFastPath === false ? { ok: false as const, reason: 'disabled (pythonFastPath: false)' }
      : buildPyFast(py, pyTc.version, agentDir(), stateDir);
    const cfg: SlotConfig = {
      sandbox, host, python, pythonSite, binds, agentDir: agentDir(), cacheDir: join(stateDir, 'cache'), stateDir,
      tmpBytes: (opts.tmpMb ?? 256) * MiB, recycleAfter: opts.recycleAfter ?? 5000,
      preimport: opts.preimport ?? DEFAULT_PREIMPORT, instance: randomBytes(3).toString('hex'),
      pyFast: fast, depth: Math.max(1, opts.pipelineDepth ?? 2), shortDepth: Math.max(1, opts.shortTaskDepth ?? 8),
      judgedPython: judgedInterpreter(python, stateDir), pythonHome: py.home ?? '',
      proofLibHost: buildProofLib(agentDir(), stateDir),
    };
    if ('dir' in cfg.proofLibHost) cfg.proofLib = join(sandbox ? PROOF_DIR : cfg.proofLibHost.dir, cfg.proofLibHost.file);
    const cache = new CompileCache(cfg.cacheDir, opts.cacheMaxBytes ?? 1024 * MiB);
    const sb = new Sandbox(cfg, opts.slots ?? availableParallelism(), cache);
    if (opts.languages) sb.only = new Set(opts.languages);
    if (opts.warmCompilers === false) {
      sb.javac.disable('warmCompilers: false');
      sb.tscheck.disable('warmCompilers: false');
    }
    const ready = await sb.slots[0].info();
    sb.agentVm = ready.vm_bytes;
    const missing = sandbox ? [...host.missing] : ['sandbox', 'network_isolation', ...(host.root ? ['unprivileged_uid'] : []),
      ...host.missing.filter((m) => m !== 'sandbox')];
    if (ready.seccomp !== 'ok') missing.push('seccomp');
    sb.controls = [...new Set(missing)];
    return sb;
  }

  /** Controls this host could not apply (also on every verdict). */
  get controlsMissing(): string[] {
    return this.controls;
  }

  /** Executions waiting for a slot now. */
  get queued(): number {
    return this.sched.queued;
  }

  /** Called with each execution's wait for a slot (ms), as it is handed to an agent. */
  get onWait(): SlotScheduler['onWait'] {
    return this.sched.onWait;
  }

  set onWait(f: SlotScheduler['onWait']) {
    this.sched.onWait = f;
  }

  /** SandboxOptions.languages */
  private only?: Set<Language>;

  private toolchain(d: LanguageDescriptor): Toolchain {
    if (this.only && !this.only.has(d.id)) {
      throw new Error(`this sandbox was opened for ${[...this.only].join(', ')} only, not ${d.id} (SandboxOptions.languages)`);
    }
    let tc = this.toolchains.get(d.id);
    if (!tc) {
      tc = d.discover();
      this.toolchains.set(d.id, tc);
    }
    return tc;
  }

  /** Toolchain paths as the sandbox sees them (see hostPathInSandbox). */
  private inSandbox(argv: string[]): string[] {
    return this.mode === 'bwrap' ? argv.map(hostPathInSandbox) : argv;
  }

  // ---- compile ---------------------------------------------------------------------------------

  /** quiet: a helper build (not a submission), left out of the cache's hit/miss figures */
  private compile(d: LanguageDescriptor, tc: Toolchain, file: string, source: string, sub: Submission, quiet = false,
    priority?: () => number): Promise<{ info: CompileInfo; dir: string | null; key: string }> {
    const spec = d.compile!(tc, file, sub);
    const key = compileKey([d.id, tc.version, file, source, sub.flags ?? [], sub.mode ?? 'run', !!sub.typecheck, spec.argv,
      spec.files ?? {}]);
    const hit = this.cache.get(key);
    if (hit && quiet) this.cache.hits--;
    const dirFor = (ok: boolean) => (ok && spec.artifacts.length ? `${this.slots[0].paths.cache}/${this.cache.nameOf(key)}` : null);
    if (hit) {
      return Promise.resolve({ info: { status: hit.ok ? 'cached' : 'error', ms: 0, ...(hit.ok ? {} : { message: hit.message }) },
        dir: dirFor(hit.ok), key });
    }
    let p = this.building.get(key);
    if (p) return p;
    if (d.id === 'cpp') this.pch.maybeStart(tc, (argv) => this.buildTool(argv));
    // Java and TypeScript type-checks through a warm compiler when it can take this compile
    // (compilers/java-server.ts, ts-server.ts); it answers null for anything unusual, and the
    // compile then runs as a compiler process
    const warm = d.id === 'java' && this.javac.eligible(sub.flags)
      ? this.javac.compile(tc, { ...spec.files, [file]: source }, [file, ...Object.keys(spec.files ?? {}).filter((f) => f.endsWith('.java'))],
        tc.paths.classpath ?? '')
      : d.id === 'typescript' && this.tscheck.eligible(tc, sub.flags) ? this.tscheck.check(tc, file, source)
        : Promise.resolve(null);
    p = warm.then((w) => (w ? this.cacheWarm(key, w, spec.artifacts, quiet, dirFor) : this.buildInAgent(d, tc, file, source, sub, key, quiet, priority)))
      .finally(() => this.building.delete(key));
    this.building.set(key, p);
    return p;
  }

  private cacheWarm(key: string, w: WarmCompile, artifacts: string[], quiet: boolean, dirFor: (ok: boolean) => string | null) {
    try {
      const entry = this.cache.put(key, w.hostDir, artifacts, w.ok, w.message, w.ms, w.verdictOfCompiler);
      if (quiet) this.cache.misses--;
      return {
        info: { status: entry.ok ? 'ok' : 'error', ms: Math.round(w.ms), ...(entry.ok ? {} : { message: entry.message }) } as CompileInfo,
        dir: dirFor(entry.ok), key,
      };
    } finally {
      rmSync(w.hostDir, { recursive: true, force: true });
    }
  }

  /** The compile as a process in a slot's build sandbox. */
  private buildInAgent(d: LanguageDescriptor, tc: Toolchain, file: string, source: string, sub: Submission, key: string, quiet: boolean,
    priority?: () => number): Promise<{ info: CompileInfo; dir: string | null; key: string }> {
    const spec = d.compile!(tc, file, sub);
    const dirFor = (ok: boolean) => (ok && spec.artifacts.length ? `${this.slots[0].paths.cache}/${this.cache.nameOf(key)}` : null);
    const L = COMPILE_LIMITS;
    const name = `${key}-${randomBytes(4).toString('hex')}`;
    return this.sched.submit('build', { memoryBytes: L.memory_mb * MiB, pids: L.pids }, (slot) => ({
      id: this.nextId++, kind: 'exec', argv: this.inSandbox(spec.argv).map((a) => remapCache(a, slot.paths.gocache)),
      env: Object.fromEntries(Object.entries(spec.env).map(([k, v]) => [k, remapCache(v, slot.paths.gocache)])),
      files: { ...spec.files, [file]: source },
      dir: `${slot.paths.build}/${name}`,
      limits: { wall_ms: L.wall_ms, output_bytes: L.output_bytes },
      rlimits: { cpu_s: Math.ceil(L.timeout_ms / 1000), fsize_bytes: L.fsize_mb * MiB, nofile: L.nofile },
    }), priority).then((res) => {
      const hostDir = join(res.slot.hostBuildDir, name);
      try {
        const ok = !res.error && res.exit_code === 0 && !res.wall_timeout && !res.output_limit;
        let message = `${res.stderr}${res.stdout ? `\n${res.stdout}` : ''}`.trim();
        if (res.error) message = res.error;
        else if (res.wall_timeout || res.signal === 24) message = `compilation exceeded its time limit\n${message}`.trim();
        else if (res.oomKilled) message = `compilation exceeded its memory limit\n${message}`.trim();
        // A failure is remembered only when it is the compiler's verdict on the source, not a
        // time-out on a loaded host or a sandbox that could not start the compiler.
        const verdictOfCompiler = !res.error && res.exit_code !== null && res.exit_code < 125 &&
          !res.wall_timeout && !res.oomKilled && !res.output_limit;
        const entry = this.cache.put(key, hostDir, spec.artifacts, ok, message, res.wall_ms, verdictOfCompiler);
        if (quiet) this.cache.misses--;
        return {
          info: { status: entry.ok ? 'ok' : 'error', ms: Math.round(res.wall_ms), ...(entry.ok ? {} : { message: entry.message }) } as CompileInfo,
          dir: dirFor(entry.ok), key,
        };
      } finally {
        rmSync(hostDir, { recursive: true, force: true });
      }
    });
  }

  /** A one-off build tool run in a build sandbox (the C++ PCH, Java's class-data archive). */
  private buildTool(argv: string[], files: Record<string, string> = {}) {
    const L = COMPILE_LIMITS;
    return this.sched.submit('build', { memoryBytes: L.memory_mb * MiB, pids: L.pids }, (slot) => ({
      id: this.nextId++, kind: 'exec', argv: this.inSandbox(argv).map((a) => remapCache(a, slot.paths.gocache)), env: { ...BASE_ENV }, files,
      limits: { wall_ms: L.wall_ms, output_bytes: L.output_bytes },
      rlimits: { cpu_s: Math.ceil(L.timeout_ms / 1000), fsize_bytes: L.fsize_mb * MiB, nofile: L.nofile },
    }));
  }

  // ---- run -------------------------------------------------------------------------------------

  /** Run one submission (its stdin, if any). */
  async run(sub: Submission, opts: RunOptions = {}): Promise<Verdict> {
    return (await this.runTests(sub, [{ stdin: sub.stdin, args: sub.args }], opts))[0];
  }

  /** Compile once, run against every input: one verdict per input, in order. */
  async runTests(sub: Submission, inputs: TestInput[], opts: RunOptions = {}): Promise<Verdict[]> {
    const base = { controls_missing: this.controls, sandbox: this.mode };
    let d: LanguageDescriptor;
    let tc: Toolchain;
    let limits: Limits;
    try {
      if (!sub || typeof sub.source !== 'string') throw new Error('submission.source must be a string');
      d = DESCRIPTORS[resolveLanguage(sub.language)];
      tc = this.toolchain(d);
      limits = resolveLimits(DEFAULT_LIMITS, d.defaults, sub.limits);
    } catch (e) {
      const v = sandboxError((e as Error).message, base);
      return inputs.map(() => v);
    }
    const file = d.fileName(sub);
    // a test program's completion proof (languages/types.ts ProofSpec), when the language has one
    const proof = sub.proof && d.proof && (d.proof.available ? d.proof.available(sub) : true) ? d.proof : undefined;
    if (sub.proof && !proof) sub = { ...sub, proof: undefined };
    if (proof?.source) sub = { ...sub, source: proof.source(sub.source) };
    let source = sub.source;
    let compile: CompileInfo | undefined;
    let artifactDir: string | null = null;
    try {
      if (d.transform) {
        const t0 = performance.now();
        source = d.transform(sub.source);
        compile = { status: 'ok', ms: Math.round((performance.now() - t0) * 100) / 100 };
      }
    } catch (e) {
      const v = compileError({ status: 'error', ms: 0, message: (e as Error).message }, base);
      return inputs.map(() => v);
    }
    // build outputs in use are pinned in the cache until the last execution that starts them
    const pinned: string[] = [];
    try {
      if (d.compile && (d.compileIf ? d.compileIf(sub) : true)) {
        try {
          const c = await this.compilePinned(d, tc, file, sub.source, sub, false, opts.priority, pinned);
          compile = c.info;
          artifactDir = c.dir;
        } catch (e) {
          const v = sandboxError(`compile step failed: ${(e as Error).message}`, base);
          return inputs.map(() => v);
        }
        if (compile.status === 'error') {
          const v = compileError(compile, base);
          return inputs.map(() => v);
        }
      }
      // several inputs in one process where the language offers it (Java): see run-many.ts
      const many = d.runMany && manyEligible(sub, inputs) ? await runMany({
        d, tc, file, source, sub, inputs, limits, artifactDir, compile, base,
        buildHelper: async (f, src) => (await this.compilePinned(d, tc, f, src, { language: d.id, source: src }, true, undefined, pinned)).dir,
        helperArchive: d.helperJvm
          ? (src) => this.javaCds.archive(tc, d.helperJvm!(tc), src, (argv, files) => this.buildTool(argv, files)) : undefined,
        send: (cg, req) => this.sched.submit('run', cg, () => ({ ...req, id: this.nextId++, argv: this.inSandbox(req.argv!) }), opts.priority,
          opts.signal),
        nprocPerTask: this.host.cgroups.pids ? undefined : this.slots.length,
      }) : [];
      this.executions += many.filter(Boolean).length;
      const one = (input: TestInput, i: number) => many[i] ??
        this.execute(d, tc, file, source, sub, input, limits, artifactDir, compile, opts.priority, opts.signal);
      // one input (every run() call): no Promise.all around it
      return inputs.length === 1 ? [await one(inputs[0], 0)] : await Promise.all(inputs.map(one));
    } finally {
      for (const k of pinned) this.cache.unpin(k);
    }
  }

  /** compile(), with the entry pinned (its key added to `pinned`); an entry evicted between the
   * compile and the pin (another build finished in between) is built again. */
  private async compilePinned(d: LanguageDescriptor, tc: Toolchain, file: string, source: string, sub: Submission,
    quiet: boolean, priority: (() => number) | undefined, pinned: string[]) {
    for (let attempt = 0; ; attempt++) {
      const c = await this.compile(d, tc, file, source, sub, quiet, priority);
      if (!c.dir) return c;
      this.cache.pin(c.key);
      if (this.cache.has(c.key) || attempt > 0) {
        pinned.push(c.key);
        return c;
      }
      this.cache.unpin(c.key);
    }
  }

  private async execute(d: LanguageDescriptor, tc: Toolchain, file: string, source: string, sub: Submission,
    input: TestInput, baseLimits: Limits, artifactDir: string | null, compile?: CompileInfo, priority?: () => number,
    signal?: AbortSignal): Promise<Verdict> {
    const base = { controls_missing: this.controls, sandbox: this.mode };
    let limits = baseLimits;
    try {
      if (input.limits) limits = resolveLimits(baseLimits, input.limits);
    } catch (e) {
      return sandboxError((e as Error).message, base);
    }
    const ctx = { file, artifactDir, source, sub: { ...sub, args: input.args ?? sub.args }, limits,
      ...(sub.proof && this.cfg.proofLib ? { proofLib: this.cfg.proofLib } : {}) };
    let spec = d.run(tc, ctx);
    if (sub.proof && spec.kind === 'exec' && d.proof?.run) {
      try {
        spec = d.proof.run(spec, ctx);
      } catch (e) {
        return sandboxError((e as Error).message, base);
      }
    }
    const memBytes = limits.memory_mb * MiB;
    const cg = { memoryBytes: memBytes, pids: limits.pids };
    const pidsByCgroup = this.host.cgroups.pids;
    try {
      const res = await this.sched.submit('run', cg, () => ({
        id: this.nextId++,
        kind: spec.kind,
        ...(spec.kind === 'python' ? { source: spec.source, args: input.args ?? sub.args, ...(spec.harness ? { harness: spec.harness } : {}) }
          : { argv: this.inSandbox(spec.argv) }),
        files: { ...sub.files, ...(spec.kind === 'exec' ? spec.files : {}) },
        env: spec.env,
        stdin: input.stdin,
        ...(sub.proof ? { fd3: sub.proof } : {}),
        limits: { wall_ms: limits.wall_ms, output_bytes: limits.output_bytes, cpu_ms: limits.timeout_ms },
        rlimits: {
          cpu_s: Math.ceil(limits.timeout_ms / 1000),
          as_bytes: d.rlimitAs ? memBytes + (spec.kind === 'python' ? this.agentVm : 0) : undefined,
          fsize_bytes: limits.fsize_mb * MiB,
          nofile: limits.nofile,
          // RLIMIT_NPROC counts every process of the sandbox uid on the host: a backstop only
          nproc: pidsByCgroup ? undefined : limits.pids * this.slots.length,
        },
      }), priority, signal);
      this.executions++;
      if (res.error) return sandboxError(res.error, { ...base, ...(compile ? { compile } : {}) });
      return classify({ res, limits, oomKilled: res.oomKilled, memoryErrors: d.memoryErrors, compile, ...base });
    } catch (e) {
      if (e instanceof Cancelled) throw e;
      return sandboxError(`sandbox failure: ${(e as Error).message}`, { ...base, ...(compile ? { compile } : {}) });
    }
  }

  /** Run many submissions at full parallelism; verdicts in input order. */
  async runBatch(subs: Iterable<Submission> | AsyncIterable<Submission>,
    onResult?: (index: number, v: Verdict) => void): Promise<Verdict[]> {
    const out: Verdict[] = [];
    for await (const r of this.stream(subs)) {
      out[r.index] = r.verdict;
      onResult?.(r.index, r.verdict);
    }
    return out;
  }

  /** Verdicts as they finish (completion order), pulling input lazily: at most `window`
   * submissions are in memory at once, so inputs of any size stream through. Finished runs wait in
   * a queue (one wake-up per run, rather than a race over every running one per result). */
  async *stream<S extends Submission>(subs: Iterable<S> | AsyncIterable<S>, window = this.slots.length * 8):
    AsyncGenerator<{ index: number; submission: S; verdict: Verdict }> {
    type Done = { index: number; submission: S; verdict: Verdict } | { error: unknown };
    const it = (Symbol.asyncIterator in subs ? (subs as AsyncIterable<S>)[Symbol.asyncIterator]()
      : (subs as Iterable<S>)[Symbol.iterator]()) as AsyncIterator<S> | Iterator<S>;
    const finished: Done[] = [];
    let wake: (() => void) | null = null;
    const settle = (d: Done) => {
      finished.push(d);
      const w = wake;
      wake = null;
      w?.();
    };
    let running = 0;
    let index = 0;
    let done = false;
    while (true) {
      while (!done && running < window) {
        const n = await it.next();
        if (n.done) {
          done = true;
          break;
        }
        const i = index++;
        const s = n.value;
        running++;
        this.run(s).then((verdict) => settle({ index: i, submission: s, verdict }), (error: unknown) => settle({ error }));
      }
      if (!running) return;
      if (!finished.length) await new Promise<void>((r) => { wake = r; });
      const r = finished.shift()!;
      running--;
      if ('error' in r) throw r.error;
      yield r;
    }
  }

  stats() {
    return { executions: this.executions, cache: { hits: this.cache.hits, misses: this.cache.misses, bytes: this.cache.totalBytes } };
  }

  /** One-time builds running in the background (the precompiled C++ header): a short-lived command
   * waits for them with settle() before close(), which would kill them. */
  get backgroundBuilds(): number {
    return this.pch.pending;
  }

  settle(): Promise<void> {
    return this.pch.settle();
  }

  /** Kill every agent and wait until all are reaped and their cgroups removed; executions still
   * waiting fail with a sandbox error. */
  async close(): Promise<void> {
    this.sched.rejectWaiting(new AgentDied('sandbox is closed', ''));
    await Promise.all([...this.slots.map((s) => s.close()), this.javac.close(), this.tscheck.close()]);
  }
}
