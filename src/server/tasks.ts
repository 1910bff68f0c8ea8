// Tasks as the wire carries them → judge Tasks: inline specs (an assert program, function-call
// cases, stdin/stdout cases, or the APPS/verl `{inputs, outputs, fn_name?}` ground truth) and
// references to loaded benchmark tasks. Every problem is a BadRequest naming the field.
import type { FunctionCase, JudgeSpec, StdioCase, Task } from '../benchmarks/types.js';
import type { Language, Limits } from '../sandbox/types.js';
import { acceptedLanguages, languageOf } from '../sandbox/languages/index.js';

export class BadRequest extends Error {
  constructor(readonly field: string, message: string, readonly statusCode = 400) {
    super(`${field}: ${message}`);
  }
}

/** A language name as peers spell it → ours, or undefined (the descriptors' one alias table). */
export { languageOf };

export function requireLanguage(name: unknown, field: string): Language {
  const l = languageOf(name);
  if (!l) throw new BadRequest(field, `unknown language ${JSON.stringify(name)}; ${acceptedLanguages()}`);
  return l;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function str(v: unknown, field: string, optional = false): string | undefined {
  if (v === undefined || v === null) {
    if (optional) return undefined;
    throw new BadRequest(field, 'is required');
  }
  if (typeof v !== 'string') throw new BadRequest(field, `must be a string, got ${Array.isArray(v) ? 'array' : typeof v}`);
  return v;
}

function arr(v: unknown, field: string): unknown[] {
  if (!Array.isArray(v)) throw new BadRequest(field, v === undefined ? 'is required' : 'must be an array');
  return v;
}

/** Per-test limits from the wire ({timeout_ms, memory_mb}); bounded so a request cannot hog the host. */
export function parseLimits(v: unknown, field: string): Partial<Limits> | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isObj(v)) throw new BadRequest(field, 'must be an object {timeout_ms?, memory_mb?}');
  const out: Partial<Limits> = {};
  const num = (k: 'timeout_ms' | 'memory_mb', max: number) => {
    const x = v[k];
    if (x === undefined) return;
    if (typeof x !== 'number' || !Number.isFinite(x) || x <= 0) throw new BadRequest(`${field}.${k}`, 'must be a positive number');
    if (x > max) throw new BadRequest(`${field}.${k}`, `must be at most ${max}`);
    out[k] = x;
  };
  num('timeout_ms', 60_000);
  num('memory_mb', 4096);
  return out;
}

/** verl/APPS ground truth `{inputs, outputs, fn_name?}` → a JudgeSpec. With fn_name, an input is a
 * list of arguments or a string of JSON lines (one argument per line, as verl sends stdin). */
export function appsSpec(gt: Record<string, unknown>, field: string): { spec: JudgeSpec; wrapped: boolean } {
  if (Array.isArray(gt.assert_case) && gt.inputs === undefined) {
    const asserts = gt.assert_case.map((a, i) => str(a, `${field}.assert_case[${i}]`)!);
    return { spec: { kind: 'assert', tests: asserts.join('\n'), include_prompt: false }, wrapped: false };
  }
  const inputs = arr(gt.inputs, `${field}.inputs`);
  const outputs = arr(gt.outputs, `${field}.outputs`);
  if (inputs.length !== outputs.length) throw new BadRequest(`${field}.outputs`, `has ${outputs.length} entries for ${inputs.length} inputs`);
  const fn = str(gt.fn_name, `${field}.fn_name`, true);
  if (fn) {
    const cases: FunctionCase[] = inputs.map((inp, i) => {
      let args: unknown[];
      if (Array.isArray(inp)) args = inp;
      else if (typeof inp === 'string') {
        try {
          args = inp.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
        } catch {
          throw new BadRequest(`${field}.inputs[${i}]`, 'with fn_name, each input line must be a JSON argument');
        }
      } else throw new BadRequest(`${field}.inputs[${i}]`, 'must be a list of arguments or a string of JSON lines');
      let expected = outputs[i];
      if (typeof expected === 'string') {
        try { expected = JSON.parse(expected); } catch { /* a plain string return value */ }
      }
      return { args, expected };
    });
    return { spec: { kind: 'function', fn_name: fn, cases }, wrapped: true };
  }
  const cases: StdioCase[] = inputs.map((inp, i) => ({
    stdin: Array.isArray(inp) ? inp.join('\n') : str(inp, `${field}.inputs[${i}]`)!,
    stdout: Array.isArray(outputs[i]) ? (outputs[i] as unknown[]).join('\n') : str(outputs[i], `${field}.outputs[${i}]`)!,
  }));
  return { spec: { kind: 'stdio', cases }, wrapped: false };
}

function judgeSpec(t: unknown, field: string, hasPrompt: boolean): { spec: JudgeSpec; wrapped: boolean } {
  if (typeof t === 'string') return { spec: { kind: 'assert', tests: t, include_prompt: hasPrompt }, wrapped: false };
  if (!isObj(t)) throw new BadRequest(field, 'must be a JudgeSpec {kind: assert|stdio|function, ...}, {inputs, outputs, fn_name?} or an assert program string');
  if (t.kind === undefined) return appsSpec(t, field);
  switch (t.kind) {
    case 'assert':
      return { spec: {
        kind: 'assert', tests: str(t.tests, `${field}.tests`)!,
        include_prompt: t.include_prompt === undefined ? hasPrompt : t.include_prompt === true,
        ...(t.mode === 'test' ? { mode: 'test' as const } : {}),
      }, wrapped: false };
    case 'stdio': {
      const cases = arr(t.cases, `${field}.cases`).map((c, i): StdioCase => {
        if (!isObj(c)) throw new BadRequest(`${field}.cases[${i}]`, 'must be {stdin, stdout}');
        return { stdin: str(c.stdin ?? c.input ?? '', `${field}.cases[${i}].stdin`)!, stdout: str(c.stdout ?? c.output, `${field}.cases[${i}].stdout`)! };
      });
      if (t.float_tol !== undefined && typeof t.float_tol !== 'number') throw new BadRequest(`${field}.float_tol`, 'must be a number');
      return { spec: { kind: 'stdio', cases, ...(typeof t.float_tol === 'number' ? { float_tol: t.float_tol } : {}) }, wrapped: false };
    }
    case 'function': {
      const fn = str(t.fn_name, `${field}.fn_name`)!;
      const cases = arr(t.cases, `${field}.cases`).map((c, i): FunctionCase => {
        if (!isObj(c)) throw new BadRequest(`${field}.cases[${i}]`, 'must be {args, expected}');
        if (c.expected === undefined) throw new BadRequest(`${field}.cases[${i}].expected`, 'is required');
        return { args: arr(c.args, `${field}.cases[${i}].args`), expected: c.expected };
      });
      return { spec: { kind: 'function', fn_name: fn, cases }, wrapped: false };
    }
    default:
      throw new BadRequest(`${field}.kind`, `unknown judge kind ${JSON.stringify(t.kind)}; known: assert, stdio, function`);
  }
}

/** An inline task spec → Task. */
export function inlineTask(t: Record<string, unknown>, field: string, id: string): Task {
  const language = requireLanguage(t.language ?? 'python', `${field}.language`);
  const prompt = str(t.prompt, `${field}.prompt`, true) ?? '';
  const style = t.style === undefined ? (prompt ? 'completion' : 'instruction') : t.style;
  if (style !== 'completion' && style !== 'instruction') throw new BadRequest(`${field}.style`, 'must be "completion" or "instruction"');
  if (t.tests === undefined) throw new BadRequest(`${field}.tests`, 'is required');
  const { spec, wrapped } = judgeSpec(t.tests, `${field}.tests`, style === 'completion' && !!prompt);
  if (spec.kind === 'function' && language !== 'python') {
    throw new BadRequest(`${field}.language`, 'function-call tests support Python only; use an assert program or stdin/stdout cases');
  }
  const entry = str(t.entry_point, `${field}.entry_point`, true) ?? (spec.kind === 'function' ? spec.fn_name : undefined);
  const limits = parseLimits(t.limits, `${field}.limits`);
  return {
    id, benchmark: 'inline', language, prompt, style, judge: spec,
    ...(entry ? { entry_point: entry } : {}),
    ...(limits ? { limits } : {}),
    ...(wrapped ? { meta: { apps_wrapped_outputs: true } } : {}),
  };
}

/** Loaded benchmark tasks by (benchmark, id, language). */
export class TaskIndex {
  private byKey = new Map<string, Task[]>();
  readonly benchmarks = new Set<string>();

  add(tasks: Task[]): void {
    for (const t of tasks) {
      this.benchmarks.add(t.benchmark);
      const k = `${t.benchmark}\u0000${t.id}`;
      const list = this.byKey.get(k) ?? [];
      list.push(t);
      this.byKey.set(k, list);
    }
  }

  get size(): number {
    return this.byKey.size;
  }

  resolve(ref: Record<string, unknown>, field: string): Task {
    const bench = str(ref.benchmark, `${field}.benchmark`)!;
    const id = str(ref.id ?? ref.task_id, `${field}.id`)!;
    if (!this.benchmarks.has(bench)) {
      throw new BadRequest(`${field}.benchmark`, `benchmark ${JSON.stringify(bench)} is not loaded; loaded: ${[...this.benchmarks].join(', ')} (start the server with --bench ${bench})`);
    }
    const list = this.byKey.get(`${bench}\u0000${id}`);
    if (!list) throw new BadRequest(`${field}.id`, `no task ${JSON.stringify(id)} in ${bench}`);
    if (ref.language !== undefined) {
      const l = requireLanguage(ref.language, `${field}.language`);
      const t = list.find((x) => x.language === l);
      if (!t) throw new BadRequest(`${field}.language`, `${bench}/${id} has no ${l} variant; available: ${list.map((x) => x.language).join(', ')}`);
      return t;
    }
    return list.find((x) => x.language === 'python') ?? list[0];
  }
}
