// EvalPlus (HumanEval+ / MBPP+): problems carry base_input and plus_input (lists of argument
// lists) and atol; the expected outputs are those of the reference solution, computed here by
// running it in the sandbox once and cached on disk under a hash of (solution, entry point, inputs).
// Floats are compared as EvalPlus does: allclose with rtol 1e-7, atol max(atol, 1e-6).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Sandbox, defaultStateDir } from '../sandbox/engine.js';
import { runFunctionHarness } from '../judge/function.js';
import type { FunctionCase, Task } from './types.js';
import { BenchmarkDataError, type Located, field, optField, readSource } from './io.js';
import { HUMANEVAL_STOP } from './humaneval.js';

export function evalplusCacheDir(): string {
  return join(defaultStateDir(), 'cache', 'evalplus-expected');
}

function inputs(r: Located, name: string, split: 'base' | 'plus'): FunctionCase[] {
  const v = name === 'base_input' ? field(r, name) : optField(r, name);
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new BenchmarkDataError(r.file, r.line, `field "${name}" must be a list of argument lists`);
  return v.map((args, i) => {
    if (!Array.isArray(args)) throw new BenchmarkDataError(r.file, r.line, `field "${name}"[${i}] must be a list of arguments`);
    return { args, split };
  });
}

export function evalplusTask(r: Located, benchmark?: string): Task {
  const id = field<string>(r, 'task_id', 'string');
  const mbpp = benchmark ? benchmark.startsWith('mbpp') : /^mbpp\//i.test(id);
  const entry = field<string>(r, 'entry_point', 'string');
  const prompt = field<string>(r, 'prompt', 'string');
  const reference = mbpp ? (optField<string>(r, 'canonical_solution') ?? field<string>(r, 'code', 'string')) : field<string>(r, 'canonical_solution', 'string');
  const atol = optField<number>(r, 'atol') ?? 0;
  if (typeof atol !== 'number') throw new BenchmarkDataError(r.file, r.line, 'field "atol" must be a number');
  return {
    id, benchmark: benchmark ?? (mbpp ? 'mbpp-plus' : 'humaneval-plus'), language: 'python',
    prompt, style: mbpp ? 'instruction' : 'completion', entry_point: entry,
    judge: { kind: 'function', fn_name: entry, cases: [...inputs(r, 'base_input', 'base'), ...inputs(r, 'plus_input', 'plus')], atol, rtol: 1e-7 },
    reference, ...(mbpp ? {} : { stop_tokens: [...HUMANEVAL_STOP] }),
    limits: { timeout_ms: 4000 },
    meta: { atol },
  };
}

function cacheKey(solution: string, fn: string, cases: FunctionCase[]): string {
  return createHash('sha256').update(JSON.stringify(['evalplus-expected-v1', fn, solution, cases.map((c) => c.args)])).digest('hex');
}

/** Fill in missing expected outputs of function tasks by running their reference solutions
 * (once per (solution, inputs): cached on disk in `cacheDir`). */
export async function ensureExpected(sb: Sandbox, tasks: Task[], cacheDir = evalplusCacheDir()): Promise<void> {
  const todo = tasks.filter((t) => t.judge.kind === 'function' && t.judge.cases.some((c) => c.expected === undefined));
  await Promise.all(todo.map(async (t) => {
    const spec = t.judge as Extract<Task['judge'], { kind: 'function' }>;
    if (t.reference === undefined) throw new Error(`task ${t.id}: expected outputs are missing and there is no reference solution to compute them`);
    // the reference as written for the prompt (a whole-program candidate judges the task as an
    // instruction: meta.reference_style keeps what the reference itself is, judge/grade.ts asWritten)
    const solution = (t.meta?.reference_style ?? t.style) === 'completion' ? t.prompt + t.reference : t.reference;
    const key = cacheKey(solution, spec.fn_name, spec.cases);
    const file = join(cacheDir, `${key}.json`);
    let values: unknown[] | undefined;
    if (existsSync(file)) {
      try {
        const v = JSON.parse(readFileSync(file, 'utf8'));
        if (Array.isArray(v) && v.length === spec.cases.length) values = v;
      } catch { /* a torn cache file: recompute */ }
    }
    if (!values) {
      const run = await runFunctionHarness(sb, solution, spec.fn_name, spec.cases, { caseMs: 20_000 });
      if (run.loadError) throw new Error(`task ${t.id}: the reference solution does not load: ${run.loadError}`);
      values = spec.cases.map((_c, i) => {
        const r = run.records[i];
        if (!r) throw new Error(`task ${t.id}: the reference solution did not finish input ${i} (${run.verdict.status}${run.verdict.stderr ? `: ${run.verdict.stderr.slice(-300)}` : ''})`);
        // a reference that raises on an input: only a candidate raising the same type matches
        return r.status === 'ok' ? r.value : { __raises__: r.exc ?? r.status };
      });
      mkdirSync(cacheDir, { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(values));
      renameSync(tmp, file);
    }
    spec.cases.forEach((c, i) => { c.expected = values![i]; });
  }));
}

/** HumanEvalPlus.jsonl(.gz) / MbppPlus.jsonl(.gz) (the EvalPlus release files). With a sandbox the
 * expected outputs are computed now (cached); without one, the judge computes them on first use. */
export async function loadEvalPlus(source: string, opts: { benchmark?: string; sandbox?: Sandbox; cacheDir?: string } = {}): Promise<Task[]> {
  const tasks = (await readSource(source)).map((r) => evalplusTask(r, opts.benchmark));
  if (opts.sandbox) await ensureExpected(opts.sandbox, tasks, opts.cacheDir);
  return tasks;
}
