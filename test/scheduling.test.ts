// Longest-expected-first scheduling: the engine's run priorities and the learned task costs behind
// the reward server's grading (src/judge/costs.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Task } from '../src/benchmarks/types.js';
import { TaskCosts, taskCostKey } from '../src/judge/costs.js';
import type { Sandbox } from '../src/sandbox/engine.js';
import { LocalExecutor } from '../src/server/executor.js';
import { makeSandbox } from './helpers.js';

describe('TaskCosts', () => {
  it('learns a moving average per task; an unseen task is expected to cost the mean of the seen', () => {
    const c = new TaskCosts(10, 0.5);
    expect(c.estimate('a')).toBe(0);
    c.observe('a', 100);
    c.observe('b', 10);
    expect(c.estimate('a')).toBe(100);
    c.observe('a', 50);
    expect(c.estimate('a')).toBe(75);
    expect(c.estimate('unseen')).toBe((75 + 10) / 2);
    c.observe('x', Number.NaN);
    c.observe('y', -1);
    expect(c.size).toBe(2);
  });
  it('forgets the least recently graded task beyond its bound, keeping the mean right', () => {
    const c = new TaskCosts(3, 1);
    for (const [k, v] of [['a', 1], ['b', 2], ['c', 3]] as const) c.observe(k, v);
    c.observe('a', 4); // a is now the most recent
    c.observe('d', 8); // b goes
    expect(c.size).toBe(3);
    expect(c.estimate('b')).toBe((4 + 3 + 8) / 3);
    expect(c.estimate('a')).toBe(4);
  });
  it('keys benchmark tasks by id and inline tasks by content', () => {
    const t = (over: Partial<Task>): Task => ({ id: 'x', benchmark: 'inline', language: 'python', prompt: '', style: 'instruction',
      judge: { kind: 'assert', include_prompt: false, tests: 'assert f() == 1' }, ...over });
    expect(taskCostKey(t({ id: '1' }))).toBe(taskCostKey(t({ id: '2' })));
    expect(taskCostKey(t({ judge: { kind: 'assert', include_prompt: false, tests: 'assert f() == 2' } }))).not.toBe(taskCostKey(t({})));
    const big = 'x'.repeat(5 << 20);
    const stdio = (last: string) => t({ judge: { kind: 'stdio', cases: [{ stdin: big, stdout: '1' }, { stdin: '2', stdout: last }] } });
    expect(taskCostKey(stdio('a'))).not.toBe(taskCostKey(stdio('b')));
    expect(taskCostKey(t({ benchmark: 'humaneval', id: 'HumanEval/1' }))).toBe('humaneval\u0000HumanEval/1\u0000python');
  });
});

describe('run priorities', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await makeSandbox({ slots: 1, pipelineDepth: 1, shortTaskDepth: 1 });
  });
  afterAll(async () => {
    await sb?.close();
  });

  it('waiting executions start highest priority first, ties in arrival order; priorities are read when a slot frees', async () => {
    const order: string[] = [];
    const run = (name: string, priority?: () => number) =>
      sb.run({ language: 'python', source: `import time\ntime.sleep(0.05)\nprint(${JSON.stringify(name)})` }, { priority })
        .then((v) => order.push(v.stdout.trim()));
    let late = 0;
    const all = [
      run('first'), // takes the only slot at once
      run('p1', () => 1), run('tie-a', () => 5), run('tie-b', () => 5), run('plain'), run('p9', () => 9),
      run('late', () => late),
    ];
    late = 7; // raised while waiting
    await Promise.all(all);
    expect(order).toEqual(['first', 'p9', 'late', 'tie-a', 'tie-b', 'p1', 'plain']);
  });
  it('a batch without priorities keeps first come, first served', async () => {
    const vs = await sb.runBatch(Array.from({ length: 6 }, (_, i) => ({ language: 'python' as const, source: `print(${i})` })));
    expect(vs.map((v) => v.stdout.trim())).toEqual(['0', '1', '2', '3', '4', '5']);
  });
  it('the executor learns what each task costs and starts the slow ones first next time', async () => {
    const ex = new LocalExecutor(sb);
    const task = (id: string, ms: number): Task => ({ id, benchmark: 'sched', language: 'python', prompt: '', style: 'instruction',
      judge: { kind: 'assert', include_prompt: false, tests: `import time\nt = time.process_time()\nwhile time.process_time() - t < ${ms / 1000}:\n    pass\nprint("${id}")` } });
    const tasks = [task('fast1', 5), task('fast2', 5), task('slow', 120), task('fast3', 5)];
    await Promise.all(tasks.map((t) => ex.grade(t, '')));
    expect(ex.costs.estimate(taskCostKey(tasks[2]))).toBeGreaterThan(ex.costs.estimate(taskCostKey(tasks[0])) * 3);
    const done: string[] = [];
    // one more plain task first, to hold the slot while the four queue up
    await Promise.all([ex.grade(task('hold', 30), ''), ...tasks.map((t) => ex.grade(t, '').then(() => done.push(t.id)))]);
    expect(done[0]).toBe('slow');
  });
});

describe('pipeline depth', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await makeSandbox({ slots: 1 });
  });
  afterAll(async () => {
    await sb?.close();
  });

  /** the most run requests the slot held at once while `sources` ran as one batch */
  async function deepest(sources: string[]): Promise<number> {
    const slot = sb.slots[0];
    let most = 0;
    let done = false;
    const batch = sb.runBatch(sources.map((source) => ({ language: 'python' as const, source }))).finally(() => {
      done = true;
    });
    while (!done) {
      most = Math.max(most, slot.inflight.run);
      await new Promise((r) => setImmediate(r));
    }
    const vs = await batch;
    expect(vs.every((v) => v.status === 'ok'), vs.map((v) => v.stderr).join('')).toBe(true);
    return most;
  }

  it('deep (shortTaskDepth) while the slot\'s run tasks are short, two deep once they take longer than a result may be held', async () => {
    await sb.runBatch(Array.from({ length: 5 }, () => ({ language: 'python' as const, source: 'pass' })));
    expect(await deepest(Array.from({ length: 40 }, (_, i) => `print(${i})`))).toBe(8);
    // slow tasks bring the moving average over 20 ms: then long tasks wait in the scheduler's queue,
    // where a slot that frees first could take them
    const slow = Array.from({ length: 8 }, () => 'import time\ntime.sleep(0.1)');
    await sb.runBatch(slow.map((source) => ({ language: 'python' as const, source })));
    expect(await deepest(slow)).toBe(2);
  });
});
