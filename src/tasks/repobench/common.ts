// What the three languages' RepoBench builders share: listing a repository's source files, reading
// them safely, the setting of a candidate line (one rule for every language, so "cross_file_first"
// means the same thing in Python, Java and Go), and the seeded pick of rows per setting.
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Rng } from '../rng.js';
import { type ContextSnippet, type RepoBenchRow, SETTINGS, type Setting } from './prompt.js';

const SKIP_DIRS = new Set(['.git', 'node_modules', '__pycache__', '.venv', 'venv', 'env', 'build', 'dist', '.tox', '.mypy_cache', 'site-packages', 'target', 'vendor']);
/** context snippets are cropped to this many lines (definitions can be hundreds of lines long) */
export const MAX_SNIPPET_LINES = 40;

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

/** Files ending in `ext` (tracked ones in a git checkout; else a walk skipping build output). */
export function listSourceFiles(dir: string, ext: string): string[] {
  if (existsSync(join(dir, '.git'))) {
    try {
      // safe.directory: snapshots of `rlcf repo import` belong to the sandbox's user, not ours
      const out = execFileSync('git', ['-c', 'safe.directory=*', '-C', dir, 'ls-files', '-z', '--', `*${ext}`],
        { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'ignore'] });
      return out.split('\0').filter((p) => p.endsWith(ext)).sort();
    } catch { /* not a usable git checkout: walk it */ }
  }
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
      if (e.name.startsWith('.') && e.name !== '.') continue;
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory() && !SKIP_DIRS.has(e.name)) walk(p);
      else if (e.isFile() && e.name.endsWith(ext)) out.push(p);
    }
  };
  walk('');
  return out.sort();
}

/** The repository root, checked; and a cached line reader that reads regular files only (a symlink
 * in the checkout, which git lists, may point anywhere on the machine). */
export function repoReader(dir: string): { root: string; linesOf: (f: string) => string[] } {
  const root = resolve(dir);
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new Error(`repobench: ${dir} is not a directory (give a repository checkout)`);
  const cache = new Map<string, string[]>();
  const linesOf = (f: string) => {
    if (!cache.has(f)) cache.set(f, lstatSync(join(root, f)).isFile() ? readFileSync(join(root, f), 'utf8').replace(/\r\n?/g, '\n').split('\n') : []);
    return cache.get(f)!;
  };
  return { root, linesOf };
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A use of `name` (not an attribute `x.name`, not part of a longer identifier); `name` may be
 * qualified (`pkg.Name`, Go). */
export const nameRe = (name: string) => new RegExp(`(?<![\\w$.])${escapeRe(name)}(?![\\w$])`);

export interface FileScan {
  repo: string;
  file: string;
  lines: string[];
  /** per line: its code with string contents and comments removed, or null when it is no code line
   * (blank, comment, inside a multi-line string or comment) */
  code: (string | null)[];
  /** import lines: neither candidates nor part of cropped_code (they are import_statement) */
  importLines: Set<number>;
  importStatement: string;
  context: ContextSnippet[];
  /** names the file defines, with the 0-based line of the definition */
  defs: { name: string; line: number }[];
}

/** Every candidate line of a file with its setting:
 *   cross_file_first  — the line uses a cross-file name (a context identifier) not used before in the file
 *   cross_file_random — it uses cross-file names, all of them used before
 *   in_file           — it uses none, but a name the file defines on an earlier line
 * gold_snippet_index is the context entry of the name first used on this line (cross_file_first) or
 * of the line's first cross-file name (cross_file_random); -1 for in_file. */
export function classifyLines(s: FileScan): BuiltRow[] {
  const out: BuiltRow[] = [];
  if (!s.context.length) return out;
  const ctxRe = s.context.map((c) => nameRe(c.identifier));
  const defs = s.defs.map((d) => ({ ...d, re: nameRe(d.name) }));
  const seen = new Set<string>();
  for (let i = 0; i < s.lines.length; i++) {
    const code = s.code[i];
    if (code === null || s.importLines.has(i)) continue;
    const used = ctxRe.map((re, k) => ({ k, at: code.search(re) })).filter((u) => u.at >= 0).sort((a, b) => a.at - b.at);
    let setting: Setting | undefined;
    // the gold snippet: for a first use, the first name on the line used for the first time
    const fresh = used.find((u) => !seen.has(s.context[u.k].identifier));
    const gold = fresh ?? used[0];
    if (used.length) setting = fresh ? 'cross_file_first' : 'cross_file_random';
    else if (defs.some((d) => d.line < i && d.re.test(code))) setting = 'in_file';
    for (const u of used) seen.add(s.context[u.k].identifier);
    if (!setting) continue;
    const cropped = s.lines.slice(0, i).filter((_, k) => !s.importLines.has(k)).join('\n').replace(/^\n+/, '');
    out.push({
      repo_name: s.repo, file_path: s.file, context: s.context, import_statement: s.importStatement, cropped_code: cropped,
      next_line: s.lines[i].replace(/\s+$/, ''), gold_snippet_index: gold ? gold.k : -1, setting, line: i + 1,
    });
  }
  return out;
}

/** Up to `max` rows per setting, a seeded draw, each setting's rows in file order. */
export function pickRows(rows: BuiltRow[], o: BuildOptions): BuiltRow[] {
  const rng = new Rng(`repobench:${o.seed ?? '0'}`);
  const max = o.max ?? 50;
  return SETTINGS.flatMap((s) => rng.shuffle(rows.filter((r) => r.setting === s)).slice(0, max)
    .sort((a, b) => a.file_path.localeCompare(b.file_path) || a.line - b.line));
}

/** The lines from `start` through the end of the construct declared on line `head`: brackets
 * counted on the code-only text; a construct with no bracket on its first line is that line alone
 * (unless its brace opens the next line). Cropped to MAX_SNIPPET_LINES. */
export function blockFrom(lines: string[], code: string[], start: number, head = start): string {
  let depth = 0;
  let braced = false;
  let end = head;
  for (let i = head; i < lines.length && i - start < MAX_SNIPPET_LINES; i++) {
    for (const ch of code[i]) {
      if (ch === '{') braced = true;
      if ('{(['.includes(ch)) depth++;
      else if ('})]'.includes(ch)) depth--;
    }
    end = i;
    if (depth > 0 || /[=,]\s*$/.test(code[i])) continue;
    if (braced) break;
    // a declaration whose body's brace opens the next line (Allman style, `record R(int x)\n{`) goes on
    let n = i + 1;
    while (n < lines.length && !code[n].trim()) n++;
    if (!/^\s*\{/.test(code[n] ?? '')) break;
  }
  return lines.slice(start, Math.min(end + 1, start + MAX_SNIPPET_LINES)).join('\n');
}
