// Go candidates for `rlcf repo synth`: the go/ast helper (agent/synthgo, run in the sandbox) reports
// each edit as the changed lines (before / after, from a line number); the diffs are written here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedGocache, toolchainMounts } from './env.js';
import { DEFAULT_REPO_LIMITS, runInRepoSandbox } from './sandbox.js';
import type { Candidate, DrawOpts, Drawn } from './synth.js';

/** what the go/ast helper does: the expression-level edits and the statement-level ones */
export const GO_STRATEGIES = ['flip-compare', 'flip-boolop', 'change-constant', 'swap-operands',
  'remove-condition', 'remove-assignment', 'remove-loop', 'invert-if-else', 'shuffle-statements'] as const;

type GoCand = Omit<Candidate, 'bug_patch' | 'gold_patch'> & { before: string[]; after: string[] };

/** A unified diff replacing `from` (lines[i, i + from.length)) with `to`, 3 lines of context */
export function lineDiff(file: string, lines: string[], i: number, from: string[], to: string[]): string {
  const a = Math.max(0, i - 3), b = Math.min(lines.length, i + from.length + 3);
  const pre = lines.slice(a, i).map((l) => ` ${l}`), post = lines.slice(i + from.length, b).map((l) => ` ${l}`);
  const n0 = pre.length + from.length + post.length, n1 = pre.length + to.length + post.length;
  // an empty side starts one line before (git's convention for a pure deletion at the file's start)
  const at = (n: number) => (n ? a + 1 : a);
  return [`diff --git a/${file} b/${file}`, `--- a/${file}`, `+++ b/${file}`, `@@ -${at(n0)},${n0} +${at(n1)},${n1} @@`,
    ...pre, ...from.map((l) => `-${l}`), ...to.map((l) => `+${l}`), ...post].join('\n') + '\n';
}

export async function drawGo(snapDir: string, o: DrawOpts, agentDir: string): Promise<Drawn> {
  const tcm = toolchainMounts('go');
  for (const s of o.strategies) {
    if (!(GO_STRATEGIES as readonly string[]).includes(s)) throw new Error(`strategy ${s} is not available for Go (Go: ${GO_STRATEGIES.join(', ')})`);
  }
  const r = await runInRepoSandbox({
    overlays: [{ lower: snapDir, dest: '/testbed' }, { lower: sharedGocache(o.stateDir), dest: '/gocache' }],
    ro: [...tcm.ro, { src: agentDir, dest: '/rlcf-repo' }],
    // a stdlib-only program run outside any module
    env: { ...tcm.env, GOFLAGS: '', GOMODCACHE: '/tmp/gomodcache', HOME: '/tmp', PATH: [...tcm.path, '/usr/bin', '/bin'].join(':') },
    argv: ['go', 'run', '/rlcf-repo/synthgo/main.go', '/rlcf-repo/synthgo/stmts.go', '-root', '/testbed', '-seed', o.seed,
      '-limit', String(o.limit), '-strategies', o.strategies.join(',')],
    cwd: '/tmp', limits: { ...DEFAULT_REPO_LIMITS, wall_ms: 300_000, cpu_s: 300, output_bytes: 64 << 20 },
  }, o.stateDir);
  if (r.exit_code !== 0) throw new Error(`the Go mutation helper failed (exit ${r.exit_code ?? r.signal}): ${r.output.slice(-2000)}`);
  const d = JSON.parse(r.output) as { functions: number; sites: Record<string, number>; candidates: GoCand[] };
  const candidates: Candidate[] = [];
  for (const c of d.candidates) {
    const lines = readFileSync(join(snapDir, c.file), 'utf8').split('\n');
    lines.pop(); // the text ends with a newline (the helper skips files that do not)
    const i = c.lineno - 1;
    if (lines.slice(i, i + c.before.length).join('\n') !== c.before.join('\n')) throw new Error(`Go helper: ${c.file}:${c.lineno} is not the text it reported`);
    candidates.push({ id: c.id, file: c.file, function: c.function, lineno: c.lineno, strategy: c.strategy, description: c.description,
      bug_patch: lineDiff(c.file, lines, i, c.before, c.after), gold_patch: lineDiff(c.file, [...lines.slice(0, i), ...c.after, ...lines.slice(i + c.before.length)], i, c.after, c.before) });
  }
  return { functions: d.functions, sites: d.sites, candidates };
}
