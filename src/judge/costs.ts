// What grading a task usually costs, learned from its judgements, for scheduling: a batch of
// gradings ends when its slowest item does, so among executions waiting for a slot the ones expected
// to take longest start first (longest-processing-time-first). Without it, a slow task that happens
// to sit near the end of a batch runs alone on one core while the others idle (measured on 256
// HumanEval items: 0.69 s in arrival order, 0.62 s longest-first).
import { createHash } from 'node:crypto';
import type { Judgement, Task } from '../benchmarks/types.js';
import type { Sandbox } from '../sandbox/engine.js';
import { type JudgeOptions, judge } from './index.js';

const SLICE = 4096;

/** A key per task: benchmark tasks by id; inline ones (every request builds a new object) by a
 * fingerprint of their content, cheap even for megabytes of test data. Collisions only blur an
 * estimate, never a verdict. */
export function taskCostKey(task: Task): string {
  if (task.benchmark !== 'inline') return `${task.benchmark}\u0000${task.id}\u0000${task.language}`;
  const h = createHash('sha1').update(task.language).update('\u0000').update(task.prompt.slice(0, SLICE));
  const s = task.judge;
  if (s.kind === 'assert') {
    h.update(s.tests.length > 16 * SLICE ? s.tests.slice(0, SLICE) + s.tests.slice(-SLICE) + s.tests.length : s.tests);
  } else if (s.kind === 'next_line') {
    h.update(`next_line:${s.next_line}`);
  } else {
    const cases = s.cases as unknown[];
    const edge = (c: unknown) => JSON.stringify(c).slice(0, SLICE);
    h.update(`${s.kind}:${cases.length}:`).update(cases.length ? edge(cases[0]) + edge(cases[cases.length - 1]) : '');
  }
  return `inline\u0000${h.digest('base64')}`;
}

export class TaskCosts {
  private readonly ms = new Map<string, number>();
  private total = 0;

  /** max: tasks remembered (least recently graded forgotten first); alpha: weight of the newest
   * observation in the moving average */
  constructor(private readonly max = 50_000, private readonly alpha = 0.5) {}

  get size(): number {
    return this.ms.size;
  }

  /** Expected CPU ms of grading the task; an unseen task is expected to cost what a seen one does
   * on average (not 0: unknown work is not assumed short, nor long enough to go before known slow
   * tasks). */
  estimate(key: string): number {
    const v = this.ms.get(key);
    if (v !== undefined) return v;
    return this.ms.size ? this.total / this.ms.size : 0;
  }

  /** judge(), with the task's expected cost as its priority, learning from the result (a sandbox
   * failure says nothing of the task). */
  async judge(sandbox: Sandbox, task: Task, code: string, opts: JudgeOptions = {}): Promise<Judgement> {
    const key = taskCostKey(task);
    const j = await judge(sandbox, task, code, { priority: () => this.estimate(key), ...opts });
    if (j.status !== 'sandbox_error') this.observe(key, j.cpu_ms);
    return j;
  }

  observe(key: string, cpuMs: number): void {
    if (!Number.isFinite(cpuMs) || cpuMs < 0) return;
    const old = this.ms.get(key);
    const v = old === undefined ? cpuMs : old + this.alpha * (cpuMs - old);
    if (old !== undefined) {
      this.total -= old;
      this.ms.delete(key); // re-inserted last: the map's order is least recently graded first
    }
    this.ms.set(key, v);
    this.total += v;
    while (this.ms.size > this.max) {
      const [k, x] = this.ms.entries().next().value as [string, number];
      this.ms.delete(k);
      this.total -= x;
    }
  }
}
