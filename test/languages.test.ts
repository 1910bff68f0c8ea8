// The language descriptors are the one home of language knowledge (issue 13 item 1): every name a
// descriptor accepts resolves to the same language through every entry point — the CLI (--lang, the
// file extension, --batch lines), samples files, MultiPL-E codes, plain task files, model-output
// fences, and each wire protocol (/v1 native, SandboxFusion /run_code and /submit, Piston, openr1) —
// and an unknown name is refused everywhere (never a silent Python run).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Judgement, Task } from '../src/benchmarks/types.js';
import { loadBuiltinProblems, solutionFile } from '../src/benchmarks/builtin.js';
import { multiplELanguage } from '../src/benchmarks/multipl-e.js';
import { languageOf as plainLanguageOf } from '../src/benchmarks/plain.js';
import { sanitize } from '../src/judge/sanitize.js';
import { loadSamples, normalizeLanguage } from '../src/models/samples.js';
import { chatUserContent } from '../src/models/prompt.js';
import { DESCRIPTORS, languageOf, languageOfFence, languageOfFile, resolveLanguage } from '../src/sandbox/languages/index.js';
import { LANGUAGES, type Language, type Submission, type Verdict } from '../src/sandbox/types.js';
import { buildApp } from '../src/server/app.js';
import type { Executor } from '../src/server/executor.js';
import { TEST_STATE } from './helpers.js';

/** Every (name, language) pair the descriptors declare: ids, aliases, in their spelling and upper case. */
const NAMES: [string, Language][] = LANGUAGES.flatMap((l) => [l, ...DESCRIPTORS[l].aliases].flatMap((n) =>
  (n.toUpperCase() === n ? [n] : [n, n.toUpperCase()]).map((x): [string, Language] => [x, l])));

describe('the descriptors', () => {
  it('register every language, and declare names no other descriptor claims', () => {
    expect(Object.keys(DESCRIPTORS).sort()).toEqual([...LANGUAGES].sort());
    const seen = new Map<string, Language>();
    for (const l of LANGUAGES) {
      const d = DESCRIPTORS[l];
      expect(d.id).toBe(l);
      expect(d.displayName.length).toBeGreaterThan(0);
      expect(d.fenceTags[0]).toBe(l);
      expect(d.extensions.every((e) => /^\.[a-z0-9]+$/.test(e))).toBe(true);
      for (const n of [l, ...d.aliases]) {
        expect(n).toBe(n.toLowerCase());
        expect(seen.get(n) ?? l, `alias ${n}`).toBe(l);
        seen.set(n, l);
      }
    }
    // the names the previous copies disagreed on (issue 13): one meaning each, everywhere
    expect(Object.fromEntries(['g++', 'c17', 'jdk', 'py3', 'cc', 'golang', 'nodejs', 'go_test.go'].map((n) => [n, languageOf(n)])))
      .toEqual({ 'g++': 'cpp', c17: 'c', jdk: 'java', py3: 'python', cc: 'cpp', golang: 'go', nodejs: 'javascript', 'go_test.go': 'go' });
  });

  it('the library entry points: resolveLanguage, samples, MultiPL-E, plain task files, fences', () => {
    for (const [n, l] of NAMES) {
      expect(resolveLanguage(n), n).toBe(l);
      expect(resolveLanguage(` ${n} `), n).toBe(l);
      expect(normalizeLanguage(n), n).toBe(l);
      expect(multiplELanguage(n), n).toBe(l);
      expect(plainLanguageOf(n), n).toBe(l);
      expect(languageOfFence(n), n).toBe(l);
    }
    for (const bad of ['cobol', '', 'python4', 'c#']) {
      expect(() => resolveLanguage(bad)).toThrow(/unknown language .*use one of python, javascript.*aliases: .*g\+\+/);
      expect(multiplELanguage(bad)).toBeUndefined();
      expect(plainLanguageOf(bad)).toBeUndefined();
    }
    // a samples file's language name keys the samples by the resolved language
    const dir = mkdtempSync(join(tmpdir(), 'rlcf-lang-'));
    const f = join(dir, 'samples.jsonl');
    writeFileSync(f, NAMES.map(([n], i) => JSON.stringify({ task_id: `t${i}`, language: n, completion: 'x' })).join('\n') + '\n');
    const set = loadSamples(f);
    NAMES.forEach(([n, l], i) => expect(set.keyFor(`t${i}`, l), n).toBe(`t${i}@${l}`));
  });

  it('file extensions, fence tags of model output, the prompt fence and the built-in suite', () => {
    for (const l of LANGUAGES) {
      for (const e of DESCRIPTORS[l].extensions) expect(languageOfFile(`x/prog${e}`)).toBe(l);
      for (const t of DESCRIPTORS[l].fenceTags) expect(languageOfFence(t)).toBe(l);
      expect(chatUserContent({ prompt: 'x', style: 'completion', language: l } as never)).toContain(`\`\`\`${l}\n`);
      // of two fenced blocks the sanitiser picks the one tagged with any of the language's names
      for (const n of [l, ...DESCRIPTORS[l].aliases, ...DESCRIPTORS[l].fenceTags]) {
        const other = l === 'python' ? 'java' : 'python';
        const text = `\`\`\`${other}\nWRONG_BLOCK_OF_ANOTHER_LANGUAGE\n\`\`\`\n\`\`\`${n}\nRIGHT\n\`\`\`\n`;
        expect(sanitize(text, { language: l, style: 'instruction', prompt: '' }).code.trim(), `${l} fence ${n}`).toBe('RIGHT');
      }
    }
    expect(languageOfFile('x.unknown')).toBeUndefined();
    // every built-in problem's solutions are named by the descriptors' program files
    const p = loadBuiltinProblems()[0];
    for (const l of LANGUAGES) expect(p.solutions[l], solutionFile(l)).toBeDefined();
  });

  it('no other file keeps a copy of the alias tables', () => {
    // a quoted alias outside the descriptors is a table that will drift; the few legitimate uses
    // name a tool or a peer's own convention, not a language
    const allowed: Record<string, string[]> = {
      'src/sandbox/pyfast.ts': ['py', 'gcc', 'cc'], // the C compiler that builds the agent's hot path
      'src/benchmarks/multipl-e.ts': ['py', 'js', 'ts', 'rs'], // the dataset's own config names
      'src/server/sandboxfusion.ts': ['go_test'], // SandboxFusion's name for Go test mode
    };
    const root = join(import.meta.dirname, '..');
    const files = (d: string): string[] => readdirSync(join(root, d), { withFileTypes: true })
      .flatMap((e) => (e.isDirectory() ? files(join(d, e.name)) : /\.(ts|tsx)$/.test(e.name) ? [join(d, e.name)] : []));
    const aliases = LANGUAGES.flatMap((l) => DESCRIPTORS[l].aliases);
    const found: string[] = [];
    for (const f of [...files('src'), ...files('web/src')]) {
      if (f.startsWith('src/sandbox/languages/') || f.startsWith('src/bench/')) continue;
      const text = readFileSync(join(root, f), 'utf8');
      for (const a of aliases) {
        if (allowed[f]?.includes(a)) continue;
        for (const q of ['"', "'", '`']) {
          for (let i = text.indexOf(`${q}${a}${q}`); i >= 0; i = text.indexOf(`${q}${a}${q}`, i + 1)) {
            // a program started by its name (python3, rustc, gcc) is a tool, not a language name
            // (also as the first word of a sandboxed command line: `argv: ['python3', ...]`)
            if (/(execFileSync|execFile|spawnSync|spawn|run|which)\(\s*$|\?\?\s*$|argv:\s*\[\s*$/.test(text.slice(Math.max(0, i - 40), i))) continue;
            found.push(`${f}: ${a}`);
          }
        }
        // an unquoted object key: { py3: 'python', golang: 'go' }
        if (/^[a-z_]\w*$/.test(a) && new RegExp(`[{,]\\s*${a}\\s*:\\s*['"\`]`).test(text)) found.push(`${f}: ${a}:`);
      }
    }
    expect(found).toEqual([]);
  });

  it('a language without reference solutions still loads the built-in suite (no 30 files first)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rlcf-builtin-'));
    writeFileSync(join(dir, 'x'), '');
    const slug = join(dir, 'sum');
    spawnSync('mkdir', ['-p', join(slug, 'solutions')]);
    writeFileSync(join(slug, 'statement.md'), '# Sum\nAdd.\n');
    writeFileSync(join(slug, 'tests.json'), JSON.stringify({ cases: [{ stdin: '1 2', stdout: '3' }] }));
    writeFileSync(join(slug, 'solutions', solutionFile('python')), 'print(sum(map(int, input().split())))\n');
    const [prob] = loadBuiltinProblems(dir);
    expect(Object.keys(prob.solutions)).toEqual(['python']);
  });
});

// ---- the wire protocols -------------------------------------------------------------------------
// A recording executor stands in for the sandbox: this file checks which language each route hands
// to the executor for each name (what the sandbox does with it is engine.test's and server.test's).
class Recorder implements Executor {
  seen: string[] = [];
  async run(sub: Submission): Promise<Verdict> {
    this.seen.push(sub.language);
    return { status: 'ok', exit_code: 0, signal: null, stdout: `7 ${sub.language}\n`, stderr: '', truncated: false, stdout_truncated: false,
      stderr_truncated: false, cpu_ms: 1, wall_ms: 1, memory_kb: 1, controls_missing: [], sandbox: 'bwrap' };
  }
  async runTests(sub: Submission, inputs: unknown[]): Promise<Verdict[]> {
    return Promise.all(inputs.map(() => this.run(sub)));
  }
  async grade(task: Task, code: string): Promise<Judgement> {
    this.seen.push(task.language);
    return { passed: true, status: 'ok', result: 'passed', program: code, tests: [], passed_tests: 1, total_tests: 1, cpu_ms: 1, wall_ms: 1 };
  }
  stats() {
    return { in_flight: 0, queue_depth: 0, slots: 64, executions: 0 };
  }
  ready() {
    return true;
  }
  async drain() {}
  async close() {}
}

describe('each wire protocol resolves every name to the same language', () => {
  const rec = new Recorder();
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp({ executor: rec, defaultMetrics: false });
  });
  afterAll(async () => {
    await app?.close();
  });
  const post = (url: string, body: unknown) =>
    app.inject({ method: 'POST', url, payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  const stdio = { kind: 'stdio', cases: [{ stdin: '3 4', stdout: '7' }] };

  const ROUTES: [string, (name: string) => Promise<{ statusCode: number; body: string }>][] = [
    ['/v1/run', (n) => post('/v1/run', { language: n, source: 'x' })],
    ['/v1/grade', (n) => post('/v1/grade', { items: [{ id: 'a', completion: 'x', task: { language: n, tests: stdio } }] })],
    ['/run_code', (n) => post('/run_code', { language: n, code: 'x' })],
    ['/submit', (n) => post('/submit', { id: 'a', completion: 'x', config: { language: n, provided_data: { test: [{ input: { stdin: '3 4' }, output: { stdout: '7' } }] } } })],
    ['/api/v2/execute', (n) => post('/api/v2/execute', { language: n, version: '*', files: [{ content: 'x' }] })],
    ['/execute_batch', (n) => post('/execute_batch', { scripts: ['x'], languages: [n] })],
  ];

  for (const [route, send] of ROUTES) {
    it(route, async () => {
      const runtimes = route === '/api/v2/execute' ? (await app.inject('/api/v2/runtimes')).json() as { language: string }[] : null;
      for (const [n, l] of NAMES) {
        // Piston lists only the runtimes this host has: a missing toolchain is its "unknown runtime"
        if (runtimes && !runtimes.some((r) => languageOf(r.language) === l)) continue;
        rec.seen = [];
        const r = await send(n);
        expect(r.statusCode, `${route} ${n}: ${r.body}`).toBe(200);
        expect(rec.seen, `${route} ${n}`).toEqual([l]);
      }
      rec.seen = [];
      for (const bad of ['cobol', 'python4']) {
        const r = await send(bad);
        expect(r.statusCode, `${route} ${bad}: ${r.body}`).toBe(400);
      }
      expect(rec.seen).toEqual([]);
    });
  }

  it('Piston lists each runtime under the descriptor names and accepts all of them', async () => {
    const rt = (await app.inject('/api/v2/runtimes')).json() as { language: string; aliases: string[] }[];
    expect(rt.length).toBeGreaterThan(0);
    for (const r of rt) {
      const l = languageOf(r.language)!;
      expect(l).toBeDefined();
      expect(new Set([r.language, ...r.aliases])).toEqual(new Set([l, ...DESCRIPTORS[l].aliases]));
    }
  });
});

describe('the CLI', () => {
  const BIN = join(import.meta.dirname, '..', 'bin', 'rlcf.js');
  it('--batch lines and --lang take every name: each runs its language\'s program for real', () => {
    const available = LANGUAGES.filter((l) => {
      try {
        DESCRIPTORS[l].discover();
        return true;
      } catch {
        console.warn(`languages.test: ${l} toolchain missing (${DESCRIPTORS[l].hint}); its names are checked without running`);
        return false;
      }
    });
    const lines = NAMES.map(([n, l], i) => ({ id: `${i}`, language: n, source: available.includes(l) ? DESCRIPTORS[l].hello : 'x', stdin: '3 4\n' }));
    lines.push({ id: 'bad', language: 'cobol', source: 'x', stdin: '' });
    const dir = mkdtempSync(join(tmpdir(), 'rlcf-lang-cli-'));
    writeFileSync(join(dir, 'batch.jsonl'), lines.map((x) => JSON.stringify(x)).join('\n') + '\n');
    const r = spawnSync(process.execPath, [BIN, 'run', '--batch', join(dir, 'batch.jsonl'), '--state-dir', TEST_STATE, '--no-progress'],
      { encoding: 'utf8', timeout: 240_000 });
    const out = new Map(r.stdout.trim().split('\n').map((x) => JSON.parse(x)).map((v: { id: string }) => [v.id, v]));
    NAMES.forEach(([n, l], i) => {
      const v = out.get(`${i}`) as Verdict;
      expect(v, n).toBeDefined();
      if (available.includes(l)) expect(`${v.status} ${v.stdout.trim()}`, `${n} → ${l}`).toBe(`ok 7 ${l}`);
      else expect(v.status).not.toBe('invalid_input');
    });
    expect(out.get('bad')).toMatchObject({ status: 'invalid_input' });
    // --lang with an alias and a file of no known extension: resolved by the same table
    writeFileSync(join(dir, 'prog.txt'), DESCRIPTORS.python.hello);
    writeFileSync(join(dir, 'in.txt'), '3 4\n');
    const one = spawnSync(process.execPath, [BIN, 'run', join(dir, 'prog.txt'), '--lang', 'PY3', '--stdin-file', join(dir, 'in.txt'), '--json',
      '--state-dir', TEST_STATE], { encoding: 'utf8', timeout: 60_000 });
    expect(JSON.parse(one.stdout)).toMatchObject({ status: 'ok', stdout: '7 python\n' });
  }, 300_000);
});
