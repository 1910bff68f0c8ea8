// The log parser registry: swebench's parser names (PARSER_REGISTRY in
// swebench/harness/log_parsers/__init__.py) for the families rlcf runs (Python, Go, Rust), the
// per-repository defaults of its MAP_REPO_TO_PARSER_*, and rlcf's own `go test -json` parser.
import type { StatusMap } from '../constants.js';
import { parseLogGotest, parseLogGotestJson } from './go.js';
import {
  parseLogDjango, parseLogMatplotlib, parseLogPytest, parseLogPytestOptions, parseLogPytestV2,
  parseLogSeaborn, parseLogSympy,
} from './python.js';
import { parseLogCargo } from './rust.js';

export type LogParser = (log: string) => StatusMap;

export const PARSERS: Record<string, LogParser> = {
  parse_log_pytest: parseLogPytest,
  parse_log_pytest_options: parseLogPytestOptions,
  parse_log_django: parseLogDjango,
  parse_log_pytest_v2: parseLogPytestV2,
  parse_log_seaborn: parseLogSeaborn,
  parse_log_sympy: parseLogSympy,
  parse_log_matplotlib: parseLogMatplotlib,
  parse_log_astroid: parseLogPytest,
  parse_log_flask: parseLogPytest,
  parse_log_marshmallow: parseLogPytest,
  parse_log_pvlib: parseLogPytest,
  parse_log_pyvista: parseLogPytest,
  parse_log_sqlfluff: parseLogPytest,
  parse_log_xarray: parseLogPytest,
  parse_log_pydicom: parseLogPytestOptions,
  parse_log_requests: parseLogPytestOptions,
  parse_log_pylint: parseLogPytestOptions,
  parse_log_astropy: parseLogPytestV2,
  parse_log_scikit: parseLogPytestV2,
  parse_log_sphinx: parseLogPytestV2,
  parse_log_gotest: parseLogGotest,
  parse_log_cargo: parseLogCargo,
  // rlcf's: not in swebench's registry
  parse_log_gotest_json: parseLogGotestJson,
};

const BY_REPO: Record<string, string> = {
  'astropy/astropy': 'parse_log_astropy',
  'django/django': 'parse_log_django',
  'marshmallow-code/marshmallow': 'parse_log_marshmallow',
  'matplotlib/matplotlib': 'parse_log_matplotlib',
  'mwaskom/seaborn': 'parse_log_seaborn',
  'pallets/flask': 'parse_log_flask',
  'psf/requests': 'parse_log_requests',
  'pvlib/pvlib-python': 'parse_log_pvlib',
  'pydata/xarray': 'parse_log_xarray',
  'pydicom/pydicom': 'parse_log_pydicom',
  'pylint-dev/astroid': 'parse_log_astroid',
  'pylint-dev/pylint': 'parse_log_pylint',
  'pytest-dev/pytest': 'parse_log_pytest',
  'pyvista/pyvista': 'parse_log_pyvista',
  'scikit-learn/scikit-learn': 'parse_log_scikit',
  'sqlfluff/sqlfluff': 'parse_log_sqlfluff',
  'sphinx-doc/sphinx': 'parse_log_sphinx',
  'sympy/sympy': 'parse_log_sympy',
};

/** The parser name for an instance: its own `log_parser` field, else the repository's swebench
 * default, else pytest (Python) / go test / cargo by the instance's language. */
export function parserFor(repo: string, explicit?: string, language: 'python' | 'go' | 'rust' = 'python'): string {
  if (explicit) {
    if (!PARSERS[explicit]) {
      throw new Error(`unknown log_parser ${JSON.stringify(explicit)}; known: ${Object.keys(PARSERS).join(', ')}`);
    }
    return explicit;
  }
  if (BY_REPO[repo]) return BY_REPO[repo];
  return language === 'go' ? 'parse_log_gotest' : language === 'rust' ? 'parse_log_cargo' : 'parse_log_pytest';
}

export function getParser(name: string): LogParser {
  const p = PARSERS[name];
  if (!p) throw new Error(`unknown log parser ${JSON.stringify(name)}`);
  return p;
}
