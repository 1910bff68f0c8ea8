// One completion → sanitised code → judgement (judge/grade.ts, the path rlcf eval takes too) →
// reward. Shared by the native API and the adapters.
import type { Task, TestVerdict } from '../benchmarks/types.js';
import { type RewardSpec, reward } from '../judge/rewards.js';
import { gradeCompletion as gradeOne } from '../judge/grade.js';
import type { Limits } from '../sandbox/types.js';
import type { Executor } from './executor.js';

export interface GradeOptions {
  reward: RewardSpec;
  /** false = stop at the first failing test */
  runAll: boolean;
  limits?: Partial<Limits>;
  /** false = run the completion as given (no fence extraction, stop tokens...) */
  sanitize?: boolean;
  /** the request's: aborted when its client goes away (nothing more runs for it) */
  signal?: AbortSignal;
}

export interface GradedItem {
  id: string;
  /** the sanitised code that ran */
  code: string;
  sanitize_steps: string[];
  status: string;
  passed: boolean;
  result: string;
  reward: number;
  passed_tests: number;
  total_tests: number;
  tests: TestVerdict[];
  compile_message?: string;
  cpu_ms: number;
  wall_ms: number;
}

export async function gradeCompletion(ex: Executor, id: string, task: Task, completion: string, o: GradeOptions): Promise<GradedItem> {
  // the one grading path (judge/grade.ts): rlcf eval grades the same (task, completion) identically
  const g = await gradeOne((t, code, jo) => ex.grade(t, code, jo), task, completion,
    { runAll: o.runAll, ...(o.limits ? { limits: o.limits } : {}), ...(o.sanitize === false ? { sanitize: false } : {}),
      ...(o.signal ? { signal: o.signal } : {}) });
  const j = g.judgement;
  const r = reward({ status: j.status, passed: j.passed, passed_tests: j.passed_tests, total_tests: j.total_tests,
    tests: [...j.tests], no_code: g.no_code, format_error: g.format_error }, o.reward);
  return {
    id, code: g.code, sanitize_steps: g.sanitize_steps, status: j.status, passed: j.passed, result: j.result, reward: r,
    passed_tests: j.passed_tests, total_tests: j.total_tests, tests: [...j.tests],
    ...(j.compile_message ? { compile_message: j.compile_message } : {}),
    cpu_ms: j.cpu_ms, wall_ms: j.wall_ms,
  };
}
