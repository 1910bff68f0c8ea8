// `combine` for `rlcf repo synth`: 2–3 already-validated bugs of the same file merged into one
// candidate (SWE-smith's combined bugs: harder to localise, several hunks to fix). The bug patches
// are applied together to the file in a scratch git repository and the merged diff taken from git;
// the gold patch is its reverse. The merged candidate is validated again by execution like any
// other, and kept only if every part's FAIL_TO_PASS tests still fail together (otherwise one bug
// hides another and the gold patch would carry a change no test asks for: `masked`).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Rng } from '../tasks/rng.js';
import type { Candidate } from './synth.js';
import type { Outcome } from './synth-validate.js';

export interface Group { candidate: Candidate; parts: Outcome[] }

const GIT = ['-c', 'core.hooksPath=/dev/null', '-c', 'user.name=rlcf', '-c', 'user.email=rlcf@localhost', '-c', 'commit.gpgsign=false'];

/** The parts' bug patches applied together to the clean file; null when they overlap (git apply fails) */
export function mergePatches(snapDir: string, file: string, patches: string[]): { bug: string; gold: string } | null {
  const tmp = mkdtempSync(join(tmpdir(), 'rlcf-combine-'));
  try {
    const git = (...args: string[]) => execFileSync('git', [...GIT, ...args], { cwd: tmp, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    git('init', '-q');
    mkdirSync(dirname(join(tmp, file)), { recursive: true });
    writeFileSync(join(tmp, file), readFileSync(join(snapDir, file)));
    git('add', '--', file);
    git('commit', '-q', '-m', 'clean');
    for (const [i, p] of patches.entries()) {
      writeFileSync(join(tmp, `.rlcf-part${i}.diff`), p);
      try {
        git('apply', `.rlcf-part${i}.diff`);
      } catch {
        return null;
      }
    }
    const bug = git('diff', '--', file);
    return bug ? { bug, gold: git('diff', '-R', '--', file) } : null;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Disjoint groups of 2–3 kept candidates of one file (files in sorted order, the group size and
 * members drawn from the seed), at most `max`; groups whose patches overlap are skipped */
export function combineCandidates(kept: Outcome[], o: { seed: string; max: number; snapDir: string }): Group[] {
  // the groups are a function of the seed and the kept candidates, whatever the machine
  const rnd = new Rng(`rlcf-synth-combine:${o.seed}`);
  const byFile = new Map<string, Outcome[]>();
  for (const x of kept) if (x.c.strategy !== 'combine') byFile.set(x.c.file, [...(byFile.get(x.c.file) ?? []), x]);
  const out: Group[] = [];
  for (const file of [...byFile.keys()].sort()) {
    const pool = rnd.shuffle([...byFile.get(file)!]);
    while (pool.length >= 2 && out.length < o.max) {
      const size = pool.length >= 3 && rnd.bool() ? 3 : 2;
      const parts = pool.splice(0, size);
      const merged = mergePatches(o.snapDir, file, parts.map((p) => p.c.bug_patch));
      if (!merged) continue;
      out.push({
        parts,
        candidate: {
          id: `combine:${parts.map((p) => p.c.id).join('+')}`, file, function: [...new Set(parts.map((p) => p.c.function))].join(', '),
          lineno: Math.min(...parts.map((p) => p.c.lineno)), strategy: 'combine',
          description: `combined: ${parts.map((p) => `${p.c.strategy} in ${p.c.function} (${p.c.description})`).join('; ')}`,
          bug_patch: merged.bug, gold_patch: merged.gold, parts: parts.map((p) => p.c.id),
        },
      });
    }
  }
  return out;
}

/** true when a part's F2P tests do not all fail with the merged bug */
export function masked(parts: Outcome[], f2p: string[]): boolean {
  const failing = new Set(f2p);
  return parts.some((p) => p.f2p!.some((t) => !failing.has(t)));
}
