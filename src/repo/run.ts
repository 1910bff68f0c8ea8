// `rlcf swe eval`: SWE-bench instances × predictions → swebench's report tree
// <report-dir>/logs/run_evaluation/<run_id>/<model>/<instance_id>/{report.json, test_output.txt,
// patch.diff, run_instance.log} and the run summary <report-dir>/<model>.<run_id>.json
// (schema_version 2). Each instance's repository comes from --repos (git clones named
// <owner>__<name>, checked out at base_commit) or from rlcf's snapshots (the snapshot whose commit
// is base_commit); its environment is built once (env.ts) and reused. Instances run in parallel,
// one sandbox each, up to --max-workers. An instance whose report.json exists is not run again
// (swebench's resume).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LOG_INSTANCE, LOG_REPORT, LOG_TEST_OUTPUT } from './constants.js';
import { buildEnv, type RepoEnv, type RepoSpec } from './env.js';
import { evaluateInstance, type InstanceResult } from './evaluate.js';
import { makeRunSummary, modelDir, type Prediction, type RunSummary, type SweInstance } from './formats.js';
import { classifyText, type InstanceReport } from './grading.js';
import { runHtml } from './html.js';
import { importPath } from './snapshot.js';
import { resolveSnapshot, sweepScratch } from './store.js';

export interface EvalRunOptions {
  instances: SweInstance[];
  predictions: Prediction[];
  runId: string;
  reposDir?: string;
  reportDir?: string;
  maxWorkers?: number;
  timeout_s?: number;
  stateDir?: string;
  /** per-repository install/test overrides, keyed by `repo` */
  specs?: Record<string, RepoSpec>;
  onInstance?: (r: InstanceResult & { resolved: boolean | null }) => void;
  log?: (s: string) => void;
}

export interface EvalRunResult {
  summary: RunSummary;
  summaryFile: string;
  results: InstanceResult[];
}

/** The snapshot of an instance's repository at base_commit */
export function instanceSnapshot(inst: SweInstance, reposDir: string | undefined, stateDir?: string): { id: string; dir: string } {
  if (reposDir) {
    const clone = join(resolve(reposDir), inst.repo.replace('/', '__'));
    if (!existsSync(clone)) throw new Error(`${inst.instance_id}: no clone of ${inst.repo} at ${clone} (--repos holds git clones named <owner>__<name>)`);
    const s = importPath(clone, inst.base_commit || undefined, `path:${clone}@${inst.base_commit || 'HEAD'}`, stateDir);
    return { id: s.id, dir: s.dir };
  }
  const ref = inst.base_commit || inst.snapshot;
  if (!ref) throw new Error(`${inst.instance_id}: no base_commit or snapshot; import the repository (rlcf repo import) or pass --repos`);
  try {
    return resolveSnapshot(ref, stateDir);
  } catch (e) {
    throw new Error(`${inst.instance_id}: ${(e as Error).message} (base_commit ${inst.base_commit || '-'}; pass --repos DIR with a clone of ${inst.repo}, or import it with rlcf repo import)`);
  }
}

/** The environment of an instance: built from its environment_setup_commit's snapshot when rlcf has
 * it (one environment per (repo, version), as swebench's env images), else from its base */
async function instanceEnv(inst: SweInstance, snapshot: { id: string }, o: EvalRunOptions, cache: Map<string, Promise<RepoEnv>>): Promise<RepoEnv> {
  let envSnap = snapshot.id;
  if (inst.environment_setup_commit) {
    try {
      envSnap = resolveSnapshot(inst.environment_setup_commit, o.stateDir).id;
    } catch { /* not imported: the base serves */ }
  }
  const key = `${envSnap}\0${inst.repo}`;
  let p = cache.get(key);
  if (!p) {
    p = buildEnv(envSnap, { stateDir: o.stateDir, spec: o.specs?.[inst.repo], language: inst.language, log: o.log });
    cache.set(key, p);
  }
  return p;
}

export async function runSweEval(o: EvalRunOptions): Promise<EvalRunResult> {
  const reportDir = resolve(o.reportDir ?? '.');
  sweepScratch(o.stateDir);
  const preds = new Map(o.predictions.map((p) => [p.instance_id, p]));
  const byId = new Map(o.instances.map((i) => [i.instance_id, i]));
  for (const p of o.predictions) {
    if (!byId.has(p.instance_id)) throw new Error(`prediction for ${p.instance_id}, which is not among the instances`);
  }
  if (!o.predictions.length) throw new Error('no predictions');
  const runDir = (model: string) => join(reportDir, 'logs', 'run_evaluation', o.runId, modelDir(model));
  const todo = o.instances.filter((i) => {
    const p = preds.get(i.instance_id);
    if (!p || p.model_patch === '' || p.model_patch === null) return false; // incomplete / empty patch: not run
    return !existsSync(join(runDir(p.model_name_or_path), i.instance_id, LOG_REPORT));
  });
  const envs = new Map<string, Promise<RepoEnv>>();
  const results: InstanceResult[] = [];
  let next = 0;
  const workers = Math.max(1, o.maxWorkers ?? 1);
  const one = async (inst: SweInstance) => {
    const pred = preds.get(inst.instance_id)!;
    const dir = join(runDir(pred.model_name_or_path), inst.instance_id);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'patch.diff'), pred.model_patch ?? '');
    let r: InstanceResult;
    try {
      const snap = instanceSnapshot(inst, o.reposDir, o.stateDir);
      const env = await instanceEnv(inst, snap, o, envs);
      r = await evaluateInstance(inst, pred, env, snap.dir, { stateDir: o.stateDir, timeout_s: o.timeout_s, spec: o.specs?.[inst.repo] });
    } catch (e) {
      r = { instance_id: inst.instance_id, test_output: '', raw_output: '', log: `Error in evaluating model for ${inst.instance_id}: ${(e as Error).message}\n`,
        patch_applied: false, error: (e as Error).message, timings: { wall_ms: 0, overlay_ms: 0, sandbox_ms: 0 }, mode: '' };
    }
    writeFileSync(join(dir, LOG_INSTANCE), r.log);
    if (r.test_output) writeFileSync(join(dir, LOG_TEST_OUTPUT), r.test_output);
    if (r.raw_output) writeFileSync(join(dir, 'test_raw_output.txt'), r.raw_output);
    if (r.report) writeFileSync(join(dir, LOG_REPORT), JSON.stringify({ [inst.instance_id]: r.report }, null, 4));
    results.push(r);
    o.onInstance?.({ ...r, resolved: r.report ? r.report.resolved : null });
  };
  await Promise.all(Array.from({ length: Math.min(workers, todo.length) }, async () => {
    while (next < todo.length) await one(todo[next++]);
  }));
  // the summary from the tree, as swebench's make_run_report reads it
  const summary = makeRunSummary(o.instances, preds, (id) => {
    const p = preds.get(id)!;
    const dir = join(runDir(p.model_name_or_path), id);
    let report: { resolved: boolean } | 'invalid' | undefined;
    if (existsSync(join(dir, LOG_REPORT))) {
      try {
        const text = readFileSync(join(dir, LOG_REPORT), 'utf8').trim();
        report = text ? (JSON.parse(text) as Record<string, InstanceReport>)[id] ?? 'invalid' : 'invalid';
      } catch {
        report = 'invalid';
      }
    }
    const logs = [LOG_TEST_OUTPUT, LOG_INSTANCE].map((f) => (existsSync(join(dir, f)) ? readFileSync(join(dir, f), 'utf8') : '')).filter(Boolean).join('\n');
    return { report, logs };
  }, classifyText);
  mkdirSync(reportDir, { recursive: true });
  const summaryFile = join(reportDir, `${modelDir(o.predictions[0].model_name_or_path)}.${o.runId}.json`);
  writeFileSync(summaryFile, JSON.stringify(summary, null, 4) + '\n');
  // the run's page (instances, patches, test tables, logs): beside the summary
  const model = o.predictions[0].model_name_or_path;
  writeFileSync(summaryFile.replace(/\.json$/, '.html'), runHtml(o.runId, model, summary, o.instances,
    (id) => join(runDir(preds.get(id)?.model_name_or_path ?? model), id), new Map(o.predictions.map((p) => [p.instance_id, p.model_patch]))));
  return { summary, summaryFile, results };
}
