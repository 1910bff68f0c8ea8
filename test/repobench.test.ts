// RepoBench-style next-line tasks: the metrics against the reference definitions (hand-checked
// values, and rapidfuzz computed here when installed), the prompt layout and truncation of
// construct_prompt, the three settings picking lines of the right kind (a fixture repository and,
// when present, pip's own source tree as real code), and the loader for directories and v1.1 rows.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBenchmark } from '../src/benchmarks/index.js';
import { judgeNextLine } from '../src/judge/next-line.js';
import { type BuiltRow, buildRepoBench } from '../src/tasks/repobench/build.js';
import { exactMatch, firstLineNotComment, fuzzRatio, pyRound } from '../src/tasks/repobench/metrics.js';
import { type RepoBenchRow, constructPrompt } from '../src/tasks/repobench/prompt.js';
import { UPSTREAM_CONSTRUCT_PROMPT, UPSTREAM_FIRST_LINE } from './repobench-upstream.js';

const PAIRS: [string, string][] = [
  ['abcdefgh', 'abcdexyz'], ['kitten', 'sitting'], ['', ''], ['a', ''], ['', 'b'], ['same', 'same'],
  ['    return self.model(x)', 'return self.model(x)'], ['x = foo(a, b)', 'x = foo(b, a)'],
  ['for i in range(10):', 'for j in range(n):'], ['naïve café ☕', 'naive cafe'], ['𝔘𝔫𝔦', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢'],
  ['self.assertEqual(result, expected)', 'self.assertEquals(expected, result)'], ['ab', 'ba'], ['aaaa', 'aa'],
];

describe('RepoBench metrics', () => {
  it('hand-checked values: fuzz.ratio (Indel, Python rounding), exact match, first non-comment line', () => {
    expect(fuzzRatio('abcdefgh', 'abcdexyz')).toBe(62); // 62.5 → 62: Python rounds half to even
    expect(fuzzRatio('kitten', 'sitting')).toBe(62); // LCS 4: 1 - 5/13
    expect(fuzzRatio('', '')).toBe(100);
    expect(fuzzRatio('a', '')).toBe(0);
    expect([pyRound(0.5), pyRound(1.5), pyRound(2.5), pyRound(2.51)]).toEqual([0, 2, 2, 3]);
    expect(exactMatch('  x  =  f( a )\t', 'x = f( a )')).toBe(true);
    expect(exactMatch('x=f(a)', 'x = f(a)')).toBe(false);
    expect(firstLineNotComment('\n\n  # note\n"""doc\nstill doc\n"""\n    y = 2\nz = 3')).toBe('    y = 2');
    // upstream quirk kept: a one-line docstring opens a "multiline comment" that never closes
    expect(firstLineNotComment("'''one-line doc'''\nx = 1")).toBe("'''one-line doc'''");
    expect(firstLineNotComment('// c\n/* a\n b */\n  int x = 1;', 'java')).toBe('  int x = 1;');
    expect(firstLineNotComment('# only\n# comments')).toBe('# only');
  });

  it('fuzzRatio equals thefuzz semantics over rapidfuzz: int(round(fuzz.ratio(a, b)))', (ctx) => {
    const py = spawnSync('python3', ['-c', `import json,sys
from rapidfuzz import fuzz
print(json.dumps([int(round(fuzz.ratio(a, b))) for a, b in json.load(sys.stdin)]))`], { input: JSON.stringify(PAIRS), encoding: 'utf8' });
    if (py.status !== 0) {
      ctx.skip(`rapidfuzz is not installed for python3 (pip install rapidfuzz==3.14.6): ${py.stderr.trim().split('\n').pop()}`);
      return;
    }
    expect(PAIRS.map(([a, b]) => fuzzRatio(a, b))).toEqual(JSON.parse(py.stdout));
  });

  it('firstLineNotComment equals upstream get_first_line_not_comment (run.py) on tricky inputs', () => {
    const inputs: [string, string][] = [['\n\n  # c\n"""d\n"""\n  x = 1\n', 'python'], ["'''a'''\nx", 'python'], ['   \n\t\n', 'python'],
      ['"""a\nb"""\n# z\ny = 2', 'python'], ['/* a */\nint x;', 'java'], ['// a\n  /*\n * b\n */\n  return 1;', 'java'], ['', 'python'], ['x\r\ny', 'python']];
    const py = spawnSync('python3', ['-c', `import json, sys\n${UPSTREAM_FIRST_LINE}\nprint(json.dumps([get_first_line_not_comment(c, l) for c, l in json.load(sys.stdin)]))`],
      { input: JSON.stringify(inputs), encoding: 'utf8' });
    if (py.status !== 0) throw new Error(`python3 failed: ${py.stderr}`);
    expect(inputs.map(([c, l]) => firstLineNotComment(c, l as 'python' | 'java'))).toEqual(JSON.parse(py.stdout));
  });

  it('adversarial completions: megabytes on one line score 0 at once; the judge never runs anything', () => {
    const gt = '    return self.layers[i](x) + residual';
    expect(fuzzRatio('x'.repeat(5_000_000), gt)).toBe(0);
    expect(fuzzRatio(gt.repeat(3000), gt)).toBe(0); // ratio bound 200·38/(38·3001) < 0.5
    expect(fuzzRatio(gt.repeat(300), gt)).toBe(1); // bound 0.66: computed, 200·38/(38·301) = 0.664 → 1
    const task = { id: 't', benchmark: 'repobench', language: 'python' as const, prompt: '', style: 'completion' as const, judge: { kind: 'next_line' as const, next_line: gt } };
    const j = judgeNextLine(task, task.judge, `import os; os.system("touch /tmp/pwned")\n${'#'.repeat(1 << 20)}`);
    expect([j.passed, j.cpu_ms, j.tests[0].actual!.length <= 1024]).toEqual([false, 0, true]);
  });

  it('the judge: exact match passes, anything else fails with the edit similarity as score', () => {
    const task = { id: 't', benchmark: 'repobench', language: 'python' as const, prompt: '', style: 'completion' as const,
      judge: { kind: 'next_line' as const, next_line: '        return x + 1' } };
    const ok = judgeNextLine(task, task.judge, '\n        # add one\n        return x  +  1\n    def next(self):');
    expect([ok.passed, ok.score, ok.program]).toEqual([true, fuzzRatio('        return x  +  1', '        return x + 1'), '        return x  +  1']);
    const bad = judgeNextLine(task, task.judge, '        return x - 1');
    expect([bad.passed, bad.status, bad.score]).toEqual([false, 'wrong_answer', fuzzRatio('        return x - 1', '        return x + 1')]);
  });
});

const ROW: RepoBenchRow = {
  repo_name: 'me/proj', file_path: 'pkg/app.py',
  context: [{ identifier: 'Model', path: 'pkg/models.py', snippet: 'class Model:\n    pass' }, { identifier: 'CONST', path: 'pkg/util.py', snippet: 'CONST = 3' }],
  import_statement: 'from .models import Model\nfrom pkg.util import CONST', cropped_code: 'def run():\n    m = 1\n\n\n\n\n', next_line: '    return Model()', gold_snippet_index: 0,
};

describe('RepoBench prompt layout', () => {
  it('construct_prompt: repo name, snippets headed by paths, the file path, imports, cropped code', () => {
    expect(constructPrompt(ROW, 'python', null)).toBe('# Repo Name: me/proj\n# Path: pkg/models.py\nclass Model:\n    pass\n\n# Path: pkg/util.py\nCONST = 3\n\n' +
      '# Path: pkg/app.py\nfrom .models import Model\nfrom pkg.util import CONST\ndef run():\n    m = 1\n');
    expect(constructPrompt(ROW, 'java', null).startsWith('// Repo Name: me/proj\n// Path: pkg/models.py\n')).toBe(true);
  });

  it('over the budget, cross-file lines are dropped from the end (one token per word here)', () => {
    const words = (s: string) => s.split(/\s+/).filter(Boolean).length;
    const full = constructPrompt(ROW, 'python', null, words);
    // 3 words over: "CONST = 3" brings the excess to 0, not below it, so the path line above goes too
    const cut = constructPrompt(ROW, 'python', words(full) - 3, words);
    expect(cut).toBe('# Repo Name: me/proj\n# Path: pkg/models.py\nclass Model:\n    pass\n\n\n# Path: pkg/app.py\nfrom .models import Model\nfrom pkg.util import CONST\ndef run():\n    m = 1\n');
    const py = spawnSync('python3', ['-c', UPSTREAM_CONSTRUCT_PROMPT], { input: JSON.stringify({ row: ROW, max: words(full) - 3 }), encoding: 'utf8' });
    if (py.status === 0) expect(py.stdout).toBe(cut); // the upstream function itself, with the same word tokenizer
    else throw new Error(`python3 failed: ${py.stderr}`);
  });
});

/** The invariants of a built row, checked against the file's own lines. */
function checkRow(dir: string, r: BuiltRow, lines: (f: string) => string[]): void {
  const strip = (l: string) => l.replace(/(["'])(?:\\.|(?!\1).)*\1/g, '""').replace(/#.*$/, '');
  const used = (l: string, id: string) => new RegExp(`(?<![\\w.])${id}\\b`).test(strip(l));
  const src = lines(r.file_path);
  expect(src[r.line - 1].replace(/\s+$/, ''), `${dir}/${r.file_path}:${r.line}`).toBe(r.next_line);
  const importLines = new Set(r.import_statement.split('\n'));
  // lines before, without imports and without the lines of triple-quoted strings (docstrings)
  let open = false;
  const before = src.slice(0, r.line - 1).filter((l) => {
    const was = open;
    if (((l.match(/"""|'''/g) ?? []).length) % 2 === 1) open = !open;
    return !was && !/^\s*[rbuRBU]?("""|''')/.test(l) && !importLines.has(l);
  });
  if (r.setting === 'in_file') {
    expect(r.gold_snippet_index).toBe(-1);
    for (const c of r.context) expect(used(r.next_line, c.identifier), `${r.file_path}:${r.line} uses ${c.identifier}`).toBe(false);
  } else {
    const gold = r.context[r.gold_snippet_index];
    expect(used(r.next_line, gold.identifier), `${r.file_path}:${r.line}`).toBe(true);
    const usedBefore = r.context.filter((c) => used(r.next_line, c.identifier)).map((c) => before.some((l) => used(l, c.identifier)));
    if (r.setting === 'cross_file_first') {
      expect(usedBefore, `${r.file_path}:${r.line}`).toContain(false);
      expect(before.some((l) => used(l, gold.identifier)), `${r.file_path}:${r.line}: the gold name's first use`).toBe(false);
    }
    else expect(usedBefore.every(Boolean), `${r.file_path}:${r.line}`).toBe(true);
  }
  expect(r.cropped_code.endsWith(src[r.line - 2] ?? '')).toBe(true);
}

function fixtureRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rlcf-repobench-'));
  mkdirSync(join(dir, 'pkg'));
  writeFileSync(join(dir, 'pkg', '__init__.py'), '');
  writeFileSync(join(dir, 'pkg', 'models.py'), 'import math\n\n\nclass Model:\n    """A model."""\n\n    def __init__(self, n):\n        self.n = n\n\n\ndef helper(x):\n    return math.sqrt(x)\n');
  writeFileSync(join(dir, 'pkg', 'util.py'), 'LIMIT = 10\n');
  writeFileSync(join(dir, 'pkg', 'app.py'), [
    '"""The app."""', 'from .models import (', '    Model,', '    helper,', ')', 'from pkg.util import LIMIT', '',
    'SCALE = 2', '', '', 'def build(n):', '    # make one', '    m = Model(n * SCALE)', '    s = "helper is not a use here"',
    '    if n > LIMIT:', '        return helper(n)', '    return Model(helper(n))', '', '', 'def twice(n):', '    return build(n) + build(n)', '',
  ].join('\n'));
  execFileSync('git', ['init', '-q', dir]);
  execFileSync('git', ['-C', dir, 'add', '.']);
  return dir;
}

describe('RepoBench tasks from a repository', () => {
  it('fixture: the three settings pick the right lines; the loader builds tasks judged by next_line', async () => {
    const dir = fixtureRepo();
    const rows = buildRepoBench(dir, { seed: '1' });
    const got = rows.map((r) => [r.setting, r.line, r.setting === 'in_file' ? '-' : r.context[r.gold_snippet_index].identifier]);
    expect(got).toEqual([
      ['cross_file_first', 13, 'Model'], ['cross_file_first', 15, 'LIMIT'], ['cross_file_first', 16, 'helper'],
      ['cross_file_random', 17, 'Model'], ['in_file', 21, '-'],
    ]);
    expect(rows[0].context.map((c) => [c.identifier, c.path])).toEqual([['Model', 'pkg/models.py'], ['helper', 'pkg/models.py'], ['LIMIT', 'pkg/util.py']]);
    expect(rows[0].context[0].snippet).toBe('class Model:\n    """A model."""\n\n    def __init__(self, n):\n        self.n = n');
    for (const r of rows) checkRow(dir, r, (f) => execFileSync('cat', [join(dir, f)], { encoding: 'utf8' }).split('\n'));
    const tasks = await loadBenchmark(`repobench:path:${dir}?max=10&seed=1`);
    expect(tasks.map((t) => t.id)).toEqual(rows.map((r) => `${r.setting}/${r.file_path}:${r.line}`));
    expect(tasks[0]).toMatchObject({ benchmark: 'repobench', style: 'completion', judge: { kind: 'next_line', next_line: '    m = Model(n * SCALE)' } });
    expect(tasks[0].prompt.startsWith(`# Repo Name: ${dir.split('/').pop()}\n# Path: pkg/models.py\nclass Model:`)).toBe(true);
    expect(tasks[0].prompt.endsWith('# Path: pkg/app.py\nfrom .models import (\n    Model,\n    helper,\n)\nfrom pkg.util import LIMIT\n"""The app."""\n\nSCALE = 2\n\n\ndef build(n):\n    # make one\n')).toBe(true);
    for (const t of tasks) expect(judgeNextLine(t, t.judge as never, `${t.reference}\nnext_line_after()`).passed).toBe(true);
    await expect(loadBenchmark(`repobench:path:${dir}?setting=nope`)).rejects.toThrow(/setting must be one of/);
  });

  it('a repository snapshot (rlcf repo import path:<dir>) by its source or id gives the same tasks', async () => {
    const dir = fixtureRepo();
    execFileSync('git', ['-C', dir, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-q', '-m', 'fixture']);
    const state = mkdtempSync(join(tmpdir(), 'rlcf-repobench-state-'));
    const { importSnapshot } = await import('../src/repo/snapshot.js');
    const snap = importSnapshot(`path:${dir}`, { stateDir: state });
    const saved = process.env.RLCF_HOME;
    process.env.RLCF_HOME = state; // where snapshots are looked up (the state directory)
    try {
      const bySource = await loadBenchmark(`repobench:snapshot:path:${dir}?seed=1`);
      const byId = await loadBenchmark(`repobench:snapshot:${snap.id.slice(0, 12)}?seed=1`);
      const fromDir = await loadBenchmark(`repobench:path:${dir}?seed=1`);
      expect(bySource.map((t) => [t.id, t.judge])).toEqual(fromDir.map((t) => [t.id, t.judge]));
      expect(byId.map((t) => t.id)).toEqual(fromDir.map((t) => t.id));
      expect(bySource[0].prompt.startsWith(`# Repo Name: path:${dir}\n`)).toBe(true);
      await expect(loadBenchmark('repobench:snapshot:pypi:nope==1')).rejects.toThrow(/no snapshot .*rlcf repo import/);
    } finally {
      if (saved === undefined) delete process.env.RLCF_HOME;
      else process.env.RLCF_HOME = saved;
    }
  });

  it('real code (pip\'s source tree): every built row satisfies its setting', (ctx) => {
    const r = spawnSync('python3', ['-c', 'import pip, os; print(os.path.dirname(pip.__file__))'], { encoding: 'utf8' });
    if (r.status !== 0) {
      ctx.skip('python3 with pip is needed for the real-code check');
      return;
    }
    const dir = join(r.stdout.trim(), '_internal');
    const rows = buildRepoBench(dir, { max: 40, seed: '7' });
    for (const s of ['cross_file_first', 'cross_file_random', 'in_file']) expect(rows.filter((x) => x.setting === s).length, s).toBe(40);
    for (const row of rows) checkRow(dir, row, (f) => execFileSync('cat', [join(dir, f)], { encoding: 'utf8' }).replace(/\r\n?/g, '\n').split('\n'));
    expect(buildRepoBench(dir, { max: 40, seed: '7' })).toEqual(rows);
  });

  it('RepoBench v1.1 rows file: setting from the file name, prompt by construct_prompt', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rlcf-repobench-rows-'));
    const file = join(dir, 'cross_file_first.jsonl');
    writeFileSync(file, `${JSON.stringify({ ...ROW, level: '2k' })}\n${JSON.stringify({ ...ROW, next_line: '    return CONST', gold_snippet_index: 1 })}\n`);
    const tasks = await loadBenchmark(`repobench:${file}`);
    expect(tasks.map((t) => [t.id, t.meta?.setting, t.meta?.level])).toEqual([['cross_file_first/0', 'cross_file_first', '2k'], ['cross_file_first/1', 'cross_file_first', '<2k']]);
    expect(tasks[0].prompt).toBe(constructPrompt(ROW, 'python'));
    writeFileSync(file, '{"repo_name": "x"}\n');
    await expect(loadBenchmark(`repobench:${file}`)).rejects.toThrow(/needs a string "file_path"/);
  });
});
