// Release mirroring for `rlcf repo synth --strategies release-mirror --from <older release>`: the
// source change between two releases of one package, reversed. The newer release is the clean
// snapshot; a bug is the older release's version of one hunk of a changed library file (or of the
// whole file, for a file with several hunks: the change as one piece), applied to the newer release.
// Only tests in test files that changed or were added in the newer release count as FAIL_TO_PASS (the
// tests that came with the change); validation is synth.ts's, through its `draw` hook.
// The diff is computed here with `git diff --no-index` over the two imported trees: files are compared,
// nothing of either release runs outside the sandbox.
import { spawnSync } from 'node:child_process';
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveSnapshot } from './store.js';
import { type Candidate, type Drawn, type SynthOptions, type SynthSummary, synthesize } from './synth.js';
import type { SweInstance } from './formats.js';

export const RELEASE_STRATEGY = 'release-mirror';

// the same exclusions as the procedural helper (agent/rlcf_synth_mutate.py): not the library's code
const SKIP_DIRS = new Set(['tests', 'test', 'testing', 'docs', 'doc', 'examples', 'example', 'benchmarks', 'bench',
  'build', 'dist', 'node_modules', '__pycache__']);
const NOT_LIBRARY = new Set(['conftest.py', 'setup.py', 'noxfile.py', 'versioneer.py', '_version.py']);

/** a Python test file: under a tests directory, test_*.py, *_test.py or a conftest */
export function isTestFile(rel: string): boolean {
  const parts = rel.split('/');
  const base = parts.at(-1)!;
  return rel.endsWith('.py') && (base.startsWith('test_') || base.endsWith('_test.py') || base === 'conftest.py'
    || parts.slice(0, -1).some((p) => p === 'tests' || p === 'test' || p === 'testing'));
}

function isLibraryFile(rel: string): boolean {
  const parts = rel.split('/');
  // a name with blanks, quotes or backslashes does not survive a diff header intact
  return rel.endsWith('.py') && !/[\s"'\\]/.test(rel) && !isTestFile(rel) && !NOT_LIBRARY.has(parts.at(-1)!)
    && !parts.slice(0, -1).some((p) => SKIP_DIRS.has(p) || p.startsWith('.'));
}

/** regular files under root (symlinks are not followed: a release may link outside its tree) */
function walk(root: string, rel = ''): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(root, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory() && e.name !== '.git') out.push(...walk(root, r));
    else if (e.isFile()) out.push(r);
  }
  return out;
}

interface Hunk { a: number; b: number; c: number; d: number; head: string; lines: string[] }

/** the hunks of `git diff --no-index` from file x to file y (headers are made by the caller) */
function hunks(x: string, y: string): Hunk[] {
  const r = spawnSync('git', ['diff', '--no-index', '--no-color', '--no-ext-diff', '-U3', '--', x, y], { encoding: 'utf8', maxBuffer: 256 << 20 });
  if (r.status !== 0 && r.status !== 1) throw new Error(`git diff --no-index ${x} ${y} failed: ${r.stderr}`);
  const out: Hunk[] = [];
  for (const line of r.stdout.split('\n')) {
    const m = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@(.*)$/.exec(line);
    if (m) {
      out.push({ a: +m[1], b: m[2] === undefined ? 1 : +m[2], c: +m[3], d: m[4] === undefined ? 1 : +m[4], head: m[5], lines: [] });
    } else if (out.length && /^[ +\-\\]/.test(line)) out.at(-1)!.lines.push(line);
  }
  return out;
}

const header = (f: string) => `diff --git a/${f} b/${f}\n--- a/${f}\n+++ b/${f}\n`;
const range = (s: number, n: number) => (n === 1 ? `${s}` : `${s},${n}`);
const flip = (l: string) => (l[0] === '+' ? `-${l.slice(1)}` : l[0] === '-' ? `+${l.slice(1)}` : l);

/** hunks of the newer→older diff as a patch of their own and its reverse (the gold patch): applied
 * without the file's other hunks, so the shift those would have made is taken out of the target
 * line numbers (`shifts[i]`: the lines the file's hunks before hunk i add) */
function groupPatches(file: string, hs: Hunk[], idx: number[], shifts: number[]): { bug: string; gold: string } {
  let bug = header(file), gold = header(file), inGroup = 0;
  for (const i of idx) {
    const h = hs[i];
    const c = h.c - shifts[i] + inGroup;
    inGroup += h.d - h.b;
    bug += `@@ -${range(h.a, h.b)} +${range(c, h.d)} @@${h.head}\n${h.lines.join('\n')}\n`;
    gold += `@@ -${range(c, h.d)} +${range(h.a, h.b)} @@${h.head}\n${h.lines.map(flip).join('\n')}\n`;
  }
  return { bug, gold };
}

const indentOf = (l: string) => /^\s*/.exec(l)![0].length;

/** the function a hunk changes, in the newer file: the def its first changed line opens, else the
 * nearest def or class above it that is less indented; `<module>` for top-level statements */
function enclosing(lines: string[], h: Hunk): { name: string; lineno: number } {
  // bug direction: '-' lines are the newer file's, the context before them too
  let at = h.a - 1;
  let first: string | undefined;
  for (const l of h.lines) {
    if (l[0] === '-' && l.slice(1).trim()) {
      first = l.slice(1);
      break;
    }
    if (l[0] !== '+') at++;
  }
  first ??= h.lines.find((l) => l[0] === '+' && l.slice(1).trim())?.slice(1) ?? '';
  const def = /^\s*(?:async\s+)?(?:def|class)\s+(\w+)/.exec(first);
  if (def && first[0] !== '+') return { name: def[1], lineno: at + 1 };
  const ind = indentOf(first);
  for (let i = Math.min(at, lines.length) - 1; i >= 0; i--) {
    const m = /^\s*(?:async\s+)?(?:def|class)\s+(\w+)/.exec(lines[i]);
    if (m && indentOf(lines[i]) < ind) return { name: m[1], lineno: at + 1 };
  }
  return { name: '<module>', lineno: at + 1 };
}

export interface ReleaseDiff extends Drawn {
  source_files: string[];
  changed_tests: string[];
}

/** Candidates: per changed library file, each changed function's hunks reversed, and the whole file's change */
export function releaseCandidates(newDir: string, oldDir: string, meta: Record<string, unknown> = {}): ReleaseDiff {
  const newer = walk(newDir), older = new Set(walk(oldDir));
  const differs = (f: string) => !older.has(f) || !readFileSync(join(newDir, f)).equals(readFileSync(join(oldDir, f)));
  const changedTests = newer.filter((f) => isTestFile(f) && differs(f));
  // files only in the newer release are left alone: reversing them would delete a module, which
  // breaks every importer rather than mirroring a change
  const sources = newer.filter((f) => isLibraryFile(f) && older.has(f) && !lstatSync(join(oldDir, f)).isSymbolicLink() && differs(f));
  const candidates: Candidate[] = [];
  let n = 0;
  for (const f of sources) {
    const hs = hunks(join(newDir, f), join(oldDir, f));
    const lines = readFileSync(join(newDir, f), 'utf8').split('\n');
    const shifts: number[] = [];
    hs.reduce((sh, h) => (shifts.push(sh), sh + h.d - h.b), 0);
    // one candidate per function: consecutive hunks in the same function are one change; hunks that
    // only touch comments or blank lines cannot change behaviour; top-level statements (imports, a
    // version string) are not a change of their own, only part of the whole file's
    const groups: { name: string; lineno: number; idx: number[] }[] = [];
    hs.forEach((h, i) => {
      if (h.lines.every((l) => l[0] === ' ' || l[0] === '\\' || /^[+-]\s*(#.*)?$/.test(l))) return;
      const fn = enclosing(lines, h);
      if (fn.name === '<module>') return;
      const g = groups.at(-1);
      if (g && g.name === fn.name && g.idx.at(-1) === i - 1) g.idx.push(i);
      else groups.push({ ...fn, idx: [i] });
    });
    for (const g of groups) {
      const { bug, gold } = groupPatches(f, hs, g.idx, shifts);
      const span = `${hs[g.idx[0]].a}-${hs[g.idx.at(-1)!].a + hs[g.idx.at(-1)!].b - 1}`;
      candidates.push({ id: `release:${f}:${g.name}:${g.idx[0] + 1}`, file: f, function: g.name, lineno: g.lineno, strategy: RELEASE_STRATEGY,
        description: `${g.name} in ${f} (hunk${g.idx.length > 1 ? 's' : ''} ${g.idx.map((i) => i + 1).join(', ')} of ${hs.length}, lines ${span}) as in the older release`,
        bug_patch: bug, gold_patch: gold, f2p_files: changedTests, meta: { ...meta, hunks: g.idx.map((i) => i + 1), of_hunks: hs.length } });
      n++;
    }
    // the file's whole change, when it is more than one of the above
    if (hs.length > 1 && !(groups.length === 1 && groups[0].idx.length === hs.length)) {
      const { bug, gold } = groupPatches(f, hs, hs.map((_, i) => i), shifts);
      candidates.push({ id: `release:${f}:all`, file: f, function: '<file>', lineno: 1, strategy: RELEASE_STRATEGY,
        description: `${f} (all ${hs.length} hunks) as in the older release`, bug_patch: bug, gold_patch: gold, f2p_files: changedTests,
        meta: { ...meta, hunks: hs.map((_, i) => i + 1), of_hunks: hs.length } });
      n++;
    }
  }
  // the functions the changed test lines name come first (their change is what the tests were
  // changed for: the likeliest to be noticed), then the rest, then the whole files; stable otherwise
  const testLines = changedTests.flatMap((f) => (older.has(f) ? hunks(join(oldDir, f), join(newDir, f)).flatMap((h) => h.lines)
    : readFileSync(join(newDir, f), 'utf8').split('\n')).filter((l) => l[0] !== ' ')).join('\n');
  const rank = (c: Candidate) => (c.function === '<file>' ? 2 : new RegExp(`\\b${c.function}\\b`).test(testLines) ? 0 : 1);
  const ranked = candidates.map((c, i) => ({ c, i, r: rank(c) })).sort((x, y) => x.r - y.r || x.i - y.i).map((x) => x.c);
  return { functions: candidates.filter((c) => c.function !== '<file>').length, sites: { [RELEASE_STRATEGY]: n }, candidates: ranked, source_files: sources, changed_tests: changedTests };
}

export type ReleaseOptions = Omit<SynthOptions, 'draw' | 'strategies' | 'seed'> & { from: string; seed?: string };

/** `rlcf repo synth <newer> --strategies release-mirror --from <older>` */
export async function synthesizeRelease(o: ReleaseOptions): Promise<{
  instances: (SweInstance & { synth: object })[]; summary: SynthSummary & { release: { from: string; source_files: string[]; changed_tests: string[] } };
}> {
  const older = resolveSnapshot(o.from, o.stateDir);
  const newer = resolveSnapshot(o.snapshot, o.stateDir);
  if (older.id === newer.id) throw new Error(`--from ${o.from} is the same snapshot as ${o.snapshot}: give an older release of the same package`);
  let diff: ReleaseDiff | undefined;
  const draw = async (snapDir: string): Promise<Drawn> => {
    diff = releaseCandidates(snapDir, older.dir, { from: o.from });
    if (!diff.source_files.length) throw new Error(`release mirroring: no library .py file differs between ${o.from} and ${o.snapshot}`);
    if (!diff.changed_tests.length) {
      throw new Error(`release mirroring: no test file changed between ${o.from} and ${o.snapshot}, so no test can notice the change; pick releases whose tests changed`);
    }
    const limit = o.tries ?? 4 * o.max;
    return { ...diff, candidates: diff.candidates.slice(0, limit) };
  };
  const r = await synthesize({ ...o, seed: o.seed ?? '-', strategies: [RELEASE_STRATEGY], draw });
  return { instances: r.instances, summary: { ...r.summary, release: { from: o.from, source_files: diff!.source_files, changed_tests: diff!.changed_tests } } };
}
