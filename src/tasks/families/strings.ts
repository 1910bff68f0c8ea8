// String-transform families (HumanEval/MBPP shapes): shifting, run-length coding, word reversal,
// longest run of a character class.
import { family } from '../family.js';

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const size = (d: number, a: number, b: number, c: number) => (d <= 1 ? a : d === 2 ? b : c);

export const caesarShift = family({
  name: 'caesar-shift', shape: 'string', summary: 'shift every lowercase letter by a seed-chosen amount, cyclically',
  params: (r) => ({ k: r.int(1, 25), forward: r.bool() }),
  statement: (p) => ({
    title: `Shift by ${p.k}`,
    body: `Every lowercase letter of a word is moved ${p.k} places ${p.forward ? 'forward' : 'backward'} in the alphabet, ` +
      `cyclically (${p.forward ? `\`z\` moved forward by 1 is \`a\`` : `\`a\` moved backward by 1 is \`z\``}). Digits stay as they are.`,
    input: 'one word of lowercase letters and digits.',
    output: 'the shifted word.',
  }),
  instance: (r, _p, k) => r.word(r.int(1, size(k.difficulty, 8, 30, 200)), `${LOWER}0123456789`),
  edges: () => ['xyzabc', 'z9a', 'mnop'],
  input: (w) => w,
  solve: (p, w) => {
    const s = p.forward ? p.k : 26 - p.k;
    return [...w].map((c) => (c >= 'a' && c <= 'z' ? String.fromCharCode(((c.charCodeAt(0) - 97 + s) % 26) + 97) : c)).join('');
  },
  code: (p) => {
    const s = p.forward ? p.k : 26 - p.k;
    return {
      python: `K = ${s}\n\n\ndef solve():\n    w = tok()\n    return "".join(chr((ord(c) - 97 + K) % 26 + 97) if "a" <= c <= "z" else c for c in w)`,
      javascript: `const K = ${s};\nfunction solve() {\n  let r = '';\n  for (const c of tok()) r += c >= 'a' && c <= 'z' ? String.fromCharCode((c.charCodeAt(0) - 97 + K) % 26 + 97) : c;\n  return r;\n}`,
      rust: `const K: u8 = ${s};\nfn solve(sc: &mut Sc) -> String {\n    sc.tok().chars().map(|c| if c.is_ascii_lowercase() { ((c as u8 - 97 + K) % 26 + 97) as char } else { c }).collect()\n}`,
      go: `const K = ${s}\n\nfunc solve() string {\n\tw := []byte(tok())\n\tfor i, c := range w {\n\t\tif c >= 'a' && c <= 'z' {\n\t\t\tw[i] = byte((int(c)-97+K)%26 + 97)\n\t\t}\n\t}\n\treturn string(w)\n}`,
    };
  },
  wrong: [{
    name: 'no-wrap', why: 'forgets to wrap around the end of the alphabet',
    patch: { python: ['% 26 + 97', '+ 97'], javascript: ['% 26 + 97', '+ 97'], rust: ['% 26 + 97', '+ 97'], go: ['%26 + 97', ' + 97'] },
  }],
});

export const runLength = family({
  name: 'run-length', shape: 'string', summary: 'run-length encode a word in a seed-chosen notation',
  params: (r) => ({ countFirst: r.bool(), omitOne: r.bool() }),
  statement: (p) => ({
    title: 'Run-length code',
    body: `Encode a word by its maximal runs of equal characters. A run of \`n\` copies of \`c\` is written as ` +
      `${p.countFirst ? '`n` followed by `c`' : '`c` followed by `n`'} (\`n\` in decimal)` +
      `${p.omitOne ? ', except that a run of length 1 is written as `c` alone' : ', also when `n` is 1'}. The runs are written in order with nothing between them.`,
    input: 'one word of lowercase letters.',
    output: 'the encoded word.',
  }),
  instance: (r, _p, k) => {
    let s = '';
    const runs = r.int(1, size(k.difficulty, 4, 10, 40));
    for (let i = 0; i < runs; i++) s += r.pick(['a', 'b', 'c', 'x']).repeat(r.bool(0.15) ? r.int(10, 30) : r.int(1, 4));
    return s;
  },
  edges: () => ['aaaaaaaaaaaab', 'abc', 'zzzzzzzzzzzzzzzzzzzzz'],
  input: (w) => w,
  solve: (p, w) => {
    let out = '';
    for (let i = 0; i < w.length;) {
      let j = i;
      while (j < w.length && w[j] === w[i]) j++;
      const n = p.omitOne && j - i === 1 ? '' : String(j - i);
      out += p.countFirst ? n + w[i] : w[i] + n;
      i = j;
    }
    return out;
  },
  code: (p) => {
    const py = (b: boolean) => (b ? 'True' : 'False');
    return {
      python: `COUNT_FIRST = ${py(p.countFirst)}\nOMIT_ONE = ${py(p.omitOne)}\n\n\ndef solve():\n    s = tok()\n    out = []\n    i = 0\n    while i < len(s):\n        j = i\n        while j < len(s) and s[j] == s[i]:\n            j += 1\n        n = "" if OMIT_ONE and j - i == 1 else str(j - i)\n        out.append(n + s[i] if COUNT_FIRST else s[i] + n)\n        i = j\n    return "".join(out)`,
      javascript: `const COUNT_FIRST = ${p.countFirst};\nconst OMIT_ONE = ${p.omitOne};\nfunction solve() {\n  const s = tok();\n  let out = '';\n  for (let i = 0; i < s.length;) {\n    let j = i;\n    while (j < s.length && s[j] === s[i]) j++;\n    const n = OMIT_ONE && j - i === 1 ? '' : String(j - i);\n    out += COUNT_FIRST ? n + s[i] : s[i] + n;\n    i = j;\n  }\n  return out;\n}`,
      rust: `const COUNT_FIRST: bool = ${p.countFirst};\nconst OMIT_ONE: bool = ${p.omitOne};\nfn solve(sc: &mut Sc) -> String {\n    let s: Vec<char> = sc.tok().chars().collect();\n    let mut out = String::new();\n    let mut i = 0;\n    while i < s.len() {\n        let mut j = i;\n        while j < s.len() && s[j] == s[i] {\n            j += 1;\n        }\n        let n = if OMIT_ONE && j - i == 1 { String::new() } else { (j - i).to_string() };\n        if COUNT_FIRST {\n            out.push_str(&n);\n            out.push(s[i]);\n        } else {\n            out.push(s[i]);\n            out.push_str(&n);\n        }\n        i = j;\n    }\n    out\n}`,
      go: `const COUNT_FIRST = ${p.countFirst}\nconst OMIT_ONE = ${p.omitOne}\n\nfunc solve() string {\n\ts := tok()\n\tvar b strings.Builder\n\tfor i := 0; i < len(s); {\n\t\tj := i\n\t\tfor j < len(s) && s[j] == s[i] {\n\t\t\tj++\n\t\t}\n\t\tn := strconv.Itoa(j - i)\n\t\tif OMIT_ONE && j-i == 1 {\n\t\t\tn = ""\n\t\t}\n\t\tif COUNT_FIRST {\n\t\t\tb.WriteString(n)\n\t\t\tb.WriteByte(s[i])\n\t\t} else {\n\t\t\tb.WriteByte(s[i])\n\t\t\tb.WriteString(n)\n\t\t}\n\t\ti = j\n\t}\n\treturn b.String()\n}`,
    };
  },
  wrong: [{
    name: 'single-digit-count', why: 'caps a run at 9 (one digit), splitting longer runs',
    patch: {
      python: ['and s[j] == s[i]:', 'and s[j] == s[i] and j - i < 9:'], javascript: ['&& s[j] === s[i]) j++', '&& s[j] === s[i] && j - i < 9) j++'],
      rust: ['&& s[j] == s[i] {', '&& s[j] == s[i] && j - i < 9 {'], go: ['&& s[j] == s[i] {', '&& s[j] == s[i] && j-i < 9 {'],
    },
  }],
});

export const wordReverse = family({
  name: 'word-reverse', shape: 'string', summary: 'reverse the long words of a sentence, optionally the word order too',
  params: (r) => ({ min: r.int(2, 5), flip: r.bool() }),
  statement: (p) => ({
    title: `Reverse words of at least ${p.min} letters`,
    body: `A sentence is a list of words. Reverse the letters of every word that has at least ${p.min} letters; ` +
      `shorter words stay as they are.${p.flip ? ' Then write the words in reverse order.' : ' Keep the words in their order.'}`,
    input: '`n` (the number of words), then the `n` words (lowercase letters).',
    output: 'the resulting words separated by single spaces.',
  }),
  instance: (r, _p, k) => Array.from({ length: r.int(1, size(k.difficulty, 5, 12, 60)) }, () => r.word(r.int(1, 8))),
  edges: (p) => [['ab', 'abcdefgh'.slice(0, p.min), 'abcdefgh'.slice(0, p.min - 1), 'xyzxyzq']],
  input: (ws) => `${ws.length} ${ws.join(' ')}`,
  solve: (p, ws) => {
    const out = ws.map((w) => (w.length >= p.min ? [...w].reverse().join('') : w));
    return (p.flip ? out.reverse() : out).join(' ');
  },
  code: (p) => {
    const py = p.flip ? 'True' : 'False';
    return {
      python: `MIN = ${p.min}\nFLIP = ${py}\n\n\ndef solve():\n    n = num()\n    ws = [tok() for _ in range(n)]\n    out = [w[::-1] if len(w) >= MIN else w for w in ws]\n    if FLIP:\n        out.reverse()\n    return " ".join(out)`,
      javascript: `const MIN = ${p.min};\nconst FLIP = ${p.flip};\nfunction solve() {\n  const n = num();\n  const out = [];\n  for (let i = 0; i < n; i++) {\n    const w = tok();\n    out.push(w.length >= MIN ? w.split('').reverse().join('') : w);\n  }\n  if (FLIP) out.reverse();\n  return out.join(' ');\n}`,
      rust: `const MIN: usize = ${p.min};\nconst FLIP: bool = ${p.flip};\nfn solve(sc: &mut Sc) -> String {\n    let n = sc.num();\n    let mut out: Vec<String> = (0..n).map(|_| {\n        let w = sc.tok();\n        if w.len() >= MIN { w.chars().rev().collect() } else { w }\n    }).collect();\n    if FLIP {\n        out.reverse();\n    }\n    out.join(" ")\n}`,
      go: `const MIN = ${p.min}\nconst FLIP = ${p.flip}\n\nfunc solve() string {\n\tn := num()\n\tout := make([]string, n)\n\tfor i := range out {\n\t\tw := []byte(tok())\n\t\tif len(w) >= MIN {\n\t\t\tfor a, b := 0, len(w)-1; a < b; a, b = a+1, b-1 {\n\t\t\t\tw[a], w[b] = w[b], w[a]\n\t\t\t}\n\t\t}\n\t\tout[i] = string(w)\n\t}\n\tif FLIP {\n\t\tfor a, b := 0, n-1; a < b; a, b = a+1, b-1 {\n\t\t\tout[a], out[b] = out[b], out[a]\n\t\t}\n\t}\n\treturn strings.Join(out, " ")\n}`,
    };
  },
  wrong: [{
    name: 'strict-length', why: 'reverses only words longer than the limit (> instead of >=)',
    patch: { python: ['len(w) >= MIN', 'len(w) > MIN'], javascript: ['w.length >= MIN', 'w.length > MIN'], rust: ['w.len() >= MIN', 'w.len() > MIN'], go: ['len(w) >= MIN', 'len(w) > MIN'] },
  }],
});

export const classRun = family({
  name: 'class-run', shape: 'string', summary: 'longest run of characters from a seed-chosen set',
  params: (r) => ({ set: r.shuffle([...'abcdefgh']).slice(0, r.int(2, 4)).sort().join('') }),
  statement: (p) => ({
    title: `Longest run of {${[...p.set].join(', ')}}`,
    body: `Find the length of the longest contiguous part of a word that consists only of the letters ${[...p.set].map((c) => `\`${c}\``).join(', ')} (0 if there is none).`,
    input: 'one word of letters `a`–`h`.',
    output: 'the length.',
  }),
  instance: (r, _p, k) => r.word(r.int(1, size(k.difficulty, 10, 40, 300)), 'abcdefgh'),
  edges: (p) => [`h${p.set}${p.set}`, `${p.set[0]}`, [...'abcdefgh'].filter((c) => !p.set.includes(c)).join('')],
  input: (w) => w,
  solve: (p, w) => {
    let best = 0;
    let cur = 0;
    for (const c of w) {
      if (p.set.includes(c)) cur++;
      else {
        best = Math.max(best, cur);
        cur = 0;
      }
    }
    return String(Math.max(best, cur));
  },
  code: (p) => ({
    python: `SET = "${p.set}"\n\n\ndef solve():\n    best = 0\n    cur = 0\n    for c in tok():\n        if c in SET:\n            cur += 1\n        else:\n            best = max(best, cur)\n            cur = 0\n    best = max(best, cur)\n    return best`,
    javascript: `const SET = '${p.set}';\nfunction solve() {\n  let best = 0;\n  let cur = 0;\n  for (const c of tok()) {\n    if (SET.includes(c)) cur++;\n    else {\n      best = Math.max(best, cur);\n      cur = 0;\n    }\n  }\n  best = Math.max(best, cur);\n  return best;\n}`,
    rust: `const SET: &str = "${p.set}";\nfn solve(sc: &mut Sc) -> String {\n    let mut best = 0;\n    let mut cur = 0;\n    for c in sc.tok().chars() {\n        if SET.contains(c) {\n            cur += 1;\n        } else {\n            best = best.max(cur);\n            cur = 0;\n        }\n    }\n    best = best.max(cur);\n    best.to_string()\n}`,
    go: `const SET = "${p.set}"\n\nfunc solve() string {\n\tbest, cur := 0, 0\n\tfor _, c := range tok() {\n\t\tif strings.ContainsRune(SET, c) {\n\t\t\tcur++\n\t\t} else {\n\t\t\tif cur > best {\n\t\t\t\tbest = cur\n\t\t\t}\n\t\t\tcur = 0\n\t\t}\n\t}\n\tif cur > best {\n\t\tbest = cur\n\t}\n\treturn strconv.Itoa(best)\n}`,
  }),
  wrong: [{
    name: 'last-run-lost', why: 'forgets the run that reaches the end of the word',
    patch: {
      python: ['    best = max(best, cur)\n    return', '    return'], javascript: ['  best = Math.max(best, cur);\n  return', '  return'],
      rust: ['    best = best.max(cur);\n    best.to_string()', '    best.to_string()'], go: ['\tif cur > best {\n\t\tbest = cur\n\t}\n\treturn', '\treturn'],
    },
  }],
});
