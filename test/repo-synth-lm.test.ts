// `rlcf repo synth --strategies lm-rewrite --model ...` and model-written statements on toolz 1.0.0
// (PyPI, as test/repo-synth.test.ts). The model is a test double: a local OpenAI-compatible HTTP
// server (src/models/testing/openai-server.ts) whose script answers each rewrite request with the
// original function with one comparison flipped, or with something a model might say instead
// (garbage, another function, nothing, a think block); the pipeline from the HTTP request to the
// validated instance is the real one. Skips naming the missing sandbox or registry.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenAIProvider } from '../src/models/openai.js';
import { startTestServer, type ScriptRequest, type TestServer } from '../src/models/testing/openai-server.js';
import type { SweInstance } from '../src/repo/formats.js';
import { cleanStatement, LM_STRATEGY, type LmStats, lmDraw, lmStatement, synthesizeLm } from '../src/repo/synth-lm.js';
import { testSource } from '../src/repo/synth-lm-text.js';
import { drawCandidates, type SynthSummary, synthesize } from '../src/repo/synth.js';
import { TEST_STATE } from './helpers.js';
import { pypiSnapshots } from './repo-fixtures.js';

const SOURCE = 'pypi:toolz==1.0.0';
const BIN = join(import.meta.dirname, '..', 'bin', 'rlcf.js');
let skip = '';
let snapDir = '';
let server: TestServer;
const statementPrompts: string[] = [];
let instances: (SweInstance & { synth: { strategy: string; file: string; function: string; statement: { source: string } } })[] = [];
let summary: SynthSummary & { lm: LmStats };

const FLIPS: [RegExp, string][] = [[/ < /, ' >= '], [/ == /, ' != '], [/ > /, ' <= '], [/ is None\b/, ' is not None']];

/** the scripted model: `flip` answers the original function with its first comparison flipped */
function rewrite(prompt: string, how: string): string {
  const m = /the file (\S+) imports:[\s\S]*Implement the function `(\w+)`/.exec(prompt);
  if (!m) throw new Error(`not a rewrite prompt: ${prompt.slice(0, 200)}`);
  const src = testSource(snapDir, `${m[1]}::${m[2]}`, Infinity) ?? '';
  // the code only: the signature, docstring and comments may hold an operator too
  const lines = src.split('\n');
  const def = lines.findIndex((l) => /^\s*(async\s+)?def /.test(l));
  let from = def + 1;
  if (/^\s*[rbu]?("""|''')/.test(lines[from] ?? '')) {
    const q = /"""|'''/.exec(lines[from])![0];
    while (from < lines.length && !(lines[from].split(q).length - 1 >= (from === def + 1 ? 2 : 1))) from++;
    from++;
  }
  const i = lines.findIndex((l, k) => k >= from && FLIPS.some(([re]) => re.test(l)) && !/^\s*#/.test(l));
  if (i >= 0) {
    const [re, to] = FLIPS.find(([r]) => r.test(lines[i]))!;
    lines[i] = lines[i].replace(re, to);
  }
  const code = lines.join('\n');
  if (how === 'garbage') return `\`\`\`python\ndef ${m[2]}(:\n    return\n\`\`\``;
  if (how === 'other') return '```python\ndef something_else(x):\n    return x\n```';
  if (how === 'empty') return '';
  if (how === 'tabs') return `\`\`\`python\n${code.replace(/^( {4})+/gm, (w) => '\t'.repeat(w.length / 4))}\n\`\`\``;
  if (how === 'think') return `<think>\nflip it\n</think>\nHere it is:\n\`\`\`python\n${code}\n\`\`\`\n`;
  return `Sure, here is the implementation:\n\n\`\`\`python\n${code}\n\`\`\`\nIt handles the edge cases.`;
}

function script(r: ScriptRequest, how: (name: string) => string): string {
  if (/GitHub issues/.test(r.system ?? '')) {
    statementPrompts.push(r.prompt);
    // the first statement comes back empty: that instance gets the template's
    if (statementPrompts.length === 1) return '';
    return '```markdown\nCalling the function with an empty input gives the wrong result.\n\nExpected the documented value, got another one.\n```';
  }
  const name = /Implement the function `(\w+)`/.exec(r.prompt)?.[1] ?? '';
  return rewrite(r.prompt, how(name));
}

const provider = (url: string) => new OpenAIProvider({ base_url: url, model: 'scripted', mode: 'chat', retries: 0, timeout_ms: 20_000 });

beforeAll(async () => {
  ({ dirs: [snapDir], skip } = await pypiSnapshots([SOURCE]));
  if (skip) return;
  server = await startTestServer({ script: (r) => script(r, () => 'flip') });
  const model = provider(server.url);
  const r = await synthesizeLm({ snapshot: SOURCE, max: 2, tries: 4, seed: 'lm1', model, stateDir: TEST_STATE, workers: 2,
    statement: lmStatement(model, { seed: 'lm1' }) });
  instances = r.instances as typeof instances;
  summary = r.summary;
}, 600_000);

afterAll(async () => {
  await server?.close();
});

describe('repo synth lm-rewrite (scripted OpenAI-compatible model)', () => {
  it('keeps model rewrites that some tests notice, with model-written statements that never see the bug', (ctx) => {
    if (skip) ctx.skip();
    expect(instances.length).toBe(2);
    expect(summary.kept).toBe(instances.length);
    expect(summary.per_strategy[LM_STRATEGY].tried).toBe(summary.tried);
    const l = summary.lm;
    expect(l.asked).toBe(4);
    expect(l.model_error + l.empty + l.unparsable + l.no_function + l.unchanged + l.candidates).toBe(l.asked);
    for (const i of instances) {
      expect(i.synth.strategy).toBe(LM_STRATEGY);
      expect(i.FAIL_TO_PASS.length).toBeGreaterThanOrEqual(1);
      expect(i.PASS_TO_PASS.length).toBeGreaterThanOrEqual(1);
      // one flipped comparison: one line out, one line in, and the gold patch takes it back
      const out = i.patch.split('\n').filter((x) => /^\+[^+]/.test(x));
      const inn = i.patch.split('\n').filter((x) => /^-[^-]/.test(x));
      expect([out.length, inn.length]).toEqual([1, 1]);
    }
    const [first, ...rest] = instances;
    expect(first.synth.statement).toEqual({ source: 'template', model: summary.lm.model, error: 'empty answer' });
    expect(first.problem_statement).toMatch(/^Regression in toolz\/toolz: /);
    expect(first.problem_statement).toContain(first.FAIL_TO_PASS[0].split('::').at(-1)!);
    for (const i of rest) {
      expect(i.synth.statement).toEqual({ source: 'model', model: summary.lm.model });
      expect(i.problem_statement).toBe('Calling the function with an empty input gives the wrong result.\n\nExpected the documented value, got another one.\n');
    }
    // the statement's prompt: the failing tests and their source, never the bug's file or lines
    expect(statementPrompts.length).toBe(instances.length);
    for (const [k, p] of statementPrompts.entries()) {
      const i = instances[k];
      expect(p).toContain(i.FAIL_TO_PASS[0]);
      expect(p).toMatch(/```python\n\s*def test_/);
      expect(p).not.toContain(i.synth.file);
      for (const line of i.patch.split('\n').filter((x) => /^[+-][^+-]/.test(x))) expect(p).not.toContain(line.slice(1).trim());
    }
  });

  it('every gold patch is the original function back: reversed it gives the bug, applied again the release', (ctx) => {
    if (skip) ctx.skip();
    // (resolution through swe eval is the procedural instances' path: test/repo-synth.test.ts)
    for (const i of instances) {
      const orig = readFileSync(join(snapDir, i.synth.file), 'utf8');
      const tmp = mkdtempSync(join(tmpdir(), 'rlcf-synth-lm-'));
      try {
        const patch = i.patch.replaceAll(`a/${i.synth.file}`, 'a/f.py').replaceAll(`b/${i.synth.file}`, 'b/f.py');
        writeFileSync(join(tmp, 'f.py'), orig);
        writeFileSync(join(tmp, 'gold.diff'), patch);
        execFileSync('git', ['apply', '-R', 'gold.diff'], { cwd: tmp });
        expect(readFileSync(join(tmp, 'f.py'), 'utf8')).not.toBe(orig);
        execFileSync('git', ['apply', 'gold.diff'], { cwd: tmp });
        expect(readFileSync(join(tmp, 'f.py'), 'utf8')).toBe(orig);
      } finally {
        rmSync(tmp, { recursive: true, force: true });
      }
    }
  });

  it('counts what became of each answer: model errors, nothing, garbage, another function, a think block, tabs', async (ctx) => {
    if (skip) ctx.skip();
    const kinds = ['garbage', 'other', 'empty', 'think', 'flip', 'tabs'];
    const answered: Record<string, string> = {};
    // the kind is a function of the name: the requests run concurrently, in no fixed order
    const how = (name: string) => (answered[name] = kinds[[...name].reduce((h, c) => h + c.charCodeAt(0), 0) % kinds.length]);
    const s = await startTestServer({ script: (r) => script(r, how), failures: [{ kind: 'status', status: 500, count: 1 }] });
    try {
      const stats: LmStats = { model: 'scripted', asked: 0, model_error: 0, empty: 0, unparsable: 0, no_function: 0, unchanged: 0, candidates: 0, errors: [] };
      const d = await lmDraw(provider(s.url), { seed: 'lm2', limit: 10, repo: 'toolz/toolz', stateDir: TEST_STATE }, stats)(snapDir, { language: 'python' } as never);
      const n = (k: string) => Object.values(answered).filter((x) => x === k).length;
      expect(stats.asked).toBe(10);
      expect(Object.keys(answered).length).toBe(9); // the failed request never reached the script
      expect(stats.model_error).toBe(1);
      expect(stats.errors[0]).toMatch(/500/);
      expect(stats.unparsable).toBe(n('garbage'));
      expect(stats.no_function).toBe(n('other'));
      expect(stats.empty).toBe(n('empty'));
      expect(stats.candidates + stats.unchanged).toBe(n('think') + n('flip') + n('tabs'));
      expect(d.candidates.length).toBe(stats.candidates);
      for (const c of d.candidates) {
        expect(['think', 'flip', 'tabs']).toContain(answered[c.function]);
        // re-indented with spaces whatever the answer used; one comparison flipped
        expect(c.bug_patch).not.toMatch(/^\+\t/m);
        expect(c.bug_patch.split('\n').filter((x) => /^\+[^+]/.test(x)).length).toBe(1);
        expect(c.meta?.sanitize).toEqual(expect.arrayContaining([expect.stringMatching(/^fence|block/)]));
      }
    } finally {
      await s.close();
    }
  }, 120_000);
});

describe('synth.ts hooks (draw, f2p_files, meta)', () => {
  it('candidates from a draw hook are validated as the procedural ones; failing tests outside f2p_files are not FAIL_TO_PASS', async (ctx) => {
    if (skip) ctx.skip();
    const [c] = (await drawCandidates(snapDir, { seed: '7', limit: 1, strategies: ['flip-compare'], stateDir: TEST_STATE })).candidates;
    // the same bug twice: as drawn, and with F2P restricted to a test file that does not exist
    const draw = async () => ({ functions: 1, sites: {}, candidates: [{ ...c, meta: { variant: 'all' } },
      { ...c, id: `${c.id}:restricted`, f2p_files: ['toolz/tests/test_no_such_file.py'], meta: { variant: 'restricted' } }] });
    const r = await synthesize({ snapshot: SOURCE, max: 2, seed: '7', strategies: ['flip-compare'], stateDir: TEST_STATE, draw });
    expect(r.summary.tried).toBe(2);
    expect(r.summary.dropped).toEqual({ no_fail_to_pass: 1 });
    expect(r.instances.map((i) => (i.synth as { variant: string }).variant)).toEqual(['all']);
    expect(r.instances[0].FAIL_TO_PASS.length).toBeGreaterThanOrEqual(1);
  }, 300_000);
});

describe('model-written statements', () => {
  it('falls back to the template on a model error and says so', async () => {
    const s = await startTestServer({ script: () => 'never', failures: [{ kind: 'status', status: 500, count: 1 }] });
    try {
      const model = provider(s.url);
      const hook = lmStatement(model, { seed: '0' });
      const r = await hook({ c: { id: 'x' } as never, f2p: ['t.py::test_a'], raw: '', repo: 'o/n', snapDir: '/nonexistent', language: 'python' });
      expect(r.text).toBe('');
      expect(r.meta).toEqual({ statement: { source: 'template', model: model.id, error: expect.stringMatching(/500/) } });
    } finally {
      await s.close();
    }
  });

  it('unwraps a fenced reply and drops think blocks', () => {
    expect(cleanStatement('<think>hmm</think>\n```markdown\nIt breaks.\n```')).toBe('It breaks.');
    expect(cleanStatement('  \n')).toBe('');
    expect(cleanStatement('Title\n\n```python\nx = 1\n```\nmore')).toBe('Title\n\n```python\nx = 1\n```\nmore');
  });

  it('reads a test\'s source only inside the snapshot', () => {
    expect(testSource('/etc', '../etc/passwd::test_x')).toBeNull();
    expect(testSource('/', 'etc/passwd::x')).toBeNull();
  });
});

describe('rlcf repo synth flags', () => {
  const rlcf = (args: string[]) => spawnSync(process.execPath, [BIN, 'repo', 'synth', 'pypi:toolz==1.0.0', '--out', '/dev/null', '--state-dir', TEST_STATE, ...args], { encoding: 'utf8' });
  it.each([
    [['--strategies', 'lm-rewrite'], /--strategies lm-rewrite needs --model/],
    [['--strategies', 'release-mirror'], /release-mirror needs --from/],
    [['--strategies', 'lm-rewrite,flip-compare', '--model', 'openai-compatible:http://127.0.0.1:9/v1#m'], /runs alone/],
    [['--from', 'pypi:toolz==0.12.1'], /--from is for --strategies release-mirror/],
    [['--statements', 'model'], /--statements model needs --model/],
  ])('%j is a usage error', (args, msg) => {
    const r = rlcf(args);
    expect(r.stderr).toMatch(msg);
    expect(r.status).toBe(2);
  });
});
