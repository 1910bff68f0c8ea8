// One completion → the code that runs → its judgement: the one path by which `rlcf eval`, the reward
// server (every wire protocol) and data synthesis grade a model's output, so that an eval score and
// an RL reward can never disagree on the same (task, completion, options).
import type { Judgement, Task } from '../benchmarks/types.js';
import type { JudgeOptions } from './common.js';
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

/** The code that will run and the task it runs against (pure: no execution). */
export function prepareCompletion(task: Task, completion: string, o: Pick<GradeCompletionOptions, 'sanitize' | 'selfContained'> = {}) {
  const s = o.sanitize === false
    ? { code: completion, steps: [] as string[], self_contained: task.style === 'instruction' }
    : sanitize(completion, task);
  const whole = s.self_contained || !!o.selfContained;
  const judged = whole && task.judge.kind === 'assert' && task.style === 'completion'
    ? { ...task, judge: { ...task.judge, include_prompt: false } } : task;
  const noCode = !s.code.trim();
  // instruction-style answers are expected in a fenced block; a bare answer is a format error
  const formatError = noCode || (task.style === 'instruction' && o.sanitize !== false && !s.steps.some((x) => x.startsWith('fence:')));
  return { code: s.code, sanitize_steps: s.steps, task: judged, no_code: noCode, format_error: formatError };
}

export async function gradeCompletion(judge: JudgeFn, task: Task, completion: string, o: GradeCompletionOptions = {}):
  Promise<GradedCompletion> {
  const p = prepareCompletion(task, completion, o);
  const { sanitize: _s, selfContained: _w, ...judgeOpts } = o;
  const judgement = await judge(p.task, p.code, judgeOpts);
  return { ...p, judgement };
}
