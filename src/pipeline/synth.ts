// `rlcf synth`: execution-validated instruction data (OSS-Instruct style).
//   1. per seed × language, the model proposes a new stdin/stdout task with tests, answering in a
//      strict JSON format (parsed robustly: fences, prose around it, trailing commas)
//   2. near-duplicate instructions and instructions that overlap a benchmark are dropped
//   3. trivial tests are rejected: an empty program, an echo program or a constant output passes them
//   4. n solutions are sampled and judged; a task is kept when at least `minPass` pass every test
//      (solutions and tests agree, CodeT style); dropped when none passes
// Outputs <out>/sft.jsonl in the chosen format, <out>/tasks.jsonl (plain tasks, loadable with
// `rlcf sample --tasks`), <out>/summary.json.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { instructionFor } from '../benchmarks/builtin.js';
import { languageOf } from '../benchmarks/plain.js';
import type { StdioCase, Task } from '../benchmarks/types.js';
import { judge } from '../judge/index.js';
import { gradeCompletion } from '../judge/grade.js';
import type { ModelProvider } from '../models/types.js';
import type { Sandbox } from '../sandbox/engine.js';
import type { Language } from '../sandbox/types.js';
import type { DecontamIndex } from './decontam.js';
import { TextDedup } from './dedup.js';
import { type Format, JsonlWriter, SetWriter, answerText, sftRow } from './formats.js';

export interface SynthOptions {
  model: ModelProvider;
  /** a seeds file (JSONL with code / prompt / text / content, or plain text with seeds separated by lines of ---) or the seeds */
  seeds: string | string[];
  languages: string[];
  n: number;
  perSeed?: number;
  minPass?: number;
  temperature?: number;
  outDir: string;
  format: Format;
  decontam: DecontamIndex | null;
  concurrency?: number;
  onProgress?: (total: number) => void;
}

export interface SynthSummary {
  proposed: number;
  kept: number;
  dropped: Record<string, number>;
  sft_rows: number;
  files: string[];
}

export const JSON_MARK = 'Answer with ONE JSON object and nothing else';

export function proposalPrompt(seed: string, language: string): string {
  return `You write programming exercises. Inspired by the seed below, invent a NEW, self-contained problem to be solved by a ` +
    `${language} program that reads standard input and writes standard output.\n\n` +
    `${JSON_MARK}, exactly in this shape:\n` +
    `{"instruction": "<the problem statement: task, input format, output format, constraints>",\n` +
    ` "tests": [{"stdin": "<input>", "stdout": "<expected output>"}, ...]}\n` +
    `Give at least 3 tests, including edge cases; the expected outputs must be exact.\n\nSeed:\n${seed.trim()}\n`;
}

/** The first balanced {...} in a text (strings and escapes respected). */
function firstObject(text: string): string | null {
  for (let start = text.indexOf('{'); start >= 0; start = text.indexOf('{', start + 1)) {
    let depth = 0;
    let inStr = false;
    for (let i = start; i < text.length; i++) {
      const c = text[i];
      if (inStr) {
        if (c === '\\') i++;
        else if (c === '"') inStr = false;
      } else if (c === '"') inStr = true;
      else if (c === '{') depth++;
      else if (c === '}' && --depth === 0) return text.slice(start, i + 1);
    }
  }
  return null;
}

export interface Proposal {
  instruction: string;
  tests: StdioCase[];
}

/** Parse the model's answer; throws a short reason when it does not follow the format. */
export function parseProposal(text: string): Proposal {
  const body = firstObject(text.replace(/```(?:json)?/gi, ''));
  if (!body) throw new Error('no JSON object');
  let v: Record<string, unknown>;
  try {
    v = JSON.parse(body);
  } catch {
    try {
      v = JSON.parse(body.replace(/,\s*([}\]])/g, '$1'));
    } catch (e) {
      throw new Error(`invalid JSON: ${(e as Error).message}`);
    }
  }
  const instruction = v.instruction ?? v.problem ?? v.question;
  if (typeof instruction !== 'string' || instruction.trim().length < 20) throw new Error('missing or too short "instruction"');
  if (!Array.isArray(v.tests) || !v.tests.length) throw new Error('missing "tests"');
  const tests = (v.tests as Record<string, unknown>[]).map((t) => {
    const stdin = t?.stdin ?? t?.input;
    const stdout = t?.stdout ?? t?.output;
    if (stdin === undefined || stdout === undefined) throw new Error('a test lacks stdin/stdout');
    const s = (x: unknown) => (typeof x === 'string' ? x : Array.isArray(x) ? x.join('\n') : String(x));
    return { stdin: s(stdin), stdout: s(stdout) };
  });
  return { instruction: instruction.trim(), tests };
}

export function readSeeds(src: string | string[]): string[] {
  if (Array.isArray(src)) return src;
  const text = readFileSync(src, 'utf8');
  const lines = text.split('\n').filter((l) => l.trim());
  if (lines.length && lines.every((l) => l.trim().startsWith('{'))) {
    return lines.map((l) => {
      const r = JSON.parse(l) as Record<string, unknown>;
      const s = r.code ?? r.seed ?? r.snippet ?? r.prompt ?? r.text ?? r.content ?? r.instruction;
      return typeof s === 'string' ? s : JSON.stringify(r);
    });
  }
  return text.split(/^---\s*$/m).map((s) => s.trim()).filter(Boolean);
}

const TRIVIAL = ['', 'import sys\nsys.stdout.write(sys.stdin.read())\n'];

/** Tests a trivial program passes (empty output, echo, one constant output) prove nothing. */
async function trivialTests(sb: Sandbox, task: Task, cases: StdioCase[]): Promise<boolean> {
  const norm = (s: string) => s.trim().replace(/\s+/g, ' ');
  if (cases.length > 1 && new Set(cases.map((c) => norm(c.stdout))).size === 1) return true;
  const py: Task = { ...task, language: 'python' };
  for (const src of TRIVIAL) if ((await judge(sb, py, src)).passed) return true;
  return false;
}

const pool = async <T>(items: T[], limit: number, fn: (t: T) => Promise<void>) => {
  let i = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (i < items.length) await fn(items[i++]);
  }));
};

export async function runSynth(sb: Sandbox, o: SynthOptions): Promise<SynthSummary> {
  mkdirSync(o.outDir, { recursive: true });
  const seeds = readSeeds(o.seeds);
  const langs = o.languages.map((l) => {
    const x = languageOf(l);
    if (!x) throw new Error(`unknown language ${JSON.stringify(l)}`);
    return x;
  });
  const jobs: { seed: string; language: Language; i: number }[] = [];
  for (const seed of seeds) for (const language of langs) for (let i = 0; i < (o.perSeed ?? 1); i++) jobs.push({ seed, language, i });
  const s: SynthSummary = { proposed: 0, kept: 0, dropped: {}, sft_rows: 0, files: ['sft.jsonl', 'tasks.jsonl', 'summary.json'] };
  const drop = (why: string) => (s.dropped[why] = (s.dropped[why] ?? 0) + 1);
  const texts = new TextDedup(0.7);
  const sft = new SetWriter(o.outDir, 'sft', o.format);
  const tasksOut = new JsonlWriter(join(o.outDir, 'tasks.jsonl'));
  let done = 0;

  const one = async (job: { seed: string; language: Language; i: number }) => {
    let p: Proposal;
    try {
      const [g] = await o.model.generate({ prompt: proposalPrompt(job.seed, job.language), style: 'instruction', n: 1,
        temperature: o.temperature ?? 0.8, max_tokens: 2048 });
      s.proposed++;
      p = parseProposal(g?.text ?? '');
    } catch (e) {
      drop((e as Error).message.startsWith('HTTP') || !s.proposed ? 'generation_error' : 'unparseable_proposal');
      return;
    }
    if (texts.isDuplicate(p.instruction)) return drop('duplicate_instruction');
    if (o.decontam?.check(p.instruction).length) return drop('contaminated');
    const id = `synth-${createHash('sha1').update(`${job.language}\n${p.instruction}`).digest('hex').slice(0, 12)}`;
    const task: Task = {
      id, benchmark: 'synth', language: job.language, style: 'instruction',
      prompt: `${p.instruction}\n\n${instructionFor(job.language)}\n`, judge: { kind: 'stdio', cases: p.tests }, limits: { timeout_ms: 5000 },
    };
    if (await trivialTests(sb, task, p.tests)) return drop('trivial_tests');
    let gens;
    try {
      gens = await o.model.generate({ prompt: task.prompt, style: 'instruction', n: o.n, temperature: o.temperature ?? 0.8, language: job.language });
    } catch {
      return drop('generation_error');
    }
    const passing: string[] = [];
    for (const g of gens) {
      // the one grading path (judge/grade.ts): a kept solution passes exactly as an eval would pass it
      const r = await gradeCompletion((t, code, jo) => judge(sb, t, code, jo), task, g.text);
      if (!r.no_code && r.judgement.passed) passing.push(r.code);
    }
    if (!passing.length) return drop('no_pass');
    if (passing.length < (o.minPass ?? 1)) return drop('insufficient_agreement');
    const best = passing.sort((a, b) => a.length - b.length)[0];
    if (o.decontam?.check(best).length) return drop('contaminated');
    s.kept++;
    tasksOut.write({ id, prompt: task.prompt, language: job.language, tests: p.tests, reference: best });
    sft.put(sftRow({ prompt: task.prompt, completion: answerText('instruction', job.language, best),
      metadata: { task_id: id, language: job.language, passing: passing.length, sampled: gens.length, tests: p.tests.length } }, o.format));
    s.sft_rows++;
  };

  await pool(jobs, o.concurrency ?? 4, async (j) => {
    await one(j);
    done++;
    o.onProgress?.(jobs.length);
  });
  sft.close();
  tasksOut.close();
  if (o.format === 'openai') s.files.splice(1, 0, 'sft.meta.jsonl');
  writeFileSync(join(o.outDir, 'summary.json'), `${JSON.stringify({ ...s, jobs: done }, null, 2)}\n`);
  return s;
}
