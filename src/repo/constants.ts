// swebench's vocabulary (swebench/harness/constants/__init__.py, swebench 5.x): test statuses,
// resolution statuses, the eval log's markers and the report's keys. rlcf writes and reads the
// same strings so that its logs and reports are interchangeable with the official harness's.

export const TestStatus = {
  FAILED: 'FAILED',
  PASSED: 'PASSED',
  SKIPPED: 'SKIPPED',
  ERROR: 'ERROR',
  XFAIL: 'XFAIL',
} as const;
export type TestStatusValue = (typeof TestStatus)[keyof typeof TestStatus];
/** in the order of swebench's Enum (parsers test `line.startswith(x.value) for x in TestStatus`) */
export const TEST_STATUSES: TestStatusValue[] = ['FAILED', 'PASSED', 'SKIPPED', 'ERROR', 'XFAIL'];

export const ResolvedStatus = {
  NO: 'RESOLVED_NO',
  PARTIAL: 'RESOLVED_PARTIAL',
  FULL: 'RESOLVED_FULL',
} as const;
export type ResolvedStatusValue = (typeof ResolvedStatus)[keyof typeof ResolvedStatus];

export type EvalType = 'pass_and_fail' | 'fail_only';

export const FAIL_TO_PASS = 'FAIL_TO_PASS';
export const FAIL_TO_FAIL = 'FAIL_TO_FAIL';
export const PASS_TO_PASS = 'PASS_TO_PASS';
export const PASS_TO_FAIL = 'PASS_TO_FAIL';

export const LOG_REPORT = 'report.json';
export const LOG_INSTANCE = 'run_instance.log';
export const LOG_TEST_OUTPUT = 'test_output.txt';

export const APPLY_PATCH_FAIL = '>>>>> Patch Apply Failed';
export const APPLY_PATCH_PASS = '>>>>> Applied Patch';
export const RESET_FAILED = '>>>>> Reset Failed';
export const TESTS_ERROR = '>>>>> Tests Errored';
export const TESTS_TIMEOUT = '>>>>> Tests Timed Out';
export const START_TEST_OUTPUT = '>>>>> Start Test Output';
export const END_TEST_OUTPUT = '>>>>> End Test Output';
export const TEST_EXIT_CODE = '>>>>> Test Exit Code';

export type StatusMap = Record<string, string>;
