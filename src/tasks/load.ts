// The two benchmark specs of generated tasks (registered in benchmarks/index.ts):
//   tasks:<file.jsonl>                         rows written by `rlcf tasks gen`
//   procedural:<f1,f2,...|all>@<seed>[/<count>][?knob=v&...]   generated now, same rows as `tasks gen`
// Both become Tasks through the plain-task loader, so they are judged like every other benchmark.
import { BenchmarkDataError, readSource } from '../benchmarks/io.js';
import { plainTask } from '../benchmarks/plain.js';
import type { Task } from '../benchmarks/types.js';
import { FAMILIES, generateRows } from './index.js';
import type { TaskRow } from './generate.js';

export const PROCEDURAL_EXAMPLE = 'procedural:caesar-shift,grid-bfs@7/10?difficulty=2 (families: rlcf tasks families; "all" for every family)';

/** A row of rlcf's task format → Task (meta kept: family, shape, seed, knobs). */
export function taskOfRow(row: Record<string, unknown>, benchmark = 'tasks'): Task {
  const t = plainTask(row, benchmark);
  const meta = row.meta && typeof row.meta === 'object' && !Array.isArray(row.meta) ? (row.meta as Record<string, unknown>) : undefined;
  return meta ? { ...t, meta: { ...meta } } : t;
}

export async function loadTaskFile(file: string): Promise<Task[]> {
  return (await readSource(file)).map((r) => {
    try {
      return taskOfRow(r.row);
    } catch (e) {
      throw new BenchmarkDataError(r.file, r.line, (e as Error).message);
    }
  });
}

export interface ProceduralSpec {
  families: string[];
  seed: string;
  count: number;
  knobs: Record<string, number>;
}

/** Parse "<families>@<seed>[/<count>][?k=v&k=v]"; errors name the expected form. */
export function parseProcedural(spec: string): ProceduralSpec {
  const m = /^([^@]+)@([^/?]+)(?:\/(\d+))?(?:\?(.*))?$/.exec(spec.trim());
  if (!m) throw new Error(`procedural spec ${JSON.stringify(spec)}: expected <families>@<seed>[/<count>][?knob=value&...], e.g. ${PROCEDURAL_EXAMPLE}`);
  const names = m[1].split(',').map((s) => s.trim()).filter(Boolean);
  const families = names.length === 1 && names[0] === 'all' ? FAMILIES.map((f) => f.name) : names;
  const count = m[3] ? Number(m[3]) : 10;
  if (count < 1) throw new Error(`procedural spec ${JSON.stringify(spec)}: the count must be at least 1`);
  const knobs: Record<string, number> = {};
  for (const kv of (m[4] ?? '').split('&').filter(Boolean)) {
    const [k, v] = kv.split('=');
    if (!k || v === undefined || !/^-?\d+$/.test(v)) throw new Error(`procedural spec ${JSON.stringify(spec)}: knob ${JSON.stringify(kv)} must be name=integer`);
    knobs[k] = Number(v);
  }
  return { families, seed: m[2], count, knobs };
}

export function loadProcedural(spec: string): Task[] {
  const p = parseProcedural(spec);
  return generateRows(p).map((r: TaskRow) => taskOfRow(r as unknown as Record<string, unknown>));
}
