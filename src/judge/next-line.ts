// Next-line completion (RepoBench): nothing is executed. The completion's first non-comment line
// (RepoBench's run.py) is the prediction; exact match (whitespace tokens equal) decides `passed`,
// and the edit similarity (fuzz.ratio, 0..100) is the judgement's score.
import type { Judgement, Task } from '../benchmarks/types.js';
import { scoreNextLine } from '../tasks/repobench/metrics.js';
import { assemble, cap } from './common.js';

type NextLineSpec = Extract<Task['judge'], { kind: 'next_line' }>;

export function judgeNextLine(task: Task, spec: NextLineSpec, completion: string): Judgement {
  // RepoBench's run.py knows Python's comments and Java's; Go's are Java's (`//`, `/* */`)
  const s = scoreNextLine(completion, spec.next_line, task.language === 'python' ? 'python' : 'java');
  const j = assemble(s.pred, [{
    index: 0, passed: s.exact_match, status: s.exact_match ? 'ok' : 'wrong_answer',
    ...(s.exact_match ? {} : { message: `edit similarity ${s.edit_similarity}` }),
    expected: cap(spec.next_line, 1024), actual: cap(s.pred, 1024),
  }], 1);
  return { ...j, score: s.edit_similarity };
}
