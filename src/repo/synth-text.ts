// The problem statement of a synthesised instance, from a template over the failing tests' names
// and pytest's one-line failure messages (`FAILED <id> - <message>` of its -rA summary). It names
// the symptom, never the mutated function or file (that would hand over the localisation).

const MAX_TESTS = 5;

/** pytest's short-summary messages by test id, from a run's output */
export function failureMessages(raw: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of raw.split('\n')) {
    const m = /^(?:FAILED|ERROR) (\S+) - (.*)$/.exec(line.trim());
    if (m && !out.has(m[1])) out.set(m[1], m[2].slice(0, 300));
  }
  return out;
}

export function problemStatement(repo: string, failing: string[], raw: string): string {
  const msgs = failureMessages(raw);
  const shown = failing.slice(0, MAX_TESTS);
  const lines = [
    `Regression in ${repo}: ${failing.length} test${failing.length === 1 ? '' : 's'} that used to pass now fail${failing.length === 1 ? 's' : ''}.`,
    '',
    'Failing tests:',
    ...shown.map((t) => {
      const name = t.split('::').slice(1).join('::') || t;
      const m = msgs.get(t);
      return `- \`${name}\` (${t.split('::')[0]})${m ? `: ${m}` : ''}`;
    }),
  ];
  if (failing.length > shown.length) lines.push(`- ... and ${failing.length - shown.length} more`);
  lines.push('', 'The library code, not the tests, is wrong: fix it so that these tests pass again without breaking the others.');
  return lines.join('\n') + '\n';
}
