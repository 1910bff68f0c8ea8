// `rlcf repo synth --strategies release-mirror --from <older>` on a real PyPI pair: more-itertools
// 10.3.0 → 10.4.0 (10.4.0 changed sliding_window, distinct_permutations, sort_together ... and their
// tests). A candidate is one function's change reversed (the older release's code in the newer
// release); it is kept only if tests of the changed test files fail with it. Skips naming the
// missing sandbox or registry.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SweInstance } from '../src/repo/formats.js';
import { isTestFile, RELEASE_STRATEGY, releaseCandidates, synthesizeRelease } from '../src/repo/synth-release.js';
import type { SynthSummary } from '../src/repo/synth.js';
import { TEST_STATE } from './helpers.js';
import { pypiSnapshots } from './repo-fixtures.js';

const OLD = 'pypi:more-itertools==10.3.0';
const NEW = 'pypi:more-itertools==10.4.0';
let skip = '';
let oldDir = '', newDir = '';
let instances: (SweInstance & { synth: { strategy: string; file: string; function: string; hunks: number[]; from: string } })[] = [];
let summary: SynthSummary & { release: { changed_tests: string[]; source_files: string[] } };

beforeAll(async () => {
  ({ dirs: [oldDir, newDir], skip } = await pypiSnapshots([OLD, NEW]));
  if (skip) return;
  // the first candidate: a function the changed tests name (distinct_permutations; 4 runs of a 662-test suite)
  const r = await synthesizeRelease({ snapshot: NEW, from: OLD, max: 1, tries: 1, stateDir: TEST_STATE, workers: 2 });
  instances = r.instances as typeof instances;
  summary = r.summary;
}, 600_000);

describe('repo synth release-mirror (more-itertools 10.3.0 → 10.4.0)', () => {
  it('makes one candidate per changed function, whose bug is the older code and whose gold patch restores the newer release', (ctx) => {
    if (skip) ctx.skip();
    const d = releaseCandidates(newDir, oldDir);
    expect(d.changed_tests).toEqual(['tests/test_more.py', 'tests/test_recipes.py']);
    expect(d.source_files).toEqual(['more_itertools/__init__.py', 'more_itertools/more.py', 'more_itertools/recipes.py']);
    const fns = d.candidates.map((c) => `${c.file}:${c.function}`);
    // the version string and the import lines are no change of their own; each function once
    expect(fns).not.toContain('more_itertools/__init__.py:<module>');
    expect(new Set(fns).size).toBe(fns.length);
    // the functions the changed tests name first, the whole files last
    expect(fns.slice(0, 2)).toEqual(['more_itertools/more.py:distinct_permutations', 'more_itertools/more.py:sort_together']);
    expect(fns.slice(-2)).toEqual(['more_itertools/more.py:<file>', 'more_itertools/recipes.py:<file>']);
    expect(fns).toEqual(expect.arrayContaining(['more_itertools/recipes.py:sliding_window', 'more_itertools/more.py:distinct_permutations', 'more_itertools/more.py:<file>']));
    for (const c of d.candidates) {
      expect(isTestFile(c.file)).toBe(false);
      expect(c.f2p_files).toEqual(d.changed_tests);
      const tmp = mkdtempSync(join(tmpdir(), 'rlcf-release-'));
      try {
        cpSync(join(newDir, c.file), join(tmp, 'f.py'));
        const rel = (p: string) => p.replaceAll(`a/${c.file}`, 'a/f.py').replaceAll(`b/${c.file}`, 'b/f.py');
        writeFileSync(join(tmp, 'bug.diff'), rel(c.bug_patch));
        writeFileSync(join(tmp, 'gold.diff'), rel(c.gold_patch));
        // applied without the file's other hunks, at its own line numbers (git reports an offset otherwise)
        const r = spawnSync('git', ['apply', '--verbose', 'bug.diff'], { cwd: tmp, encoding: 'utf8' });
        expect(r.status).toBe(0);
        expect(r.stderr).not.toMatch(/offset/);
        const bugged = readFileSync(join(tmp, 'f.py'), 'utf8');
        if (c.function === '<file>') expect(bugged).toBe(readFileSync(join(oldDir, c.file), 'utf8'));
        else expect(bugged).not.toBe(readFileSync(join(newDir, c.file), 'utf8'));
        execFileSync('git', ['apply', 'gold.diff'], { cwd: tmp });
        expect(readFileSync(join(tmp, 'f.py'), 'utf8')).toBe(readFileSync(join(newDir, c.file), 'utf8'));
      } finally {
        rmSync(tmp, { recursive: true, force: true });
      }
    }
  });

  it('keeps the reversed changes that the changed tests notice, and the summary adds up', (ctx) => {
    if (skip) ctx.skip();
    expect(summary.tried).toBe(1);
    expect(summary.kept).toBe(instances.length);
    expect(instances.map((i) => i.synth.function)).toEqual(['distinct_permutations']);
    const dropped = Object.values(summary.dropped).reduce((a, b) => a + (b ?? 0), 0);
    expect(summary.kept + dropped).toBe(summary.tried);
    expect(summary.per_strategy[RELEASE_STRATEGY].tried).toBe(1);
    expect(summary.release.changed_tests).toEqual(['tests/test_more.py', 'tests/test_recipes.py']);
    for (const i of instances) {
      expect(i.synth.strategy).toBe(RELEASE_STRATEGY);
      expect(i.synth.from).toBe(OLD);
      // FAIL_TO_PASS only from the tests that changed with the release
      expect(i.FAIL_TO_PASS.length).toBeGreaterThanOrEqual(1);
      for (const t of i.FAIL_TO_PASS) expect(summary.release.changed_tests).toContain(t.split('::')[0]);
      expect(i.PASS_TO_PASS.length).toBeGreaterThan(100);
      // the gold patch is the newer release's code of that function: applied to the bug base it gives the newer file
      const newer = readFileSync(join(newDir, i.synth.file), 'utf8');
      const tmp = mkdtempSync(join(tmpdir(), 'rlcf-release-'));
      try {
        const patch = (p: string) => p.replaceAll(`a/${i.synth.file}`, 'a/f.py').replaceAll(`b/${i.synth.file}`, 'b/f.py');
        writeFileSync(join(tmp, 'f.py'), newer);
        writeFileSync(join(tmp, 'gold.diff'), patch(i.patch));
        execFileSync('git', ['apply', '-R', 'gold.diff'], { cwd: tmp });
        expect(readFileSync(join(tmp, 'f.py'), 'utf8')).not.toBe(newer);
        execFileSync('git', ['apply', 'gold.diff'], { cwd: tmp });
        expect(readFileSync(join(tmp, 'f.py'), 'utf8')).toBe(newer);
      } finally {
        rmSync(tmp, { recursive: true, force: true });
      }
      expect(i.problem_statement).toContain(i.FAIL_TO_PASS[0].split('::').at(-1)!);
    }
  });

  it('refuses a pair without changed tests, and the same snapshot twice', async (ctx) => {
    if (skip) ctx.skip();
    await expect(synthesizeRelease({ snapshot: NEW, from: NEW, max: 1, stateDir: TEST_STATE })).rejects.toThrow(/same snapshot/);
    const tmp = mkdtempSync(join(tmpdir(), 'rlcf-release-'));
    try {
      // a copy of the newer release with one library line changed and the tests untouched
      cpSync(newDir, join(tmp, 'new'), { recursive: true });
      cpSync(newDir, join(tmp, 'old'), { recursive: true });
      const f = join(tmp, 'old', 'more_itertools', 'recipes.py');
      writeFileSync(f, readFileSync(f, 'utf8').replace('    return n\n', '    return n + 1\n'));
      const d = releaseCandidates(join(tmp, 'new'), join(tmp, 'old'));
      expect(d.changed_tests).toEqual([]);
      expect(d.candidates.map((c) => c.function)).toEqual(['totient']);
      // an adversarial older release: a symlink out of the tree where a module was, a module with a
      // space in its name, a changed conftest and setup.py: only the honest module is a candidate
      const oldMore = join(tmp, 'old', 'more_itertools', 'more.py');
      rmSync(oldMore);
      symlinkSync('/etc/passwd', oldMore);
      for (const side of ['old', 'new']) writeFileSync(join(tmp, side, 'more_itertools', 'odd name.py'), `def f(x):\n    return x${side === 'old' ? ' + 1' : ''}\n`);
      writeFileSync(join(tmp, 'old', 'setup.py'), 'raise SystemExit(1)\n');
      writeFileSync(join(tmp, 'new', 'tests', 'conftest.py'), 'import os\n');
      const a = releaseCandidates(join(tmp, 'new'), join(tmp, 'old'));
      expect(a.candidates.map((c) => `${c.file}:${c.function}`)).toEqual(['more_itertools/recipes.py:totient']);
      expect(a.source_files).toEqual(['more_itertools/recipes.py']);
      expect(a.changed_tests).toEqual(['tests/conftest.py']);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
