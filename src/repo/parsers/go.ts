// Go test logs. parseLogGotest is swebench 5.x's parse_log_gotest (log_parsers/go.py): the
// `--- PASS|FAIL|SKIP: Name (time)` lines of `go test -v`. parseLogGotestJson reads `go test -json`
// (test2json events), which rlcf's own Go runs use: test2json frames the test binary's result
// lines (-test.v=test2json), so a test that prints `--- PASS: TestX` does not create an event.
import { TestStatus, type StatusMap } from '../constants.js';
import { pyStrip } from './python.js';

export function parseLogGotest(log: string): StatusMap {
  const m: StatusMap = {};
  for (const line of log.split('\n')) {
    // Python's re.match anchors at the start; $ also matches before a trailing \n
    const hit = /^--- (PASS|FAIL|SKIP): ([^\n]+) \(([^\n]+)\)$/.exec(pyStrip(line));
    if (!hit) continue;
    const [, status, name] = hit;
    m[name] = status === 'PASS' ? TestStatus.PASSED : status === 'FAIL' ? TestStatus.FAILED : TestStatus.SKIPPED;
  }
  return m;
}

interface GoEvent { Action?: string; Test?: string; Package?: string; Output?: string }

/** `go test -json` events: the last pass/fail/skip action of each test. A package that failed to
 * build (a `fail` action without a test) marks nothing: its tests are missing, hence failed. */
export function parseLogGotestJson(log: string): StatusMap {
  const m: StatusMap = {};
  for (const line of log.split('\n')) {
    if (!line.startsWith('{')) continue;
    let ev: GoEvent;
    try {
      ev = JSON.parse(line) as GoEvent;
    } catch {
      continue;
    }
    if (!ev.Test || typeof ev.Test !== 'string') continue;
    if (ev.Action === 'pass') m[ev.Test] = TestStatus.PASSED;
    else if (ev.Action === 'fail') m[ev.Test] = TestStatus.FAILED;
    else if (ev.Action === 'skip') m[ev.Test] = TestStatus.SKIPPED;
  }
  return m;
}

/** The `go test -v` lines of a `go test -json` stream (its Output fields), so that test_output.txt
 * reads like swebench's logs and parseLogGotest gives the same map. */
export function gotestJsonToText(log: string): string {
  let out = '';
  for (const line of log.split('\n')) {
    if (!line.startsWith('{')) {
      if (line) out += line + '\n';
      continue;
    }
    try {
      const ev = JSON.parse(line) as GoEvent;
      if (typeof ev.Output === 'string') out += ev.Output;
    } catch {
      out += line + '\n';
    }
  }
  return out;
}
