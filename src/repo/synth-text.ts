// The problem statement of a synthesised instance, from a template over the failing tests' names
// and pytest's one-line failure messages (`FAILED <id> - <message>` of its -rA summary). It names
// the symptom, never the mutated function or file (that would hand over the localisation).

const MAX_TESTS = 5;

// object addresses differ from run to run: the statement must not
const clean = (s: string) => s.replace(/ at 0x[0-9a-fA-F]+/g, '').replace(/\s+/g, ' ').trim().slice(0, 300);

/** The first `E` line of each failure section of pytest's report (`____ test_name ____`), by the
 * section's name (`test_x`, `TestC.test_x`, `test_x[param]`); the short-summary line is cut to the
 * terminal's width, these are not */
export function failureMessages(raw: string): Map<string, string> {
  const out = new Map<string, string>();
  let section: string | null = null;
  for (const line of raw.split('\n')) {
    const h = /^_{3,} (\S.*?) _{3,}$/.exec(line);
    if (h) {
      section = h[1];
      continue;
    }
    if (section && line.startsWith('E ') && !out.has(section)) out.set(section, clean(line.slice(1)));
  }
  return out;
}

/** pytest's section name for a test id: path::Class::test[param] → Class.test[param] */
const sectionName = (id: string) => id.split('::').slice(1).join('.');

/** Go: the first `file_test.go:N: message` line after each `=== RUN   TestX` of go test -v's text */
export function goFailureMessages(raw: string): Map<string, string> {
  const out = new Map<string, string>();
  let test: string | null = null;
  for (const line of raw.split('\n')) {
    const run = /^=== (?:RUN|CONT)\s+(\S+)/.exec(line);
    if (run) {
      test = run[1];
      continue;
    }
    const m = /^\s+\S+_test\.go:\d+: (.*)$/.exec(line);
    if (test && m && !out.has(test)) out.set(test, clean(m[1]));
  }
  return out;
}

export function problemStatement(repo: string, failing: string[], raw: string, language: 'python' | 'go' | 'rust' = 'python'): string {
  const go = language === 'go';
  const msgs = go ? goFailureMessages(raw) : failureMessages(raw);
  const shown = failing.slice(0, MAX_TESTS);
  const lines = [
    `Regression in ${repo}: ${failing.length} test${failing.length === 1 ? '' : 's'} that used to pass now fail${failing.length === 1 ? 's' : ''}.`,
    '',
    'Failing tests:',
    ...shown.map((t) => {
      const m = msgs.get(go ? t : sectionName(t));
      if (go) return `- \`${t}\`${m ? `: ${m}` : ''}`;
      const name = t.split('::').slice(1).join('::') || t;
      return `- \`${name}\` (${t.split('::')[0]})${m ? `: ${m}` : ''}`;
    }),
  ];
  if (failing.length > shown.length) lines.push(`- ... and ${failing.length - shown.length} more`);
  lines.push('', 'The library code, not the tests, is wrong: fix it so that these tests pass again without breaking the others.');
  return lines.join('\n') + '\n';
}
