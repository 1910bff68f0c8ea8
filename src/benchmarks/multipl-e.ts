// MultiPL-E (nuprl/MultiPL-E): HumanEval/MBPP translated to other languages. Rows carry name,
// language, prompt, tests, stop_tokens; program = prompt + completion + "\n" + tests.
// Go tests are a `_test.go` run as a test binary (pass = exit 0 and no FAIL in the output);
// TypeScript is type-checked with tsc as MultiPL-E does; Java runs with -ea and javatuples.
import type { Language } from '../sandbox/types.js';
import { languageOf } from '../sandbox/languages/index.js';
import type { Task } from './types.js';
import { BenchmarkDataError, type Located, field, optField, readSource, stringList } from './io.js';

/** MultiPL-E language code (file extension) → rlcf language (the descriptors' aliases). */
export function multiplELanguage(code: string): Language | undefined {
  return languageOf(code);
}

/** File-name codes used in `multipl-e-<lang>` specs and the dataset's config names. */
export const MULTIPLE_LANGS = ['py', 'js', 'ts', 'rs', 'go', 'cpp', 'java'] as const;

export function multiplETask(r: Located): Task {
  const code = field<string>(r, 'language', 'string');
  const language = multiplELanguage(code);
  if (!language) throw new BenchmarkDataError(r.file, r.line, `field "language": unsupported MultiPL-E language ${JSON.stringify(code)}`);
  const name = field<string>(r, 'name', 'string');
  const go = language === 'go';
  return {
    id: name,
    benchmark: 'multipl-e',
    language,
    prompt: field<string>(r, 'prompt', 'string'),
    style: 'completion',
    entry_point: optField<string>(r, 'entry_point'),
    judge: { kind: 'assert', include_prompt: true, tests: field<string>(r, 'tests', 'string'), ...(go ? { mode: 'test' as const } : {}) },
    stop_tokens: stringList(r, 'stop_tokens'),
    ...(language === 'python' ? {} : { limits: { timeout_ms: 10_000 } }),
    meta: {
      multipl_e_language: code,
      ...(language === 'typescript' ? { typecheck: true } : {}),
      ...(typeof r.row.doctests === 'string' ? { doctests: r.row.doctests } : {}),
      ...(typeof r.row.prompt_terminology === 'string' ? { prompt_terminology: r.row.prompt_terminology } : {}),
    },
  };
}

/** A MultiPL-E jsonl/parquet file (e.g. humaneval-ts-reworded.jsonl) or hf:nuprl/MultiPL-E/<file>. */
export async function loadMultiplE(source: string): Promise<Task[]> {
  return (await readSource(source)).map(multiplETask);
}
