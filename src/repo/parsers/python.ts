// Python log parsers, ported from swebench 5.x swebench/harness/log_parsers/python.py (same rules,
// same quirks: the fidelity test compares them with the package on the same logs). Each maps a
// test log to {test id → TestStatus}.
import { TEST_STATUSES, TestStatus, type StatusMap } from '../constants.js';

const SKIP_SUMMARY_COUNT = /^\[\d+\]$/;
/** pytest's `SKIPPED [N] path:line: reason` summary line, where [N] is not a test */
const isSkipSummary = (status: string, name: string) =>
  status === TestStatus.SKIPPED && SKIP_SUMMARY_COUNT.test(name);

const WS = '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const SPLIT = new RegExp(`[${WS}]+`);
const STRIP = new RegExp(`^[${WS}]+|[${WS}]+$`, 'g');
/** Python's str.split() with no argument: split on runs of (Python's) whitespace, no empty fields */
export const pySplit = (s: string): string[] => s.split(SPLIT).filter((x) => x !== '');
const startsWithStatus = (line: string) => TEST_STATUSES.some((s) => line.startsWith(s));
const endsWithStatus = (line: string) => TEST_STATUSES.some((s) => line.endsWith(s));
/** Python's str.strip() (whitespace incl. \v \f \x1c-\x1f) */
export const pyStrip = (s: string) => s.replace(STRIP, '');

/** pytest -rA's `STATUS test_id` lines (FAILED lines drop the ` - message` separator), each test id
 * named by `name` */
function pytestStatuses(log: string, name: (id: string) => string): StatusMap {
  const m: StatusMap = {};
  for (let line of log.split('\n')) {
    if (!startsWithStatus(line)) continue;
    if (line.startsWith(TestStatus.FAILED)) line = line.replaceAll(' - ', ' ');
    const t = pySplit(line);
    if (t.length <= 1) continue;
    if (isSkipSummary(t[0], t[1])) continue;
    m[name(t[1])] = t[0];
  }
  return m;
}

/** pytest -rA: `STATUS test_id` lines */
export const parseLogPytest = (log: string): StatusMap => pytestStatuses(log, (id) => id);

/** pytest with parametrize options whose values are paths: keep the last path component */
export function parseLogPytestOptions(log: string): StatusMap {
  // Python's re.search: . does not match \n; a test id has no whitespace anyway
  const option = /([^\n]*?)\[([^\n]*)\]/;
  return pytestStatuses(log, (id) => {
    const hit = option.exec(id);
    if (!hit) return id;
    let [, main, opt] = hit;
    if (opt.startsWith('/') && !opt.startsWith('//') && !opt.includes('*')) opt = '/' + opt.split('/').at(-1);
    return `${main}[${opt}]`;
  });
}

/** Django's runner (unittest verbosity 2): `test (module.Class) ... ok|skipped|FAIL|ERROR` */
export function parseLogDjango(log: string): StatusMap {
  const m: StatusMap = {};
  let prev: string | null = null;
  for (let line of log.split('\n')) {
    line = pyStrip(line);
    if (line.includes('--version is equivalent to version')) m['--version is equivalent to version'] = TestStatus.PASSED;
    if (line.includes(' ... ')) prev = line.split(' ... ')[0];
    for (const suffix of [' ... ok', ' ... OK', ' ...  OK']) {
      if (line.endsWith(suffix)) {
        if (pyStrip(line).startsWith('Applying sites.0002_alter_domain_unique...test_no_migrations')) {
          line = pyStrip(line.split('...').slice(1).join('...'));
        }
        m[rsplitFirst(line, suffix)] = TestStatus.PASSED;
        break;
      }
    }
    if (line.includes(' ... skipped')) m[line.split(' ... skipped')[0]] = TestStatus.SKIPPED;
    if (line.endsWith(' ... FAIL')) m[line.split(' ... FAIL')[0]] = TestStatus.FAILED;
    if (line.startsWith('FAIL:')) m[pyStrip(pySplit(line)[1] ?? '')] = TestStatus.FAILED;
    if (line.endsWith(' ... ERROR')) m[line.split(' ... ERROR')[0]] = TestStatus.ERROR;
    if (line.startsWith('ERROR:')) m[pyStrip(pySplit(line)[1] ?? '')] = TestStatus.ERROR;
    if (line.replace(/^\s+/, '').startsWith('ok') && prev !== null) m[prev] = TestStatus.PASSED;
  }
  // the Django logger's interleaved multi-line prints (swebench's three patterns, re.MULTILINE)
  const patterns = [
    // (Python's ^/$ under MULTILINE see only \n as a line end, and . matches \r: spelled out here)
    /(?<=^|\n)([^\n]*?)\s\.\.\.\sTesting against Django installed in ([\s\S]*?) silenced\)\.\nok(?=\n|$)/g,
    /(?<=^|\n)([^\n]*?)\s\.\.\.\sInternal Server Error: \/([^\n]*)\/\nok(?=\n|$)/g,
    /(?<=^|\n)([^\n]*?)\s\.\.\.\sSystem check identified no issues \(0 silenced\)\nok(?=\n|$)/g,
  ];
  for (const p of patterns) for (const hit of log.matchAll(p)) m[hit[1]] = TestStatus.PASSED;
  return m;
}

/** Python's s.rsplit(sep, 1)[0] */
function rsplitFirst(s: string, sep: string): string {
  const i = s.lastIndexOf(sep);
  return i < 0 ? s : s.slice(0, i);
}

/** pytest in later versions: ANSI colour codes and control characters stripped, ids with spaces */
export function parseLogPytestV2(log: string): StatusMap {
  const m: StatusMap = {};
  for (let line of log.split('\n')) {
    line = line.replace(/\[(\d+)m/g, '').replace(/[\x01-\x1f]/g, '');
    if (startsWithStatus(line)) {
      if (line.startsWith(TestStatus.FAILED)) line = line.split(' - ')[0];
      const t = pySplit(line);
      if (t.length >= 2 && !isSkipSummary(t[0], t[1])) m[t.slice(1).join(' ')] = t[0];
    } else if (endsWithStatus(line)) {
      const t = pySplit(line);
      if (t.length >= 2) m[t.slice(0, -1).join(' ')] = t.at(-1)!;
    }
  }
  return m;
}

export function parseLogSeaborn(log: string): StatusMap {
  const m: StatusMap = {};
  for (const line of log.split('\n')) {
    const parts = pySplit(line);
    if (parts.length < 2) continue;
    if (line.startsWith(TestStatus.FAILED)) m[parts[1]] = TestStatus.FAILED;
    else if (line.includes(` ${TestStatus.PASSED} `)) {
      if (parts[1] === TestStatus.PASSED) m[parts[0]] = TestStatus.PASSED;
    } else if (line.startsWith(TestStatus.PASSED)) m[parts[1]] = TestStatus.PASSED;
  }
  return m;
}

/** SymPy's bin/test: `test_name ok|F|E` lines and `___ path.py:test ___` failure headers */
export function parseLogSympy(log: string): StatusMap {
  const m: StatusMap = {};
  // swebench's r"(_*) (.*)\.py:(.*) (_*)" with re.findall: . stops at newlines
  for (const hit of log.matchAll(/(_*) ([^\n]*)\.py:([^\n]*) (_*)/g)) m[`${hit[2]}.py:${hit[3]}`] = TestStatus.FAILED;
  for (let line of log.split('\n')) {
    line = pyStrip(line);
    if (!line.startsWith('test_')) continue;
    if (line.endsWith(' E')) m[pySplit(line)[0]] = TestStatus.ERROR;
    if (line.endsWith(' F')) m[pySplit(line)[0]] = TestStatus.FAILED;
    if (line.endsWith(' ok')) m[pySplit(line)[0]] = TestStatus.PASSED;
  }
  return m;
}

export function parseLogMatplotlib(log: string): StatusMap {
  // swebench replaces these per line; neither spans a line, so replacing over the log is the same
  return parseLogPytest(log.replaceAll('MouseButton.LEFT', '1').replaceAll('MouseButton.RIGHT', '3'));
}
