// `npm run bench:swe`: per-instance overhead of rlcf's repository tasks (not a test).
// On a real repository of ≥ 500 files (networkx 3.3's sdist, 878 files, imported from PyPI), one
// SWE-bench-style instance whose model patch edits one file and whose test command is `true`: the
// whole evaluation (writable view + patch attempts + test reset + sandbox start + parse + report) is
// then overhead. Measured with the kernel overlay rlcf uses and, in the same run, with a copy of the
// tree per instance (what a naive harness does: the baseline); then instances/s with every slot
// busy, and one real test file (its pytest time is reported apart). The Docker harness cannot run
// here (no daemon): its per-instance container start is not measured.
// Options: --n <instances per measure> (default 20), --state-dir <dir>, --json
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildEnv } from '../repo/env.js';
import { evaluateInstance } from '../repo/evaluate.js';
import type { SweInstance } from '../repo/formats.js';
import { type OverlayMode, overlayMode } from '../repo/sandbox.js';
import { importSnapshot } from '../repo/snapshot.js';
import { fmt, pct } from './stats.js';

const TARGET_OVERHEAD_S = 0.5;
const TARGET_RATIO = 5;

function args(argv: string[]) {
  const o = { n: 20, stateDir: join(tmpdir(), 'rlcf-bench-swe'), json: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--n') o.n = Math.max(2, Number(argv[++i]) | 0);
    else if (argv[i] === '--state-dir') o.stateDir = argv[++i];
    else if (argv[i] === '--json') o.json = true;
    else throw new Error(`unknown option ${argv[i]} (--n, --state-dir, --json)`);
  }
  return o;
}

const PATCH = `--- a/networkx/algorithms/cycles.py
+++ b/networkx/algorithms/cycles.py
@@ -1,5 +1,6 @@
 """
 ========================
 Cycle finding algorithms
+(patched by bench:swe)
 ========================
 """
`;

async function main() {
  const o = args(process.argv.slice(2));
  const log = (s: string) => { if (!o.json) process.stdout.write(`${s}\n`); };
  const t0 = performance.now();
  const snap = importSnapshot('pypi:networkx==3.3', { stateDir: o.stateDir });
  const env = await buildEnv(snap.id, { stateDir: o.stateDir });
  log(`networkx 3.3 snapshot ${snap.id.slice(0, 12)}, env ${env.id.slice(0, 12)} (${env.reused ? 'reused' : `built in ${env.build_ms} ms`}), setup ${Math.round(performance.now() - t0)} ms`);
  const inst: SweInstance = { instance_id: 'networkx-bench', repo: 'networkx/networkx', base_commit: snap.id, patch: PATCH, test_patch: '',
    problem_statement: '', hints_text: '', version: '3.3', FAIL_TO_PASS: [], PASS_TO_PASS: [], environment_setup_commit: snap.id,
    test_cmd: ['true'] };
  const pred = { instance_id: inst.instance_id, model_name_or_path: 'bench', model_patch: PATCH };
  const one = async (mode: OverlayMode, i: SweInstance = inst) => {
    const t = performance.now();
    const r = await evaluateInstance(i, pred, env, snap.dir, { stateDir: o.stateDir, mode });
    if (!r.patch_applied) throw new Error(`bench instance failed: ${r.error}`);
    return { ms: performance.now() - t, overlay_ms: r.timings.overlay_ms, r };
  };
  const modes: OverlayMode[] = [overlayMode(), 'copy'].filter((m, k, a) => a.indexOf(m) === k) as OverlayMode[];
  const out: Record<string, unknown> = { files: 878, slots: availableParallelism(), n: o.n };
  for (const mode of modes) {
    await one(mode); // warm
    const seq: number[] = [], ov: number[] = [];
    for (let k = 0; k < o.n; k++) {
      const m = await one(mode);
      seq.push(m.ms);
      ov.push(m.overlay_ms);
    }
    seq.sort((a, b) => a - b);
    ov.sort((a, b) => a - b);
    const slots = availableParallelism();
    const tp = performance.now();
    let next = 0;
    await Promise.all(Array.from({ length: slots }, async () => { while (next++ < o.n) await one(mode); }));
    const perS = o.n / ((performance.now() - tp) / 1000);
    out[mode] = { overhead_ms_p50: pct(seq, 50), overhead_ms_p90: pct(seq, 90), view_ms_p50: pct(ov, 50), instances_per_s: perS };
    log(`${mode.padEnd(15)} overhead per instance p50 ${fmt(pct(seq, 50))} ms, p90 ${fmt(pct(seq, 90))} ms (making+removing the writable view p50 ${fmt(pct(ov, 50))} ms); ${perS.toFixed(2)} instances/s on ${slots} slots`);
  }
  if (modes.length === 2) {
    const a = out[modes[0]] as { overhead_ms_p50: number; instances_per_s: number };
    const b = out.copy as { overhead_ms_p50: number; instances_per_s: number };
    const ratio = b.overhead_ms_p50 / a.overhead_ms_p50;
    out.ratio_vs_copy = ratio;
    log(`${modes[0]} vs copy per instance: ${ratio.toFixed(2)}× less overhead (target ≥ ${TARGET_RATIO}×); overhead p50 ${(a.overhead_ms_p50 / 1000).toFixed(3)} s (target ≤ ${TARGET_OVERHEAD_S} s)`);
  }
  // one real test file, for scale: the tests' own time is pytest's
  const real = { ...inst, test_cmd: undefined, test_patch: '', PASS_TO_PASS: ['networkx/algorithms/tests/test_cycles.py::dummy'] };
  const m = await one(modes[0], real);
  const own = /in ([\d.]+)s/.exec(m.r.raw_output)?.[1];
  out.real_test_file = { wall_ms: m.ms, pytest_s: own ? Number(own) : null };
  log(`real test file (networkx/algorithms/tests/test_cycles.py): ${fmt(m.ms)} ms in all, pytest reports ${own ?? '?'} s`);
  log('Docker harness: not measured here (no Docker daemon on this machine)');
  if (o.json) process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
}

main().catch((e) => {
  process.stderr.write(`bench:swe: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
