// Grading, with swebench 5.x's semantics (swebench/harness/grading.py, ported rule for rule; the
// fidelity test checks it against the package on the same logs): a log → status map (markers,
// sliced region, fallback to the whole log, "suite ran" evidence, the non-zero-exit-but-no-failure
// rule) → F2P/P2P report → FULL / PARTIAL / NO.
import {
  APPLY_PATCH_FAIL, END_TEST_OUTPUT, type EvalType, FAIL_TO_FAIL, FAIL_TO_PASS, PASS_TO_FAIL, PASS_TO_PASS,
  RESET_FAILED, ResolvedStatus, type ResolvedStatusValue, START_TEST_OUTPUT, type StatusMap, TEST_EXIT_CODE,
  TESTS_ERROR, TESTS_TIMEOUT, TestStatus,
} from './constants.js';
import type { LogParser } from './parsers/index.js';

/** Evidence that a runner executed, for an empty status map (swebench's SUITE_RAN, re.M) */
const SUITE_RAN = new RegExp(
  [
    'Executed [1-9]\\d* of \\d+', 'TOTAL: [1-9]\\d* (?:SUCCESS|FAILED)', '[1-9]\\d* passing', 'Tests:\\s+[1-9]\\d*',
    'Test Suites:\\s+(?:\\d+ \\w+, )*[1-9]\\d* total', '(?<=^|\\n)# tests [1-9]\\d*', '[1-9]\\d* specs?, \\d+ failures?',
    "': ok(?=\\n|$)",
  ].join('|'),
);
const EXIT_CODE_RE = new RegExp(`${TEST_EXIT_CODE.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\s*(-?\\d+)`);

export function parseTestExitCode(content: string): number | null {
  const m = EXIT_CODE_RE.exec(content);
  return m ? parseInt(m[1], 10) : null;
}

/** A status-map key for `c`, tolerating ids truncated inside a parametrization (swebench #290) */
function resolveCase(c: string, sm: StatusMap): string | null {
  if (Object.hasOwn(sm, c)) return c;
  if (count(c, '[') > count(c, ']')) {
    const matches = Object.keys(sm).filter((k) => k.startsWith(c));
    const passing = new Set(matches.map((k) => sm[k] === TestStatus.PASSED || sm[k] === TestStatus.XFAIL));
    if (matches.length && passing.size === 1) return matches[0];
  }
  return null;
}
const count = (s: string, ch: string) => s.split(ch).length - 1;

export function testPassed(c: string, sm: StatusMap): boolean {
  const k = resolveCase(c, sm);
  return k !== null && (sm[k] === TestStatus.PASSED || sm[k] === TestStatus.XFAIL);
}
/** P2P: a skipped test is not a regression */
export function testMaintained(c: string, sm: StatusMap): boolean {
  const k = resolveCase(c, sm);
  return testPassed(c, sm) || (k !== null && sm[k] === TestStatus.SKIPPED);
}
/** missing = failed; a skipped F2P test is a failure */
export function testFailed(c: string, sm: StatusMap): boolean {
  const k = resolveCase(c, sm);
  return k === null || sm[k] === TestStatus.FAILED || sm[k] === TestStatus.ERROR || sm[k] === TestStatus.SKIPPED;
}

/** swebench's get_logs_eval on a log's content: [status map, found (the patch applied and the log
 * describes a run)]. */
export function getLogsEval(content: string, parser: LogParser): [StatusMap, boolean] {
  if ([APPLY_PATCH_FAIL, RESET_FAILED, TESTS_ERROR, TESTS_TIMEOUT].some((c) => content.includes(c))) return [{}, false];
  if (!(content.includes(START_TEST_OUTPUT) && content.includes(END_TEST_OUTPUT))) return [{}, false];
  const sliced = content.split(START_TEST_OUTPUT)[1].split(END_TEST_OUTPUT)[0];
  let sm = parser(sliced);
  if (!Object.keys(sm).length) sm = parser(content);
  if (!Object.keys(sm).length && !SUITE_RAN.test(content)) return [{}, false];
  // a log reporting no failure from a test command that exited non-zero is not the run's log
  const exit = parseTestExitCode(content);
  if (exit !== null && exit !== 0 && Object.keys(sm).length
    && !Object.values(sm).some((s) => s === TestStatus.FAILED || s === TestStatus.ERROR)) {
    return [{}, false];
  }
  return [sm, true];
}

export interface Outcome { success: string[]; failure: string[] }
export interface TestsStatus {
  FAIL_TO_PASS: Outcome;
  PASS_TO_PASS: Outcome;
  FAIL_TO_FAIL: Outcome;
  PASS_TO_FAIL: Outcome;
}
export interface GoldResults { FAIL_TO_PASS: string[]; PASS_TO_PASS: string[]; FAIL_TO_FAIL?: string[]; PASS_TO_FAIL?: string[] }

export function getEvalTestsReport(sm: StatusMap, gold: GoldResults, calculateToFail = false,
  evalType: EvalType = 'pass_and_fail'): TestsStatus {
  const passAndFail = (c: string, s: string[], f: string[]) => {
    if (testPassed(c, sm)) s.push(c);
    else if (testFailed(c, sm)) f.push(c);
  };
  const maintained = (c: string, s: string[], f: string[]) => {
    if (testMaintained(c, sm)) s.push(c);
    else if (testFailed(c, sm)) f.push(c);
  };
  const failOnly = (c: string, s: string[], f: string[]) => {
    if (Object.hasOwn(sm, c) && sm[c] === TestStatus.FAILED) f.push(c);
    else s.push(c);
  };
  const check = evalType === 'pass_and_fail' ? passAndFail : failOnly;
  const checkP2p = evalType === 'pass_and_fail' ? maintained : failOnly;
  const out: TestsStatus = {
    FAIL_TO_PASS: { success: [], failure: [] }, PASS_TO_PASS: { success: [], failure: [] },
    FAIL_TO_FAIL: { success: [], failure: [] }, PASS_TO_FAIL: { success: [], failure: [] },
  };
  for (const c of gold[FAIL_TO_PASS]) check(c, out.FAIL_TO_PASS.success, out.FAIL_TO_PASS.failure);
  for (const c of gold[PASS_TO_PASS]) checkP2p(c, out.PASS_TO_PASS.success, out.PASS_TO_PASS.failure);
  if (calculateToFail) {
    for (const c of gold[FAIL_TO_FAIL] ?? []) check(c, out.FAIL_TO_FAIL.success, out.FAIL_TO_FAIL.failure);
    for (const c of gold[PASS_TO_FAIL] ?? []) check(c, out.PASS_TO_FAIL.success, out.PASS_TO_FAIL.failure);
  }
  return out;
}

export function computeFailToPass(r: TestsStatus): number {
  const total = r.FAIL_TO_PASS.success.length + r.FAIL_TO_PASS.failure.length;
  return total === 0 ? 1 : r.FAIL_TO_PASS.success.length / total;
}
export function computePassToPass(r: TestsStatus): number {
  const total = r.PASS_TO_PASS.success.length + r.PASS_TO_PASS.failure.length;
  return total === 0 ? 1 : r.PASS_TO_PASS.success.length / total;
}

export function getResolutionStatus(r: TestsStatus): ResolvedStatusValue {
  const f2p = computeFailToPass(r);
  const p2p = computePassToPass(r);
  if (f2p === 1 && p2p === 1) return ResolvedStatus.FULL;
  if (f2p < 1 && f2p > 0 && p2p === 1) return ResolvedStatus.PARTIAL;
  return ResolvedStatus.NO;
}

/** swebench's infra_failure.classify_text: an advisory reason for a run with no parseable output */
const INFRA: [string, 'environment' | 'ambiguous', RegExp][] = [
  ['browser_launch_failed', 'environment', /Failed to launch|Failed to connect to the bus/],
  ['display_unavailable', 'environment', /cannot open display|Missing X server|unable to open X display/],
  ['out_of_memory', 'environment', /Cannot allocate memory|OutOfMemoryError|(?<=^|\n)Killed(?=\n|$)/],
  ['container_unavailable', 'environment', /Error response from daemon|Cannot connect to the Docker daemon/],
  ['network_unreachable', 'environment', /Could not resolve host|Temporary failure in name resolution/],
  ['missing_module', 'ambiguous', /Cannot find module|MODULE_NOT_FOUND|ModuleNotFoundError/],
  ['no_tests_collected', 'ambiguous', /no tests ran|collected 0 items/],
  ['tests_timed_out', 'ambiguous', /Timeout error: \d+ seconds exceeded/],
];
export function classifyText(text: string): [string, 'environment' | 'ambiguous'] | null {
  if (!text) return null;
  for (const [reason, tier, re] of INFRA) if (re.test(text)) return [reason, tier];
  return null;
}

export interface InstanceReport {
  patch_is_None: boolean;
  patch_exists: boolean;
  patch_successfully_applied: boolean;
  resolved: boolean;
  infra_failure: boolean;
  infra_failure_reason?: string;
  tests_status?: TestsStatus;
}

/** swebench's get_eval_report: the body of report.json (keyed by instance id there) */
export function getEvalReport(args: {
  modelPatch: string | null; log: string; parser: LogParser; gold: GoldResults; evalType?: EvalType;
  includeTestsStatus?: boolean;
}): InstanceReport {
  const r: InstanceReport = { patch_is_None: false, patch_exists: false, patch_successfully_applied: false,
    resolved: false, infra_failure: false };
  if (args.modelPatch === null) {
    r.patch_is_None = true;
    return r;
  }
  r.patch_exists = true;
  const [sm, found] = getLogsEval(args.log, args.parser);
  if (!found) {
    const c = classifyText(args.log);
    if (c) {
      r.infra_failure = c[1] === 'environment';
      r.infra_failure_reason = c[0];
    }
    return r;
  }
  r.patch_successfully_applied = true;
  const report = getEvalTestsReport(sm, args.gold, false, args.evalType ?? 'pass_and_fail');
  if (getResolutionStatus(report) === ResolvedStatus.FULL) r.resolved = true;
  if (args.includeTestsStatus ?? true) r.tests_status = report;
  return r;
}
