// rlcf sample → curate against the local OpenAI-compatible test server (real HTTP, scripted
// completions) and the real sandbox: only passing code reaches SFT, pairs are oriented, repair rows
// carry the feedback, each format reads back with a parser of that format.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltinProblems } from '../src/benchmarks/builtin.js';
import { loadPlainTasks } from '../src/benchmarks/plain.js';
import type { Task } from '../src/benchmarks/types.js';
import { judge } from '../src/judge/index.js';
import { sanitize } from '../src/judge/sanitize.js';
import { parseModelSpec } from '../src/models/types.js';
import { type CurateSummary, curate } from '../src/pipeline/curate.js';
import { buildIndex } from '../src/pipeline/decontam.js';
import type { Format } from '../src/pipeline/formats.js';
import { runSample } from '../src/pipeline/sample.js';
import type { Sandbox } from '../src/sandbox/engine.js';
import { Store } from '../src/store/store.js';
import { type TestServer, startTestServer } from './fixtures/openai-server.js';
import { makeSandbox } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'rlcf-curate-'));
const fence = (lang: string, code: string) => `Here you go:\n\`\`\`${lang}\n${code}\n\`\`\`\n`;
const PASS_A = "print(' '.join(input().split()[::-1]))";
const NEAR_A = "# reverse the words\nprint( ' '.join( input().split()[::-1] ) )";
const PASS_C = "words = input().split()\nwords.reverse()\nprint(' '.join(words))";
const WRONG = 'print(input())';
const SYNTAX = "print(' '.join(input().split()[::-1]";
const CRASH = "raise ValueError('boom')";
const BUILTIN = loadBuiltinProblems().find((p) => p.slug === 'base-convert')!;

const SCRIPT: [string, string[]][] = [
  ['reverse order', [PASS_A, NEAR_A, PASS_C, WRONG, SYNTAX, CRASH].map((c) => fence('python', c))],
  ['vowels', ["s = input()\nprint(sum(c in 'aeiou' for c in s))", "print(len(input()))"].map((c) => fence('python', c))],
  ['lucky sequence', ['print(0)', 'print(1)'].map((c) => fence('python', c))],
  ['twice its value', ["const n = Number(require('fs').readFileSync(0, 'utf8').trim());\nconsole.log(2 * n);", 'console.log(42);'].map((c) => fence('javascript', c))],
  ['Base conversion', [fence('python', 'print(0)')]],
];

let server: TestServer;
let sb: Sandbox;
let store: Store;
let tasks: Task[];
let runId: string;
const byPrompt = new Map<string, Task>();

beforeAll(async () => {
  server = await startTestServer({ script: (req) => SCRIPT.find(([k]) => req.prompt.includes(k))?.[1] ?? 'nothing' });
  sb = await makeSandbox();
  store = new Store(join(dir, 'rlcf.db'));
  // the fixture tasks plus one planted builtin statement (must be dropped by decontamination)
  const file = join(dir, 'tasks.jsonl');
  writeFileSync(file, readFileSync(join(import.meta.dirname, 'fixtures', 'data', 'tasks.jsonl'), 'utf8') +
    `${JSON.stringify({ id: 'planted', language: 'python', prompt: BUILTIN.statement, tests: BUILTIN.tests.cases.slice(0, 1) })}\n`);
  tasks = await loadPlainTasks(file);
  for (const t of tasks) byPrompt.set(t.prompt, t);
  const s = await runSample(store, sb, { sources: [`tasks:${file}`], tasks, model: parseModelSpec(`openai-compatible:${server.url}#m`), n: 6 });
  runId = s.run_id;
  expect(s.samples).toBe(30);
}, 180_000);

afterAll(async () => {
  store?.close();
  await sb?.close();
  await server?.close();
});

const lines = (p: string) => readFileSync(p, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
const code = (answer: string, t: Task) => sanitize(answer, t).code;

async function run(format: Format, k = 3, decontam = true): Promise<{ out: string; s: CurateSummary }> {
  const out = join(dir, `${format}-${k}-${decontam}`);
  const ix = decontam ? await buildIndex([]) : null;
  return { out, s: await curate(store, { runId, outDir: out, format, k, decontam: ix }) };
}

describe('rlcf curate', () => {
  it('SFT: only passing code, duplicates removed, at most k per task, shortest first', async () => {
    const { out, s } = await run('openai');
    const rows = lines(join(out, 'sft.jsonl'));
    const meta = lines(join(out, 'sft.meta.jsonl'));
    expect(meta).toHaveLength(rows.length);
    for (const [i, r] of rows.entries()) {
      expect(Object.keys(r)).toEqual(['messages']);
      expect(r.messages.map((m: { role: string }) => m.role)).toEqual(['user', 'assistant']);
      const t = byPrompt.get(r.messages[0].content)!;
      expect(t.id).toBe(meta[i].task_id);
      const j = await judge(sb, t, code(r.messages[1].content, t));
      expect(j.passed).toBe(true); // re-executed: only passing code reached SFT
    }
    const rev = meta.filter((m) => m.task_id === 'reverse-words');
    expect(rev.map((m) => m.sample_index)).toEqual([0, 2]); // shortest first; the near duplicate (1) dropped
    expect(meta.map((m) => m.task_id).sort()).toEqual(['count-vowels', 'double-it', 'reverse-words', 'reverse-words']);
    expect(s.sft.kept).toBe(4);
    expect(s.sft.dropped.near_duplicate).toBe(1);
    expect(s.sft.dropped['failed:wrong_answer']).toBeGreaterThanOrEqual(3);
    expect(s.sft.dropped.contaminated_prompt).toBe(6); // the planted builtin statement
    expect(s.decontam.flagged_tasks).toBe(1);
    expect(s.decontam.by_benchmark.builtin).toBe(1);
    expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).sft.kept).toBe(4);
  });

  it('DPO: chosen passes and rejected fails for the same prompt, failure kind recorded', async () => {
    const { out, s } = await run('openai');
    const rows = lines(join(out, 'dpo.jsonl'));
    const meta = lines(join(out, 'dpo.meta.jsonl'));
    expect(rows.length).toBe(5); // reverse-words: 3 failures; count-vowels: 1; double-it: 1; never-solved: none
    for (const [i, r] of rows.entries()) {
      expect(Object.keys(r).sort()).toEqual(['input', 'non_preferred_output', 'preferred_output']);
      expect(r.input.messages).toHaveLength(1);
      expect(r.preferred_output).toHaveLength(1);
      expect(r.preferred_output[0].role).toBe('assistant');
      expect(r.non_preferred_output[0].role).toBe('assistant');
      const t = byPrompt.get(r.input.messages[0].content)!;
      expect((await judge(sb, t, code(r.preferred_output[0].content, t))).passed).toBe(true);
      const bad = await judge(sb, t, code(r.non_preferred_output[0].content, t));
      expect(bad.passed).toBe(false);
      expect(meta[i].failure_kind).toBe(bad.status);
    }
    expect(new Set(meta.filter((m) => m.task_id === 'reverse-words').map((m) => m.failure_kind))).toEqual(new Set(['wrong_answer', 'runtime_error']));
    expect(s.dpo.dropped.no_passing_for_prompt).toBe(2); // never-solved
  });

  it('DPO pairs are the model\'s own outputs, with the code each was judged as in the metadata', async () => {
    const { out } = await run('openai');
    const rows = lines(join(out, 'dpo.jsonl'));
    const meta = lines(join(out, 'dpo.meta.jsonl'));
    const said = new Set(SCRIPT.flatMap(([, answers]) => answers));
    for (const [i, r] of rows.entries()) {
      const t = byPrompt.get(r.input.messages[0].content)!;
      for (const [text, codeKey] of [[r.preferred_output[0].content, 'chosen_code'], [r.non_preferred_output[0].content, 'rejected_code']]) {
        expect(said.has(text), text).toBe(true); // verbatim: prose and fence as the model wrote them
        expect(meta[i][codeKey]).toBe(code(text, t));
      }
    }
    expect(rows.some((r) => r.non_preferred_output[0].content.startsWith('Here you go:'))).toBe(true);
  });

  it('repair rows carry the failing code and its feedback, and answer with passing code', async () => {
    const { out } = await run('messages');
    const rows = lines(join(out, 'repair.jsonl'));
    expect(rows.length).toBe(5);
    const wa = rows.find((r) => r.metadata.task_id === 'reverse-words' && r.metadata.failure_kind === 'wrong_answer')!;
    const user = wa.messages[0].content as string;
    expect(user).toContain(WRONG);
    expect(user).toContain('Expected output:\ngamma beta alpha');
    expect(user).toContain('Actual output:\nalpha beta gamma');
    expect(wa.metadata.feedback.failing_test).toMatchObject({ index: 0, status: 'wrong_answer', input: 'alpha beta gamma\n' });
    const crash = rows.find((r) => r.metadata.failure_kind === 'runtime_error' && r.messages[0].content.includes('boom'))!;
    expect(crash.metadata.feedback.stderr).toContain('ValueError: boom');
    const syntax = rows.find((r) => r.messages[0].content.includes(SYNTAX))!;
    expect(syntax.metadata.feedback.stderr).toMatch(/SyntaxError|was never closed/);
    for (const r of rows) {
      const t = tasks.find((x) => x.id === r.metadata.task_id)!;
      expect(r.messages[1].role).toBe('assistant');
      expect((await judge(sb, t, code(r.messages[1].content, t))).passed).toBe(true);
      expect(r.messages[0].content).not.toMatch(/failed: failed/);
    }
    expect(wa.messages[0].content).toMatch(/The program failed: wrong answer on test 0/);
  });

  it('repair rows of a completion-style task show and ask for whole programs', async () => {
    const cStore = new Store(join(dir, 'completion.db'));
    const srv = await startTestServer({ script: () => ['    return a + b\n', '    return a - b\n'] });
    try {
      const file = join(dir, 'completion-tasks.jsonl');
      const prompt = 'def add(a, b):\n    """Return the sum of a and b."""\n';
      writeFileSync(file, `${JSON.stringify({ id: 'add', language: 'python', style: 'completion', entry_point: 'add', prompt,
        tests: 'assert add(1, 2) == 3\nassert add(-1, 1) == 0' })}\n`);
      const cTasks = await loadPlainTasks(file);
      const model = parseModelSpec(`openai-compatible-completions:${srv.url}#m`);
      const s = await runSample(cStore, sb, { sources: [`tasks:${file}`], tasks: cTasks, model, n: 2 });
      const out = join(dir, 'completion-curated');
      await curate(cStore, { runId: s.run_id, outDir: out, format: 'messages', k: 1, decontam: null });
      const [row] = lines(join(out, 'repair.jsonl'));
      const user = row.messages[0].content as string;
      expect(user).toContain(`\`\`\`python\n${prompt}    return a - b\n\`\`\``);
      expect(user).toMatch(/give the complete corrected program\.$/);
      const fix = row.messages[1].content as string;
      expect(fix).toBe(`\`\`\`python\n${prompt}    return a + b\n\`\`\``);
      expect((await judge(sb, cTasks[0], code(fix, cTasks[0]))).passed).toBe(true);
      const [pair] = lines(join(out, 'dpo.jsonl'));
      expect([pair.chosen[1].content, pair.rejected[1].content]).toEqual(['    return a + b\n', '    return a - b\n']);
    } finally {
      await srv.close();
      cStore.close();
    }
  });

  it('TRL (strings and messages) and HF messages read back field by field', async () => {
    const trl = await run('trl');
    for (const r of lines(join(trl.out, 'sft.jsonl'))) {
      expect(typeof r.prompt).toBe('string');
      expect(typeof r.completion).toBe('string');
      expect(r.metadata.task_id).toBeTypeOf('string');
    }
    for (const r of lines(join(trl.out, 'dpo.jsonl'))) {
      expect(['prompt', 'chosen', 'rejected'].every((k) => typeof r[k] === 'string')).toBe(true);
      expect(r.metadata.failure_kind).toBeTypeOf('string');
    }
    const chat = await run('trl-chat');
    for (const r of lines(join(chat.out, 'dpo.jsonl'))) {
      expect(r.prompt).toEqual([{ role: 'user', content: expect.any(String) }]);
      expect(r.chosen).toEqual([{ role: 'assistant', content: expect.any(String) }]);
      expect(r.rejected).toEqual([{ role: 'assistant', content: expect.any(String) }]);
    }
    for (const r of lines(join(chat.out, 'sft.jsonl'))) expect(r.completion[0].role).toBe('assistant');
    const hf = await run('messages');
    for (const r of lines(join(hf.out, 'dpo.jsonl'))) {
      expect(r.chosen.map((m: { role: string }) => m.role)).toEqual(['user', 'assistant']);
      expect(r.rejected[0]).toEqual(r.chosen[0]);
      expect(r.prompt).toBe(r.chosen[0].content);
    }
  });

  it('verl: rl.parquet reads back with hyparquet (prompt messages, rule reward with the tests)', async () => {
    const { out, s } = await run('verl', 1, false);
    const buf = readFileSync(join(out, 'rl.parquet'));
    const rows = (await parquetReadObjects({ file: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) })) as Record<string, any>[];
    expect(rows).toHaveLength(5); // every task (no decontamination here)
    expect(s.rl!.kept).toBe(5);
    for (const [i, r] of rows.entries()) {
      expect(Object.keys(r).sort()).toEqual(['ability', 'data_source', 'extra_info', 'prompt', 'reward_model']);
      expect(r.ability).toBe('code');
      expect(r.data_source).toBe('rlcf/plain');
      expect(r.prompt).toEqual([{ role: 'user', content: expect.any(String) }]);
      expect(r.reward_model.style).toBe('rule');
      expect(r.extra_info.split).toBe('train');
      expect(Number(r.extra_info.index)).toBe(i);
      const t = byPrompt.get(r.prompt[0].content)!;
      const gt = JSON.parse(r.reward_model.ground_truth);
      const cases = (t.judge as { cases: { stdin: string; stdout: string }[] }).cases;
      expect(gt.inputs).toEqual(cases.map((c) => c.stdin));
      expect(gt.outputs).toEqual(cases.map((c) => c.stdout));
    }
    expect(rows.find((r) => r.extra_info.task_id === 'never-solved')!.extra_info.pass_rate).toBe(0);
    // verl's SFT side is chat messages
    expect(lines(join(out, 'sft.jsonl'))[0].messages).toBeDefined();
  });
});
