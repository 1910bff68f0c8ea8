// Node's side of one slot agent: spawns it inside its sandbox, sends framed JSON requests and
// matches the in-order JSON-line results. Requests may be pipelined: the agent reads the next one as
// soon as the current task finishes, so the round trip through Node is hidden behind execution. The
// frame ("<10-digit byte length>\n<json>") lets the agent read exactly one request and leave the
// next in the pipe, out of the memory its forked tasks inherit.
import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import type { PythonHarness } from './types.js';

export interface AgentRequest {
  id: number;
  kind: 'python' | 'exec';
  source?: string;
  /** a judged Python task (rlcf_harness.py) */
  harness?: PythonHarness;
  argv?: string[];
  env: Record<string, string>;
  files?: Record<string, string>;
  stdin?: string;
  /** run in (and keep) this directory instead of a fresh one that is removed afterwards */
  dir?: string;
  /** the task cgroup the child moves into (slot.ts fills it in) */
  cg?: number;
  /** exec tasks: what the program reads on descriptor 3 (a completion proof's secret) */
  fd3?: string;
  args?: string[];
  /** cpu_ms: the task's CPU limit, to the tick (RLIMIT_CPU counts whole seconds): the agent stops
   * the task once its process group has used it */
  limits: { wall_ms: number; output_bytes: number; cpu_ms?: number };
  rlimits: Record<string, number | undefined>;
}

export interface AgentResult {
  id: number | null;
  error?: string;
  exit_code: number | null;
  signal: number | null;
  stdout: string;
  stderr: string;
  stdout_truncated: boolean;
  stderr_truncated: boolean;
  output_limit: boolean;
  wall_timeout: boolean;
  /** the agent stopped the task at its CPU limit (limits.cpu_ms) */
  cpu_limit?: boolean;
  cpu_ms: number;
  wall_ms: number;
  memory_kb: number;
  runq_ms: number;
  memory_error: boolean;
}

export interface ReadyInfo {
  pid: number;
  /** virtual memory size of the agent (bytes): a forked Python task starts with this much */
  vm_bytes: number;
  uid: number;
  seccomp: string;
  python: string;
  /** the C hot path (rlcf_fast): 'on', or 'off: <why>' (the agent then runs the same steps in Python) */
  fast: string;
}

/** The memory allocator of an agent without the C hot path (which zeroes what the agent frees
 * itself, rlcf_fast.scrub_allocations): every allocation through glibc's malloc (no pymalloc arenas,
 * whose freed blocks keep their bytes), freed memory overwritten (the perturb byte; the thread cache
 * off, as glibc does not perturb what it caches), so that a forked task finds nothing of an earlier
 * request in the heap it inherits. (bwrap starts the agent with a clean environment: slot.ts passes
 * these.) Costs ~15% of a Python task's throughput, which is why the C path does it otherwise. */
export const FALLBACK_AGENT_ENV: Record<string, string> = {
  PYTHONMALLOC: 'malloc',
  GLIBC_TUNABLES: 'glibc.malloc.perturb=165:glibc.malloc.tcache_count=0',
};

interface Pending {
  req: AgentRequest;
  resolve: (r: AgentResult) => void;
  reject: (e: Error) => void;
}

/** One request as the agent reads it (agent.py read_frame): JSON, or binary for a plain task when
 * the agent has its C module (`binary`; without it the agent reads JSON only). */
export function frame(msg: object, binary = true): Buffer {
  const bin = binary && 'kind' in msg ? binaryFrame(msg as AgentRequest) : null;
  if (bin) return bin;
  const json = JSON.stringify(msg);
  const n = Buffer.byteLength(json, 'utf8');
  const out = Buffer.allocUnsafe(11 + n);
  out.write(`${String(n).padStart(10, '0')}\n`, 0, 'ascii');
  out.write(json, 11, 'utf8');
  return out;
}

/** The rlimits the binary frame carries, in its order: the agent learns the order from its config
 * (slot.ts), and maps the names to resources itself (agent/rlcf_limits.py frame_rlimits). */
export const BINARY_RLIMITS = ['cpu_s', 'as_bytes', 'fsize_bytes', 'nofile', 'nproc', 'stack_bytes'] as const;
/** Text UTF-8 can carry as is: no lone surrogate (JSON could carry one, as an escape). The one
 * home of the check (run-many.ts uses it too). */
export const wellFormed = (s: string): boolean => (s as string & { isWellFormed(): boolean }).isWellFormed();
const text = (x: unknown): x is string => typeof x === 'string' && wellFormed(x);
/** text that may go where C strings go */
const cstr = (x: unknown): x is string => text(x) && !x.includes('\0');
const TWO32 = 4294967296;
/** a safe integer as a little-endian int64 (BigInt-free: a BigInt per field cost ~0.1 µs each) */
function writeI64(b: Buffer, v: number, o: number): number {
  const hi = Math.floor(v / TWO32);
  b.writeUInt32LE(v - hi * TWO32, o);
  b.writeInt32LE(hi, o + 4);
  return o + 8;
}

/** A plain task (a Python program, or a program to exec, without files or a kept directory) as the
 * binary frame agent/rlcf_serve.c reads and runs without the agent's Python (its layout is
 * documented there); null when the task needs the JSON path: a judged task, files, a kept
 * directory, no environment, text that is not well-formed UTF-16 or holds a NUL where C strings go.
 * Built for every request on the engine's hot path: one pass over the strings, one buffer. */
export function binaryFrame(req: AgentRequest): Buffer | null {
  const python = req.kind === 'python';
  if ((!python && req.kind !== 'exec') || req.harness !== undefined || req.dir !== undefined) return null;
  if (req.files) for (const _ in req.files) return null;
  if (!Number.isSafeInteger(req.id) || (req.cg !== undefined && !Number.isInteger(req.cg))) return null;
  // every string of the frame in its order: env (name, value, ...), source, argv/args, stdin
  const strs: string[] = [];
  const env = req.env;
  if (env) {
    for (const k of Object.keys(env)) {
      const v = env[k];
      if (!cstr(k) || !cstr(v)) return null;
      strs.push(k, v);
    }
  }
  const nEnv = strs.length;
  // no environment: the agent's default (agent.py DEFAULT_ENV), which the JSON path applies
  if (nEnv === 0) return null;
  const list = python ? (req.args ?? []) : req.argv;
  if (!Array.isArray(list) || (!python && list.length === 0)) return null;
  if (python) {
    if (!text(req.source)) return null;
    strs.push(req.source);
  }
  for (const a of list) {
    if (!cstr(a)) return null;
    strs.push(a);
  }
  const stdin = req.stdin ?? '';
  if (!text(stdin)) return null;
  strs.push(stdin);
  const fd3 = !python && req.fd3 !== undefined && req.fd3 !== null ? req.fd3 : null;
  if (fd3 !== null && !text(fd3)) return null;
  // limits the agent would default (agent.py): left to it, through JSON
  const { wall_ms: wallMs, output_bytes: outBytes, cpu_ms: cpuMs } = req.limits ?? {};
  if (typeof wallMs !== 'number' || typeof outBytes !== 'number') return null;
  const lims: number[] = [];
  for (const k of BINARY_RLIMITS) {
    const v = req.rlimits?.[k];
    if (v === undefined || v === null) lims.push(-2);
    else if (Number.isSafeInteger(v) && v >= -1) lims.push(v);
    else return null;
  }
  const lens = new Array<number>(strs.length);
  let n = 1 + 8 + 1 + 4 + 8 * 3 + 8 * 6 + 4 + 4 + 4;
  for (let i = 0; i < strs.length; i++) {
    lens[i] = Buffer.byteLength(strs[i], 'utf8');
    n += 4 + lens[i] + 1;
  }
  const fd3Len = fd3 === null ? -1 : Buffer.byteLength(fd3, 'utf8');
  if (fd3 !== null) n += fd3Len + 1;
  if (n > 999_999_999) return null;
  const b = Buffer.allocUnsafe(11 + n);
  let o = b.write(`B${String(n).padStart(9, '0')}\n`, 0, 'latin1');
  o = b.writeUInt8(1, o);
  o = writeI64(b, req.id, o);
  o = b.writeUInt8(python ? 1 : 2, o);
  o = b.writeInt32LE(req.cg ?? -1, o);
  o = b.writeDoubleLE(wallMs, o);
  o = b.writeDoubleLE(outBytes, o);
  o = b.writeDoubleLE(cpuMs ?? 0, o); // 0: no CPU limit of its own
  for (const v of lims) o = writeI64(b, v, o);
  let k = 0; // the next of strs
  const str = () => {
    o = b.writeUInt32LE(lens[k], o);
    if (lens[k] > 0) o += b.write(strs[k], o, lens[k], 'utf8');
    k++;
    o = b.writeUInt8(0, o);
  };
  o = b.writeUInt32LE(nEnv, o);
  for (let i = 0; i < nEnv; i++) str();
  if (python) str();
  o = b.writeUInt32LE(list.length, o);
  for (let i = 0; i < list.length; i++) str();
  str(); // stdin
  o = b.writeInt32LE(fd3Len, o);
  if (fd3 !== null) {
    o += b.write(fd3, o, 'utf8');
    o = b.writeUInt8(0, o);
  }
  if (o !== b.length) throw new Error(`binary request frame: wrote ${o} of ${b.length} bytes`);
  return b;
}

export class AgentDied extends Error {
  /** notStarted: the request was still queued behind the task that was running: safe to retry */
  constructor(message: string, readonly stderr: string, readonly notStarted = false) {
    super(message);
  }
}

export class AgentProcess extends EventEmitter {
  private child!: ChildProcess;
  private pending: Pending[] = [];
  /** the start of a line whose end has not arrived yet, in the chunks it came in */
  private rest: Buffer[] = [];
  private errTail = '';
  dead = false;
  ready!: ReadyInfo;
  /** resolves when the agent's process has exited and been reaped */
  readonly exited: Promise<void>;
  private markExited!: () => void;

  /** extraFds: descriptors the agent gets as 3, 4, ... (its task cgroups' cgroup.procs); env: the
   * agent's own environment variables (without a sandbox; bwrap sets them inside one) */
  constructor(private readonly argv: string[], private readonly config: object, private readonly extraFds: number[] = [],
    private readonly env: Record<string, string> = {}) {
    super();
    this.exited = new Promise((r) => {
      this.markExited = r;
    });
  }

  get inflight(): number {
    return this.pending.length;
  }

  start(timeoutMs = 20000): Promise<ReadyInfo> {
    return new Promise((resolve, reject) => {
      const [cmd, ...args] = this.argv;
      this.child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe', ...this.extraFds], env: { PATH: '/usr/bin:/bin', ...this.env } });
      let started = false;
      const timer = setTimeout(() => {
        if (!started) {
          this.kill();
          reject(new AgentDied(`sandbox agent did not start within ${timeoutMs} ms`, this.errTail));
        }
      }, timeoutMs);
      this.child.stderr!.setEncoding('utf8');
      this.child.stderr!.on('data', (d: string) => {
        this.errTail = (this.errTail + d).slice(-4000);
      });
      this.child.stdin!.on('error', () => { /* reported through exit */ });
      // lines found in the bytes (a result is one line; a chunk holds any number of them, or part
      // of one, joined once its end arrives) and decoded one by one
      this.child.stdout!.on('data', (chunk: Buffer) => {
        let from = 0;
        let nl: number;
        while ((nl = chunk.indexOf(10, from)) >= 0) {
          let line: string;
          if (this.rest.length) {
            line = Buffer.concat([...this.rest, chunk.subarray(0, nl)]).toString('utf8');
            this.rest = [];
          } else {
            line = chunk.toString('utf8', from, nl);
          }
          from = nl + 1;
          if (!started) {
            started = true;
            clearTimeout(timer);
            try {
              const said = JSON.parse(line) as { ready?: ReadyInfo | null; error?: string };
              if (!said.ready) {
                // it refused to start (privileges it could not drop, a config it cannot follow)
                this.kill();
                reject(new AgentDied(`sandbox agent did not start: ${said.error ?? line.slice(0, 500)}`, this.errTail));
                continue;
              }
              this.ready = said.ready;
              resolve(this.ready);
            } catch {
              reject(new AgentDied(`sandbox agent said: ${line.slice(0, 500)}`, this.errTail));
            }
            continue;
          }
          const p = this.pending.shift();
          if (!p) continue;
          try {
            p.resolve(JSON.parse(line) as AgentResult);
          } catch (e) {
            p.reject(new Error(`unreadable agent result: ${(e as Error).message}`));
          }
        }
        if (from < chunk.length) this.rest.push(chunk.subarray(from));
      });
      this.child.on('error', (e) => {
        clearTimeout(timer);
        if (this.child.pid === undefined) this.markExited(); // never started: nothing to reap
        this.onDeath(`cannot start sandbox: ${e.message}`);
        if (!started) reject(new AgentDied(`cannot start sandbox (${cmd}): ${e.message}`, this.errTail));
      });
      this.child.on('exit', (code, sig) => {
        clearTimeout(timer);
        this.markExited();
        const why = `sandbox agent exited (${sig ?? `code ${code}`})`;
        this.onDeath(why);
        if (!started) reject(new AgentDied(`${why}: ${this.errTail.trim().slice(-1500)}`, this.errTail));
      });
      this.child.stdin!.write(frame(this.config));
    });
  }

  private onDeath(why: string): void {
    if (this.dead) return;
    this.dead = true;
    const pend = this.pending;
    this.pending = [];
    pend.forEach((p, i) => p.reject(new AgentDied(why, this.errTail, i > 0)));
    this.emit('death', why);
  }

  send(req: AgentRequest): Promise<AgentResult> {
    if (this.dead) return Promise.reject(new AgentDied('sandbox agent is not running', this.errTail));
    return new Promise((resolve, reject) => {
      this.pending.push({ req, resolve, reject });
      const stdin = this.child.stdin!;
      // requests sent in one turn of the event loop (a group of results answered, a batch begun)
      // leave in one write: the agent wakes once and reads them together (rlcf_input.c)
      if (!this.corked) {
        this.corked = true;
        stdin.cork();
        process.nextTick(this.uncork);
      }
      stdin.write(frame(req, this.ready?.fast === 'on'));
    });
  }

  private corked = false;
  private readonly uncork = (): void => {
    this.corked = false;
    this.child.stdin!.uncork();
  };

  get pid(): number | undefined {
    return this.child?.pid;
  }

  kill(): void {
    try {
      this.child?.kill('SIGKILL');
    } catch { /* gone */ }
  }

  /** Close stdin: the agent finishes the requests it has and exits. */
  end(): void {
    try {
      this.child?.stdin?.end();
    } catch { /* gone */ }
  }
}
