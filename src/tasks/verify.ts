// Generation-time check by execution: every reference must pass its task's tests and every
// recorded wrong answer must fail them, judged by the one judge path (judge/grade.ts) in one
// concurrent batch over the sandbox's slots.
import type { Task } from '../benchmarks/types.js';
import { judge } from '../judge/index.js';
import { gradeCompletion } from '../judge/grade.js';
import type { Sandbox } from '../sandbox/engine.js';
import type { TaskRow } from './generate.js';
import { taskOfRow } from './load.js';

export interface VerifyProblem {
  id: string;
  language: string;
  /** 'reference' or the wrong answer's name */
  program: string;
  problem: string;
}

export interface VerifyReport {
  rows: number;
  programs: number;
  problems: VerifyProblem[];
  cpu_ms: number;
}

/** A task row as the judge sees it (the plain-task loader: the same path `--bench tasks:F` takes). */
export function rowTask(row: TaskRow): Task {
  return taskOfRow(row as unknown as Record<string, unknown>);
}

export async function verifyRows(sb: Sandbox, rows: TaskRow[], o: { wrong?: boolean } = {}): Promise<VerifyReport> {
  const jobs: { row: TaskRow; task: Task; program: string; code: string; expectPass: boolean }[] = [];
  for (const row of rows) {
    const task = rowTask(row);
    jobs.push({ row, task, program: 'reference', code: row.reference, expectPass: true });
    if (o.wrong !== false) for (const w of row.wrong) jobs.push({ row, task, program: w.name, code: w.source, expectPass: false });
  }
  const problems: VerifyProblem[] = [];
  let cpu = 0;
  await Promise.all(jobs.map(async (j) => {
    // wrong answers stop at their first failing case (runAll false): a time-out costs one case
    const g = await gradeCompletion((t, c, opts) => judge(sb, t, c, opts), j.task, j.code,
      { sanitize: false, runAll: j.expectPass });
    cpu += g.judgement.cpu_ms;
    if (g.judgement.passed !== j.expectPass) {
      const bad = g.judgement.tests.find((t) => !t.passed);
      problems.push({
        id: j.row.id, language: j.row.language, program: j.program,
        problem: j.expectPass
          ? `reference fails: ${g.judgement.status} ${(g.judgement.compile_message ?? bad?.message ?? '').slice(0, 400)} ${bad?.actual !== undefined ? `got ${JSON.stringify(bad.actual.slice(0, 120))} want ${JSON.stringify((bad.expected ?? '').slice(0, 120))}` : ''}`.trim()
          : 'wrong answer passes every test',
      });
    }
  }));
  return { rows: rows.length, programs: jobs.length, problems, cpu_ms: cpu };
}
