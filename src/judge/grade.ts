// One completion → the code that runs → its judgement: the one path by which `rlcf eval`, the reward
// server (every wire protocol) and data synthesis grade a model's output, so that an eval score and
// an RL reward can never disagree on the same (task, completion, options).
import type { Judgement, Task } from '../benchmarks/types.js';
import { type JudgeOptions, cap } from './common.js';
import { sanitize } from './sanitize.js';

export interface GradeCompletionOptions extends JudgeOptions {
  /** false: run the completion as given (no fence extraction, stop tokens...) */
  sanitize?: boolean;
  /** the completion is a whole program whatever its shape (EvalPlus's `solution` rows): the prompt
   * is not prepended */
  selfContained?: boolean;
}

export interface GradedCompletion {
  /** the code that ran */
  code: string;
  sanitize_steps: string[];
  /** the task as judged (a whole-program completion of a completion-style assert task is judged
   * without the prompt) */
  task: Task;
  judgement: Judgement;
  /** nothing to run was found in the completion (it is judged all the same, as a harness would
   * run it: an empty body fails its tests, an empty program does not compile) */
  no_code: boolean;
  /** an instruction-style answer without a fenced code block */
  format_error: boolean;
}

/** How a completion is judged once prepared: the sandbox (judge/index.ts), an executor, or a
 * caching wrapper of either. */
export type JudgeFn = (task: Task, code: string, opts: JudgeOptions) => Promise<Judgement>;

/** The task as the judge must see a whole program (an EvalPlus `solution`, a self-contained answer):
 * nothing of the prompt is prepended to it. (A function task's expected outputs still come from its
 * reference as written for the prompt: meta.reference_style, see benchmarks/evalplus.ts.) */
export function asWritten(task: Task): Task {
  if (task.judge.kind === 'assert') return task.judge.include_prompt ? { ...task, judge: { ...task.judge, include_prompt: false } } : task;
  if (task.judge.kind === 'function' && task.style === 'completion') {
    return { ...task, style: 'instruction', meta: { ...task.meta, reference_style: task.style } };
  }
  return task;
}

/** Each test's input (stdin, or the call's arguments; capped like expected outputs) on its verdict,
 * for `show --failures`, the viewer and repair feedback. */
export function withInputs(j: Judgement, task: Task): Judgement {
  const spec = task.judge;
  if (spec.kind === 'assert' || spec.kind === 'next_line') return j;
  return {
    ...j,
    tests: j.tests.map((t) => {
      const c = spec.cases[t.index];
      if (!c || t.input !== undefined) return t;
      return { ...t, input: 'stdin' in c ? { stdin: cap(c.stdin, 1024) } : { call: cap(JSON.stringify(c.args), 1024) } };
    }),
  };
}

/** The code that will run and the task it runs against (pure: no execution). */
export function prepareCompletion(task: Task, completion: string, o: Pick<GradeCompletionOptions, 'sanitize' | 'selfContained'> = {}) {
  // next-line tasks are scored on the raw completion, as RepoBench does (first non-comment line)
  const s = o.sanitize === false || task.judge.kind === 'next_line'
    ? { code: completion, steps: [] as string[], self_contained: task.style === 'instruction' }
    : sanitize(completion, task, { wholeProgram: !!o.selfContained });
  const whole = s.self_contained || !!o.selfContained;
  const judged = whole ? asWritten(task) : task;
  const noCode = !s.code.trim();
  // instruction-style answers are expected in a fenced block; a bare answer is a format error
  const formatError = noCode || (task.style === 'instruction' && o.sanitize !== false && !s.steps.some((x) => x.startsWith('fence:')));
  return { code: s.code, sanitize_steps: s.steps, task: judged, no_code: noCode, format_error: formatError };
}

export async function gradeCompletion(judge: JudgeFn, task: Task, completion: string, o: GradeCompletionOptions = {}):
  Promise<GradedCompletion> {
  const p = prepareCompletion(task, completion, o);
  const { sanitize: _s, selfContained: _w, ...judgeOpts } = o;
  const judgement = withInputs(await judge(p.task, p.code, judgeOpts), p.task);
  return { ...p, judgement };
}
