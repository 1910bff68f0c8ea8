// The built-in suite: original stdin/stdout tasks shipped with rlcf, each with a statement, tests and
// a reference solution in all 8 languages, plus typical wrong answers (used by the tests only).
//
// Layout (plain files, see src/benchmarks/builtin/):
//   <slug>/statement.md        problem statement (the first `# ` heading is the title)
//   <slug>/tests.json          {"cases": [{stdin, stdout, split}], "float_tol"?, "time_limit_ms"?}
//   <slug>/solutions/main.{py,js,ts,rs,go,c,cpp}, Main.java   (each language's programFile; optional:
//                              a language without one still gets the task, with no reference)
//   <slug>/wrong/*             typical wrong answers (language from the extension)
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Language } from '../sandbox/types.js';
import { LANGUAGES } from '../sandbox/types.js';
import { DESCRIPTORS, displayName, languageOfFile, programFile } from '../sandbox/languages/index.js';
import type { StdioCase, Task } from './types.js';

/** Where the task directories live: beside this module, in src/ (tests) and in dist/ (build copy). */
export const BUILTIN_DIR = join(dirname(fileURLToPath(import.meta.url)), 'builtin');

/** A reference solution's file name in solutions/: the language's program file (main.py, Main.java). */
export const solutionFile = (language: Language): string => programFile(language);

/** The instruction appended to a statement for one language. */
export function instructionFor(language: Language): string {
  const line = `Write a complete ${displayName(language)} program that reads standard input and writes standard output.`;
  const note = DESCRIPTORS[language].instructionNote;
  return note ? `${line} ${note}` : line;
}

export interface BuiltinTests {
  cases: StdioCase[];
  float_tol?: number;
  time_limit_ms?: number;
}

/** One task directory, all languages. */
export interface BuiltinProblem {
  slug: string;
  title: string;
  statement: string;
  tests: BuiltinTests;
  /** reference solutions of the languages that have one */
  solutions: Partial<Record<Language, string>>;
  wrong: { file: string; language: Language; source: string }[];
}

function titleOf(statement: string, slug: string): string {
  const m = /^#\s+(.+)$/m.exec(statement);
  return m ? m[1].trim() : slug;
}

export { languageOfFile };

/** Reads every task directory (sorted by slug). */
export function loadBuiltinProblems(dir: string = BUILTIN_DIR): BuiltinProblem[] {
  const slugs = readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(dir, e.name, 'statement.md')))
    .map((e) => e.name)
    .sort();
  return slugs.map((slug) => {
    const base = join(dir, slug);
    const statement = readFileSync(join(base, 'statement.md'), 'utf8');
    const tests = JSON.parse(readFileSync(join(base, 'tests.json'), 'utf8')) as BuiltinTests;
    const solutions: Partial<Record<Language, string>> = {};
    for (const l of LANGUAGES) {
      const f = join(base, 'solutions', solutionFile(l));
      if (existsSync(f)) solutions[l] = readFileSync(f, 'utf8');
    }
    const wrongDir = join(base, 'wrong');
    const wrong = existsSync(wrongDir)
      ? readdirSync(wrongDir).sort().flatMap((file) => {
        const language = languageOfFile(file);
        return language ? [{ file, language, source: readFileSync(join(wrongDir, file), 'utf8') }] : [];
      })
      : [];
    return { slug, title: titleOf(statement, slug), statement, tests, solutions, wrong };
  });
}

/** One Task per (task, language): instruction-style prompts judged on stdin/stdout. */
export function loadBuiltin(dir: string = BUILTIN_DIR): Task[] {
  const tasks: Task[] = [];
  for (const p of loadBuiltinProblems(dir)) {
    for (const language of LANGUAGES) {
      tasks.push({
        id: p.slug,
        benchmark: 'builtin',
        language,
        style: 'instruction',
        prompt: `${p.statement.trimEnd()}\n\n${instructionFor(language)}\n`,
        judge: {
          kind: 'stdio',
          cases: p.tests.cases,
          ...(p.tests.float_tol !== undefined ? { float_tol: p.tests.float_tol } : {}),
        },
        ...(p.solutions[language] !== undefined ? { reference: p.solutions[language] } : {}),
        limits: { timeout_ms: p.tests.time_limit_ms ?? 2000 },
        meta: { title: p.title },
      });
    }
  }
  return tasks;
}
