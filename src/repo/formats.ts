// SWE-bench's file formats: instance rows (JSON / JSONL / Parquet, F2P and P2P as JSON strings or
// lists), predictions (JSONL or a JSON list/object of {instance_id, model_name_or_path,
// model_patch}), and the run summary of swebench 5.x's make_run_report (schema_version 2).
import { readFileSync } from 'node:fs';
import { type Located, BenchmarkDataError, field, optField, readRecords } from '../benchmarks/io.js';
import type { EvalType } from './constants.js';

export interface SweInstance {
  instance_id: string;
  repo: string;
  base_commit: string;
  patch: string;
  test_patch: string;
  problem_statement: string;
  hints_text: string;
  version: string;
  FAIL_TO_PASS: string[];
  PASS_TO_PASS: string[];
  environment_setup_commit: string;
  created_at?: string;
  /** swebench 5.x rows may name their parser and eval type; rlcf honours both */
  log_parser?: string;
  eval_type?: EvalType;
  /** rlcf: the snapshot holding the repository at base_commit (`rlcf repo import`), when not --repos */
  snapshot?: string;
  /** rlcf: 'python' (default), 'go' or 'rust' */
  language?: 'python' | 'go' | 'rust';
  /** rlcf: the test command (argv), overriding the default for the language */
  test_cmd?: string[];
}

export interface Prediction {
  instance_id: string;
  model_name_or_path: string;
  model_patch: string | null;
}

function stringOr(r: Located, name: string, dflt: string): string {
  const v = optField(r, name);
  if (v === undefined) return dflt;
  if (typeof v !== 'string') throw new BenchmarkDataError(r.file, r.line, `field "${name}" must be a string`);
  return v;
}

/** F2P/P2P: a list of test ids, or that list JSON-encoded (as the Hugging Face datasets store it) */
function testList(r: Located, name: string): string[] {
  let v = optField(r, name);
  if (v === undefined || v === '') return [];
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v);
    } catch (e) {
      throw new BenchmarkDataError(r.file, r.line, `field "${name}" must be a list of test ids or its JSON encoding: ${(e as Error).message}`);
    }
  }
  // parquet list columns come back as arrays of strings; anything else is an error
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
    throw new BenchmarkDataError(r.file, r.line, `field "${name}" must be a list of test ids (strings)`);
  }
  return v as string[];
}

export function instanceFromRow(r: Located): SweInstance {
  const evalType = optField<string>(r, 'eval_type');
  if (evalType !== undefined && evalType !== 'pass_and_fail' && evalType !== 'fail_only') {
    throw new BenchmarkDataError(r.file, r.line, `field "eval_type" must be "pass_and_fail" or "fail_only", got ${JSON.stringify(evalType)}`);
  }
  const language = optField<string>(r, 'language');
  if (language !== undefined && !['python', 'go', 'rust'].includes(language)) {
    throw new BenchmarkDataError(r.file, r.line, `field "language" must be python, go or rust, got ${JSON.stringify(language)}`);
  }
  const testCmd = optField(r, 'test_cmd');
  if (testCmd !== undefined && (!Array.isArray(testCmd) || testCmd.some((x) => typeof x !== 'string'))) {
    throw new BenchmarkDataError(r.file, r.line, 'field "test_cmd" must be a list of strings (argv)');
  }
  const id = field<string>(r, 'instance_id', 'string');
  if (!/^[A-Za-z0-9._-]+$/.test(id)) {
    // it names a directory of the report tree
    throw new BenchmarkDataError(r.file, r.line, `instance_id ${JSON.stringify(id)} may only hold letters, digits, . _ -`);
  }
  return {
    instance_id: id,
    repo: field<string>(r, 'repo', 'string'),
    base_commit: stringOr(r, 'base_commit', ''),
    patch: stringOr(r, 'patch', ''),
    test_patch: stringOr(r, 'test_patch', ''),
    problem_statement: stringOr(r, 'problem_statement', ''),
    hints_text: stringOr(r, 'hints_text', ''),
    version: String(optField(r, 'version') ?? ''),
    FAIL_TO_PASS: testList(r, 'FAIL_TO_PASS'),
    PASS_TO_PASS: testList(r, 'PASS_TO_PASS'),
    environment_setup_commit: stringOr(r, 'environment_setup_commit', ''),
    created_at: optField<string>(r, 'created_at'),
    log_parser: optField<string>(r, 'log_parser') || undefined,
    eval_type: evalType as EvalType | undefined,
    snapshot: optField<string>(r, 'snapshot'),
    language: language as SweInstance['language'],
    test_cmd: testCmd as string[] | undefined,
  };
}

export async function loadInstances(file: string): Promise<SweInstance[]> {
  const rows = await readRecords(file);
  const out = rows.map(instanceFromRow);
  const seen = new Set<string>();
  for (const [i, x] of out.entries()) {
    if (seen.has(x.instance_id)) throw new BenchmarkDataError(file, rows[i].line, `duplicate instance_id ${x.instance_id}`);
    seen.add(x.instance_id);
  }
  return out;
}

/** Predictions as swebench reads them: JSONL, a JSON list, or a JSON object keyed by instance id */
export async function loadPredictions(file: string): Promise<Prediction[]> {
  let rows: Located[];
  let doc: unknown;
  if (file.toLowerCase().endsWith('.json')) {
    try {
      doc = JSON.parse(readFileSync(file, 'utf8'));
    } catch { /* readRecords names the error */ }
  }
  if (doc && typeof doc === 'object' && !Array.isArray(doc) && !('instance_id' in doc) && !('rows' in doc)) {
    // swebench also accepts {instance_id: prediction}
    rows = Object.values(doc).map((v, i) => ({ row: v as Record<string, unknown>, file, line: i + 1 }));
    for (const r of rows) {
      if (!r.row || typeof r.row !== 'object') throw new BenchmarkDataError(file, r.line, 'a prediction must be a JSON object');
    }
  } else rows = await readRecords(file);
  const out: Prediction[] = [];
  const seen = new Set<string>();
  for (const r of rows) {
    const id = field<string>(r, 'instance_id', 'string');
    const patch = optField(r, 'model_patch');
    if (patch !== undefined && typeof patch !== 'string') throw new BenchmarkDataError(r.file, r.line, 'field "model_patch" must be a string or null');
    if (seen.has(id)) throw new BenchmarkDataError(r.file, r.line, `duplicate prediction for ${id}`);
    seen.add(id);
    out.push({ instance_id: id, model_name_or_path: stringOr(r, 'model_name_or_path', 'None'),
      model_patch: (patch as string | undefined) ?? null });
  }
  return out;
}

/** swebench's directory name for a model: `/` → `__` */
export const modelDir = (name: string) => name.replaceAll('/', '__');

export interface RunSummary {
  total_instances: number;
  submitted_instances: number;
  completed_instances: number;
  resolved_instances: number;
  unresolved_instances: number;
  infra_failure_instances: number;
  ambiguous_failure_instances: number;
  empty_patch_instances: number;
  error_instances: number;
  completed_ids: string[];
  incomplete_ids: string[];
  empty_patch_ids: string[];
  submitted_ids: string[];
  resolved_ids: string[];
  unresolved_ids: string[];
  infra_failure_ids: string[];
  ambiguous_failure_ids: string[];
  failure_reasons: Record<string, string>;
  error_ids: string[];
  schema_version: 2;
}

/** One instance's outcome as make_run_report sees it: its report.json (or none), and the text of
 * its logs for the failure classification */
export interface InstanceOutcome {
  report?: { resolved: boolean } | 'invalid';
  logs: string;
}

/** swebench's make_run_report over outcomes (read from the report tree by the caller) */
export function makeRunSummary(instances: { instance_id: string }[], predictions: Map<string, Prediction>,
  outcome: (id: string) => InstanceOutcome, classify: (text: string) => [string, string] | null): RunSummary {
  const completed = new Set<string>(), resolved = new Set<string>(), error = new Set<string>();
  const unresolved = new Set<string>(), incomplete = new Set<string>(), empty = new Set<string>();
  const infra = new Set<string>(), ambiguous = new Set<string>();
  for (const { instance_id: id } of instances) {
    const p = predictions.get(id);
    if (!p) {
      incomplete.add(id);
      continue;
    }
    if (p.model_patch === '' || p.model_patch === null) {
      empty.add(id);
      continue;
    }
    const o = outcome(id);
    if (o.report === undefined) error.add(id);
    else {
      completed.add(id);
      if (o.report === 'invalid') error.add(id);
      else if (o.report.resolved) resolved.add(id);
      else unresolved.add(id);
    }
  }
  const reasons: Record<string, string> = {};
  for (const id of new Set([...unresolved, ...error])) {
    const c = classify(outcome(id).logs);
    if (!c) continue;
    reasons[id] = c[0];
    (c[1] === 'environment' ? infra : ambiguous).add(id);
  }
  const sorted = (s: Iterable<string>) => [...s].sort(pyCmp);
  return {
    total_instances: instances.length,
    submitted_instances: predictions.size,
    completed_instances: completed.size,
    resolved_instances: resolved.size,
    unresolved_instances: unresolved.size,
    infra_failure_instances: infra.size,
    ambiguous_failure_instances: ambiguous.size,
    empty_patch_instances: empty.size,
    error_instances: error.size,
    completed_ids: sorted(completed),
    incomplete_ids: sorted(incomplete),
    empty_patch_ids: sorted(empty),
    submitted_ids: sorted(predictions.keys()),
    resolved_ids: sorted(resolved),
    unresolved_ids: sorted(unresolved),
    infra_failure_ids: sorted(infra),
    ambiguous_failure_ids: sorted(ambiguous),
    failure_reasons: Object.fromEntries(Object.entries(reasons).sort(([a], [b]) => pyCmp(a, b))),
    error_ids: sorted(error),
    schema_version: 2,
  };
}

/** Python's sorted() on str: by code point (JS's default sort compares UTF-16 units) */
function pyCmp(a: string, b: string): number {
  const x = [...a], y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i].codePointAt(0)! - y[i].codePointAt(0)!;
    if (d) return d;
  }
  return x.length - y.length;
}
