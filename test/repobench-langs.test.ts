// RepoBench-style tasks in Java and Go: the prompt layout against upstream construct_prompt with
// language="java" (its `//` headers), first-non-comment-line for C-family comments, the three
// settings on hand-checked fixture repositories (test/fixtures/repobench-java, -go), every row of
// real code satisfying its setting's definition (google/uuid from the Go module proxy, skipped with a
// message when unreachable; a Maven sources jar), and `rlcf eval --samples` end to end.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBenchmark } from '../src/benchmarks/index.js';
import { judgeNextLine } from '../src/judge/next-line.js';
import { buildRepoBenchGo } from '../src/tasks/repobench/build-go.js';
import { buildRepoBenchJava } from '../src/tasks/repobench/build-java.js';
import type { BuiltRow } from '../src/tasks/repobench/common.js';
import { firstLineNotComment } from '../src/tasks/repobench/metrics.js';
import { type RepoBenchRow, constructPrompt } from '../src/tasks/repobench/prompt.js';
import { TEST_STATE, runChild } from './helpers.js';
import { UPSTREAM_CONSTRUCT_PROMPT, UPSTREAM_FIRST_LINE } from './repobench-upstream.js';

const FIX = join(import.meta.dirname, 'fixtures');
const JAVA = join(FIX, 'repobench-java');
const GO = join(FIX, 'repobench-go');
const BIN = join(import.meta.dirname, '..', 'bin', 'rlcf.js');

const words = (s: string) => s.split(/\s+/).filter(Boolean).length;
/** upstream construct_prompt on each (row, language, budget), one python3 run */
function upstreamPrompts(cases: { row: RepoBenchRow; language: string; max: number }[]): string[] {
  const py = spawnSync('python3', ['-c', UPSTREAM_CONSTRUCT_PROMPT], { input: JSON.stringify(cases), encoding: 'utf8' });
  if (py.status !== 0) throw new Error(`python3 failed: ${py.stderr}`);
  return JSON.parse(py.stdout);
}

const JROW: RepoBenchRow = {
  repo_name: 'acme/shop', file_path: 'src/main/java/com/acme/shop/Cart.java',
  context: [
    { identifier: 'Item', path: 'src/main/java/com/acme/shop/model/Item.java', snippet: 'public final class Item {\n    private final String name;\n}' },
    { identifier: 'pad', path: 'src/main/java/com/acme/shop/util/Strings.java', snippet: '    public static String pad(String s, int width) {\n        return s;\n    }' },
  ],
  import_statement: 'import java.util.List;\nimport com.acme.shop.model.*;\nimport static com.acme.shop.util.Strings.pad;',
  cropped_code: 'package com.acme.shop;\n\n\n\n\npublic class Cart {\n    // items\n    private final List<Item> items;\n\n\n', next_line: '    public void add(Item item) {', gold_snippet_index: 0,
};

describe('RepoBench Java prompt layout and comments', () => {
  it('constructPrompt(language java) equals upstream construct_prompt: `//` headers, truncation, blank-line folding', () => {
    const full = constructPrompt(JROW, 'java', null, words);
    expect(full.startsWith('// Repo Name: acme/shop\n// Path: src/main/java/com/acme/shop/model/Item.java\npublic final class Item {')).toBe(true);
    expect(full).toContain('\n// Path: src/main/java/com/acme/shop/Cart.java\nimport java.util.List;\n');
    const n = words(full);
    // a built row too (the Go prompt is the same layout: RepoBench writes `//` for every language but Python)
    const built: RepoBenchRow = { ...buildRepoBenchJava(JAVA, { seed: '1' })[0] };
    delete (built as Partial<BuiltRow>).line;
    const cases = [...[n + 10, n, n - 2, n - 9, n - 20, 3].map((max) => ({ row: JROW, language: 'java', max })), { row: built, language: 'java', max: 60 }];
    expect(cases.map((c) => constructPrompt(c.row, 'java', c.max, words))).toEqual(upstreamPrompts(cases));
  });

  it('first non-comment line: Java and Go completions use the C-family rule of upstream get_first_line_not_comment', () => {
    const inputs = ['// a\n/* b\n c */\n    int x = 1;', '\n\n   /** doc */\n  return y;', '/* one */ int z;\nq', '  // only', '*/\nx := 1', '\t// c\n\tx := f(1) // trailing'];
    const py = spawnSync('python3', ['-c', `import json, sys\n${UPSTREAM_FIRST_LINE}\nprint(json.dumps([get_first_line_not_comment(c, "java") for c in json.load(sys.stdin)]))`],
      { input: JSON.stringify(inputs), encoding: 'utf8' });
    if (py.status !== 0) throw new Error(`python3 failed: ${py.stderr}`);
    expect(inputs.map((c) => firstLineNotComment(c, 'java'))).toEqual(JSON.parse(py.stdout));
    const task = { id: 't', benchmark: 'repobench', language: 'go' as const, prompt: '', style: 'completion' as const, judge: { kind: 'next_line' as const, next_line: '\tsize := classify(s)' } };
    expect(judgeNextLine(task, task.judge, '\t// classify it\n\tsize := classify(s)\n\treturn').passed).toBe(true);
    expect(judgeNextLine(task, task.judge, '\t# classify it\n\tsize := classify(s)').passed).toBe(false); // `#` is no Go comment
  });
});

/** A file's lines with literals and comments blanked, newlines kept: one left-to-right regex scan
 * (a simpler reading than the builder's lexer, written separately; enough for the fixtures and uuid,
 * which have no Java text blocks). */
const codeView = (text: string) => text.replace(/"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|`[^`]*`|\/\*[\s\S]*?\*\/|\/\/[^\n]*/g,
  (m) => (m.startsWith('"') ? '""' : m.replace(/[^\n]/g, ' '))).split('\n');
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const used = (code: string, id: string) => new RegExp(`(?<![\\w$.])${esc(id)}(?![\\w$])`).test(code);

/** The invariants of a built row against its file. */
function checkRow(dir: string, r: BuiltRow): void {
  const text = readFileSync(join(dir, r.file_path), 'utf8').replace(/\r\n?/g, '\n');
  const src = text.split('\n');
  const code = codeView(text);
  const next = code[r.line - 1];
  const at = `${r.file_path}:${r.line}`;
  expect(src[r.line - 1].replace(/\s+$/, ''), at).toBe(r.next_line);
  const importLines = new Set(r.import_statement.split('\n'));
  const before = code.slice(0, r.line - 1).filter((_, k) => !importLines.has(src[k]));
  for (const c of r.context) {
    expect(readFileSync(join(dir, c.path), 'utf8').replace(/\r\n?/g, '\n'), `${at} ${c.identifier}`).toContain(c.snippet);
    expect(c.snippet, `${at} ${c.identifier}`).toMatch(new RegExp(`\\b${esc(c.identifier.split('.').pop()!)}\\b`));
    expect(c.path).not.toBe(r.file_path);
  }
  if (r.setting === 'in_file') {
    expect(r.gold_snippet_index, at).toBe(-1);
    for (const c of r.context) expect(used(next, c.identifier), `${at} uses ${c.identifier}`).toBe(false);
  } else {
    expect(used(next, r.context[r.gold_snippet_index].identifier), at).toBe(true);
    const usedBefore = r.context.filter((c) => used(next, c.identifier)).map((c) => before.some((l) => used(l, c.identifier)));
    if (r.setting === 'cross_file_first') {
      expect(usedBefore, at).toContain(false);
      expect(before.some((l) => used(l, r.context[r.gold_snippet_index].identifier)), `${at}: the gold name is used for the first time`).toBe(false);
    }
    else expect(usedBefore.every(Boolean), at).toBe(true);
  }
  const prev = src[r.line - 2] ?? '';
  if (!importLines.has(prev)) expect(r.cropped_code.endsWith(`\n${prev}`), at).toBe(true);
}

const summary = (rows: BuiltRow[]) => rows.map((r) => [r.setting, r.file_path.split('/').pop(), r.line, r.gold_snippet_index < 0 ? '-' : r.context[r.gold_snippet_index].identifier]);

describe('RepoBench Java tasks', () => {
  it('fixture: imports (single, wildcard by package, static member) are the cross-file names; same-package classes are not', () => {
    const rows = buildRepoBenchJava(JAVA, { seed: '1' });
    expect(summary(rows)).toEqual([
      ['cross_file_first', 'Cart.java', 12, 'Item'], ['cross_file_first', 'Cart.java', 20, 'Money'], ['cross_file_first', 'Cart.java', 34, 'pad'],
      ['cross_file_random', 'Cart.java', 15, 'Item'], ['cross_file_random', 'Cart.java', 22, 'Money'], ['cross_file_random', 'Cart.java', 23, 'Item'],
      ['in_file', 'Cart.java', 16, '-'], ['in_file', 'Cart.java', 17, '-'], ['in_file', 'Cart.java', 24, '-'], ['in_file', 'Cart.java', 26, '-'],
    ]);
    const ctx = rows[0].context;
    expect(ctx.map((c) => [c.identifier, c.path.split('/').slice(-2).join('/')])).toEqual([['Item', 'model/Item.java'], ['Money', 'model/Money.java'], ['pad', 'util/Strings.java']]);
    // a record whose brace opens the next line is whole; a static import's snippet is the method
    expect(ctx[1].snippet).toBe(readFileSync(join(JAVA, ctx[1].path), 'utf8').split('\n').slice(2, 13).join('\n'));
    expect(ctx[2].snippet.split('\n')[0]).toBe('    public static String pad(String s, int width) {');
    expect(rows[0].import_statement).toBe('import java.util.ArrayList;\nimport java.util.List;\nimport com.acme.shop.model.*;\nimport static com.acme.shop.util.Strings.pad;');
    expect(rows[0].cropped_code.startsWith('package com.acme.shop;\n\n\n/**')).toBe(true);
    for (const r of rows) checkRow(JAVA, r);
    // "Money" inside a string (line 21) and the same-package Discount (line 32) make no tasks
    expect(rows.some((r) => r.line === 21 || r.line === 32)).toBe(false);
  });

  it('nested-class and static-member imports resolve to their declarations inside the outer class', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rlcf-repobench-nested-'));
    mkdirSync(join(dir, 'a'));
    writeFileSync(join(dir, 'a', 'Outer.java'), 'package a;\n\npublic class Outer {\n    public static final int LIMIT = 3;\n\n    @Deprecated\n    public static class Inner {\n        int v;\n    }\n}\n');
    writeFileSync(join(dir, 'B.java'), 'import a.Outer.Inner;\nimport static a.Outer.LIMIT;\nimport static java.lang.Math.max;\n\nclass B {\n    int f(Inner i) {\n        return max(i.v, LIMIT);\n    }\n}\n');
    const rows = buildRepoBenchJava(dir);
    expect(summary(rows)).toEqual([['cross_file_first', 'B.java', 6, 'Inner'], ['cross_file_first', 'B.java', 7, 'LIMIT']]);
    expect(rows[0].context.map((c) => [c.identifier, c.path, c.snippet])).toEqual([
      ['Inner', 'a/Outer.java', '    @Deprecated\n    public static class Inner {\n        int v;\n    }'],
      ['LIMIT', 'a/Outer.java', '    public static final int LIMIT = 3;'],
    ]);
  });

  it('`rlcf eval --bench repobench:path:<dir>?language=java --samples` scores exact match and edit similarity', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rlcf-repobench-java-'));
    const samples = join(dir, 's.jsonl');
    const id = (s: string, line: number) => `${s}/src/main/java/com/acme/shop/Cart.java:${line}`;
    writeFileSync(samples, [
      { task_id: id('cross_file_first', 12), completion: '    private final List<Item> items = new ArrayList<>();\n    private int count;' },
      { task_id: id('cross_file_first', 20), completion: '  // the sum\n    public Money  total() {' },
      { task_id: id('in_file', 17), completion: '/* bump\n */\n        count--;' },
    ].map((r) => JSON.stringify(r)).join('\n'));
    const r = await runChild([BIN, 'eval', '--bench', `repobench:path:${JAVA}?language=java`, '--samples', samples, '--partial',
      '--db', join(dir, 'db.sqlite'), '--state-dir', TEST_STATE, '--no-progress', '--json'], { timeoutMs: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ tasks: 3, samples: 3, verdicts: { ok: 2, wrong_answer: 1 } });
    expect(out.scores['repobench java'].mean).toBeCloseTo((100 + 100 + 86) / 3, 2); // fuzz.ratio('        count--;', '        count++;') = 86
  }, 60_000);
});

describe('RepoBench tasks from hostile repositories', () => {
  it('a megabyte line of nested generics or a huge Go var list costs no quadratic time; symlinks are not followed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rlcf-repobench-hostile-'));
    // (quadratic pattern matching on those lines would take hours: the test's timeout fails it)
    mkdirSync(join(dir, 'a'));
    writeFileSync(join(dir, 'a', 'A.java'), 'package a;\npublic class A {\n    int n;\n}\n');
    writeFileSync(join(dir, 'B.java'), `import a.A;\nclass B {\n    Map${'<a'.repeat(500_000)} x;\n    A a = new A();\n    int m = a.n;\n}\n`);
    symlinkSync('/etc/passwd', join(dir, 'C.java'));
    const rows = buildRepoBenchJava(dir);
    expect(summary(rows)).toEqual([['cross_file_first', 'B.java', 4, 'A'], ['in_file', 'B.java', 5, '-']]);
    writeFileSync(join(dir, 'go.mod'), 'module m\n');
    writeFileSync(join(dir, 'x.go'), `package m\n\nvar ${Array.from({ length: 100_000 }, (_, i) => `v${i}`).join(', ')} int\n\nfunc F() int { return 1 }\n`);
    writeFileSync(join(dir, 'y.go'), 'package m\n\nfunc G() int {\n\treturn F()\n}\n');
    expect(summary(buildRepoBenchGo(dir))).toEqual([['cross_file_first', 'y.go', 4, 'F']]);
  });
});

describe('RepoBench-style Go tasks (rlcf\'s extension)', () => {
  it('fixture: same-package names and pkg.Name of the module\'s own packages; raw strings and comments are no uses', async () => {
    const rows = buildRepoBenchGo(GO, { seed: '1' });
    expect(summary(rows)).toEqual([
      ['cross_file_first', 'circle.go', 15, 'geom.Pi'], ['cross_file_first', 'circle.go', 19, 'Shape'], ['cross_file_first', 'circle.go', 22, 'classify'],
      ['cross_file_first', 'circle.go', 23, 'Large'], ['cross_file_first', 'main.go', 10, 's.Circle'], ['cross_file_first', 'main.go', 11, 's.Describe'],
      ['cross_file_random', 'circle.go', 24, 'geom.Pi'],
      ['in_file', 'circle.go', 14, '-'], ['in_file', 'circle.go', 18, '-'], ['in_file', 'circle.go', 26, '-'], ['in_file', 'main.go', 12, '-'],
    ]);
    const circle = rows.find((r) => r.file_path === 'circle.go')!;
    expect(circle.context.map((c) => c.identifier)).toEqual(['geom.Pi', 'geom.Square', 'Large', 'Shape', 'classify']); // by definition site
    expect(circle.context[2].snippet).toBe('const (\n\tSmall = iota\n\tLarge\n)'); // an iota group is one snippet
    expect(circle.context[1].snippet).toBe('// Square of x.\nfunc Square(x float64) float64 {\n\treturn x * x\n}');
    expect(circle.import_statement).toBe('import (\n\t"fmt"\n\n\t"example.com/shapes/geom"\n)');
    for (const r of rows) checkRow(GO, r);
    const tasks = await loadBenchmark(`repobench:path:${GO}`); // the language is found from the files
    expect(tasks.map((t) => [t.language, t.id])[0]).toEqual(['go', 'cross_file_first/circle.go:15']);
    expect(tasks[0].prompt.startsWith('// Repo Name: repobench-go\n// Path: geom/geom.go\n// Pi to five places.\nconst Pi = 3.14159\n\n')).toBe(true);
    await expect(loadBenchmark(`repobench:path:${GO}?language=rust`)).rejects.toThrow(/language must be one of python, java, go/);
    await expect(loadBenchmark(`repobench:path:${GO}?language=java`)).rejects.toThrow(/no Java files/);
    await expect(loadBenchmark(`repobench:path:${mkdtempSync(join(tmpdir(), 'rlcf-repobench-empty-'))}`)).rejects.toThrow(/no Python, Java or Go files under .*language=python\|java\|go/);
  });

  it('google/uuid v1.6.0 (gomod snapshot): rows of all three settings, each satisfying its definition', async (ctx) => {
    const SOURCE = 'gomod:github.com/google/uuid@v1.6.0';
    const { importSnapshot } = await import('../src/repo/snapshot.js');
    let dir: string;
    try {
      dir = importSnapshot(SOURCE, { stateDir: TEST_STATE }).dir;
    } catch (e) {
      ctx.skip(`the Go module proxy is unreachable and ${SOURCE} is not cached in ${TEST_STATE}: ${(e as Error).message.split('\n')[0]}`);
      return;
    }
    const rows = buildRepoBenchGo(dir, { max: 30, seed: '3' });
    for (const s of ['cross_file_first', 'cross_file_random', 'in_file']) expect(rows.filter((r) => r.setting === s).length, s).toBeGreaterThanOrEqual(20);
    for (const r of rows) checkRow(dir, r);
    const saved = process.env.RLCF_HOME;
    process.env.RLCF_HOME = TEST_STATE;
    try {
      const tasks = await loadBenchmark(`repobench:snapshot:${SOURCE}?max=30&seed=3`);
      expect(tasks.map((t) => t.id)).toEqual(rows.map((r) => `${r.setting}/${r.file_path}:${r.line}`));
      expect(tasks.every((t) => t.language === 'go' && t.prompt.startsWith(`// Repo Name: ${SOURCE}\n`))).toBe(true);
    } finally {
      if (saved === undefined) delete process.env.RLCF_HOME;
      else process.env.RLCF_HOME = saved;
    }
  }, 120_000);
});

describe('RepoBench Java tasks from a Maven sources jar (rlcf repo import maven:)', () => {
  it('gson 2.10.1: the -sources.jar as a snapshot; rows of all three settings, each satisfying its definition', async (ctx) => {
    const SOURCE = 'maven:com.google.code.gson:gson:2.10.1';
    const { importSnapshot, parseSource } = await import('../src/repo/snapshot.js');
    expect(parseSource(SOURCE)).toEqual({ kind: 'maven', name: 'com.google.code.gson:gson', version: '2.10.1' });
    expect(() => parseSource('maven:gson:2.10.1')).toThrow(/maven:<group>:<artifact>:<version>/);
    let dir: string;
    try {
      dir = importSnapshot(SOURCE, { stateDir: TEST_STATE }).dir;
    } catch (e) {
      const msg = (e as Error).message;
      if (/mvn could not run/.test(msg)) return ctx.skip(`Maven is not installed (scripts/setup.sh installs it): ${msg}`);
      if (/no sources jar|resolve|transfer|connect|network|timed out/i.test(msg)) return ctx.skip(`the Maven registry is unreachable and ${SOURCE} is not cached in ${TEST_STATE}: ${msg.split('\n')[0]}`);
      throw e;
    }
    // the jar's tree as shipped: sources under their package directories, no build file
    expect(readFileSync(join(dir, 'com/google/gson/Gson.java'), 'utf8')).toMatch(/^package com\.google\.gson;$/m);
    const rows = buildRepoBenchJava(dir, { max: 30, seed: '5' });
    for (const s of ['cross_file_first', 'cross_file_random', 'in_file']) expect(rows.filter((r) => r.setting === s).length, s).toBe(30);
    for (const r of rows) checkRow(dir, r);
    expect(rows.some((r) => r.context.some((c) => c.path.startsWith('com/google/gson/internal/')))).toBe(true); // resolved across packages
    // no tests, no build file: an environment is refused with what the snapshot is for
    const { buildEnv } = await import('../src/repo/env.js');
    await expect(buildEnv(SOURCE, { stateDir: TEST_STATE })).rejects.toThrow(/sources jar has no tests .*repobench:snapshot:maven:/);
  }, 120_000);
});
