// Task selection for the loop's pools and code eval suites (one loader per dataset: benchmarks/),
// with a deterministic train / held-out split of task ids, and the decontamination index over
// every eval suite.
import { createHash } from 'node:crypto';
import { loadBenchmark } from '../benchmarks/index.js';
import { loadBuiltinProblems } from '../benchmarks/builtin.js';
import { loadPlainTasks } from '../benchmarks/plain.js';
import type { Task } from '../benchmarks/types.js';
import { DecontamIndex, buildIndex } from '../pipeline/decontam.js';
import type { LoopConfig, TaskSelector } from './config.js';

type Selection = Pick<TaskSelector, 'bench' | 'tasks' | 'languages' | 'split' | 'heldout_fraction' | 'split_seed' | 'offset' | 'limit'>;

/** A task id's side of the split: the same id (a problem in every language) is always on one side. */
export function isHeldOut(id: string, fraction: number, seed: string): boolean {
  const h = createHash('sha256').update(`${seed}:${id}`).digest();
  return h.readUInt32BE(0) / 2 ** 32 < fraction;
}

export async function selectTasks(s: Selection): Promise<Task[]> {
  let tasks = s.tasks ? await loadPlainTasks(s.tasks) : await loadBenchmark(s.bench!, { hub: false });
  if (s.languages?.length) tasks = tasks.filter((t) => s.languages!.includes(t.language));
  if (s.split) tasks = tasks.filter((t) => isHeldOut(t.id, s.heldout_fraction, s.split_seed) === (s.split === 'heldout'));
  if (s.offset || s.limit) tasks = tasks.slice(s.offset, s.limit ? s.offset + s.limit : undefined);
  if (!tasks.length) throw new Error(`no tasks selected by ${JSON.stringify(s)}`);
  return tasks;
}

/** Completion-style tasks with extra stop strings (the eval pipeline sends a task's stop tokens to
 * completion endpoints and applies them to what comes back). */
export function withStop(tasks: Task[], stop: string[] | undefined): Task[] {
  if (!stop?.length) return tasks;
  return tasks.map((t) => (t.style === 'completion' ? { ...t, stop_tokens: [...new Set([...(t.stop_tokens ?? []), ...stop])] } : t));
}

export async function poolTasks(c: LoopConfig): Promise<Task[]> {
  const out: Task[] = [];
  for (const s of c.tasks) out.push(...(await selectTasks(s)));
  return out;
}

/** Decontamination against every eval suite: code suites' own tasks (never the whole benchmark: a
 * held-out split must not flag the train split), breadth suites' items, and the configured benchmarks. Built-in tasks are
 * indexed by statement and solutions, without the per-language instruction that all of them share. */
export async function evalIndex(c: LoopConfig): Promise<DecontamIndex> {
  const o = { ngram: c.curation.ngram, minOverlap: c.curation.min_overlap };
  const ix = c.curation.against.length ? await buildIndex(c.curation.against, o) : new DecontamIndex(o);
  const builtin = new Map(loadBuiltinProblems().map((p) => [p.slug, p]));
  for (const s of c.eval) {
    if (s.kind === 'breadth') {
      // multiple-choice items: the question with the gold answer (a training row quoting them is contaminated)
      const { loadChoiceBenchmark } = await import('../benchmarks/choice.js');
      for (const it of await loadChoiceBenchmark(s.bench!)) ix.add(s.name, it.id, 'prompt', `${it.letter.question}\n${it.choices[it.gold] ?? ''}`);
      continue;
    }
    if (s.kind !== 'code') continue;
    for (const t of await selectTasks(s)) {
      const p = t.benchmark === 'builtin' ? builtin.get(t.id) : undefined;
      if (p) {
        ix.add(s.name, p.slug, 'prompt', p.statement);
        for (const src of Object.values(p.solutions)) ix.add(s.name, p.slug, 'solution', src);
      } else {
        ix.addTasks(s.name, [t]);
      }
    }
  }
  return ix;
}
