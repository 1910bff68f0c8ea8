// The breadth guard (issue 16 item 2): multiple-choice benchmarks scored as lm-evaluation-harness
// 0.4.x scores them. The reference is lm-eval itself: test/fixtures/breadth/lm-eval-0.4.13.json is
// what the PyPI package sent and got on these fixtures against this test server (its logprobs are a
// pure function of the text, so the numbers are reproducible); breadth-fidelity.test.ts re-runs
// lm-eval live when its venv exists and checks this file is still what it produces.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type ChoiceItem, loadChoiceBenchmark } from '../src/benchmarks/choice.js';
import { hellaswagPreprocess, pyCapitalize } from '../src/benchmarks/hellaswag.js';
import { OpenAIProvider, continuationLogprob, moveTrailingSpace } from '../src/models/openai.js';
import { parseLetter, runBreadth, wilson } from '../src/pipeline/breadth.js';
import { startTestServer, type TestServer, type TestServerOptions } from './fixtures/openai-server.js';

const FIX = join(import.meta.dirname, 'fixtures', 'breadth');
const BIN = join(import.meta.dirname, '..', 'bin', 'rlcf.js');
const LM_EVAL = JSON.parse(readFileSync(join(FIX, 'lm-eval-0.4.13.json'), 'utf8')) as LmEvalOut;

interface LmEvalDoc { doc_id: number; requests: [string, string][]; lls: number[]; acc: number | null; acc_norm: number | null }
interface LmEvalOut { lm_eval: string; runs: Record<string, { tasks: Record<string, LmEvalDoc[]> }> }

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
async function server(o: Partial<TestServerOptions> = {}): Promise<TestServer> {
  const s = await startTestServer({ script: () => 'A', ...o });
  servers.push(s);
  return s;
}
const completions = (s: TestServer, extra = {}) => new OpenAIProvider({ base_url: s.url, model: 'm', mode: 'completions', retries: 0, ...extra });

const SPECS = ['mmlu', 'hellaswag', 'winogrande', 'arc'].map((b) => `${b}:${join(FIX, b)}`);
async function allItems(numFewshot = 0, specs = SPECS): Promise<ChoiceItem[]> {
  const out: ChoiceItem[] = [];
  for (const s of specs) out.push(...(await loadChoiceBenchmark(s, { num_fewshot: numFewshot })));
  return out;
}

/** Our items next to lm-eval's docs, by task and doc_id; every lm-eval doc must have one. */
function paired(items: ChoiceItem[], run: string): [ChoiceItem, LmEvalDoc][] {
  const tasks = LM_EVAL.runs[run].tasks;
  const pairs: [ChoiceItem, LmEvalDoc][] = [];
  for (const [task, docs] of Object.entries(tasks)) {
    for (const d of docs) {
      const it = items.find((i) => i.task === task && i.index === d.doc_id);
      expect(it, `${task} doc ${d.doc_id}`).toBeDefined();
      pairs.push([it!, d]);
    }
  }
  expect(pairs.length).toBe(items.length);
  return pairs;
}

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (c) => { stdout += c; });
    p.stderr.on('data', (c) => { stderr += c; });
    p.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('prompts: the same (context, continuation) pairs as lm-eval 0.4.13', () => {
  it.each([['0-shot', 0], ['MMLU 2-shot from the dev split', 2]] as const)('%s', async (_name, shots) => {
    const items = await allItems(shots, shots ? [SPECS[0]] : SPECS);
    for (const [it, d] of paired(items, String(shots))) {
      expect(it.requests.map((r) => [r.context, r.continuation]), `${it.task} ${it.id}`).toEqual(d.requests);
    }
  });

  it('HellaSwag preprocessing and Python capitalize', () => {
    expect(hellaswagPreprocess(' A [title] B [step] C  D ')).toBe('A. B C D');
    expect(pyCapitalize('you WILL')).toBe('You will');
    expect(pyCapitalize('')).toBe('');
  });
});

describe('scores: per item, the same choice as lm-eval on the same server', () => {
  it.each([['0-shot', 0], ['MMLU 2-shot', 2]] as const)('%s: log-likelihoods, acc and acc_norm per item', async (_n, shots) => {
    const s = await server();
    const items = await allItems(shots, shots ? [SPECS[0]] : SPECS);
    const { items: results, summary } = await runBreadth(completions(s), items, { mode: 'loglikelihood', num_fewshot: shots });
    let differ = 0;
    for (const [it, d] of paired(items, String(shots))) {
      const r = results.find((x) => x.task === it.task && x.index === it.index)!;
      expect(r.lls!.length).toBe(d.lls.length);
      r.lls!.forEach((ll, i) => expect(ll, `${it.task} ${it.id} choice ${i}`).toBeCloseTo(d.lls[i], 9));
      expect(r.acc, `${it.task} ${it.id} acc`).toBe(d.acc);
      if (d.acc_norm !== null) expect(r.acc_norm, `${it.task} ${it.id} acc_norm`).toBe(d.acc_norm);
      if (r.pred_norm !== undefined && r.pred_norm !== r.pred) differ++;
    }
    if (!shots) expect(differ, 'the fixtures have items where acc_norm picks another choice than acc').toBeGreaterThan(0);
    expect(summary.results.mmlu.n).toBe(7);
    expect(summary.groups.mmlu).toHaveLength(2);
  });

  it('an oracle model scores 1, an anti-oracle 0 (the scorer reads the model, not the labels)', async () => {
    const items = await allItems();
    const gold = items.map((it) => it.requests[it.gold].context + it.requests[it.gold].continuation);
    const matches = (prefix: string, token: string) => gold.some((g) => g.startsWith(prefix + token));
    for (const [sign, want] of [[1, 1], [-1, 0]] as const) {
      const s = await server({ logprob: (prefix, token) => (matches(prefix, token) === (sign > 0) ? -0.1 : -5) });
      const { summary } = await runBreadth(completions(s), items, { mode: 'loglikelihood' });
      for (const [task, r] of Object.entries(summary.results)) {
        expect(r.metrics.acc?.value, `${task} acc`).toBe(want);
        if (r.metrics.acc_norm) expect(r.metrics.acc_norm.value, `${task} acc_norm`).toBe(want);
      }
    }
  });

  it('acc_norm divides by the choice\'s length in characters (not the continuation\'s, which has the leading space)', async () => {
    const item: ChoiceItem = {
      benchmark: 'arc_easy', task: 'arc_easy', id: 'x', index: 0, gold: 1, choices: ['a', 'bbbbbbbbbb'], metrics: ['acc', 'acc_norm'],
      requests: [{ context: 'Q', continuation: ' a' }, { context: 'Q', continuation: ' bbbbbbbbbb' }], letter: { question: 'Q', options: ['a', 'b'] },
    };
    // -2/1 < -19/10 (choice lengths), but -2/2 > -19/11 (continuation lengths)
    const model = { id: 'fixed', generate: async () => [], loglikelihood: async () => [-2, -19].map((logprob) => ({ logprob, is_greedy: false, tokens: 1 })) };
    const { items: [r] } = await runBreadth(model, [item], { mode: 'loglikelihood' });
    expect(r).toMatchObject({ pred: 0, acc: 0, pred_norm: 1, acc_norm: 1 });
  });

  it('stderr as lm-eval reports it, Wilson intervals', async () => {
    const s = await server();
    const { summary } = await runBreadth(completions(s), await allItems(), { mode: 'loglikelihood' });
    const lm = JSON.parse(readFileSync(join(FIX, 'lm-eval-0.4.13.json'), 'utf8')).runs['0'].results as Record<string, Record<string, number>>;
    for (const [task, r] of Object.entries(lm)) {
      expect(summary.results[task].metrics.acc!.value).toBeCloseTo(r['acc,none'], 12);
      expect(summary.results[task].metrics.acc!.stderr).toBeCloseTo(r['acc_stderr,none'], 12);
      if ('acc_norm,none' in r) expect(summary.results[task].metrics.acc_norm!.stderr).toBeCloseTo(r['acc_norm_stderr,none'], 12);
    }
    const [lo, hi] = wilson(7, 10);
    expect(lo).toBeCloseTo(0.3968, 3);
    expect(hi).toBeCloseTo(0.8922, 3);
  });
});

describe('the log-likelihood request', () => {
  it('moves trailing whitespace of the context to the continuation, as lm-eval does', () => {
    expect(moveTrailingSpace('Answer: ', 'A')).toEqual({ context: 'Answer:', continuation: ' A' });
    expect(moveTrailingSpace('Answer:', ' A')).toEqual({ context: 'Answer:', continuation: ' A' });
  });

  it('sends echo + logprobs + max_tokens 1 and scores only the continuation (not the generated token)', async () => {
    const s = await server({ logprob: (_p, t) => (t === '<|endoftext|>' ? -100 : -1) });
    const [r] = await completions(s).loglikelihood([{ context: 'Question: why?\nAnswer:', continuation: ' because it is' }]);
    const body = s.requests.at(-1)!.body!;
    expect(body).toMatchObject({ prompt: 'Question: why?\nAnswer: because it is', echo: true, logprobs: 1, max_tokens: 1 });
    expect(r.tokens).toBe(4); // " beca" "use" " it" " is"
    expect(r.logprob).toBe(-4);
  });

  it('a token straddling the context boundary counts for the continuation; offsets from token lengths when text_offset is absent', () => {
    const choice = { logprobs: { tokens: ['Hel', 'lo wo', 'rld', '<eos>'], token_logprobs: [null, -1, -2, -50], top_logprobs: null } };
    expect(continuationLogprob(choice, 5, 'Hello world', 'u')).toEqual({ logprob: -3, is_greedy: true, tokens: 2 });
    expect(() => continuationLogprob({ logprobs: null }, 5, 'Hello world', 'http://x/v1/completions')).toThrow(/logprobs for the echoed prompt.*--generative/);
  });

  it('a server that ignores echo/logprobs gets a clear error, and so does a chat endpoint', async () => {
    const s = await server();
    const chat = new OpenAIProvider({ base_url: s.url, model: 'm', mode: 'chat', retries: 0 });
    await expect(chat.loglikelihood([{ context: 'a', continuation: ' b' }])).rejects.toThrow(/chat endpoint.*openai-compatible-completions.*--generative/);
    // an adversarial server: echoes logprobs for fewer tokens than the prompt has
    const bad = await startTestServer({ script: () => '' });
    servers.push(bad);
    const p = completions(bad);
    const lying = { logprobs: { tokens: ['a'], token_logprobs: [null] } };
    expect(() => continuationLogprob(lying, 1, 'a b', 'u')).toThrow(/do not spell the prompt|no token/);
    // llama-server: logprobs for the generated token only, whatever echo says
    const generatedOnly = { logprobs: { tokens: [' A'], token_logprobs: [-0.5], text_offset: [9], top_logprobs: [{ ' A': -0.5 }] } };
    expect(() => continuationLogprob(generatedOnly, 7, 'Answer: B', 'u')).toThrow(/do not cover the 9-character prompt.*llama-server/);
    await expect(p.loglikelihood([{ context: '', continuation: 'x' }])).rejects.toThrow(/non-empty context/);
  });
});

describe('generative letter-answer mode (chat endpoints)', () => {
  it('parses the answer letter', () => {
    expect(parseLetter('B', 4)).toBe(1);
    expect(parseLetter('(C) because', 4)).toBe(2);
    expect(parseLetter('The answer is D.', 4)).toBe(3);
    expect(parseLetter('I think A is right', 4)).toBe(0);
    expect(parseLetter('E', 4)).toBe(-1);
    expect(parseLetter('no idea', 4)).toBe(-1);
  });

  it('scores exact_match from the replies and labels the mode', async () => {
    const items = await allItems(0, [SPECS[0]]);
    // answers the gold letter for abstract_algebra, "A" otherwise
    const s = await server({ script: (r) => {
      const it = items.find((i) => r.prompt.startsWith(i.letter.question));
      return it && it.task === 'mmlu_abstract_algebra' ? `Answer: ${'ABCD'[it.gold]}` : 'A';
    } });
    const chat = new OpenAIProvider({ base_url: s.url, model: 'm', mode: 'chat', retries: 0 });
    const { summary } = await runBreadth(chat, items, { mode: 'generative' });
    expect(summary.mode).toBe('generative');
    expect(summary.results.mmlu_abstract_algebra.metrics.exact_match!.value).toBe(1);
    expect(summary.results.mmlu_high_school_geography.metrics.exact_match!.value).toBeCloseTo(1 / 3, 12);
    expect(summary.results.mmlu.metrics.acc).toBeUndefined();
  });
});

describe('data files', () => {
  it('reads a single file, jsonl rows, and a subject folder', async () => {
    const one = await loadChoiceBenchmark(`arc_challenge:${join(FIX, 'arc', 'ARC-Challenge', 'test-00000-of-00001.parquet')}`);
    expect(one.map((i) => i.task)).toEqual(Array(4).fill('arc_challenge'));
    expect(one[1].gold).toBe(1); // numeric labels "1","2","3", answerKey "2"
    const easy = await loadChoiceBenchmark(`arc:${join(FIX, 'arc', 'ARC-Easy')}`);
    expect(easy.map((i) => i.task)).toEqual(Array(3).fill('arc_easy'));
    const sub = await loadChoiceBenchmark(`mmlu:${join(FIX, 'mmlu', 'high_school_geography')}`);
    expect(sub).toHaveLength(3);
  });

  it('bad data is an error naming the file, the row and the fix', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rlcf-breadth-'));
    const wg = join(dir, 'validation.jsonl');
    writeFileSync(wg, `${JSON.stringify({ sentence: 'No blank here.', option1: 'a', option2: 'b', answer: '1' })}\n`);
    await expect(loadChoiceBenchmark(`winogrande:${wg}`)).rejects.toThrow(/validation\.jsonl.*1.*blank/);
    const arc = join(dir, 'ARC-Easy', 'test.jsonl');
    mkdirSync(join(dir, 'ARC-Easy'));
    writeFileSync(arc, `${JSON.stringify({ id: 'x', question: 'q', choices: { text: ['a', 'b'], label: ['A', 'B'] }, answerKey: 'C' })}\n`);
    await expect(loadChoiceBenchmark(`arc:${arc}`)).rejects.toThrow(/answerKey "C" is not one of the 2 choices/);
    await expect(loadChoiceBenchmark(`hellaswag:${dir}`)).rejects.toThrow(/validation\.jsonl:1: field "ctx_a" must be a string/);
    await expect(loadChoiceBenchmark(`hellaswag:${join(dir, 'ARC-Easy')}`)).rejects.toThrow(/no "validation" split.*Rowan\/hellaswag/);
    await expect(loadChoiceBenchmark('mmlu')).rejects.toThrow(/needs a local path.*cais\/mmlu/);
    await expect(loadChoiceBenchmark(`hellaswag:${join(FIX, 'hellaswag')}`, { num_fewshot: 5 })).rejects.toThrow(/few-shot is supported for mmlu only/);
    const lone = join(dir, 'mmlu-test.jsonl');
    copyFileSync(join(FIX, 'arc', 'ARC-Easy', 'test.jsonl'), lone);
    await expect(loadChoiceBenchmark(`mmlu:${lone}`)).rejects.toThrow(/field "choices" must be a list/);
  });
});

describe('rlcf eval --bench <multiple-choice>', () => {
  it('--json summary under lm-eval metric names, --results per item, table otherwise', async () => {
    const s = await server();
    const dir = mkdtempSync(join(tmpdir(), 'rlcf-breadth-cli-'));
    const model = `openai-compatible-completions:${s.url}#m`;
    const r = await runCli(['eval', '--model', model, ...SPECS.flatMap((b) => ['--bench', b]), '--json', '--results', join(dir, 'items.jsonl')]);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.mode).toBe('loglikelihood');
    expect(Object.keys(j.results).sort()).toEqual(['arc_challenge', 'arc_easy', 'hellaswag', 'mmlu', 'mmlu_abstract_algebra', 'mmlu_high_school_geography', 'winogrande']);
    expect(j.results.hellaswag.metrics.acc_norm).toMatchObject({ value: 0.8 });
    expect(j.results.hellaswag.metrics.acc_norm.ci95).toHaveLength(2);
    const lines = readFileSync(join(dir, 'items.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(24);
    expect(lines[0]).toMatchObject({ task: 'mmlu_abstract_algebra', index: 0 });
    const t = await runCli(['eval', '--model', model, '--bench', SPECS[1], '--no-progress']);
    expect(t.stdout).toMatch(/hellaswag\s+5\s+0\.0% \[0\.0, 43\.4\]\s+80\.0%/);
    expect(t.stdout).toMatch(/scored as lm-evaluation-harness/);
  });

  it('usage errors exit 2 with the reason', async () => {
    const mixed = await runCli(['eval', '--model', 'openai-compatible-completions:http://127.0.0.1:9/v1#m', '--bench', 'builtin', '--bench', SPECS[1]]);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toMatch(/multiple-choice .* apart from the code benchmarks builtin/);
    const shots = await runCli(['eval', '--model', 'openai-compatible-completions:http://127.0.0.1:9/v1#m', '--bench', SPECS[1], '--num-fewshot', '3']);
    expect(shots.code).toBe(2);
    expect(shots.stderr).toMatch(/few-shot is supported for mmlu only/);
    const chat = await runCli(['eval', '--model', 'openai-compatible:http://127.0.0.1:9/v1#m', '--bench', SPECS[1]]);
    expect(chat.code).toBe(2);
    expect(chat.stderr).toMatch(/needs \/v1\/completions with echo and logprobs.*--generative/);
  });
});
