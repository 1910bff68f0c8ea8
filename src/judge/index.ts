// The judge: (Task, sanitized completion) → Judgement, by the task's JudgeSpec kind.
//   assert   — one program run (src/judge/assert.ts)
//   stdio    — compile once, one run per case, output comparison or checker (src/judge/stdio.ts)
//   function — one Python harness run calling the entry point per case (src/judge/function.ts)
import type { Judgement, Task } from '../benchmarks/types.js';
import type { Sandbox } from '../sandbox/engine.js';
import { judgeAssert } from './assert.js';
import type { JudgeOptions } from './common.js';
import { judgeFunction } from './function.js';
import { judgeNextLine } from './next-line.js';
import { judgeStdio } from './stdio.js';

export type { JudgeOptions } from './common.js';
export { assertProgram } from './assert.js';
export { outputsMatch, valuesMatch } from './compare.js';
export { decodeValue, functionMatch, runFunctionHarness } from './function.js';
export { checkerSubmission } from './stdio.js';

/** Judge `code` (the already-sanitized completion) against `task`. Throws only for a task that
 * cannot be judged at all (e.g. function-call tests in a language other than Python); everything
 * the code does (compile errors, crashes, time-outs) is reported in the Judgement. */
export async function judge(sandbox: Sandbox, task: Task, code: string, opts: JudgeOptions = {}): Promise<Judgement> {
  const spec = task.judge;
  switch (spec.kind) {
    case 'assert': return judgeAssert(sandbox, task, spec, code, opts);
    case 'stdio': return judgeStdio(sandbox, task, spec, code, opts);
    case 'function': return judgeFunction(sandbox, task, spec, code, opts);
    case 'next_line': return judgeNextLine(task, spec, code);
    default: throw new Error(`task ${task.id}: unknown judge kind ${JSON.stringify((spec as { kind: unknown }).kind)}`);
  }
}

/** The task's reference solution judged like a completion (dataset self-check). */
export async function judgeReference(sandbox: Sandbox, task: Task, opts: JudgeOptions = {}): Promise<Judgement> {
  if (task.reference === undefined) throw new Error(`task ${task.id} has no reference solution`);
  return judge(sandbox, task, task.reference, opts);
}
