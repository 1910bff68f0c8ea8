// rlcf's SWE-bench grading against the official package's, on the same logs: per-test statuses,
// found/not found, the tests report, the resolution status and report.json's body must be equal.
// The package lives in its own venv (scripts/setup-test-extras.sh installs swebench==5.0.2 and its client deps).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EvalType } from '../src/repo/constants.js';
import { getEvalReport, getEvalTestsReport, getLogsEval, getResolutionStatus } from '../src/repo/grading.js';
import { getParser } from '../src/repo/parsers/index.js';

const dir = join(import.meta.dirname, 'fixtures/swe/fidelity');
const casesFile = join(dir, 'cases.json');
const venv = process.env.RLCF_SWEBENCH_VENV || join(homedir(), '.cache/rlcf/swebench-venv');
const py = join(venv, 'bin/python');

interface Case { name: string; log_parser: string; log: string; FAIL_TO_PASS: string[]; PASS_TO_PASS: string[];
  eval_type: EvalType; model_patch: string | null }

function ours(c: Case) {
  const parser = getParser(c.log_parser);
  const [sm, found] = getLogsEval(c.log, parser);
  const gold = { FAIL_TO_PASS: c.FAIL_TO_PASS, PASS_TO_PASS: c.PASS_TO_PASS };
  const rep = getEvalTestsReport(sm, gold, false, c.eval_type);
  return { name: c.name, status_map: sm, found, tests_report: rep, resolution: getResolutionStatus(rep),
    report: getEvalReport({ modelPatch: c.model_patch, log: c.log, parser, gold, evalType: c.eval_type }) };
}

const cases = JSON.parse(readFileSync(casesFile, 'utf8')) as Case[];
let skip = '';
if (!existsSync(py)) skip = `no swebench venv at ${venv}: run scripts/setup-test-extras.sh (pip installs swebench==5.0.2 there)`;
else {
  try {
    execFileSync(py, ['-c', 'import swebench.harness.grading'], { stdio: 'pipe' });
  } catch {
    skip = `swebench does not import in ${venv}: run scripts/setup-test-extras.sh`;
  }
}
if (skip) console.warn(`repo-fidelity: skipped: ${skip}`);

describe.skipIf(!!skip)('SWE-bench grading fidelity (swebench 5.x package vs rlcf)', () => {
  it('equal statuses, reports and resolution on every fixture log', () => {
    const theirs = JSON.parse(execFileSync(py, [join(dir, 'swebench_eval.py'), casesFile], { encoding: 'utf8',
      maxBuffer: 64 << 20 })) as ReturnType<typeof ours>[];
    expect(theirs.length).toBe(cases.length);
    for (const [i, c] of cases.entries()) expect(ours(c), c.name).toEqual(theirs[i]);
    // the fixtures exercise every outcome
    const res = new Set(theirs.map((t) => t.resolution));
    expect([...res].sort()).toEqual(['RESOLVED_FULL', 'RESOLVED_NO', 'RESOLVED_PARTIAL']);
    expect(theirs.some((t) => !t.found)).toBe(true);
  }, 60_000);
});
