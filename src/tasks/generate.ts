// (family, seed, index, knobs) → task rows in rlcf's task format, one per language:
//   {id, benchmark, language, style, prompt, tests, reference, wrong, timeout_ms, meta}
// `tests` is a stdio JudgeSpec, so a row loads with the plain-task loader (benchmarks/plain.ts) and
// is graded by the same judge as every other benchmark. Deterministic: no clock, no Math.random.
import { instructionFor } from '../benchmarks/builtin.js';
import type { StdioCase } from '../benchmarks/types.js';
import { COMMON_KNOBS, FAMILY_LANGUAGES, type Family, type FamilyLanguage, type Knob, type Knobs, type SourceLanguage } from './family.js';
import { patched, program } from './programs.js';
import { Rng } from './rng.js';

export interface TaskRow {
  id: string;
  benchmark: string;
  language: FamilyLanguage;
  style: 'instruction';
  prompt: string;
  tests: { kind: 'stdio'; cases: StdioCase[] };
  reference: string;
  wrong: { name: string; why: string; source: string }[];
  timeout_ms: number;
  meta: { family: string; shape: string; seed: string; index: number; knobs: Knobs };
}

export function knobsOf(f: Family<unknown, unknown>): Knob[] {
  return [...COMMON_KNOBS, ...(f.knobs ?? [])];
}

/** Knob values: defaults, overridden by `given`; an unknown knob or a value out of range is an error
 * naming the family's knobs. */
export function resolveKnobs(f: Family<unknown, unknown>, given: Knobs = {}): Knobs {
  const all = knobsOf(f);
  const out: Knobs = {};
  for (const k of all) out[k.name] = k.default;
  for (const [name, v] of Object.entries(given)) {
    const k = all.find((x) => x.name === name);
    if (!k) throw new Error(`family ${f.name} has no knob ${JSON.stringify(name)}; its knobs: ${all.map((x) => x.name).join(', ')}`);
    if (!Number.isInteger(v) || v < k.min || v > k.max) throw new Error(`knob ${name} of ${f.name} must be an integer in [${k.min}, ${k.max}], got ${v}`);
    out[name] = v;
  }
  return out;
}

function caseText<I>(f: Family<unknown, I>, p: unknown, xs: I[]): StdioCase {
  return {
    stdin: `${xs.length}\n${xs.map((x) => f.input(x, p)).join('\n')}\n`,
    stdout: `${xs.map((x) => f.solve(p, x)).join('\n')}\n`,
  };
}

function statementText(f: Family<unknown, unknown>, p: unknown, example: StdioCase): string {
  const s = f.statement(p);
  return [
    `# ${s.title}`, '', s.body.trim(), '',
    '## Input', `The first line holds \`t\`, the number of test cases. Then \`t\` test cases follow, each given as: ${s.input.trim()}`, '',
    '## Output', `For each test case, one line: ${s.output.trim()}`, '',
    '## Example', 'Input:', '```', example.stdin.trimEnd(), '```', 'Output:', '```', example.stdout.trimEnd(), '```',
  ].join('\n');
}

/** The rows of one generated task (every language in `languages`, default all five). */
export function generateTask(f: Family<unknown, unknown>, seed: string, index: number, given: Knobs = {},
  languages: readonly FamilyLanguage[] = FAMILY_LANGUAGES): TaskRow[] {
  const knobs = resolveKnobs(f, given);
  const rng = new Rng(`${f.name}:${seed}:${index}`);
  const p = f.params(rng, knobs);
  const edges = f.edges(p);
  const randoms = Array.from({ length: knobs.cases }, () => f.instance(rng, p, knobs));
  // the example: a fixed case and two random ones, small enough to read
  const exampleCases = [edges[0], f.instance(rng, p, { ...knobs, difficulty: 1 }), f.instance(rng, p, { ...knobs, difficulty: 1 })]
    .filter((x) => x !== undefined);
  const example = { ...caseText(f, p, exampleCases), split: 'public' as const };
  const hidden = { ...caseText(f, p, [...edges, ...randoms]), split: 'private' as const };
  const text = statementText(f, p, example);
  const code = f.code(p);
  return languages.map((language): TaskRow => {
    const src: SourceLanguage = language === 'typescript' ? 'javascript' : language;
    return {
      id: `${f.name}/${seed}.${index}`,
      benchmark: 'procedural',
      language,
      style: 'instruction',
      prompt: `${text}\n\n${instructionFor(language)}\n`,
      tests: { kind: 'stdio', cases: [example, hidden] },
      reference: program(src, code[src]),
      wrong: f.wrong.map((w) => ({
        name: w.name, why: w.why, source: program(src, patched(code[src], (typeof w.patch === 'function' ? w.patch(p) : w.patch)[src], `family ${f.name}, wrong answer ${w.name} (${src})`)),
      })),
      timeout_ms: 5000,
      meta: { family: f.name, shape: f.shape, seed, index, knobs },
    };
  });
}
