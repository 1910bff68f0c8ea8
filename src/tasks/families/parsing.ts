// Parsing families: expressions with seed-chosen operator precedence, durations, numerals with
// seed-chosen symbols, bracket nesting with seed-chosen bracket pairs.
import { family } from '../family.js';
import type { Rng } from '../rng.js';

const size = (d: number, a: number, b: number, c: number) => (d <= 1 ? a : d === 2 ? b : c);

const PREC: Record<string, string> = { std: '*', inv: '+-', plus: '+' };
const apply = (a: number, o: string, b: number) => (o === '+' ? a + b : o === '-' ? a - b : a * b);

export const exprPrecedence = family({
  name: 'expr-precedence', shape: 'parsing', summary: 'evaluate + - * expressions under seed-chosen operator precedence',
  params: (r) => ({ high: PREC[r.pick(['std', 'inv', 'plus'])] }),
  statement: (p) => ({
    title: `Arithmetic where ${[...p.high].map((c) => `\`${c}\``).join(' and ')} bind${p.high.length > 1 ? '' : 's'} tighter`,
    body: `Evaluate an expression of non-negative integers and the operators \`+\`, \`-\`, \`*\`. In this problem the operator${p.high.length > 1 ? 's' : ''} ` +
      `${[...p.high].map((c) => `\`${c}\``).join(' and ')} ${p.high.length > 1 ? 'have' : 'has'} higher precedence than the other${p.high.length > 1 ? '' : 's'}; ` +
      'operators of equal precedence are applied left to right. There are no parentheses.',
    input: 'the expression, without spaces.',
    output: 'its value.',
  }),
  instance: (r: Rng, _p, k) => {
    const terms = r.int(2, size(k.difficulty, 4, 7, 10));
    let s = String(r.int(0, 30));
    let stars = 0;
    for (let i = 1; i < terms; i++) {
      let o = r.pick(['+', '-', '*']);
      if (o === '*' && ++stars > 4) o = '+';
      s += o + String(r.int(0, 30));
    }
    return s;
  },
  edges: (p) => {
    const low = ['+', '-', '*'].find((o) => !p.high.includes(o))!;
    return [`2${low}3${p.high[0]}4`, `7${p.high[0]}2${low}5${p.high[0]}3`, '10-4-3'];
  },
  input: (s) => s,
  solve: (p, s) => {
    const nums = s.split(/[-+*]/).map(Number);
    const ops = s.replace(/\d+/g, '').split('');
    const vals = [nums[0]];
    const low: string[] = [];
    ops.forEach((o, i) => {
      if (p.high.includes(o)) vals[vals.length - 1] = apply(vals[vals.length - 1], o, nums[i + 1]);
      else {
        low.push(o);
        vals.push(nums[i + 1]);
      }
    });
    let r = vals[0];
    low.forEach((o, i) => { r = apply(r, o, vals[i + 1]); });
    return String(r);
  },
  code: (p) => ({
    python: `HIGH = "${p.high}"\n\n\ndef ap(a, o, b):\n    return a + b if o == "+" else a - b if o == "-" else a * b\n\n\ndef solve():\n    s = tok()\n    nums = []\n    ops = []\n    cur = 0\n    for c in s:\n        if c.isdigit():\n            cur = cur * 10 + int(c)\n        else:\n            nums.append(cur)\n            ops.append(c)\n            cur = 0\n    nums.append(cur)\n    vals = [nums[0]]\n    low = []\n    for o, x in zip(ops, nums[1:]):\n        if o in HIGH:\n            vals[-1] = ap(vals[-1], o, x)\n        else:\n            low.append(o)\n            vals.append(x)\n    r = vals[0]\n    for o, x in zip(low, vals[1:]):\n        r = ap(r, o, x)\n    return r`,
    javascript: `const HIGH = '${p.high}';\nconst ap = (a, o, b) => (o === '+' ? a + b : o === '-' ? a - b : a * b);\nfunction solve() {\n  const s = tok();\n  const nums = [];\n  const ops = [];\n  let cur = 0;\n  for (const c of s) {\n    if (c >= '0' && c <= '9') cur = cur * 10 + Number(c);\n    else {\n      nums.push(cur);\n      ops.push(c);\n      cur = 0;\n    }\n  }\n  nums.push(cur);\n  const vals = [nums[0]];\n  const low = [];\n  for (let i = 0; i < ops.length; i++) {\n    if (HIGH.includes(ops[i])) vals[vals.length - 1] = ap(vals[vals.length - 1], ops[i], nums[i + 1]);\n    else {\n      low.push(ops[i]);\n      vals.push(nums[i + 1]);\n    }\n  }\n  let r = vals[0];\n  for (let i = 0; i < low.length; i++) r = ap(r, low[i], vals[i + 1]);\n  return r;\n}`,
    rust: `const HIGH: &str = "${p.high}";\nfn ap(a: i64, o: char, b: i64) -> i64 {\n    match o {\n        '+' => a + b,\n        '-' => a - b,\n        _ => a * b,\n    }\n}\nfn solve(sc: &mut Sc) -> String {\n    let s = sc.tok();\n    let mut nums: Vec<i64> = Vec::new();\n    let mut ops: Vec<char> = Vec::new();\n    let mut cur = 0i64;\n    for c in s.chars() {\n        if let Some(d) = c.to_digit(10) {\n            cur = cur * 10 + d as i64;\n        } else {\n            nums.push(cur);\n            ops.push(c);\n            cur = 0;\n        }\n    }\n    nums.push(cur);\n    let mut vals = vec![nums[0]];\n    let mut low: Vec<char> = Vec::new();\n    for (i, &o) in ops.iter().enumerate() {\n        if HIGH.contains(o) {\n            let last = vals.len() - 1;\n            vals[last] = ap(vals[last], o, nums[i + 1]);\n        } else {\n            low.push(o);\n            vals.push(nums[i + 1]);\n        }\n    }\n    let mut r = vals[0];\n    for (i, &o) in low.iter().enumerate() {\n        r = ap(r, o, vals[i + 1]);\n    }\n    r.to_string()\n}`,
    go: `const HIGH = "${p.high}"\n\nfunc ap(a int, o byte, b int) int {\n\tswitch o {\n\tcase '+':\n\t\treturn a + b\n\tcase '-':\n\t\treturn a - b\n\t}\n\treturn a * b\n}\n\nfunc solve() string {\n\ts := tok()\n\tnums := []int{}\n\tops := []byte{}\n\tcur := 0\n\tfor i := 0; i < len(s); i++ {\n\t\tif s[i] >= '0' && s[i] <= '9' {\n\t\t\tcur = cur*10 + int(s[i]-'0')\n\t\t} else {\n\t\t\tnums = append(nums, cur)\n\t\t\tops = append(ops, s[i])\n\t\t\tcur = 0\n\t\t}\n\t}\n\tnums = append(nums, cur)\n\tvals := []int{nums[0]}\n\tlow := []byte{}\n\tfor i, o := range ops {\n\t\tif strings.IndexByte(HIGH, o) >= 0 {\n\t\t\tvals[len(vals)-1] = ap(vals[len(vals)-1], o, nums[i+1])\n\t\t} else {\n\t\t\tlow = append(low, o)\n\t\t\tvals = append(vals, nums[i+1])\n\t\t}\n\t}\n\tr := vals[0]\n\tfor i, o := range low {\n\t\tr = ap(r, o, vals[i+1])\n\t}\n\treturn strconv.Itoa(r)\n}`,
  }),
  wrong: [{
    name: 'left-to-right', why: 'ignores precedence and evaluates strictly left to right',
    patch: {
      python: ['if o in HIGH:', 'if False:'], javascript: ['if (HIGH.includes(ops[i]))', 'if (false)'],
      rust: ['if HIGH.contains(o) {', 'if false {'], go: ['if strings.IndexByte(HIGH, o) >= 0 {', 'if false {'],
    },
  }],
});

export const durationSum = family({
  name: 'duration-sum', shape: 'parsing', summary: 'parse durations like 3h25m10s, sum them, print in a seed-chosen format',
  params: (r) => ({ colon: r.bool(), days: r.bool() }),
  statement: (p) => ({
    title: 'Adding durations',
    body: 'A duration is written as a sequence of `<number><unit>` parts with units ' + (p.days ? '`d` (days, 24 hours), ' : '') +
      '`h`, `m` and `s` (each unit at most once, in any order, the numbers may exceed 59). Add up the durations and print the total ' +
      (p.colon ? 'as `H:MM:SS` (hours not limited to 24, minutes and seconds two digits).' : 'as `<H>h<M>m<S>s` with `0 ≤ M, S ≤ 59` (all three parts, even when 0).'),
    input: '`n`, then `n` durations separated by spaces.',
    output: 'the total.',
  }),
  instance: (r, p, k) => Array.from({ length: r.int(1, size(k.difficulty, 3, 6, 20)) }, () => {
    const units = r.shuffle([...(p.days ? 'dhms' : 'hms')]).slice(0, r.int(1, p.days ? 4 : 3));
    return units.map((u) => `${r.int(0, u === 'd' ? 3 : 130)}${u}`).join('');
  }),
  edges: () => [['12m', '75s'], ['100s', '59m'], ['0s']],
  input: (ds) => `${ds.length} ${ds.join(' ')}`,
  solve: (p, ds) => {
    const unit: Record<string, number> = { d: 86400, h: 3600, m: 60, s: 1 };
    let total = 0;
    for (const d of ds) for (const m of d.matchAll(/(\d+)([dhms])/g)) total += Number(m[1]) * unit[m[2]];
    const h = Math.floor(total / 3600);
    const mm = Math.floor(total / 60) % 60;
    const ss = total % 60;
    return p.colon ? `${h}:${String(mm).padStart(2, '0')}:${String(ss).padStart(2, '0')}` : `${h}h${mm}m${ss}s`;
  },
  code: (p) => {
    const fmt = {
      python: p.colon ? 'f"{h}:{m:02d}:{s:02d}"' : 'f"{h}h{m}m{s}s"',
      javascript: p.colon ? "`${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`" : '`${h}h${m}m${s}s`',
      rust: p.colon ? 'format!("{}:{:02}:{:02}", h, m, s)' : 'format!("{}h{}m{}s", h, m, s)',
      go: p.colon ? 'fmt.Sprintf("%d:%02d:%02d", h, m, s)' : 'fmt.Sprintf("%dh%dm%ds", h, m, s)',
    };
    return {
      python: `UNIT = {"d": 86400, "h": 3600, "m": 60, "s": 1}\n\n\ndef solve():\n    total = 0\n    for _ in range(num()):\n        cur = 0\n        for c in tok():\n            if c.isdigit():\n                cur = cur * 10 + int(c)\n            else:\n                total += cur * UNIT[c]\n                cur = 0\n    h, m, s = total // 3600, total // 60 % 60, total % 60\n    return ${fmt.python}`,
      javascript: `const UNIT = { d: 86400, h: 3600, m: 60, s: 1 };\nfunction solve() {\n  let total = 0;\n  const n = num();\n  for (let i = 0; i < n; i++) {\n    let cur = 0;\n    for (const c of tok()) {\n      if (c >= '0' && c <= '9') cur = cur * 10 + Number(c);\n      else {\n        total += cur * UNIT[c];\n        cur = 0;\n      }\n    }\n  }\n  const h = Math.floor(total / 3600);\n  const m = Math.floor(total / 60) % 60;\n  const s = total % 60;\n  return ${fmt.javascript};\n}`,
      rust: `fn solve(sc: &mut Sc) -> String {\n    let mut total: i64 = 0;\n    let n = sc.num();\n    for _ in 0..n {\n        let mut cur: i64 = 0;\n        for c in sc.tok().chars() {\n            if let Some(d) = c.to_digit(10) {\n                cur = cur * 10 + d as i64;\n            } else {\n                let u = match c { 'd' => 86400, 'h' => 3600, 'm' => 60, _ => 1 };\n                total += cur * u;\n                cur = 0;\n            }\n        }\n    }\n    let (h, m, s) = (total / 3600, total / 60 % 60, total % 60);\n    ${fmt.rust}\n}`,
      go: `var UNIT = map[byte]int{'d': 86400, 'h': 3600, 'm': 60, 's': 1}\n\nfunc solve() string {\n\ttotal := 0\n\tn := num()\n\tfor i := 0; i < n; i++ {\n\t\tcur := 0\n\t\tw := tok()\n\t\tfor j := 0; j < len(w); j++ {\n\t\t\tif w[j] >= '0' && w[j] <= '9' {\n\t\t\t\tcur = cur*10 + int(w[j]-'0')\n\t\t\t} else {\n\t\t\t\ttotal += cur * UNIT[w[j]]\n\t\t\t\tcur = 0\n\t\t\t}\n\t\t}\n\t}\n\th, m, s := total/3600, total/60%60, total%60\n\treturn ${fmt.go}\n}`,
    };
  },
  wrong: [{
    name: 'last-digit-only', why: 'keeps only the last digit of each number',
    patch: {
      python: ['cur = cur * 10 + int(c)', 'cur = int(c)'], javascript: ['cur = cur * 10 + Number(c)', 'cur = Number(c)'],
      rust: ['cur = cur * 10 + d as i64;', 'cur = d as i64;'], go: ["cur = cur*10 + int(w[j]-'0')", "cur = int(w[j] - '0')"],
    },
  }],
});

const ROMAN: [number, string][] = [[1000, 'M'], [900, 'CM'], [500, 'D'], [400, 'CD'], [100, 'C'], [90, 'XC'], [50, 'L'], [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I']];

/** n as a Roman numeral written with `syms` for I V X L C D M. */
function numeral(n: number, syms: string): { n: number; s: string } {
  let s = '';
  let x = n;
  for (const [v, r] of ROMAN) {
    while (x >= v) {
      s += r;
      x -= v;
    }
  }
  return { n, s: [...s].map((c) => syms['IVXLCDM'.indexOf(c)]).join('') };
}

export const romanCustom = family({
  name: 'numeral-symbols', shape: 'parsing', summary: 'read Roman-style numerals written with seed-chosen symbols',
  params: (r) => ({ syms: r.shuffle([...'ABCDEFGHJKNPQRSTUWYZ']).slice(0, 7).join('') }),
  statement: (p) => ({
    title: 'Numerals with other letters',
    body: `Numbers are written like Roman numerals, but with the symbols ${[1, 5, 10, 50, 100, 500, 1000].map((v, i) => `\`${p.syms[i]}\` = ${v}`).join(', ')}. ` +
      'As in Roman numerals, a symbol written before a symbol of larger value is subtracted, otherwise added (the numerals are in the standard subtractive form, values 1 to 3999).',
    input: 'one numeral.',
    output: 'its value in decimal.',
  }),
  instance: (r, p, k) => numeral(r.int(1, size(k.difficulty, 50, 500, 3999)), p.syms),
  edges: (p) => [4, 90, 1994, 3888].map((n) => numeral(n, p.syms)),
  input: (x) => x.s,
  solve: (_p, x) => String(x.n),
  code: (p) => ({
    python: `SYMS = "${p.syms}"\nVALS = [1, 5, 10, 50, 100, 500, 1000]\n\n\ndef solve():\n    v = [VALS[SYMS.index(c)] for c in tok()]\n    r = 0\n    for i in range(len(v)):\n        if i + 1 < len(v) and v[i] < v[i + 1]:\n            r -= v[i]\n        else:\n            r += v[i]\n    return r`,
    javascript: `const SYMS = '${p.syms}';\nconst VALS = [1, 5, 10, 50, 100, 500, 1000];\nfunction solve() {\n  const v = tok().split('').map((c) => VALS[SYMS.indexOf(c)]);\n  let r = 0;\n  for (let i = 0; i < v.length; i++) {\n    if (i + 1 < v.length && v[i] < v[i + 1]) r -= v[i];\n    else r += v[i];\n  }\n  return r;\n}`,
    rust: `const SYMS: &str = "${p.syms}";\nconst VALS: [i64; 7] = [1, 5, 10, 50, 100, 500, 1000];\nfn solve(sc: &mut Sc) -> String {\n    let v: Vec<i64> = sc.tok().chars().map(|c| VALS[SYMS.find(c).unwrap()]).collect();\n    let mut r = 0;\n    for i in 0..v.len() {\n        if i + 1 < v.len() && v[i] < v[i + 1] {\n            r -= v[i];\n        } else {\n            r += v[i];\n        }\n    }\n    r.to_string()\n}`,
    go: `const SYMS = "${p.syms}"\n\nvar VALS = []int{1, 5, 10, 50, 100, 500, 1000}\n\nfunc solve() string {\n\tw := tok()\n\tv := make([]int, len(w))\n\tfor i := range w {\n\t\tv[i] = VALS[strings.IndexByte(SYMS, w[i])]\n\t}\n\tr := 0\n\tfor i := range v {\n\t\tif i+1 < len(v) && v[i] < v[i+1] {\n\t\t\tr -= v[i]\n\t\t} else {\n\t\t\tr += v[i]\n\t\t}\n\t}\n\treturn strconv.Itoa(r)\n}`,
  }),
  wrong: [{
    name: 'no-subtraction', why: 'adds every symbol (ignores the subtractive rule)',
    patch: { python: ['r -= v[i]', 'r += v[i]'], javascript: ['r -= v[i]', 'r += v[i]'], rust: ['r -= v[i];', 'r += v[i];'], go: ['r -= v[i]', 'r += v[i]'] },
  }],
});

export const bracketDepth = family({
  name: 'bracket-depth', shape: 'parsing', summary: 'nesting depth of a bracket sequence over seed-chosen bracket pairs, -1 if unbalanced',
  params: (r) => ({ pairs: r.shuffle(['()', '[]', '{}', '<>']).slice(0, r.int(2, 3)).join('') }),
  statement: (p) => ({
    title: 'Bracket depth',
    body: `The bracket pairs are ${p.pairs.match(/../g)!.map((x) => `\`${x}\``).join(', ')}. A sequence is balanced when every closing bracket closes the most recent ` +
      'unclosed opening bracket of the same pair and nothing stays open. Print the maximum nesting depth of a balanced sequence, or -1 if it is not balanced.',
    input: 'one non-empty bracket sequence.',
    output: 'the depth or -1.',
  }),
  instance: (r, p, k) => {
    const n = r.int(1, size(k.difficulty, 6, 20, 200));
    const st: string[] = [];
    let s = '';
    for (let i = 0; i < n; i++) {
      if (st.length && r.bool(0.45)) s += p.pairs[p.pairs.indexOf(st.pop()!) + 1];
      else {
        const o = p.pairs[2 * r.int(0, p.pairs.length / 2 - 1)];
        st.push(o);
        s += o;
      }
    }
    while (st.length) s += p.pairs[p.pairs.indexOf(st.pop()!) + 1];
    if (r.bool(0.3)) { // corrupt one position
      const i = r.int(0, s.length - 1);
      s = s.slice(0, i) + r.pick([...p.pairs]) + s.slice(i + 1);
    }
    return s;
  },
  edges: (p) => {
    const [o1, c1, o2, c2] = p.pairs;
    return [o1 + c2, o1 + o2 + c1 + c2, o1 + o1 + c1, c1 + o1, o1 + o2 + c2 + c1];
  },
  input: (s) => s,
  solve: (p, s) => {
    const st: string[] = [];
    let best = 0;
    for (const c of s) {
      const i = p.pairs.indexOf(c);
      if (i % 2 === 0) {
        st.push(c);
        best = Math.max(best, st.length);
      } else {
        if (!st.length || st[st.length - 1] !== p.pairs[i - 1]) return '-1';
        st.pop();
      }
    }
    return st.length ? '-1' : String(best);
  },
  code: (p) => ({
    python: `PAIRS = "${p.pairs}"\n\n\ndef solve():\n    st = []\n    best = 0\n    for c in tok():\n        i = PAIRS.index(c)\n        if i % 2 == 0:\n            st.append(c)\n            best = max(best, len(st))\n        else:\n            if not st or st[-1] != PAIRS[i - 1]:\n                return -1\n            st.pop()\n    return -1 if st else best`,
    javascript: `const PAIRS = '${p.pairs}';\nfunction solve() {\n  const st = [];\n  let best = 0;\n  for (const c of tok()) {\n    const i = PAIRS.indexOf(c);\n    if (i % 2 === 0) {\n      st.push(c);\n      best = Math.max(best, st.length);\n    } else {\n      if (!st.length || st[st.length - 1] !== PAIRS[i - 1]) return -1;\n      st.pop();\n    }\n  }\n  return st.length ? -1 : best;\n}`,
    rust: `const PAIRS: &str = "${p.pairs}";\nfn solve(sc: &mut Sc) -> String {\n    let pairs: Vec<char> = PAIRS.chars().collect();\n    let mut st: Vec<char> = Vec::new();\n    let mut best = 0;\n    for c in sc.tok().chars() {\n        let i = pairs.iter().position(|&x| x == c).unwrap();\n        if i % 2 == 0 {\n            st.push(c);\n            best = best.max(st.len());\n        } else {\n            if st.is_empty() || *st.last().unwrap() != pairs[i - 1] {\n                return "-1".to_string();\n            }\n            st.pop();\n        }\n    }\n    if st.is_empty() { best.to_string() } else { "-1".to_string() }\n}`,
    go: `const PAIRS = "${p.pairs}"\n\nfunc solve() string {\n\tst := []byte{}\n\tbest := 0\n\tw := tok()\n\tfor j := 0; j < len(w); j++ {\n\t\ti := strings.IndexByte(PAIRS, w[j])\n\t\tif i%2 == 0 {\n\t\t\tst = append(st, w[j])\n\t\t\tif len(st) > best {\n\t\t\t\tbest = len(st)\n\t\t\t}\n\t\t} else {\n\t\t\tif len(st) == 0 || st[len(st)-1] != PAIRS[i-1] {\n\t\t\t\treturn "-1"\n\t\t\t}\n\t\t\tst = st[:len(st)-1]\n\t\t}\n\t}\n\tif len(st) > 0 {\n\t\treturn "-1"\n\t}\n\treturn strconv.Itoa(best)\n}`,
  }),
  wrong: [{
    name: 'ignores-pair-type', why: 'matches any closing bracket with any opening one',
    patch: {
      python: ['if not st or st[-1] != PAIRS[i - 1]:', 'if not st:'], javascript: ['if (!st.length || st[st.length - 1] !== PAIRS[i - 1])', 'if (!st.length)'],
      rust: ['if st.is_empty() || *st.last().unwrap() != pairs[i - 1] {', 'if st.is_empty() {'], go: ['if len(st) == 0 || st[len(st)-1] != PAIRS[i-1] {', 'if len(st) == 0 {'],
    },
  }],
});
