// cargo test logs: swebench 5.x's parse_log_cargo (log_parsers/rust.py): `test name ... ok|FAILED`.
// (An `ignored` test is not recorded, as there: it is missing, hence failed if it was expected.)
import { TestStatus, type StatusMap } from '../constants.js';
import { pyStrip } from './python.js';

export function parseLogCargo(log: string): StatusMap {
  const m: StatusMap = {};
  for (const line of log.split('\n')) {
    // \w in Python 3 str patterns is Unicode-aware, \S likewise; `u` flag to match
    const hit = /^test\s+(\S+)\s+\.\.\.\s+([\p{L}\p{N}_]+)$/u.exec(pyStrip(line));
    if (!hit) continue;
    if (hit[2] === 'ok') m[hit[1]] = TestStatus.PASSED;
    else if (hit[2] === 'FAILED') m[hit[1]] = TestStatus.FAILED;
  }
  return m;
}
