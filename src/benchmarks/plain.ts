// A plain task file for `rlcf sample` and `rlcf synth`: JSONL of
//   {id, prompt, language, tests, style?, entry_point?, reference?, timeout_ms?}
// where `tests` is a JudgeSpec ({kind: 'assert' | 'stdio' | 'function', ...}), a list of
// {stdin, stdout} cases (stdio), or an assert program as a string / a list of assert lines.
import { acceptedLanguages, languageOf } from '../sandbox/languages/index.js';
import { BenchmarkDataError, readSource } from './io.js';
import type { JudgeSpec, StdioCase, Task } from './types.js';

export { languageOf };

/** Turn the `tests` field into a JudgeSpec; throws a message naming what is wrong. */
export function judgeSpecOf(tests: unknown, style: 'completion' | 'instruction'): JudgeSpec {
  if (typeof tests === 'string') {
    if (!tests.trim()) throw new Error('"tests" is an empty string');
    return { kind: 'assert', tests: tests.endsWith('\n') ? tests : `${tests}\n`, include_prompt: style === 'completion' };
  }
  if (Array.isArray(tests)) {
    if (!tests.length) throw new Error('"tests" is an empty list');
    if (tests.every((t) => typeof t === 'string')) return judgeSpecOf((tests as string[]).join('\n'), style);
    const cases: StdioCase[] = tests.map((t, i) => {
      const c = t as Record<string, unknown>;
      const stdin = c?.stdin ?? c?.input;
      const stdout = c?.stdout ?? c?.output;
      if (typeof stdin !== 'string' || typeof stdout !== 'string') throw new Error(`"tests"[${i}] needs string "stdin" and "stdout"`);
      return { stdin, stdout };
    });
    return { kind: 'stdio', cases };
  }
  if (tests && typeof tests === 'object') {
    const s = tests as Record<string, unknown>;
    if (s.kind === 'assert' && typeof s.tests === 'string') return { include_prompt: style === 'completion', ...s } as JudgeSpec;
    if (s.kind === 'stdio' && Array.isArray(s.cases)) return { ...s, cases: (judgeSpecOf(s.cases, style) as { cases: StdioCase[] }).cases } as JudgeSpec;
    if (s.kind === 'function' && typeof s.fn_name === 'string' && Array.isArray(s.cases)) return s as unknown as JudgeSpec;
    if (Array.isArray(s.inputs) && Array.isArray(s.outputs)) { // verl / APPS ground truth
      return judgeSpecOf((s.inputs as unknown[]).map((stdin, i) => ({ stdin, stdout: (s.outputs as unknown[])[i] })), style);
    }
  }
  throw new Error('"tests" must be a JudgeSpec {kind: assert|stdio|function}, a list of {stdin, stdout}, or an assert program string');
}

/** One row of a plain task file → Task (benchmark name `plain` unless the row says otherwise). */
export function plainTask(row: Record<string, unknown>, benchmark = 'plain'): Task {
  const id = row.id ?? row.task_id;
  if (typeof id !== 'string' && typeof id !== 'number') throw new Error('missing "id"');
  if (typeof row.prompt !== 'string' || !row.prompt.trim()) throw new Error('missing "prompt"');
  const language = languageOf(row.language);
  if (!language) throw new Error(`"language" ${JSON.stringify(row.language)} is unknown: ${acceptedLanguages()}`);
  const style = row.style === 'completion' ? 'completion' : 'instruction';
  const timeout = typeof row.timeout_ms === 'number' ? row.timeout_ms : undefined;
  return {
    id: String(id), benchmark: typeof row.benchmark === 'string' ? row.benchmark : benchmark, language, prompt: row.prompt, style,
    judge: judgeSpecOf(row.tests, style),
    ...(typeof row.entry_point === 'string' ? { entry_point: row.entry_point } : {}),
    ...(typeof row.reference === 'string' ? { reference: row.reference } : {}),
    limits: { timeout_ms: timeout ?? 5000 },
  };
}

export async function loadPlainTasks(file: string, benchmark = 'plain'): Promise<Task[]> {
  return (await readSource(file)).map((r) => {
    try {
      return plainTask(r.row, benchmark);
    } catch (e) {
      throw new BenchmarkDataError(r.file, r.line, (e as Error).message);
    }
  });
}
