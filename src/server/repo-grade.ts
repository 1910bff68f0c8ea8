// Repository items of POST /v1/grade (SWE-RL / SWE-Gym-style rewards): the completion is a model
// patch, the task `{swe: {instance_id, reward?}}` names an instance of the file the server loaded
// (`rlcf serve --swe-instances F`) or `{swe: {instance: {...row}, reward?}}` carries one inline (its
// base_commit must be an imported snapshot). The instance is evaluated exactly as `rlcf swe eval`
// does (src/repo/evaluate.ts); the reward is `resolved` (1 or 0, the default) or `f2p` (the fraction
// of FAIL_TO_PASS tests passing, 0 unless every PASS_TO_PASS test still passes). Each expected test
// is one entry of `tests` (status = its swebench status, or "missing").
import { availableParallelism } from 'node:os';
import type { TestVerdict } from '../benchmarks/types.js';
import type { Located } from '../benchmarks/io.js';
import { buildEnv, type RepoEnv } from '../repo/env.js';
import { evaluateInstance } from '../repo/evaluate.js';
import { instanceFromRow, type SweInstance } from '../repo/formats.js';
import { computeFailToPass, computePassToPass } from '../repo/grading.js';
import { resolveSnapshot } from '../repo/store.js';
import type { GradedItem } from './grade.js';
import { BadRequest } from './tasks.js';

export interface RepoJob { instance: SweInstance; reward: 'resolved' | 'f2p' }

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A repo item's task → the instance to evaluate (400 naming the field otherwise) */
export function resolveRepoTask(t: Record<string, unknown>, field: string, loaded: Map<string, SweInstance>): RepoJob {
  const s = t.swe;
  if (!isObj(s)) throw new BadRequest(`${field}.swe`, 'must be an object {instance_id} or {instance}');
  const reward = s.reward ?? 'resolved';
  if (reward !== 'resolved' && reward !== 'f2p') throw new BadRequest(`${field}.swe.reward`, 'must be "resolved" or "f2p"');
  let instance: SweInstance;
  if (s.instance !== undefined) {
    if (!isObj(s.instance)) throw new BadRequest(`${field}.swe.instance`, 'must be an object (a SWE-bench instance row)');
    try {
      instance = instanceFromRow({ row: s.instance, file: `${field}.swe.instance`, line: 0 } as Located);
    } catch (e) {
      throw new BadRequest(`${field}.swe.instance`, (e as Error).message);
    }
  } else {
    if (typeof s.instance_id !== 'string') throw new BadRequest(`${field}.swe.instance_id`, 'is required (or give an inline instance)');
    const i = loaded.get(s.instance_id);
    if (!i) {
      throw new BadRequest(`${field}.swe.instance_id`, loaded.size
        ? `unknown instance ${JSON.stringify(s.instance_id)} (the server loaded ${loaded.size} instances)`
        : 'the server loaded no instances: start it with --swe-instances <file>');
    }
    instance = i;
  }
  try {
    resolveSnapshot(instance.base_commit || instance.snapshot || '');
  } catch (e) {
    throw new BadRequest(`${field}.swe`, `${instance.instance_id}: ${(e as Error).message}`);
  }
  return { instance, reward };
}

const envs = new Map<string, Promise<RepoEnv>>();
let running = 0;
const waiting: (() => void)[] = [];
/** repository evaluations at once: one per core (each is a whole test suite) */
async function slot<T>(fn: () => Promise<T>): Promise<T> {
  if (running >= availableParallelism()) await new Promise<void>((r) => waiting.push(r));
  running++;
  try {
    return await fn();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

export async function gradeRepoItem(id: string, job: RepoJob, patch: string, signal?: AbortSignal): Promise<GradedItem> {
  const inst = job.instance;
  const snap = resolveSnapshot(inst.base_commit || inst.snapshot!);
  let envSnap = snap.id;
  try {
    if (inst.environment_setup_commit) envSnap = resolveSnapshot(inst.environment_setup_commit).id;
  } catch { /* the base serves */ }
  let env = envs.get(envSnap);
  if (!env) {
    env = buildEnv(envSnap, { language: inst.language });
    envs.set(envSnap, env);
    env.catch(() => envs.delete(envSnap));
  }
  const e = await env;
  if (signal?.aborted) throw new Error('the request was cancelled');
  const t0 = performance.now();
  const r = await slot(() => evaluateInstance(inst, { instance_id: inst.instance_id, model_name_or_path: 'grade', model_patch: patch }, e, snap.dir));
  const rep = r.report;
  const tests: TestVerdict[] = [];
  const sm = r.status_map ?? {};
  for (const [kind, list] of [['FAIL_TO_PASS', inst.FAIL_TO_PASS], ['PASS_TO_PASS', inst.PASS_TO_PASS]] as const) {
    const ok = new Set(rep?.tests_status?.[kind].success ?? []);
    for (const t of list) {
      tests.push({ index: tests.length, passed: ok.has(t), status: sm[t] ?? (rep ? 'missing' : 'not_run'), message: `${kind} ${t}` });
    }
  }
  const resolved = !!rep?.resolved;
  let reward = resolved ? 1 : 0;
  if (job.reward === 'f2p' && rep?.tests_status) {
    reward = computePassToPass(rep.tests_status) === 1 ? computeFailToPass(rep.tests_status) : 0;
  }
  const status = !r.patch_applied ? 'patch_failed' : rep ? (resolved ? 'ok' : 'wrong_answer') : 'time_limit';
  return {
    id, code: patch, sanitize_steps: [], status, passed: resolved,
    result: rep ? (resolved ? 'resolved' : `unresolved: ${rep.tests_status?.FAIL_TO_PASS.failure.length ?? 0} FAIL_TO_PASS and ${rep.tests_status?.PASS_TO_PASS.failure.length ?? 0} PASS_TO_PASS tests failing`)
      : `not graded: ${(r.error ?? '').split('\n')[0]}`,
    reward: Math.round(reward * 1e6) / 1e6, passed_tests: tests.filter((t) => t.passed).length, total_tests: tests.length, tests,
    cpu_ms: 0, wall_ms: Math.round(performance.now() - t0),
  };
}
