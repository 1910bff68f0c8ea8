// `rlcf eval --bench swe:` runs in rlcf's store, like other eval runs: `rlcf runs` lists them with
// pass@1 = the resolved rate and its bootstrap interval, the viewer shows each instance as a sample
// (the model's answer, the patch that was applied, the verdict), and the generations are cached
// (a re-run asks the model only for what it has not answered).
import { createHash } from 'node:crypto';
import { summaryOf, type RunSummary } from '../pipeline/eval.js';
import type { CachedGeneration, Store } from '../store/store.js';
import type { Prediction, SweInstance } from './formats.js';
import type { InstanceResult } from './evaluate.js';
import type { EvalRunResult } from './run.js';
import { sweJudgement, sweVerdictKey } from './swe-judgement.js';

export function generationKey(model: string, prompt: string, temperature: number | undefined, maxTokens: number | undefined): string {
  return createHash('sha256').update(JSON.stringify(['swe-oracle', model, prompt, temperature ?? 0, maxTokens ?? null])).digest('hex');
}

export function generationCache(store: Store) {
  return {
    get: (k: string): string | null => store.getGeneration(k)?.text ?? null,
    put: (k: string, g: CachedGeneration) => store.putGeneration(k, g),
  };
}

export function recordSweRun(store: Store, o: {
  runId: string; model: string; bench: string; instances: SweInstance[]; predictions: Prediction[]; answers: Map<string, string>;
  result: EvalRunResult; total_s: number; config: Record<string, unknown>;
}): RunSummary {
  const fp = createHash('sha256').update(JSON.stringify([o.bench, o.model, o.config, o.instances.map((i) => i.instance_id)])).digest('hex');
  store.createRun({ id: o.runId, fingerprint: fp, model: o.model, benchmarks: [o.bench], config: o.config });
  const key = (id: string) => `swe/${id}`;
  store.addTasks(o.runId, o.instances.map((i) => ({ task_key: key(i.instance_id), benchmark: 'swe', task_id: i.instance_id,
    language: i.language ?? 'python', prompt: i.problem_statement })));
  const byId = new Map<string, InstanceResult>(o.result.results.map((r) => [r.instance_id, r]));
  const s = o.result.summary;
  const inst = new Map(o.instances.map((i) => [i.instance_id, i]));
  for (const p of o.predictions) {
    const r = byId.get(p.instance_id);
    const ts = r?.report?.tests_status;
    const ok = ts ? ts.FAIL_TO_PASS.success.length + ts.PASS_TO_PASS.success.length : 0;
    const total = ts ? ok + ts.FAIL_TO_PASS.failure.length + ts.PASS_TO_PASS.failure.length : 0;
    const status = s.resolved_ids.includes(p.instance_id) ? 'ok' : s.unresolved_ids.includes(p.instance_id) ? 'wrong_answer'
      : s.empty_patch_ids.includes(p.instance_id) ? 'no_code' : 'patch_failed';
    const result = status === 'ok' ? 'resolved' : status === 'wrong_answer'
      ? `unresolved: FAIL_TO_PASS ${ts!.FAIL_TO_PASS.success.length}/${ts!.FAIL_TO_PASS.success.length + ts!.FAIL_TO_PASS.failure.length}, PASS_TO_PASS ${ts!.PASS_TO_PASS.success.length}/${ts!.PASS_TO_PASS.success.length + ts!.PASS_TO_PASS.failure.length}`
      : status === 'no_code' ? 'empty patch' : `not graded: ${(r?.error ?? 'no report').split('\n')[0]}`;
    // the per-test table and log excerpts the viewer's instance page shows, as the sample's judgement
    const j = sweJudgement(inst.get(p.instance_id)!, status === 'ok' ? 'resolved' : status === 'wrong_answer' ? 'unresolved'
      : status === 'no_code' ? 'empty patch' : 'error', r);
    const vk = sweVerdictKey(o.runId, j);
    store.putVerdict(vk, j);
    store.saveSample({ run_id: o.runId, task_key: key(p.instance_id), idx: 0, gen_key: null, raw: o.answers.get(p.instance_id) ?? null,
      code: p.model_patch, steps: ['extract_diff'], verdict_key: vk, status, passed: status === 'ok', result,
      passed_tests: ok, total_tests: total, prompt_tokens: null, completion_tokens: null, cost_usd: null, gen_ms: null,
      exec_ms: r ? r.timings.wall_ms : null });
  }
  const summary = summaryOf(store, o.runId, { ks: [1], n: 1, benchmarks: [o.bench] },
    { total_s: o.total_s, generation_wait_s: 0, execution_s: o.total_s }, 0, 0, o.predictions.length);
  store.setRunStatus(o.runId, 'done', summary);
  return summary;
}
