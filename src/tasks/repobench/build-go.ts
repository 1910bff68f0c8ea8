// RepoBench-style next-line tasks from a Go module (a `gomod:` snapshot or a directory with go.mod).
// RepoBench has no Go split: this is rlcf's extension, with the three settings read for Go:
//   cross-file names — top-level names (func, type, var, const) defined in another file of the same
//     package (same directory and package clause; _test.go files' names only for test files), used
//     bare; and `pkg.Name` for the module's own imported packages (import path under go.mod's module
//     path), Name a top-level name of that package's non-test files
//   cross_file_first / cross_file_random / in_file — as for Python and Java (common.ts classifyLines);
//     in_file names are the file's own top-level names and its locals (`a, b :=`, `var x`)
// Go has no per-name imports, so the context is the cross-file names the file uses anywhere (what a
// Python file's `from x import a, b` lists), each one's declaration cropped to 40 lines, in the order
// of their definitions (path, line): the order does not tell which name comes next.
import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { type Lexed, lexLines } from './clike.js';
import { type BuildOptions, type BuiltRow, blockFrom, classifyLines, listSourceFiles, nameRe, pickRows, repoReader } from './common.js';
import type { ContextSnippet } from './prompt.js';

interface GoDef { name: string; file: string; line: number; snippet: string }

/** Top-level declarations of a Go file: name, 0-based line and its declaration (a grouped
 * `const (`/`var (`/`type (` block is the snippet of each of its names: iota needs the group). */
export function goTopLevel(lines: string[], { text, code }: Lexed, file: string): GoDef[] {
  const out: GoDef[] = [];
  let depth = 0;
  let group: { start: number; kind: string } | null = null;
  for (let i = 0; i < lines.length; i++) {
    const c = code[i];
    if (c !== null && depth === 0) {
      let m: RegExpExecArray | null;
      if ((m = /^func\s+([A-Za-z_]\w*)\s*[([]/.exec(c))) out.push({ name: m[1], file, line: i, snippet: blockFrom(lines, text, docStart(lines, i), i) });
      else if ((m = /^(type|var|const)\s*\(/.exec(c))) group = { start: i, kind: m[1] };
      else if ((m = /^(?:type|var|const)\s+([A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*)/.exec(c))) {
        const snippet = blockFrom(lines, text, docStart(lines, i), i);
        for (const n of m[1].split(',')) out.push({ name: n.trim(), file, line: i, snippet });
      }
    } else if (c !== null && depth === 1 && group) {
      const m = group.kind === 'type' ? /^\s+([A-Za-z_]\w*)\s/.exec(c) : /^\s+([A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*)/.exec(c);
      if (m) {
        const snippet = blockFrom(lines, text, group.start, group.start);
        for (const n of m[1].split(',')) out.push({ name: n.trim(), file, line: i, snippet });
      }
    }
    for (const ch of text[i]) {
      if ('{(['.includes(ch)) depth++;
      else if ('})]'.includes(ch)) depth--;
    }
    if (depth <= 0) {
      depth = 0;
      group = null;
    }
  }
  return out.filter((d) => d.name !== '_' && d.name !== 'init');
}

/** The doc comment above a declaration belongs to it (gofmt keeps them together). */
function docStart(lines: string[], at: number): number {
  let s = at;
  while (s > 0 && /^\s*\/\//.test(lines[s - 1])) s--;
  return s;
}

interface GoImport { path: string; alias: string }

/** Import lines (single and grouped) and the imports they hold. */
export function goImports(lines: string[], code: (string | null)[]): { lines: Set<number>; imports: GoImport[] } {
  const set = new Set<number>();
  const imports: GoImport[] = [];
  const spec = (text: string) => {
    const m = /^\s*(?:([A-Za-z_]\w*|\.)\s+)?"([^"]+)"/.exec(text);
    if (m) imports.push({ path: m[2], alias: m[1] ?? m[2].split('/').pop()! });
  };
  for (let i = 0; i < lines.length; i++) {
    const c = code[i];
    if (c === null || !/^import\b/.test(c)) continue;
    set.add(i);
    if (/^import\s*\(/.test(c)) {
      for (i++; i < lines.length && !/^\s*\)/.test(lines[i]); i++) {
        set.add(i);
        spec(lines[i]);
      }
      set.add(i);
    } else spec(lines[i].replace(/^import\s*/, ''));
  }
  return { lines: set, imports };
}

/** Names a line declares inside functions: `a, b :=` and `var x`. */
const localNames = (c: string) => [
  ...[...c.matchAll(/([A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*)\s*:=/g)].flatMap((m) => m[1].split(',').map((s) => s.trim())),
  ...[...c.matchAll(/\bvar\s+([A-Za-z_]\w*)/g)].map((m) => m[1]),
].filter((n) => n !== '_');

export function buildRepoBenchGo(dir: string, o: BuildOptions = {}): BuiltRow[] {
  const { root, linesOf } = repoReader(dir);
  const files = listSourceFiles(root, '.go').filter((f) => !f.split('/').includes('testdata'));
  if (!files.length) throw new Error(`repobench: no Go files under ${dir} (language=go builds tasks from .go files)`);
  const modFile = join(root, 'go.mod');
  const module = existsSync(modFile) ? /^module\s+(\S+)/m.exec(readFileSync(modFile, 'utf8'))?.[1] : undefined;
  const info = new Map(files.map((f) => {
    const lines = linesOf(f);
    const lexed = lexLines(lines, 'go');
    const { code } = lexed;
    const pkg = code.map((c) => c && /^package\s+(\w+)/.exec(c)?.[1]).find(Boolean) ?? '';
    return [f, { lines, code, pkg, dir: posix.dirname(f), test: f.endsWith('_test.go'), defs: goTopLevel(lines, lexed, f) }] as const;
  }));
  const repo = o.repoName ?? posix.basename(root);
  const rows: BuiltRow[] = [];
  for (const file of files) {
    const me = info.get(file)!;
    const imp = goImports(me.lines, me.code);
    const candidates: GoDef[] = [];
    for (const [f, other] of info) {
      if (f === file || other.dir !== me.dir || other.pkg !== me.pkg || (other.test && !me.test)) continue;
      candidates.push(...other.defs);
    }
    for (const i of imp.imports) {
      if (!module || !(i.path === module || i.path.startsWith(`${module}/`)) || i.alias === '.' || i.alias === '_') continue;
      const pdir = i.path === module ? '.' : i.path.slice(module.length + 1);
      for (const [f, other] of info) {
        if (other.dir !== pdir || other.test || f === file) continue;
        for (const d of other.defs) if (/^[A-Z]/.test(d.name)) candidates.push({ ...d, name: `${i.alias}.${d.name}` });
      }
    }
    const body = me.code.filter((c, k): c is string => c !== null && !imp.lines.has(k));
    const seen = new Set<string>();
    const context: ContextSnippet[] = candidates
      .filter((d) => !seen.has(d.name) && seen.add(d.name) && body.some((c) => nameRe(d.name).test(c)))
      .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.name.localeCompare(b.name))
      .map((d) => ({ identifier: d.name, path: d.file, snippet: d.snippet }));
    const own = new Set(context.map((c) => c.identifier));
    const defs = [
      ...me.defs.map((d) => ({ name: d.name, line: d.line })),
      ...me.code.flatMap((c, line) => (c === null ? [] : localNames(c).map((name) => ({ name, line })))),
    ].filter((d) => !own.has(d.name));
    rows.push(...classifyLines({
      repo, file, lines: me.lines, code: me.code, importLines: imp.lines, context, defs,
      importStatement: [...imp.lines].sort((a, b) => a - b).map((k) => me.lines[k]).join('\n'),
    }));
  }
  return pickRows(rows, o);
}
