// Deriving an instance's FAIL_TO_PASS and PASS_TO_PASS by running its tests, as SWE-bench's
// validation does: the test patch on the base (no model patch) and with the gold patch; F2P = tests
// that fail (or are missing) before and pass after, P2P = tests that pass in both.
import type { RepoEnv } from './env.js';
import { evaluateInstance } from './evaluate.js';
import type { SweInstance } from './formats.js';
import { testPassed } from './grading.js';

export async function deriveTests(inst: SweInstance, env: RepoEnv, snapshotDir: string, stateDir?: string):
  Promise<{ FAIL_TO_PASS: string[]; PASS_TO_PASS: string[]; before: Record<string, string>; after: Record<string, string> }> {
  const probe = { ...inst, FAIL_TO_PASS: [], PASS_TO_PASS: [] };
  const run = async (patch: string) => {
    const r = await evaluateInstance(probe, { instance_id: inst.instance_id, model_name_or_path: 'gold', model_patch: patch }, env, snapshotDir, { stateDir });
    if (!r.patch_applied || !r.status_map) throw new Error(`${inst.instance_id}: ${r.error ?? 'no test results'}\n${r.raw_output.slice(-2000)}`);
    return r.status_map;
  };
  const before = await run('');
  const after = await run(inst.patch);
  const f2p: string[] = [], p2p: string[] = [];
  for (const t of Object.keys(after).sort()) {
    if (!testPassed(t, after)) continue;
    (testPassed(t, before) ? p2p : f2p).push(t);
  }
  return { FAIL_TO_PASS: f2p, PASS_TO_PASS: p2p, before, after };
}
