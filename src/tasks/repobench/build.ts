// Next-line tasks in RepoBench's three settings, built from a local Python repository (a git
// checkout or any directory):
//   cross_file_first  — the next line holds the file's first use of a name imported from another
//                       file of the repository
//   cross_file_random — the next line uses such a name, not for the first time
//   in_file           — the next line uses no cross-file name but a name defined earlier in the file
// The context is the definitions of the file's cross-file imports (their source, headed by their
// paths); gold_snippet_index points at the definition the next line uses. Imports are read from the
// source text (top-level `from x import a, b` / relative imports), definitions are top-level
// `def`/`class`/assignments: a static reading, enough for RepoBench's purpose, not a Python parser.
// (Java: build-java.ts, Go: build-go.ts; the setting rule all three share is common.ts classifyLines.)
import { basename, posix } from 'node:path';
import { type BuildOptions, type BuiltRow, MAX_SNIPPET_LINES, classifyLines, listSourceFiles, pickRows, repoReader } from './common.js';
import type { ContextSnippet } from './prompt.js';

export type { BuildOptions, BuiltRow } from './common.js';

export const listPythonFiles = (dir: string) => listSourceFiles(dir, '.py');

interface ImportStmt {
  start: number;
  end: number;
  text: string;
  /** from-import: module (with leading dots) and (name, alias) pairs */
  from?: { module: string; names: [string, string][] };
}

/** Top-level import statements (column 0), parenthesised and backslash continuations included. */
export function parseImports(lines: string[]): ImportStmt[] {
  const out: ImportStmt[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^(import|from)\s/.test(lines[i])) continue;
    let end = i;
    let text = lines[i];
    const open = () => (text.match(/\(/g)?.length ?? 0) > (text.match(/\)/g)?.length ?? 0);
    while (end + 1 < lines.length && (open() || /\\\s*$/.test(lines[end]))) text += `\n${lines[++end]}`;
    const m = /^from\s+(\.*[\w.]*)\s+import\s+([\s\S]*)$/.exec(text.replace(/#[^\n]*/g, ''));
    const stmt: ImportStmt = { start: i, end, text };
    if (m) {
      const names = m[2].replace(/[()\\]/g, ' ').split(',').map((s) => s.trim()).filter(Boolean)
        .map((s) => s.split(/\s+as\s+/)).filter((p) => /^\w+$/.test(p[0]) && (!p[1] || /^\w+$/.test(p[1])))
        .map((p): [string, string] => [p[0], p[1] ?? p[0]]);
      stmt.from = { module: m[1], names };
    }
    out.push(stmt);
    i = end;
  }
  return out;
}

/** Module names → file paths (full dotted path, and with leading directories dropped: src/ layouts). */
function moduleIndex(files: string[]): Map<string, string> {
  const full = new Map<string, string>();
  const suffix = new Map<string, string | null>();
  for (const f of files) {
    const parts = f.replace(/\.py$/, '').split('/');
    if (parts[parts.length - 1] === '__init__') parts.pop();
    if (!parts.length) continue;
    full.set(parts.join('.'), f);
    for (let k = 1; k < parts.length; k++) {
      const name = parts.slice(k).join('.');
      suffix.set(name, suffix.has(name) && suffix.get(name) !== f ? null : f); // ambiguous → null
    }
  }
  for (const [name, f] of suffix) if (f && !full.has(name)) full.set(name, f);
  return full;
}

function resolveModule(mod: string, fromFile: string, index: Map<string, string>, files: Set<string>): string | undefined {
  const dots = /^\.*/.exec(mod)![0].length;
  if (!dots) {
    // a checkout rooted inside its package (or under src/): drop leading package names until known
    const parts = mod.split('.');
    for (let k = 0; k < parts.length; k++) {
      const f = index.get(parts.slice(k).join('.'));
      if (f) return f;
    }
    return undefined;
  }
  let base = posix.dirname(fromFile);
  for (let k = 1; k < dots; k++) base = posix.dirname(base);
  const rest = mod.slice(dots).replace(/\./g, '/');
  const stem = rest ? (base === '.' ? rest : `${base}/${rest}`) : base;
  for (const cand of [`${stem}.py`, `${stem}/__init__.py`]) if (files.has(cand.replace(/^\.\//, ''))) return cand.replace(/^\.\//, '');
  return undefined;
}

/** The top-level definition of `name` in a module's lines: decorators, header and indented body. */
export function definitionOf(lines: string[], name: string): string | undefined {
  const re = new RegExp(`^(?:(?:async\\s+)?def\\s+${name}\\s*\\(|class\\s+${name}\\b|${name}\\s*(?::[^=]*)?=[^=])`);
  const at = lines.findIndex((l) => re.test(l));
  if (at < 0) return undefined;
  let start = at;
  while (start > 0 && lines[start - 1].startsWith('@')) start--;
  let end = at;
  while (end + 1 < lines.length && (lines[end + 1].trim() === '' || /^[\s)\]}]/.test(lines[end + 1]))) end++;
  while (end > at && lines[end].trim() === '') end--;
  return lines.slice(start, Math.min(end + 1, start + MAX_SNIPPET_LINES)).join('\n');
}

/** Which lines are code: not blank, not a comment, not inside a triple-quoted string, not a
 * docstring line. Triple quotes toggle the string state wherever they occur (`usage = """` opens one). */
export function codeLines(lines: string[]): boolean[] {
  let inStr: string | null = null;
  return lines.map((l) => {
    const startIn = inStr !== null;
    for (const m of l.matchAll(/"""|'''/g)) {
      if (inStr === null) inStr = m[0];
      else if (m[0] === inStr) inStr = null;
    }
    const s = l.trim();
    return !startIn && !/^[rRbBuUfF]{0,2}("""|''')/.test(s) && s !== '' && !s.startsWith('#') && /\w/.test(s);
  });
}

/** The line without string literals' contents and comments (names inside strings are not uses). */
const codeOnly = (line: string) => line.replace(/(["'])(?:\\.|(?!\1).)*\1/g, '""').replace(/#.*$/, '');

export function buildRepoBench(dir: string, o: BuildOptions = {}): BuiltRow[] {
  const { root, linesOf } = repoReader(dir);
  const files = listPythonFiles(root);
  if (!files.length) throw new Error(`repobench: no Python files under ${dir} (language=python builds tasks from .py files; language=java or go for those)`);
  const fileSet = new Set(files);
  const index = moduleIndex(files);
  const repo = o.repoName ?? basename(root);
  const rows: BuiltRow[] = [];
  for (const file of files) {
    const lines = linesOf(file);
    const imports = parseImports(lines);
    const importLines = new Set(imports.flatMap((s) => Array.from({ length: s.end - s.start + 1 }, (_, k) => s.start + k)));
    const context: ContextSnippet[] = [];
    for (const s of imports) {
      if (!s.from) continue;
      const target = resolveModule(s.from.module, file, index, fileSet);
      if (!target || target === file) continue;
      for (const [name, alias] of s.from.names) {
        if (context.some((c) => c.identifier === alias)) continue;
        const snippet = definitionOf(linesOf(target), name);
        if (snippet) context.push({ identifier: alias, path: target, snippet });
      }
    }
    if (!context.length) continue;
    const isCode = codeLines(lines);
    const defs: { name: string; line: number }[] = [];
    lines.forEach((l, i) => {
      const def = /^(?:(?:async\s+)?def|class)\s+(\w+)|^(\w+)\s*(?::[^=]*)?=[^=]/.exec(l);
      if (def && !importLines.has(i)) defs.push({ name: def[1] ?? def[2], line: i });
    });
    rows.push(...classifyLines({
      repo, file, lines, code: lines.map((l, i) => (isCode[i] ? codeOnly(l) : null)), importLines, context, defs,
      importStatement: imports.map((s) => s.text).join('\n'),
    }));
  }
  return pickRows(rows, o);
}
