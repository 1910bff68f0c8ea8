// The code of each line of a Java or Go file, for finding names: string and character literals
// emptied, `//` and `/* */` comments removed, multi-line literals (Java text blocks `"""`, Go raw
// strings in backquotes) and block comments followed across lines. A line is no code line when it
// has no word character left, or when it starts inside a comment or a multi-line literal (its text
// is prose or data, not code to complete) — the C-family counterpart of build.ts's codeLines.

export type CLike = 'java' | 'go';

/** Longer lines (minified or generated code) are no code lines: no next line of a task is that long,
 * and the name patterns run on code lines would cost time quadratic in a line's length (a repository
 * is untrusted input). Their brackets still count. */
export const MAX_CODE_LINE = 1000;

export interface Lexed {
  /** every line's code (brackets are counted on it) */
  text: string[];
  /** the same, null for lines that are no code lines (candidates and names are looked for in these) */
  code: (string | null)[];
}

export function lexLines(lines: string[], lang: CLike): Lexed {
  // the state carried from one line to the next
  let inBlock = false;
  let inMulti: '"""' | '`' | null = null;
  const text: string[] = [];
  const code = lines.map((line) => {
    const startsInside = inBlock || inMulti !== null;
    let out = '';
    let i = 0;
    while (i < line.length) {
      if (inBlock) {
        const e = line.indexOf('*/', i);
        if (e < 0) {
          i = line.length;
          break;
        }
        inBlock = false;
        i = e + 2;
        out += ' ';
        continue;
      }
      if (inMulti) {
        const e = line.indexOf(inMulti, i);
        if (e < 0) {
          i = line.length;
          break;
        }
        i = e + inMulti.length;
        inMulti = null;
        out += '""';
        continue;
      }
      const c = line[i];
      if (c === '/' && line[i + 1] === '/') break;
      if (c === '/' && line[i + 1] === '*') {
        inBlock = true;
        i += 2;
        continue;
      }
      if (lang === 'java' && line.startsWith('"""', i)) {
        inMulti = '"""';
        i += 3;
        continue;
      }
      if (lang === 'go' && c === '`') {
        inMulti = '`';
        i += 1;
        continue;
      }
      if (c === '"' || c === "'") {
        // to the closing quote on this line (escapes skipped); an unclosed one ends at the line's end
        let j = i + 1;
        while (j < line.length && line[j] !== c) j += line[j] === '\\' ? 2 : 1;
        out += c === '"' ? '""' : "''";
        i = j + 1;
        continue;
      }
      out += c;
      i++;
    }
    text.push(out);
    return startsInside || out.length > MAX_CODE_LINE || !/[\p{L}\p{N}_$]/u.test(out) ? null : out;
  });
  return { text, code };
}
