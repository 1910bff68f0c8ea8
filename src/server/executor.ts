// The executor behind every route: grade a completion against a task, run one program. The routes
// only see this interface, so a queue-backed fleet across machines (a later issue) replaces
// LocalExecutor without touching the wire protocols.
import type { Judgement, Task } from '../benchmarks/types.js';
import { TaskCosts } from '../judge/costs.js';
import type { JudgeOptions } from '../judge/index.js';
import { Cancelled, type RunOptions, type Sandbox } from '../sandbox/engine.js';
import type { Submission, TestInput, Verdict } from '../sandbox/types.js';

export interface ExecutorStats {
  /** executions started and not finished */
  in_flight: number;
  /** executions waiting for a worker slot (in flight beyond the slot count) */
  queue_depth: number;
  slots: number;
  executions: number;
}

export interface Executor {
  /** Judge already-sanitised `code` against `task`. Never throws for what the code does. */
  grade(task: Task, code: string, opts?: JudgeOptions): Promise<Judgement>;
  /** Run one program (the sandbox's verdict fields). */
  run(sub: Submission, opts?: RunOptions): Promise<Verdict>;
  /** One program against several inputs, compiled once. */
  runTests(sub: Submission, inputs: TestInput[], opts?: RunOptions): Promise<Verdict[]>;
  stats(): ExecutorStats;
  /** Optional: throw (Overloaded → 429, ExecutorClosed → 503) when `n` more items cannot be taken
   * now; called by the routes' admission before any item starts. */
  admit?(n: number): void;
  /** false while starting or shutting down */
  ready(): boolean;
  /** Stop accepting work; resolves when in-flight work has finished (then closes the workers). */
  drain(): Promise<void>;
  close(): Promise<void>;
}

/** Listener for finished executions (metrics, admission). seconds: from submission to result
 * (queueing included); service_s: the sandbox's own wall time for it (0 when it did not run). */
export type ExecutionListener = (e: { kind: 'grade' | 'run'; status: string; seconds: number; service_s: number; language: string }) => void;

/** The bookkeeping every executor keeps per execution (the local engine's and the fleet's): in
 * flight, executions, the listeners told of each finished one, and drain() waiting for the last. */
export class ExecutionLedger {
  inFlight = 0;
  executions = 0;
  draining = false;
  private idle: (() => void)[] = [];
  private listeners: ExecutionListener[] = [];

  onExecution(l: ExecutionListener): void {
    this.listeners.push(l);
  }

  /** Run `f` as one execution; `outcome` gives its status and the sandbox's wall time (ms). */
  async track<T>(kind: 'grade' | 'run', language: string, f: () => Promise<T>, outcome: (t: T) => [string, number]): Promise<T> {
    if (this.draining) throw new ExecutorClosed();
    this.inFlight++;
    const t0 = performance.now();
    let status = 'sandbox_error';
    let serviceMs = 0;
    try {
      const r = await f();
      [status, serviceMs] = outcome(r);
      return r;
    } catch (e) {
      if (e instanceof Cancelled) status = 'cancelled';
      throw e;
    } finally {
      this.inFlight--;
      this.executions++;
      const seconds = (performance.now() - t0) / 1000;
      for (const l of this.listeners) l({ kind, status, seconds, service_s: serviceMs / 1000, language });
      if (this.inFlight === 0) for (const w of this.idle.splice(0)) w();
    }
  }

  /** Stop taking executions; resolves when the in-flight ones have finished. */
  async drain(): Promise<void> {
    this.draining = true;
    if (this.inFlight > 0) await new Promise<void>((r) => this.idle.push(r));
  }
}

export class LocalExecutor implements Executor {
  private readonly ledger = new ExecutionLedger();
  /** what grading each task has cost so far, for longest-first scheduling */
  readonly costs = new TaskCosts();

  constructor(readonly sandbox: Sandbox, private ownsSandbox = false) {}

  onExecution(l: ExecutionListener): void {
    this.ledger.onExecution(l);
  }

  grade(task: Task, code: string, opts: JudgeOptions = {}): Promise<Judgement> {
    return this.ledger.track('grade', task.language, async () => {
      try {
        // tasks that have been slow before start first (see judge/costs.ts)
        return await this.costs.judge(this.sandbox, task, code, opts);
      } catch (e) {
        if (e instanceof Cancelled) throw e;
        // a task that cannot be judged (function tests outside Python...): a sandbox_error judgement
        const msg = (e as Error).message;
        return {
          passed: false, status: 'sandbox_error', result: `failed: sandbox error: ${msg}`, program: code, tests: [],
          passed_tests: 0, total_tests: 0, cpu_ms: 0, wall_ms: 0, compile_message: msg,
        } satisfies Judgement;
      }
    }, (j) => [j.status, j.wall_ms || 0]);
  }

  run(sub: Submission, opts: RunOptions = {}): Promise<Verdict> {
    return this.ledger.track('run', sub.language, () => this.sandbox.run(sub, opts), (v) => [v.status, v.wall_ms]);
  }

  runTests(sub: Submission, inputs: TestInput[], opts: RunOptions = {}): Promise<Verdict[]> {
    return this.ledger.track('run', sub.language, () => this.sandbox.runTests(sub, inputs, opts),
      (vs) => [vs.find((v) => v.status !== 'ok')?.status ?? 'ok', vs.reduce((a, v) => a + v.wall_ms, 0)]);
  }

  stats(): ExecutorStats {
    const slots = this.sandbox.slots.length;
    return { in_flight: this.ledger.inFlight, queue_depth: this.sandbox.queued, slots, executions: this.ledger.executions };
  }

  ready(): boolean {
    return !this.ledger.draining && this.sandbox.slots.length > 0;
  }

  drain(): Promise<void> {
    return this.ledger.drain();
  }

  async close(): Promise<void> {
    await this.drain();
    if (this.ownsSandbox) await this.sandbox.close();
  }
}

/** The client (token, or address) a request's abort signal belongs to (set by app.ts): executors
 * that share a queue among clients (src/fleet) schedule per client with it, without the routes
 * passing it along. */
export const signalClients = new WeakMap<AbortSignal, string>();
export function signalClient(signal: AbortSignal | undefined): string | undefined {
  return signal ? signalClients.get(signal) : undefined;
}

export class ExecutorClosed extends Error {
  constructor() {
    super('the server is shutting down');
  }
}
