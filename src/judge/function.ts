// Function-call judging (APPS fn_name, LiveCodeBench functional, EvalPlus): one sandbox run of the
// judged harness (src/sandbox/agent/rlcf_harness.py) that loads the solution and calls fn_name once
// per case (exceptions and a CPU-time alarm per case, which the program cannot cancel), reporting
// one authenticated line per case (report.ts). Expected values never enter the sandbox: return
// values are compared here with valuesMatch; APPS outputs may be wrapped in a one-element list
// (testing_util).
import type { FunctionCase, Judgement, Task, TestVerdict } from '../benchmarks/types.js';
import type { Sandbox } from '../sandbox/engine.js';
import type { Verdict } from '../sandbox/types.js';
import { type JudgeOptions, assemble, cap, runOpts, taskLimits } from './common.js';
import { valuesMatch } from './compare.js';
import { APPS_HEADER, functionSubmission } from './python.js';
import { readReports } from './report.js';

type FunctionSpec = Extract<Task['judge'], { kind: 'function' }>;

export interface CaseRecord {
  i: number;
  status: 'ok' | 'error' | 'timeout';
  value?: unknown;
  error?: string;
  exc?: string;
  ms?: number;
}

export interface HarnessRun {
  verdict: Verdict;
  /** per case, in order; undefined when the run ended before the case reported */
  records: (CaseRecord | undefined)[];
  /** the solution failed to load (syntax error, missing function): message */
  loadError?: string;
  stdout: string;
}

/** Default per-case time (APPS: 4 s). */
const CASE_MS = 4000;

/** Run `solution` against every case's args in one sandbox execution. */
export async function runFunctionHarness(sb: Sandbox, solution: string, fn: string, cases: FunctionCase[],
  opts: { caseMs?: number; header?: string; limits?: Task['limits']; priority?: () => number; signal?: AbortSignal } = {}): Promise<HarnessRun> {
  const caseMs = opts.caseMs ?? CASE_MS;
  const { sub, key } = functionSubmission(solution, fn, cases.map((c) => JSON.stringify(c.args)), caseMs / 1000, opts.header ?? '');
  // the whole run's CPU limit covers every case at its own limit, within reason
  const timeout = Math.min(caseMs * cases.length + 2000, 600_000);
  const verdict = await sb.run({ ...sub, limits: { memory_mb: 1024, ...opts.limits, timeout_ms: timeout, output_bytes: 64 << 20 } },
    runOpts(opts));
  const rep = readReports(verdict.stdout, key);
  const records: (CaseRecord | undefined)[] = cases.map(() => undefined);
  let loadError: string | undefined;
  for (const p of rep.payloads) {
    const sp = p.indexOf(' ');
    const i = Number(p.slice(0, sp));
    let r: CaseRecord;
    try {
      r = { i, ...JSON.parse(p.slice(sp + 1)) } as CaseRecord;
    } catch {
      continue;
    }
    if (i === -1) loadError = r.error ?? 'cannot load the solution';
    else if (Number.isInteger(i) && i >= 0 && i < cases.length && !records[i]) records[i] = r;
  }
  if (rep.forged) {
    // something other than the judge wrote report lines: trust none of them
    return { verdict, records: cases.map(() => undefined), loadError: 'the judge\'s report was tampered with', stdout: rep.rest };
  }
  return { verdict, records, ...(loadError ? { loadError } : {}), stdout: rep.rest };
}

/** Harness-encoded values back to comparable JS values: tagged non-finite floats → numbers, big
 * ints → bigint; other tags (__dict__, __repr__) stay objects and compare structurally. */
export function decodeValue(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(decodeValue);
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 1 && typeof o.__float__ === 'string') return o.__float__ === 'nan' ? NaN : o.__float__ === 'inf' ? Infinity : -Infinity;
    if (keys.length === 1 && typeof o.__int__ === 'string') return BigInt(o.__int__);
    return Object.fromEntries(keys.map((k) => [k, decodeValue(o[k])]));
  }
  return v;
}

function show(v: unknown): string {
  try {
    return cap(JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x)) ?? String(v), 1024);
  } catch {
    return String(v);
  }
}

export function functionMatch(actual: unknown, expected: unknown, spec: FunctionSpec, appsWrapped: boolean): boolean {
  const a = decodeValue(actual);
  const e = decodeValue(expected);
  const atol = spec.atol ?? 0;
  const rtol = spec.rtol ?? 1e-7;
  if (valuesMatch(a, e, atol, rtol)) return true;
  // APPS testing_util: `output == outputs[i]` or, when outputs[i] is a non-empty list, `output == outputs[i][0]`
  return appsWrapped && Array.isArray(e) && e.length > 0 && valuesMatch(a, e[0], atol, rtol);
}

export async function judgeFunction(sb: Sandbox, task: Task, spec: FunctionSpec, code: string, opts?: JudgeOptions): Promise<Judgement> {
  if (task.language !== 'python') {
    throw new Error(`task ${task.id}: function-call judging supports Python only (task language: ${task.language}); ` +
      'express the tests as an assert program (judge kind "assert") or as stdin/stdout cases for other languages');
  }
  if (spec.cases.some((c) => c.expected === undefined)) {
    const { ensureExpected } = await import('../benchmarks/evalplus.js');
    await ensureExpected(sb, [task]);
  }
  const solution = task.style === 'completion' ? task.prompt + code : code;
  const appsWrapped = task.meta?.apps_wrapped_outputs === true;
  const limits = taskLimits(task, opts);
  const run = await runFunctionHarness(sb, solution, spec.fn_name, spec.cases, {
    caseMs: limits?.timeout_ms, header: appsWrapped || task.benchmark === 'livecodebench' ? APPS_HEADER : '',
    limits: { ...limits, timeout_ms: undefined }, ...runOpts(opts),
  });
  const v = run.verdict;
  const tests: TestVerdict[] = spec.cases.map((c, i): TestVerdict => {
    const r = run.records[i];
    const base = { index: i, ...(r?.ms !== undefined ? { wall_ms: r.ms } : {}) };
    if (run.loadError) return { ...base, passed: false, status: 'runtime_error', message: run.loadError };
    if (!r) {
      const status = v.status === 'ok' ? 'runtime_error' : v.status;
      return { ...base, passed: false, status, message: status === 'runtime_error' ? 'the program ended before this case ran' : `${status}: ${v.message ?? ''}`.trim() };
    }
    if (r.status === 'timeout') return { ...base, passed: false, status: 'time_limit', message: 'timed out' };
    if (r.status === 'error') return { ...base, passed: false, status: r.exc === 'MemoryError' ? 'memory_limit' : 'runtime_error', message: r.error };
    const ok = functionMatch(r.value, c.expected, spec, appsWrapped);
    return ok ? { ...base, passed: true, status: 'ok' }
      : { ...base, passed: false, status: 'wrong_answer', message: 'wrong return value', expected: show(c.expected), actual: show(decodeValue(r.value)) };
  });
  let shown = tests;
  if (opts?.runAll === false) {
    const k = tests.findIndex((t) => !t.passed);
    if (k >= 0) shown = tests.slice(0, k + 1);
  }
  const j = assemble(solution, shown, spec.cases.length,
    run.loadError ? `failed: ${run.loadError}` : undefined);
  j.cpu_ms = v.cpu_ms;
  j.wall_ms = v.wall_ms;
  if (shown[0]) {
    shown[0].stdout = cap(run.stdout);
    shown[0].stderr = cap(v.stderr);
  }
  return j;
}
