// `rlcf repo synth`'s later strategies (issue 15): Python shuffle-statements / remove-base-class /
// remove-method on a fixture tree; Go statement-level strategies on a fixture module (every
// candidate compiles; the obvious compile errors are not generated); the re-check that drops a bug
// whose failure depends on the clock (an adversarial Go module). combine is tested on toolz in
// repo-synth.test.ts (its synthesis makes one). Skips naming the missing sandbox or Go.
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildEnv } from '../src/repo/env.js';
import { importSnapshot } from '../src/repo/snapshot.js';
import { type Candidate, drawCandidates, synthesize } from '../src/repo/synth.js';
import { lineDiff } from '../src/repo/synth-go.js';
import { cleanBaseline, makeRunner, recheckBug, repeatCommand } from '../src/repo/synth-validate.js';
import { probeHost } from '../src/sandbox/host.js';
import { TEST_STATE } from './helpers.js';

const hasGo = (() => {
  try {
    execFileSync('go', ['version']);
    return true;
  } catch {
    return false;
  }
})();

function tree(files: Record<string, string>, git = false): string {
  const root = mkdtempSync(join(tmpdir(), 'rlcf-synth-fx-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
  if (git) {
    const g = (...a: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', '-c', 'commit.gpgsign=false', ...a], { cwd: root });
    g('init', '-q');
    g('add', '-A');
    g('commit', '-qm', 'fixture');
  }
  execFileSync('chmod', ['-R', 'a+rX', root]);
  chmodSync(root, 0o755);
  return root;
}

/** the candidate's bug applied to a copy of the tree (git apply), and its gold patch taking it back */
function applied(root: string, c: Candidate): string {
  const tmp = mkdtempSync(join(tmpdir(), 'rlcf-synth-ap-'));
  cpSync(root, tmp, { recursive: true, filter: (s) => !s.includes('/.git') });
  writeFileSync(join(tmp, '.bug.diff'), c.bug_patch);
  writeFileSync(join(tmp, '.gold.diff'), c.gold_patch);
  execFileSync('git', ['apply', '.bug.diff'], { cwd: tmp });
  return tmp;
}

const PY = `class Base:
    def greet(self):
        return "base"


class Plain(object):
    def a(self):
        return 1

    def b(self):
        return 2


class Child(Base, dict):
    def __init__(self, n):
        self.n = n
        self.items = []
        total = 0
        for i in range(n):
            if i % 2:
                total += i
        self.total = total

    def greet(self):
        return "child"

    @property
    def size(self):
        return self.n


def mix(xs):
    out = []
    count = len(xs)
    limit = count + 1
    for x in xs:
        if x in out:
            continue
        out.append(x)
    out.append(limit)
    out.reverse()
    return out
`;

describe('Python: shuffle-statements, remove-base-class, remove-method', () => {
  it('draws them deterministically, from classes and functions of the library only, never an obvious unbound swap', async (ctx) => {
    if (!probeHost().bwrapWorks) ctx.skip();
    const root = tree({ 'pkg/core.py': PY, 'pkg/tests/test_core.py': PY.replaceAll('class ', 'class Test'), 'test_top.py': PY });
    const strategies = ['shuffle-statements', 'remove-base-class', 'remove-method'];
    const o = { seed: 'p1', limit: 30, strategies, stateDir: TEST_STATE };
    const a = await drawCandidates(root, o);
    expect(JSON.stringify(await drawCandidates(root, o))).toBe(JSON.stringify(a));
    expect(new Set(a.candidates.map((c) => c.file))).toEqual(new Set(['pkg/core.py']));
    // one per (class or function, strategy): Plain and Child lose a method, Child a base, mix a swap
    const by = (s: string) => a.candidates.filter((c) => c.strategy === s);
    expect(by('remove-method').map((c) => c.function).sort()).toEqual(['Child', 'Plain']);
    expect(by('remove-base-class').map((c) => c.function)).toEqual(['Child']);
    expect(by('remove-base-class')[0].bug_patch).toMatch(/^\+class Child\((Base|dict)\):$/m);
    expect(by('shuffle-statements').map((c) => c.function)).toEqual(['mix']);
    expect(a.sites['remove-base-class']).toBe(2); // Base and dict of Child; never Plain's `object`
    for (const c of a.candidates) {
      // never `limit = count + 1` before `count = len(xs)`
      expect(c.bug_patch).not.toMatch(/^\+\s+count = len\(xs\)\n(?!\+)/m);
      const tmp = applied(root, c);
      const text = readFileSync(join(tmp, c.file), 'utf8');
      expect(text).not.toBe(PY);
      execFileSync('python3', ['-c', 'import ast,sys; ast.parse(open(sys.argv[1]).read())', join(tmp, c.file)]);
      execFileSync('git', ['apply', '.gold.diff'], { cwd: tmp });
      expect(readFileSync(join(tmp, c.file), 'utf8')).toBe(PY);
      rmSync(tmp, { recursive: true, force: true });
    }
    // a decorated method goes with its decorator
    const size = by('remove-method').find((c) => c.description.includes('size'));
    if (size) expect(size.bug_patch).toMatch(/^-\s+@property$/m);
    rmSync(root, { recursive: true, force: true });
  }, 60_000);
});

const GO_FIX = readFileSync(join(import.meta.dirname, 'fixtures', 'synth-go', 'fix.go'), 'utf8');

describe('Go statement-level strategies', () => {
  it('draws every strategy, each candidate compiles, and the obvious compile errors are not drawn', async (ctx) => {
    if (!probeHost().bwrapWorks || !hasGo) ctx.skip();
    const root = tree({ 'go.mod': 'module example.com/fix\n\ngo 1.21\n', 'fix.go': GO_FIX, 'fix_test.go': 'package fix\n' });
    const strategies = ['remove-condition', 'remove-assignment', 'remove-loop', 'invert-if-else', 'shuffle-statements'];
    const d = await drawCandidates(root, { seed: 'g1', limit: 50, strategies, stateDir: TEST_STATE, language: 'go' });
    expect(new Set(d.candidates.map((c) => c.strategy))).toEqual(new Set(strategies));
    // removing these would not compile: `if limit > 3` (limit's only read), `if n > 0` (strings' only
    // use), `if seen == 0` (seen's only read), Find's final endless for (missing return)
    expect(d.sites['remove-condition']).toBe(5);
    expect(d.sites['remove-loop']).toBe(1);
    expect(d.sites['remove-assignment']).toBe(10);
    for (const c of d.candidates) {
      expect(c.bug_patch).not.toMatch(/^-\tif (limit > 3|n > 0|seen == 0) \{$/m);
      expect(c.bug_patch).not.toMatch(/^-\tfor \{$/m);
      // the host's Go compiles the fixture (our own code): every drawn candidate builds
      const tmp = applied(root, c);
      execFileSync('go', ['vet', './...'], { cwd: tmp, env: { ...process.env, GOFLAGS: '-mod=mod', GOTOOLCHAIN: 'local' }, stdio: 'pipe' });
      execFileSync('git', ['apply', '.gold.diff'], { cwd: tmp });
      expect(readFileSync(join(tmp, 'fix.go'), 'utf8')).toBe(GO_FIX);
      rmSync(tmp, { recursive: true, force: true });
    }
    rmSync(root, { recursive: true, force: true });
  }, 60_000);

  it('lineDiff writes deletions and replacements git applies', () => {
    const lines = ['a', 'b', 'c', 'd', 'e'];
    expect(lineDiff('f', lines, 1, ['b', 'c'], [])).toBe('diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1,5 +1,3 @@\n a\n-b\n-c\n d\n e\n');
    expect(lineDiff('f', lines, 0, ['a'], ['x', 'y'])).toBe('diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1,4 +1,5 @@\n-a\n+x\n+y\n b\n c\n d\n');
  });
});

// An adversarial module: a candidate whose bug shows only when a bit of the clock is set (the
// google/uuid getV7Time case, made certain to be flaky) must not be kept; an honest one is
const COIN_GO = `package coin

import "time"

// Abs returns |n|.
func Abs(n int) int {
\tif n < 0 {
\t\treturn -n
\t}
\t_ = time.Now
\treturn n
}
`;
const COIN_TEST = `package coin

import "testing"

func TestAbsNeg(t *testing.T) {
\tif Abs(-3) != 3 {
\t\tt.Fatal("Abs(-3) != 3")
\t}
}

func TestAbsPos(t *testing.T) {
\tif Abs(2) != 2 {
\t\tt.Fatal("Abs(2) != 2")
\t}
}
`;

function coinCandidate(strategy: string, from: string, to: string): Candidate {
  const lines = COIN_GO.split('\n');
  lines.pop();
  const i = lines.indexOf(from);
  return { id: `coin.go:Abs:${strategy}`, file: 'coin.go', function: 'Abs', lineno: i + 1, strategy, description: to,
    bug_patch: lineDiff('coin.go', lines, i, [from], [to]), gold_patch: lineDiff('coin.go', [...lines.slice(0, i), to, ...lines.slice(i + 1)], i, [to], [from]) };
}

describe('a bug that depends on the clock is dropped (Go)', () => {
  it('drops it as flaky_with_bug or no_fail_to_pass and keeps the honest one', async (ctx) => {
    if (!probeHost().bwrapWorks || !hasGo) ctx.skip();
    const root = tree({ 'go.mod': 'module example.com/coin\n\ngo 1.21\n', 'coin.go': COIN_GO, 'coin_test.go': COIN_TEST }, true);
    const source = `path:${root}`;
    const s = importSnapshot(source, { stateDir: TEST_STATE });
    const env = await buildEnv(s.id, { stateDir: TEST_STATE });
    // wrong for negative n when bit 7 of the nanosecond clock is set: about one call in two
    const flaky = coinCandidate('flip-compare', '\tif n < 0 {', '\tif n < 0 && time.Now().UnixNano()>>7&1 == 0 {');
    const honest = coinCandidate('change-constant', '\t\treturn -n', '\t\treturn n');
    // the re-check alone: TestAbsNeg 20 times in one process passes at least once (all fail: 2^-20)
    const run = makeRunner('example/coin', env, s.dir, TEST_STATE);
    const base = await cleanBaseline(run, source);
    expect(base.stable).toEqual(['TestAbsNeg', 'TestAbsPos']);
    expect(await recheckBug(flaky.bug_patch, ['TestAbsNeg'], run, base, 'go')).toBe('flaky_with_bug');
    const r = await synthesize({ snapshot: source, max: 2, candidates: [flaky, honest], strategies: ['flip-compare', 'change-constant'], seed: '1', stateDir: TEST_STATE, workers: 2 });
    expect(r.instances.map((i) => i.synth)).toMatchObject([{ strategy: 'change-constant' }]);
    const dropped = r.summary.per_strategy['flip-compare'].dropped;
    expect(Object.keys(dropped).length).toBe(1);
    expect(['flaky_with_bug', 'no_fail_to_pass']).toContain(Object.keys(dropped)[0]);
    expect(r.instances[0].FAIL_TO_PASS).toEqual(['TestAbsNeg']);
    // the Go statement names the failing test and quotes its message
    expect(r.instances[0].problem_statement).toContain('`TestAbsNeg`: Abs(-3) != 3');
    rmSync(root, { recursive: true, force: true });
  }, 120_000);
});

// The Python side of the re-check: the pytest plugin runs each selected test N times in one process
// (host pytest on a fixture of ours; the synthesis runs it in the sandbox through swe eval's path)
describe('rlcf_synth_repeat (pytest)', () => {
  it('runs only the selected tests, each N times with fresh fixtures, and a random failure shows a pass', (ctx) => {
    try {
      execFileSync('python3', ['-m', 'pytest', '--version'], { stdio: 'pipe' });
    } catch {
      ctx.skip();
    }
    const root = tree({
      'test_r.py': 'import random, pytest\n\n@pytest.fixture\ndef box():\n    yield []\n\n' +
        'def test_coin():\n    assert random.random() < 0.5\n\ndef test_box(box):\n    box.append(1)\n    assert box == [1]\n\n' +
        'def test_always():\n    assert 1 == 2\n\ndef test_other():\n    pass\n',
      // a unittest test whose subTests fail: -rA says PASSED for it (beside FAILED subtests) every time
      'test_u.py': 'import unittest\n\nclass T(unittest.TestCase):\n    def test_sub(self):\n        for i in range(2):\n' +
        '            with self.subTest(i=i):\n                self.assertEqual(i, 5)\n',
    });
    const ids = ['test_r.py::test_coin', 'test_r.py::test_box', 'test_r.py::test_always', 'test_u.py::T::test_sub'];
    const argv = repeatCommand('python', ids, 20);
    expect(argv.slice(0, 1)).toEqual(['pytest']);
    let out = '';
    try {
      out = execFileSync('python3', ['-m', ...argv], { cwd: root, encoding: 'utf8', env: { ...process.env, PYTHONPATH: join(import.meta.dirname, '..', 'src', 'repo', 'agent') } });
    } catch (e) {
      out = (e as { stdout: string }).stdout;
    }
    const count = (re: RegExp) => (out.match(re) ?? []).length;
    expect(count(/^PASSED test_r\.py::test_box$/gm)).toBe(20); // a fresh fixture every time
    expect(count(/^RLCF-REPEAT pass test_r\.py::test_box$/gm)).toBe(20);
    expect(count(/^RLCF-REPEAT fail test_r\.py::test_always$/gm)).toBe(20);
    // the repetition's own verdict: failing subTests fail it, whatever -rA's PASSED line says
    expect(count(/^RLCF-REPEAT fail test_u\.py::T::test_sub$/gm)).toBe(20);
    expect(count(/^RLCF-REPEAT pass test_u\.py::T::test_sub$/gm)).toBe(0);
    expect(count(/^FAILED test_r\.py::test_always/gm)).toBe(20);
    expect(count(/test_other/g)).toBe(0);
    // 20 coin flips: both outcomes (all the same: 2 × 2^-20)
    expect(count(/^PASSED test_r\.py::test_coin$/gm)).toBeGreaterThan(0);
    expect(count(/^RLCF-REPEAT pass test_r\.py::test_coin$/gm)).toBe(count(/^PASSED test_r\.py::test_coin$/gm));
    expect(count(/^FAILED test_r\.py::test_coin/gm)).toBeGreaterThan(0);
    rmSync(root, { recursive: true, force: true });
  });
});
