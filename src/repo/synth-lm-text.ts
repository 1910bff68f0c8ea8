// What the model is told when it writes a synthesised instance's problem statement (synth-lm.ts):
// the failing tests' ids, their one-line failure messages and their source, as R2E-Gym's
// back-translation; never the bug's diff, file or function.
import { lstatSync, readFileSync, realpathSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { failureMessages, goFailureMessages } from './synth-text.js';

const MAX_TESTS = 5;
const MAX_LINES = 60;

/** The source of a pytest test `path::[Class::]name[param]` in the snapshot, or null: a path out of
 * the tree or through a symlink (test ids come from the repository's run) is not read */
export function testSource(snapDir: string, id: string, maxLines = MAX_LINES): string | null {
  const [file, ...rest] = id.split('::');
  if (!file || !rest.length || !file.endsWith('.py')) return null;
  let text: string;
  try {
    const root = realpathSync(snapDir);
    const p = join(root, file);
    const rel = relative(root, p);
    if (rel.startsWith('..') || rel.split(sep).includes('..')) return null;
    if (lstatSync(p).isSymbolicLink() || realpathSync(p) !== p) return null;
    text = readFileSync(p, 'utf8');
  } catch {
    return null;
  }
  const lines = text.split('\n');
  const name = rest.at(-1)!.replace(/\[.*$/, '');
  const cls = rest.length > 1 ? rest[0] : null;
  let from = 0;
  if (cls) {
    from = lines.findIndex((l) => new RegExp(`^\\s*class\\s+${cls.replace(/\W/g, '')}\\b`).test(l));
    if (from < 0) return null;
  }
  const start = lines.findIndex((l, i) => i >= from && new RegExp(`^(\\s*)(async\\s+)?def\\s+${name.replace(/\W/g, '')}\\s*\\(`).test(l));
  if (start < 0) return null;
  const indent = /^\s*/.exec(lines[start])![0].length;
  // decorators above the def belong to it (parametrize: the inputs)
  let top = start;
  while (top > 0 && /^\s*@/.test(lines[top - 1]) && /^\s*/.exec(lines[top - 1])![0].length === indent) top--;
  let end = start + 1;
  while (end < lines.length && (!lines[end].trim() || /^\s*/.exec(lines[end])![0].length > indent)) end++;
  const body = lines.slice(top, end);
  while (body.length && !body.at(-1)!.trim()) body.pop();
  return (body.length > maxLines ? [...body.slice(0, maxLines), `${' '.repeat(indent)}# ... (${body.length - maxLines} more lines)`] : body).join('\n');
}

export function statementContext(repo: string, failing: string[], raw: string, snapDir: string, language: string): string {
  const go = language === 'go';
  const msgs = go ? goFailureMessages(raw) : failureMessages(raw);
  const parts = [`After a recent change to ${repo}, these tests fail (they passed before):`, ''];
  for (const t of failing.slice(0, MAX_TESTS)) {
    const m = msgs.get(go ? t : t.split('::').slice(1).join('.'));
    parts.push(`Test \`${t}\`${m ? `\nFailure: ${m}` : ''}`);
    const src = go ? null : testSource(snapDir, t);
    if (src) parts.push('```python', src, '```');
    parts.push('');
  }
  if (failing.length > MAX_TESTS) parts.push(`(and ${failing.length - MAX_TESTS} more failing tests)`, '');
  parts.push('Write the GitHub issue a user of the library would file about this bug: what they did (a short code example), ' +
    'what they expected and what happened instead. Describe the behaviour only: do not guess at the cause, do not propose a fix, ' +
    'do not mention these tests. Reply with the issue text only.');
  return parts.join('\n') + '\n';
}
