// RepoBench next-line tasks from a Java source tree (RepoBench's Java split has the same three
// settings as its Python one). Cross-file names are what the file imports from the repository:
//   import a.b.C;            → C (the class in a/b/C.java, wherever the source root is: src/main/java,
//                              a sources jar's root, ...), nested classes (import a.b.C.D) → D in C's file
//   import a.b.*;            → every class of package a.b in the repository
//   import static a.b.C.m;   → m, the member of C
// Classes of the file's own package are used without an import; RepoBench takes the cross-file
// context from a file's import statements, so they are not cross-file names here either (a line using
// only them is no task). The context is those names' declarations (annotations, header and body,
// cropped to 40 lines like Python's), headed by their paths. A static reading of the source text,
// comments and string literals excluded (clike.ts), not a Java parser.
import { basename, posix } from 'node:path';
import { type Lexed, lexLines } from './clike.js';
import { type BuildOptions, type BuiltRow, blockFrom, classifyLines, listSourceFiles, pickRows, repoReader } from './common.js';
import type { ContextSnippet } from './prompt.js';

const KEYWORDS = new Set(('abstract assert boolean break byte case catch char class const continue default do double else enum extends final ' +
  'finally float for goto if implements import instanceof int interface long native new package private protected public return short static ' +
  'strictfp super switch synchronized this throw throws transient try void volatile while var yield record sealed permits true false null').split(' '));
/** words that stand before a name without being its type (`return x;`, `new Foo(`, `case A:`) */
const NOT_TYPES = new Set('return new throw else case package import extends implements instanceof throws yield assert super this class interface enum record public protected private static abstract'.split(' '));
const MODIFIERS = '(?:(?:public|protected|private|abstract|final|static|sealed|non-sealed|strictfp)\\s+)*';

/** `package a.b;` of a file (the default package: ''). */
export function packageOf(code: (string | null)[]): string {
  for (const c of code) {
    const m = c && /^\s*package\s+([\w.]+)\s*;/.exec(c);
    if (m) return m[1];
    if (c && /\b(class|interface|enum|record|import)\b/.test(c)) break;
  }
  return '';
}

interface JavaImport { line: number; path: string; wildcard: boolean; isStatic: boolean }

export function parseJavaImports(code: (string | null)[]): JavaImport[] {
  const out: JavaImport[] = [];
  code.forEach((c, line) => {
    const m = c && /^\s*import\s+(static\s+)?([\w.]+?)(\s*\.\s*\*)?\s*;\s*$/.exec(c);
    if (m) out.push({ line, path: m[2].replace(/\s+/g, ''), wildcard: !!m[3], isStatic: !!m[1] });
  });
  return out;
}

/** The declaration of type `name` (top-level or nested) in a file's lines, with its annotations. */
export function javaTypeDeclaration(lines: string[], { text, code }: Lexed, name: string): string | undefined {
  const re = new RegExp(`^\\s*(?:@[\\w.]+(?:\\([^)]*\\))?\\s+)*${MODIFIERS}(?:class|interface|enum|record|@interface)\\s+${name}\\b`);
  const at = code.findIndex((c) => c !== null && re.test(c));
  return at < 0 ? undefined : blockFrom(lines, text, annotationsAbove(code, at), at);
}

/** A member (method or field) `name` declared in a file: for `import static`. */
function javaMemberDeclaration(lines: string[], { text, code }: Lexed, name: string): string | undefined {
  const re = new RegExp(`^\\s*(?:@[\\w.]+(?:\\([^)]*\\))?\\s+)*${MODIFIERS}(?:<[^>]*>\\s*)?[\\w.$<>\\[\\], ?]+\\s+${name}\\s*[(=;]`);
  const at = code.findIndex((c) => c !== null && re.test(c) && /\bstatic\b/.test(c));
  return at < 0 ? undefined : blockFrom(lines, text, annotationsAbove(code, at), at);
}

function annotationsAbove(code: (string | null)[], at: number): number {
  let start = at;
  while (start > 0 && /^\s*@\w/.test(code[start - 1] ?? '')) start--;
  return start;
}

/** Names a line declares: types, methods, fields, locals, parameters (`Type name` followed by
 * `= ; , ( ) :`), keywords excluded. */
export function javaDeclaredNames(code: string): string[] {
  const out: string[] = [];
  for (const m of code.matchAll(/\b(?:class|interface|enum|record)\s+([A-Za-z_$][\w$]*)/g)) out.push(m[1]);
  const re = /(?<![\w$.])([A-Za-z_$][\w$.]*)(?:\s*<[^;=(){}]*?>)?(?:\s*\[\s*\])*\s+([A-Za-z_$][\w$]*)\s*(?=[=;,():])/g;
  for (const m of code.matchAll(re)) if (!NOT_TYPES.has(m[1]) && !KEYWORDS.has(m[2])) out.push(m[2]);
  return out;
}

export function buildRepoBenchJava(dir: string, o: BuildOptions = {}): BuiltRow[] {
  const { root, linesOf } = repoReader(dir);
  const files = listSourceFiles(root, '.java');
  if (!files.length) throw new Error(`repobench: no Java files under ${dir} (language=java builds tasks from .java files)`);
  const lexCache = new Map<string, Lexed>();
  const lexOf = (f: string) => {
    if (!lexCache.has(f)) lexCache.set(f, lexLines(linesOf(f), 'java'));
    return lexCache.get(f)!;
  };
  // fully qualified class name → file, and package → its files: the package comes from the
  // `package` line, so any source root works (src/main/java, a sources jar, a flat tree)
  const byClass = new Map<string, string>();
  const byPackage = new Map<string, string[]>();
  for (const f of files) {
    const pkg = packageOf(lexOf(f).code);
    const cls = basename(f, '.java');
    if (cls === 'package-info' || cls === 'module-info') continue;
    byClass.set(pkg ? `${pkg}.${cls}` : cls, f);
    byPackage.set(pkg, [...(byPackage.get(pkg) ?? []), f]);
  }
  const rows: BuiltRow[] = [];
  const repo = o.repoName ?? posix.basename(root);
  for (const file of files) {
    const lines = linesOf(file);
    const { code } = lexOf(file);
    const imports = parseJavaImports(code);
    const context: ContextSnippet[] = [];
    const add = (identifier: string, path: string, snippet: string | undefined) => {
      if (snippet && path !== file && !context.some((c) => c.identifier === identifier)) context.push({ identifier, path, snippet });
    };
    for (const imp of imports) {
      if (imp.wildcard && !imp.isStatic) {
        for (const f of byPackage.get(imp.path) ?? []) {
          const cls = basename(f, '.java');
          add(cls, f, javaTypeDeclaration(linesOf(f), lexOf(f), cls));
        }
        continue;
      }
      if (imp.wildcard) continue; // import static a.b.C.*: which members are used is not in the text
      const parts = imp.path.split('.');
      const name = parts[parts.length - 1];
      // the longest prefix that is a class of the repository: a.b.C, or a.b.C for a.b.C.D (nested)
      for (let k = parts.length - (imp.isStatic ? 1 : 0); k > 0; k--) {
        const f = byClass.get(parts.slice(0, k).join('.'));
        if (!f) continue;
        const snippet = imp.isStatic && k === parts.length - 1
          ? javaMemberDeclaration(linesOf(f), lexOf(f), name) ?? javaTypeDeclaration(linesOf(f), lexOf(f), name)
          : javaTypeDeclaration(linesOf(f), lexOf(f), name);
        add(name, f, snippet);
        break;
      }
    }
    const importLines = new Set(imports.map((i) => i.line));
    const defs = code.flatMap((c, line) => (c === null || importLines.has(line) ? [] : javaDeclaredNames(c).map((name) => ({ name, line }))));
    rows.push(...classifyLines({
      repo, file, lines, code, importLines, context, defs,
      importStatement: imports.map((i) => lines[i.line]).join('\n'),
    }));
  }
  return pickRows(rows, o);
}
