// `rlcf repo synth` on a real repository (toolz 1.0.0's sdist from PyPI, as the issue-14 fixtures):
// candidates are deterministic per seed; every kept instance's gold patch resolves and the buggy base
// fails its FAIL_TO_PASS tests through the same `swe eval` path; the summary's counts add up.
// Without the sandbox or PyPI (and no cached import) the test skips, saying which.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildEnv, toolchains } from '../src/repo/env.js';
import type { Prediction, SweInstance } from '../src/repo/formats.js';
import { runSweEval } from '../src/repo/run.js';
import { importSnapshot } from '../src/repo/snapshot.js';
import { drawCandidates, type SynthSummary, synthesize } from '../src/repo/synth.js';
import { probeHost } from '../src/sandbox/host.js';
import { TEST_STATE } from './helpers.js';
import { pypiSnapshots } from './repo-fixtures.js';

const SOURCE = 'pypi:toolz==1.0.0';
const REPORT = join(TEST_STATE, 'synth-report');
let skip = '';
let snapDir = '';
let instances: (SweInstance & { synth: { strategy: string; function: string; file: string } })[] = [];
let summary: SynthSummary;
const SYNTH = { max: 2, tries: 4, seed: 'c9', strategies: ['flip-compare', 'remove-loop', 'combine'] };

beforeAll(async () => {
  ({ dirs: [snapDir], skip } = await pypiSnapshots([SOURCE]));
  if (skip) return;
  // seed c9 draws two bugs in toolz/itertoolz.py first: `combine` merges them into a third instance
  const r = await synthesize({ snapshot: SOURCE, ...SYNTH, stateDir: TEST_STATE, workers: 2 });
  instances = r.instances as typeof instances;
  summary = r.summary;
}, 600_000);

describe('rlcf repo synth on toolz 1.0.0', () => {
  it('draws the same candidates for the same seed and others for another seed', async (ctx) => {
    if (skip) ctx.skip();
    const strategies = ['flip-compare', 'change-constant', 'remove-assignment', 'invert-if-else'];
    const a = await drawCandidates(snapDir, { seed: 's1', limit: 12, strategies, stateDir: TEST_STATE });
    const b = await drawCandidates(snapDir, { seed: 's1', limit: 12, strategies, stateDir: TEST_STATE });
    const c = await drawCandidates(snapDir, { seed: 's2', limit: 12, strategies, stateDir: TEST_STATE });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(a.candidates.map((x) => x.id)).not.toEqual(c.candidates.map((x) => x.id));
    expect(a.candidates.length).toBe(12);
    // round-robin over the requested strategies only; never a test file; gold = reverse of the bug
    expect(new Set(a.candidates.map((x) => x.strategy))).toEqual(new Set(strategies));
    for (const x of a.candidates) {
      expect(x.file).not.toMatch(/(^|\/)tests?\/|test_|conftest/);
      // the bug applies to the release and the gold patch takes it back to the release, byte for byte
      const orig = readFileSync(join(snapDir, x.file), 'utf8');
      const tmp = mkdtempSync(join(tmpdir(), 'rlcf-synth-'));
      mkdirSync(dirname(join(tmp, x.file)), { recursive: true });
      writeFileSync(join(tmp, x.file), orig);
      writeFileSync(join(tmp, 'bug.diff'), x.bug_patch);
      writeFileSync(join(tmp, 'gold.diff'), x.gold_patch);
      execFileSync('git', ['apply', 'bug.diff'], { cwd: tmp });
      expect(readFileSync(join(tmp, x.file), 'utf8')).not.toBe(orig);
      execFileSync('git', ['apply', 'gold.diff'], { cwd: tmp });
      expect(readFileSync(join(tmp, x.file), 'utf8')).toBe(orig);
      rmSync(tmp, { recursive: true, force: true });
      expect(x.bug_patch).not.toBe('');
    }
  }, 120_000);

  it('keeps instances with F2P and P2P tests, and the summary adds up', (ctx) => {
    if (skip) ctx.skip();
    expect(instances.length).toBeGreaterThanOrEqual(1);
    expect(instances.length).toBe(summary.kept);
    const dropped = (d: Record<string, number | undefined>) => Object.values(d).reduce((s: number, n) => s + (n ?? 0), 0);
    expect(summary.tried).toBe(summary.kept + dropped(summary.dropped));
    const per = Object.values(summary.per_strategy);
    expect(per.reduce((s, p) => s + p.tried, 0)).toBe(summary.tried);
    expect(per.reduce((s, p) => s + p.kept, 0)).toBe(summary.kept);
    for (const p of per) expect(p.tried).toBe(p.kept + dropped(p.dropped));
    expect(summary.tried).toBeLessThanOrEqual(summary.candidates);
    expect(summary.yield).toBeCloseTo(summary.kept / summary.tried, 10);
    expect(summary.cpu_s).toBeGreaterThan(0);
    expect(summary.clean.stable_passing).toBeGreaterThan(100);
    for (const i of instances) {
      expect(i.FAIL_TO_PASS.length).toBeGreaterThanOrEqual(1);
      expect(i.PASS_TO_PASS.length).toBeGreaterThanOrEqual(1);
      expect(i.FAIL_TO_PASS.filter((t) => i.PASS_TO_PASS.includes(t))).toEqual([]);
      expect(i.base_commit).not.toBe(i.environment_setup_commit);
      // the statement names the failing tests, not the mutated function
      expect(i.problem_statement).toContain(i.FAIL_TO_PASS[0].split('::').at(-1)!);
      expect(i.problem_statement).not.toContain(i.synth.file);
      expect(i.problem_statement).not.toMatch(/0x[0-9a-f]{6,}/);
    }
  });

  it('combine: 2–3 kept bugs of one file in one instance, every part\'s F2P tests failing together', (ctx) => {
    if (skip) ctx.skip();
    const syn = (i: (typeof instances)[number]) => i.synth as unknown as { strategy: string; candidate: string; file: string; parts?: string[] };
    const combos = instances.filter((i) => syn(i).strategy === 'combine');
    expect(combos.length).toBe(1);
    expect(summary.per_strategy.combine).toEqual({ tried: 1, kept: 1, dropped: {} });
    for (const c of combos) {
      const parts = syn(c).parts!;
      const singles = instances.filter((i) => parts.includes(syn(i).candidate));
      expect(parts.length).toBeGreaterThanOrEqual(2);
      expect(singles.length).toBe(parts.length);
      expect(new Set(singles.map((p) => syn(p).file))).toEqual(new Set([syn(c).file]));
      // every changed line of every part is in the combined gold patch; every part's F2P test fails with it
      for (const p of singles) {
        for (const t of p.FAIL_TO_PASS) expect(c.FAIL_TO_PASS).toContain(t);
        for (const l of p.patch.split('\n').filter((x) => /^[-+][^-+]/.test(x))) expect(c.patch.split('\n')).toContain(l);
      }
    }
  });

  it('gold patches resolve, the empty patch is empty and a no-op patch leaves the F2P tests failing (swe eval)', async (ctx) => {
    if (skip) ctx.skip();
    rmSync(REPORT, { recursive: true, force: true });
    const noop = '--- /dev/null\n+++ b/rlcf_noop.txt\n@@ -0,0 +1 @@\n+nothing fixed\n';
    const inst: SweInstance[] = [], preds: Prediction[] = [];
    for (const i of instances) {
      for (const [suffix, patch] of [['', i.patch], ['_empty', ''], ['_noop', noop]] as const) {
        inst.push({ ...i, instance_id: i.instance_id + suffix });
        preds.push({ instance_id: i.instance_id + suffix, model_name_or_path: 'synth', model_patch: patch });
      }
    }
    const res = await runSweEval({ instances: inst, predictions: preds, runId: 'synth', reportDir: REPORT, stateDir: TEST_STATE, maxWorkers: 2, timeout_s: 300 });
    const ids = instances.map((i) => i.instance_id).sort();
    expect(res.summary.resolved_ids).toEqual(ids);
    expect(res.summary.empty_patch_ids).toEqual(ids.map((i) => `${i}_empty`));
    expect(res.summary.unresolved_ids).toEqual(ids.map((i) => `${i}_noop`));
    for (const i of instances) {
      const id = `${i.instance_id}_noop`;
      const r = JSON.parse(readFileSync(join(REPORT, 'logs/run_evaluation/synth/synth', id, 'report.json'), 'utf8'))[id];
      expect(r.tests_status.FAIL_TO_PASS.failure).toEqual(i.FAIL_TO_PASS);
      expect(r.tests_status.PASS_TO_PASS.failure).toEqual([]);
    }
  }, 600_000);

  it('gives the same instances for the same seed', async (ctx) => {
    if (skip) ctx.skip();
    const again = await synthesize({ snapshot: SOURCE, ...SYNTH, stateDir: TEST_STATE, workers: 1 });
    expect(JSON.stringify(again.instances)).toBe(JSON.stringify(instances));
    expect({ ...again.summary, cpu_s: 0, cpu_s_per_kept: 0, wall_s: 0 }).toEqual({ ...summary, cpu_s: 0, cpu_s_per_kept: 0, wall_s: 0 });
  }, 600_000);

  it('draws sites only from the library\'s own regular files (adversarial tree)', async (ctx) => {
    if (!probeHost().bwrapWorks) ctx.skip();
    const fn = (name: string) => `def ${name}(xs, n):\n    out = []\n    for x in xs:\n        if x < n and x > 0:\n            out.append(x + 1)\n    total = len(out)\n    return out, total\n`;
    const root = mkdtempSync(join(tmpdir(), 'rlcf-synth-adv-'));
    const w = (rel: string, text: string) => {
      mkdirSync(dirname(join(root, rel)), { recursive: true });
      writeFileSync(join(root, rel), text);
    };
    w('pkg/core.py', fn('honest'));
    w('pkg/tests/test_core.py', fn('test_helper'));
    w('test_top.py', fn('helper'));
    w('conftest.py', fn('fixture'));
    w('pkg/bad.py', `${fn('broken')}def (:\n`);
    w('pkg/sp ace.py', fn('spaced'));
    w('pkg/nonl.py', fn('nonl').trimEnd());
    // out of the tree (a real, complex file the sandbox can read) and nowhere
    const lib = join(toolchains().pythonPrefix, 'lib');
    symlinkSync(join(lib, readdirSync(lib).find((n) => /^python3\.\d+$/.test(n))!, 'json', 'decoder.py'), join(root, 'pkg', 'link.py'));
    symlinkSync('/nonexistent/x.py', join(root, 'pkg', 'dangling.py'));
    execFileSync('chmod', ['-R', 'a+rX', root]);
    chmodSync(root, 0o755);
    const d = await drawCandidates(root, { seed: '1', limit: 50, strategies: ['flip-compare', 'flip-boolop', 'change-constant', 'remove-assignment', 'remove-loop'], stateDir: TEST_STATE });
    rmSync(root, { recursive: true, force: true });
    expect(d.candidates.length).toBeGreaterThanOrEqual(4);
    expect(new Set(d.candidates.map((c) => c.file))).toEqual(new Set(['pkg/core.py']));
    expect(d.functions).toBe(1);
  }, 120_000);
});

// Go: google/uuid v1.6.0 from the Go module proxy (issue 14's Go fixture), go/ast mutations
describe('rlcf repo synth on google/uuid v1.6.0 (Go)', () => {
  const GO_SOURCE = 'gomod:github.com/google/uuid@v1.6.0';
  let goSkip = '';
  let goDir = '';
  beforeAll(async () => {
    if (!probeHost().bwrapWorks) {
      goSkip = `no sandbox on this host: ${probeHost().bwrapError}`;
      return;
    }
    try {
      execFileSync('go', ['version']);
    } catch {
      goSkip = 'Go is not installed (scripts/setup.sh installs it)';
      return;
    }
    try {
      const s = importSnapshot(GO_SOURCE, { stateDir: TEST_STATE });
      goDir = s.dir;
      await buildEnv(s.id, { stateDir: TEST_STATE });
    } catch (e) {
      const msg = (e as Error).message;
      if (/go mod download|resolve|network|connection|timed out|proxy/i.test(msg)) {
        goSkip = `the Go module proxy is unreachable and ${GO_SOURCE} is not cached in ${TEST_STATE}: ${msg.split('\n')[0]}`;
        return;
      }
      throw e;
    }
  }, 600_000);

  it('draws deterministically, keeps validated instances whose gold patches resolve through swe eval', async (ctx) => {
    if (goSkip) ctx.skip();
    const opts = { seed: 'g1', limit: 8, strategies: ['flip-compare', 'flip-boolop', 'change-constant', 'swap-operands'], stateDir: TEST_STATE, language: 'go' as const };
    const a = await drawCandidates(goDir, opts);
    expect(JSON.stringify(await drawCandidates(goDir, opts))).toBe(JSON.stringify(a));
    expect(a.candidates.length).toBe(8);
    for (const c of a.candidates) expect(c.file).not.toMatch(/_test\.go$/);
    // flip-compare / flip-boolop with seed 1 give deterministic bugs; the clock-dependent one uuid has
    // (swap-operands in getV7Time) is dropped by the re-check, tested on a fixture in repo-synth-strategies
    const r = await synthesize({ snapshot: GO_SOURCE, max: 1, tries: 4, seed: '1', strategies: ['flip-compare', 'flip-boolop'], stateDir: TEST_STATE, workers: 2 });
    const s = r.summary;
    expect(r.instances.length).toBeGreaterThanOrEqual(1);
    expect(s.tried).toBe(s.kept + Object.values(s.dropped).reduce((x: number, n) => x + (n ?? 0), 0));
    const inst: SweInstance[] = [], preds: Prediction[] = [];
    const noop = '--- /dev/null\n+++ b/rlcf_noop.txt\n@@ -0,0 +1 @@\n+nothing fixed\n';
    for (const i of r.instances) {
      expect(i.language).toBe('go');
      expect(i.FAIL_TO_PASS.length).toBeGreaterThanOrEqual(1);
      expect(i.PASS_TO_PASS.length).toBeGreaterThanOrEqual(1);
      for (const [suffix, patch] of [['', i.patch], ['_noop', noop]] as const) {
        inst.push({ ...i, instance_id: i.instance_id + suffix });
        preds.push({ instance_id: i.instance_id + suffix, model_name_or_path: 'synth', model_patch: patch });
      }
    }
    rmSync(`${REPORT}-go`, { recursive: true, force: true });
    const res = await runSweEval({ instances: inst, predictions: preds, runId: 'synth-go', reportDir: `${REPORT}-go`, stateDir: TEST_STATE, maxWorkers: 2, timeout_s: 300 });
    const ids = r.instances.map((i) => i.instance_id).sort();
    expect(res.summary.resolved_ids).toEqual(ids);
    expect(res.summary.unresolved_ids).toEqual(ids.map((i) => `${i}_noop`));
  }, 600_000);
});
