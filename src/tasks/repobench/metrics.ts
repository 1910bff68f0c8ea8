// RepoBench's scoring, ported line for line from github.com/Leolty/repobench (v1.1):
//   run.py get_first_line_not_comment  — the prediction is the first non-blank, non-comment line
//   evaluation/metrics.py exact_match  — pred.split() == gt.split()  (Python str.split: whitespace tokens)
//   evaluation/metrics.py edit_similarity — fuzzywuzzy fuzz.ratio(pred, gt)
// fuzz.ratio is the Indel similarity of python-Levenshtein / rapidfuzz (thefuzz, the maintained
// fuzzywuzzy): 100 · (1 − indel_distance / (len(a) + len(b))), rounded with Python's round (half to
// even); equal strings (both empty included) score 100, one empty string 0. Strings are compared by
// code point, as Python does. (fuzzywuzzy without python-Levenshtein falls back to difflib's
// Ratcliff–Obershelp ratio, which differs on some strings; RepoBench's numbers, like thefuzz's, are
// the Levenshtein ones.) Checked against rapidfuzz in test/repobench.test.ts.

export type CommentStyle = 'python' | 'java';

/** The first line that is neither blank nor a comment (run.py); the first line when there is none. */
export function firstLineNotComment(code: string, language: CommentStyle = 'python'): string {
  const lines = code.replace(/^\n+/, '').split('\n');
  let inBlock = false;
  for (const line of lines) {
    const s = pyStrip(line);
    if (!s) continue;
    if (language === 'python') {
      if (!inBlock && (s.startsWith('"""') || s.startsWith("'''"))) {
        inBlock = true;
        continue;
      }
      if (inBlock && (s.endsWith('"""') || s.endsWith("'''"))) {
        inBlock = false;
        continue;
      }
      if (inBlock || s.startsWith('#')) continue;
    } else {
      if (!inBlock && s.startsWith('/*')) {
        inBlock = true;
        continue;
      }
      if (inBlock && s.endsWith('*/')) {
        inBlock = false;
        continue;
      }
      if (inBlock || s.startsWith('//')) continue;
    }
    return line;
  }
  return lines[0];
}

// Python's str.strip()/split() whitespace: ASCII whitespace, \x1c-\x1f, \x85 and Unicode spaces
const PY_WS = '\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const STRIP = new RegExp(`^[${PY_WS}]+|[${PY_WS}]+$`, 'g');
const SPLIT = new RegExp(`[${PY_WS}]+`);

function pyStrip(s: string): string {
  return s.replace(STRIP, '');
}

/** Python's str.split() with no argument. */
export function pySplit(s: string): string[] {
  return s.split(SPLIT).filter((x) => x.length > 0);
}

export function exactMatch(pred: string, gt: string): boolean {
  const a = pySplit(pred);
  const b = pySplit(gt);
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Indel distance (insertions and deletions only) of two code-point sequences: |a| + |b| − 2·LCS. */
export function indelDistance(a: readonly number[], b: readonly number[]): number {
  if (a.length < b.length) return indelDistance(b, a);
  let prev = new Uint32Array(b.length + 1);
  let cur = new Uint32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) cur[j] = a[i - 1] === b[j - 1] ? prev[j - 1] + 1 : Math.max(prev[j], cur[j - 1]);
    [prev, cur] = [cur, prev];
  }
  return a.length + b.length - 2 * prev[b.length];
}

/** Python's round() to an integer: half to even. */
export function pyRound(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/** The unrounded ratio (rapidfuzz.fuzz.ratio). */
export function ratioExact(a: string, b: string): number {
  const x = [...a].map((c) => c.codePointAt(0)!);
  const y = [...b].map((c) => c.codePointAt(0)!);
  const total = x.length + y.length;
  if (total === 0) return 100;
  return (1 - indelDistance(x, y) / total) * 100;
}

/** fuzz.ratio as RepoBench reports it: an integer 0..100. The ratio is 200·LCS/(|a|+|b|) ≤
 * 200·min/(|a|+|b|): when that bound is under 0.5 the answer is 0 without the quadratic LCS (a
 * completion of megabytes on one line costs nothing; the result is the same). */
export function fuzzRatio(a: string, b: string): number {
  if (a === b) return 100;
  if (!a.length || !b.length) return 0;
  const la = [...a].length;
  const lb = [...b].length;
  if ((200 * Math.min(la, lb)) / (la + lb) < 0.5) return 0;
  return pyRound(ratioExact(a, b));
}

export interface LineScore {
  /** the prediction as scored (first non-comment line) */
  pred: string;
  exact_match: boolean;
  /** 0..100 */
  edit_similarity: number;
}

export function scoreNextLine(completion: string, gt: string, language: CommentStyle = 'python'): LineScore {
  const pred = firstLineNotComment(completion, language);
  return { pred, exact_match: exactMatch(pred, gt), edit_similarity: fuzzRatio(pred, gt) };
}
