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
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join, posix, resolve } from 'node:path';
import { Rng } from '../rng.js';
import { type ContextSnippet, type RepoBenchRow, SETTINGS, type Setting } from './prompt.js';

const SKIP_DIRS = new Set(['.git', 'node_modules', '__pycache__', '.venv', 'venv', 'env', 'build', 'dist', '.tox', '.mypy_cache', 'site-packages']);
const MAX_SNIPPET_LINES = 40;

export function listPythonFiles(dir: string): string[] {
  if (existsSync(join(dir, '.git'))) {
    try {
      // safe.directory: snapshots of `rlcf repo import` belong to the sandbox's user, not ours
      const out = execFileSync('git', ['-c', 'safe.directory=*', '-C', dir, 'ls-files', '-z', '--', '*.py'],
        { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'ignore'] });
      return out.split('\0').filter((p) => p.endsWith('.py')).sort();
    } catch { /* not a usable git checkout: walk it */ }
  }
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
      if (e.name.startsWith('.') && e.name !== '.') continue;
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory() && !SKIP_DIRS.has(e.name)) walk(p);
      else if (e.isFile() && e.name.endsWith('.py')) out.push(p);
    }
  };
  walk('');
  return out.sort();
}

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

/** A use of `name` (not an attribute `x.name`, not part of a longer identifier). */
const nameRe = (name: string) => new RegExp(`(?<![\\w.])${name}\\b`);
/** The line without string literals' contents and comments (names inside strings are not uses). */
const codeOnly = (line: string) => line.replace(/(["'])(?:\\.|(?!\1).)*\1/g, '""').replace(/#.*$/, '');
const uses = (line: string, name: string) => nameRe(name).test(codeOnly(line));

export interface BuildOptions {
  /** tasks per setting (default 50) */
  max?: number;
  seed?: string;
  /** repository name in the prompt (default: the directory's name) */
  repoName?: string;
}

export interface BuiltRow extends RepoBenchRow {
  setting: Setting;
  /** 1-based line of next_line in file_path */
  line: number;
}

export function buildRepoBench(dir: string, o: BuildOptions = {}): BuiltRow[] {
  const root = resolve(dir);
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new Error(`repobench: ${dir} is not a directory (give a repository checkout)`);
  const files = listPythonFiles(root);
  if (!files.length) throw new Error(`repobench: no Python files under ${dir} (RepoBench tasks are built from Python repositories)`);
  const fileSet = new Set(files);
  const index = moduleIndex(files);
  const cache = new Map<string, string[]>();
  const linesOf = (f: string) => {
    // regular files only: a symlink in the checkout (git lists them) may point anywhere
    if (!cache.has(f)) cache.set(f, lstatSync(join(root, f)).isFile() ? readFileSync(join(root, f), 'utf8').replace(/\r\n?/g, '\n').split('\n') : []);
    return cache.get(f)!;
  };
  const repo = o.repoName ?? basename(root);
  const found: Record<Setting, BuiltRow[]> = { cross_file_first: [], cross_file_random: [], in_file: [] };
  for (const file of files) {
    const lines = linesOf(file);
    const imports = parseImports(lines);
    const importLine = new Set(imports.flatMap((s) => Array.from({ length: s.end - s.start + 1 }, (_, k) => s.start + k)));
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
    const importStatement = imports.map((s) => s.text).join('\n');
    const localDefs: { name: string; line: number }[] = [];
    const seen = new Set<string>();
    for (let i = 0; i < lines.length; i++) {
      const def = /^(?:(?:async\s+)?def|class)\s+(\w+)|^(\w+)\s*(?::[^=]*)?=[^=]/.exec(lines[i]);
      if (def && !importLine.has(i)) localDefs.push({ name: def[1] ?? def[2], line: i });
      if (!isCode[i] || importLine.has(i)) continue;
      const code = codeOnly(lines[i]);
      const used = context.map((c, k) => ({ k, at: code.search(nameRe(c.identifier)) })).filter((u) => u.at >= 0).sort((a, b) => a.at - b.at);
      let setting: Setting | undefined;
      if (used.length) setting = used.some((u) => !seen.has(context[u.k].identifier)) ? 'cross_file_first' : 'cross_file_random';
      else if (localDefs.some((d) => d.line < i && uses(lines[i], d.name))) setting = 'in_file';
      for (const u of used) seen.add(context[u.k].identifier);
      if (!setting) continue;
      const cropped = lines.slice(0, i).filter((_, k) => !importLine.has(k)).join('\n').replace(/^\n+/, '');
      found[setting].push({
        repo_name: repo, file_path: file, context, import_statement: importStatement, cropped_code: cropped,
        next_line: lines[i].replace(/\s+$/, ''), gold_snippet_index: used.length ? used[0].k : -1, setting, line: i + 1,
      });
    }
  }
  const rng = new Rng(`repobench:${o.seed ?? '0'}`);
  const max = o.max ?? 50;
  return SETTINGS.flatMap((s) => rng.shuffle([...found[s]]).slice(0, max).sort((a, b) => a.file_path.localeCompare(b.file_path) || a.line - b.line));
}
