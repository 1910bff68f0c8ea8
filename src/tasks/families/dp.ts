// Dynamic-programming families: step compositions, longest monotone subsequence, fewest coins,
// bounded-length subarray sums, weighted edit distance, lattice paths on a grid.
import { type Patch, family } from '../family.js';

const size = (d: number, a: number, b: number, c: number) => (d <= 1 ? a : d === 2 ? b : c);
const same = (from: string, to: string): Patch => ({ python: [from, to], javascript: [from, to], rust: [from, to], go: [from, to] });

export const stepWays = family({
  name: 'step-ways', shape: 'dp', summary: 'ordered ways to climb n steps with seed-chosen step sizes, modulo a prime',
  params: (r) => {
    const steps = r.shuffle([1, 2, 3, 4, 5, 6]).slice(0, r.int(2, 3)).sort((a, b) => a - b);
    return { steps, mod: r.pick([1_000_000_007, 998_244_353, 1_000_003]) };
  },
  statement: (p) => ({
    title: `Climbing with steps of ${p.steps.join(', ')}`,
    body: `In how many ways can you climb exactly \`n\` stairs when every move climbs ${p.steps.join(', ').replace(/, (\d+)$/, ' or $1')} stairs? ` +
      `Different orders of moves are different ways. Print the count modulo ${p.mod}.`,
    input: 'an integer `n` (1 ≤ n).',
    output: `the count modulo ${p.mod}.`,
  }),
  instance: (r, _p, k) => r.int(1, size(k.difficulty, 20, 1000, 20000)),
  edges: (p) => [p.steps[0], p.steps[p.steps.length - 1], 100],
  input: (n) => String(n),
  solve: (p, n) => {
    const dp = new Array<number>(n + 1).fill(0);
    dp[0] = 1;
    for (let i = 1; i <= n; i++) for (const s of p.steps) if (i >= s) dp[i] = (dp[i] + dp[i - s]) % p.mod;
    return String(dp[n]);
  },
  code: (p) => ({
    python: `STEPS = [${p.steps.join(', ')}]\nM = ${p.mod}\n\n\ndef solve():\n    n = num()\n    dp = [0] * (n + 1)\n    dp[0] = 1\n    for i in range(1, n + 1):\n        for s in STEPS:\n            if i >= s:\n                dp[i] = (dp[i] + dp[i - s]) % M\n    return dp[n]`,
    javascript: `const STEPS = [${p.steps.join(', ')}];\nconst M = ${p.mod};\nfunction solve() {\n  const n = num();\n  const dp = new Array(n + 1).fill(0);\n  dp[0] = 1;\n  for (let i = 1; i <= n; i++) for (const s of STEPS) if (i >= s) dp[i] = (dp[i] + dp[i - s]) % M;\n  return dp[n];\n}`,
    rust: `const STEPS: &[usize] = &[${p.steps.join(', ')}];\nconst M: i64 = ${p.mod};\nfn solve(sc: &mut Sc) -> String {\n    let n = sc.num() as usize;\n    let mut dp = vec![0i64; n + 1];\n    dp[0] = 1;\n    for i in 1..=n {\n        for &s in STEPS {\n            if i >= s {\n                dp[i] = (dp[i] + dp[i - s]) % M;\n            }\n        }\n    }\n    dp[n].to_string()\n}`,
    go: `var STEPS = []int{${p.steps.join(', ')}}\n\nconst M = ${p.mod}\n\nfunc solve() string {\n\tn := num()\n\tdp := make([]int, n+1)\n\tdp[0] = 1\n\tfor i := 1; i <= n; i++ {\n\t\tfor _, s := range STEPS {\n\t\t\tif i >= s {\n\t\t\t\tdp[i] = (dp[i] + dp[i-s]) % M\n\t\t\t}\n\t\t}\n\t}\n\treturn strconv.Itoa(dp[n])\n}`,
  }),
  wrong: [{ name: 'strict-bound', why: 'never takes a step that lands exactly from the ground (i > s instead of i >= s)', patch: same('i >= s', 'i > s') }],
});

const LIS_MODES = {
  'inc-strict': { op: '<', words: 'strictly increasing', flip: '<=' },
  'inc': { op: '<=', words: 'non-decreasing', flip: '<' },
  'dec-strict': { op: '>', words: 'strictly decreasing', flip: '>=' },
  'dec': { op: '>=', words: 'non-increasing', flip: '>' },
} as const;

export const monotoneSubsequence = family({
  name: 'monotone-subsequence', shape: 'dp', summary: 'longest subsequence that is increasing/decreasing, strictly or not (seed-chosen)',
  params: (r) => ({ mode: r.pick(Object.keys(LIS_MODES)) as keyof typeof LIS_MODES }),
  statement: (p) => ({
    title: `Longest ${LIS_MODES[p.mode].words} subsequence`,
    body: `Given a sequence of integers, print the length of its longest ${LIS_MODES[p.mode].words} subsequence (not necessarily contiguous).`,
    input: '`n`, then `n` integers.',
    output: 'the length.',
  }),
  instance: (r, _p, k) => r.ints(r.int(1, size(k.difficulty, 8, 60, 300)), 0, r.pick([5, 50])),
  edges: () => [[3, 3, 3], [5, 4, 4, 2, 1], [1, 2, 2, 3]],
  input: (a) => `${a.length} ${a.join(' ')}`,
  solve: (p, a) => {
    const ok = (x: number, y: number) => (p.mode === 'inc-strict' ? x < y : p.mode === 'inc' ? x <= y : p.mode === 'dec-strict' ? x > y : x >= y);
    const dp = a.map(() => 1);
    for (let i = 0; i < a.length; i++) for (let j = 0; j < i; j++) if (ok(a[j], a[i])) dp[i] = Math.max(dp[i], dp[j] + 1);
    return String(Math.max(...dp));
  },
  code: (p) => {
    const op = LIS_MODES[p.mode].op;
    return {
      python: `def solve():\n    n = num()\n    a = [num() for _ in range(n)]\n    dp = [1] * n\n    for i in range(n):\n        for j in range(i):\n            if a[j] ${op} a[i]:\n                dp[i] = max(dp[i], dp[j] + 1)\n    return max(dp)`,
      javascript: `function solve() {\n  const n = num();\n  const a = [];\n  for (let i = 0; i < n; i++) a.push(num());\n  const dp = new Array(n).fill(1);\n  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) if (a[j] ${op} a[i]) dp[i] = Math.max(dp[i], dp[j] + 1);\n  return Math.max(...dp);\n}`,
      rust: `fn solve(sc: &mut Sc) -> String {\n    let n = sc.num() as usize;\n    let a: Vec<i64> = (0..n).map(|_| sc.num()).collect();\n    let mut dp = vec![1; n];\n    for i in 0..n {\n        for j in 0..i {\n            if a[j] ${op} a[i] {\n                dp[i] = dp[i].max(dp[j] + 1);\n            }\n        }\n    }\n    dp.iter().max().unwrap().to_string()\n}`,
      go: `func solve() string {\n\tn := num()\n\ta := make([]int, n)\n\tfor i := range a {\n\t\ta[i] = num()\n\t}\n\tdp := make([]int, n)\n\tbest := 0\n\tfor i := 0; i < n; i++ {\n\t\tdp[i] = 1\n\t\tfor j := 0; j < i; j++ {\n\t\t\tif a[j] ${op} a[i] && dp[j]+1 > dp[i] {\n\t\t\t\tdp[i] = dp[j] + 1\n\t\t\t}\n\t\t}\n\t\tif dp[i] > best {\n\t\t\tbest = dp[i]\n\t\t}\n\t}\n\treturn strconv.Itoa(best)\n}`,
    };
  },
  wrong: [{
    name: 'strictness', why: 'strict where the problem is non-strict, or the other way round',
    patch: (p) => same(`a[j] ${LIS_MODES[p.mode].op} a[i]`, `a[j] ${LIS_MODES[p.mode].flip} a[i]`),
  }],
});

export const fewestCoins = family({
  name: 'fewest-coins', shape: 'dp', summary: 'fewest coins of seed-chosen denominations summing to n, -1 if impossible',
  params: (r) => ({ coins: r.shuffle([2, 3, 5, 6, 7, 9, 10, 11, 13, 15]).slice(0, 3).sort((a, b) => a - b) }),
  statement: (p) => ({
    title: `Coins of ${p.coins.join(', ')}`,
    body: `Coins come in the values ${p.coins.join(', ')} (as many of each as you like). Print the fewest coins whose values add up to exactly \`n\`, or -1 if no combination does.`,
    input: 'an integer `n` (1 ≤ n).',
    output: 'the number of coins or -1.',
  }),
  instance: (r, _p, k) => r.int(1, size(k.difficulty, 40, 2000, 50000)),
  edges: (p) => [1, p.coins[0] * p.coins[1], p.coins[2] + 1],
  input: (n) => String(n),
  solve: (p, n) => {
    const INF = 1e9;
    const dp = new Array<number>(n + 1).fill(INF);
    dp[0] = 0;
    for (let i = 1; i <= n; i++) for (const c of p.coins) if (c <= i && dp[i - c] + 1 < dp[i]) dp[i] = dp[i - c] + 1;
    return String(dp[n] >= INF ? -1 : dp[n]);
  },
  code: (p) => ({
    python: `COINS = [${p.coins.join(', ')}]\nINF = 10**9\n\n\ndef solve():\n    n = num()\n    dp = [INF] * (n + 1)\n    dp[0] = 0\n    for i in range(1, n + 1):\n        for c in COINS:\n            if c <= i and dp[i - c] + 1 < dp[i]:\n                dp[i] = dp[i - c] + 1\n    return -1 if dp[n] >= INF else dp[n]`,
    javascript: `const COINS = [${p.coins.join(', ')}];\nconst INF = 1e9;\nfunction solve() {\n  const n = num();\n  const dp = new Array(n + 1).fill(INF);\n  dp[0] = 0;\n  for (let i = 1; i <= n; i++) for (const c of COINS) if (c <= i && dp[i - c] + 1 < dp[i]) dp[i] = dp[i - c] + 1;\n  return dp[n] >= INF ? -1 : dp[n];\n}`,
    rust: `const COINS: &[usize] = &[${p.coins.join(', ')}];\nconst INF: i64 = 1_000_000_000;\nfn solve(sc: &mut Sc) -> String {\n    let n = sc.num() as usize;\n    let mut dp = vec![INF; n + 1];\n    dp[0] = 0;\n    for i in 1..=n {\n        for &c in COINS {\n            if c <= i && dp[i - c] + 1 < dp[i] {\n                dp[i] = dp[i - c] + 1;\n            }\n        }\n    }\n    (if dp[n] >= INF { -1 } else { dp[n] }).to_string()\n}`,
    go: `var COINS = []int{${p.coins.join(', ')}}\n\nconst INF = 1000000000\n\nfunc solve() string {\n\tn := num()\n\tdp := make([]int, n+1)\n\tfor i := 1; i <= n; i++ {\n\t\tdp[i] = INF\n\t\tfor _, c := range COINS {\n\t\t\tif c <= i && dp[i-c]+1 < dp[i] {\n\t\t\t\tdp[i] = dp[i-c] + 1\n\t\t\t}\n\t\t}\n\t}\n\tif dp[n] >= INF {\n\t\treturn "-1"\n\t}\n\treturn strconv.Itoa(dp[n])\n}`,
  }),
  wrong: [{
    name: 'impossible-unhandled', why: 'prints the internal infinity instead of -1 when no combination exists',
    patch: {
      python: ['-1 if dp[n] >= INF else dp[n]', 'dp[n]'], javascript: ['dp[n] >= INF ? -1 : dp[n]', 'dp[n]'],
      rust: ['(if dp[n] >= INF { -1 } else { dp[n] })', 'dp[n]'], go: ['\tif dp[n] >= INF {\n\t\treturn "-1"\n\t}\n', ''],
    },
  }],
});

export const windowSum = family({
  name: 'bounded-subarray', shape: 'dp', summary: 'largest sum of a non-empty contiguous run of at most L elements',
  params: (r) => ({ len: r.int(2, 6) }),
  statement: (p) => ({
    title: `Best run of at most ${p.len}`,
    body: `Print the largest sum of a non-empty contiguous part of the sequence that has at most ${p.len} elements.`,
    input: '`n` (1 ≤ n), then `n` integers (possibly negative).',
    output: 'the largest sum.',
  }),
  instance: (r, _p, k) => r.ints(r.int(1, size(k.difficulty, 8, 100, 2000)), -50, 50),
  edges: () => [[-5, -2, -9], [-1], [3, -1, 4, 1, -5, 9, 2, -6]],
  input: (a) => `${a.length} ${a.join(' ')}`,
  solve: (p, a) => {
    let best = -Infinity;
    for (let i = 0; i < a.length; i++) {
      let s = 0;
      for (let j = i; j < Math.min(a.length, i + p.len); j++) {
        s += a[j];
        best = Math.max(best, s);
      }
    }
    return String(best);
  },
  code: (p) => ({
    python: `L = ${p.len}\n\n\ndef solve():\n    n = num()\n    a = [num() for _ in range(n)]\n    best = -10**18\n    for i in range(n):\n        s = 0\n        for j in range(i, min(n, i + L)):\n            s += a[j]\n            best = max(best, s)\n    return best`,
    javascript: `const L = ${p.len};\nfunction solve() {\n  const n = num();\n  const a = [];\n  for (let i = 0; i < n; i++) a.push(num());\n  let best = -1e18;\n  for (let i = 0; i < n; i++) {\n    let s = 0;\n    for (let j = i; j < Math.min(n, i + L); j++) {\n      s += a[j];\n      best = Math.max(best, s);\n    }\n  }\n  return best;\n}`,
    rust: `const L: usize = ${p.len};\nfn solve(sc: &mut Sc) -> String {\n    let n = sc.num() as usize;\n    let a: Vec<i64> = (0..n).map(|_| sc.num()).collect();\n    let mut best: i64 = -1_000_000_000_000_000_000;\n    for i in 0..n {\n        let mut s = 0;\n        for j in i..n.min(i + L) {\n            s += a[j];\n            best = best.max(s);\n        }\n    }\n    best.to_string()\n}`,
    go: `const L = ${p.len}\n\nfunc solve() string {\n\tn := num()\n\ta := make([]int, n)\n\tfor i := range a {\n\t\ta[i] = num()\n\t}\n\tbest := -1000000000000000000\n\tfor i := 0; i < n; i++ {\n\t\ts := 0\n\t\tfor j := i; j < n && j < i+L; j++ {\n\t\t\ts += a[j]\n\t\t\tif s > best {\n\t\t\t\tbest = s\n\t\t\t}\n\t\t}\n\t}\n\treturn strconv.Itoa(best)\n}`,
  }),
  wrong: [{
    name: 'empty-allowed', why: 'starts the best sum at 0, as if the empty run were allowed',
    patch: {
      python: ['best = -10**18', 'best = 0'], javascript: ['best = -1e18', 'best = 0'],
      rust: ['best: i64 = -1_000_000_000_000_000_000', 'best: i64 = 0'], go: ['best := -1000000000000000000', 'best := 0'],
    },
  }],
});

export const weightedEdit = family({
  name: 'weighted-edit', shape: 'dp', summary: 'edit distance with seed-chosen insert/delete/substitute costs',
  params: (r) => ({ ins: r.int(1, 4), del: r.int(1, 4), sub: r.int(1, 5) }),
  statement: (p) => ({
    title: 'Weighted edit distance',
    body: `Turn word \`a\` into word \`b\`. Inserting a letter costs ${p.ins}, deleting one costs ${p.del}, replacing one by a different letter costs ${p.sub}. Print the minimum total cost.`,
    input: 'two words `a b` (lowercase letters).',
    output: 'the minimum cost.',
  }),
  instance: (r, _p, k) => [r.word(r.int(1, size(k.difficulty, 5, 12, 40)), 'abc'), r.word(r.int(1, size(k.difficulty, 5, 12, 40)), 'abc')] as [string, string],
  edges: () => [['abc', 'abc'], ['a', 'b'], ['abca', 'bca']] as [string, string][],
  input: ([a, b]) => `${a} ${b}`,
  solve: (p, [a, b]) => {
    const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j * p.ins : j === 0 ? i * p.del : 0)));
    for (let i = 1; i <= a.length; i++) {
      for (let j = 1; j <= b.length; j++) {
        d[i][j] = Math.min(d[i - 1][j] + p.del, d[i][j - 1] + p.ins, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : p.sub));
      }
    }
    return String(d[a.length][b.length]);
  },
  code: (p) => ({
    python: `INS = ${p.ins}\nDEL = ${p.del}\nSUB = ${p.sub}\n\n\ndef solve():\n    a = tok()\n    b = tok()\n    d = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]\n    for i in range(len(a) + 1):\n        for j in range(len(b) + 1):\n            if i == 0:\n                d[i][j] = j * INS\n            elif j == 0:\n                d[i][j] = i * DEL\n            else:\n                c = 0 if a[i - 1] == b[j - 1] else SUB\n                d[i][j] = min(d[i - 1][j] + DEL, d[i][j - 1] + INS, d[i - 1][j - 1] + c)\n    return d[len(a)][len(b)]`,
    javascript: `const INS = ${p.ins};\nconst DEL = ${p.del};\nconst SUB = ${p.sub};\nfunction solve() {\n  const a = tok();\n  const b = tok();\n  const d = [];\n  for (let i = 0; i <= a.length; i++) {\n    d.push([]);\n    for (let j = 0; j <= b.length; j++) {\n      if (i === 0) d[i].push(j * INS);\n      else if (j === 0) d[i].push(i * DEL);\n      else {\n        const c = a[i - 1] === b[j - 1] ? 0 : SUB;\n        d[i].push(Math.min(d[i - 1][j] + DEL, d[i][j - 1] + INS, d[i - 1][j - 1] + c));\n      }\n    }\n  }\n  return d[a.length][b.length];\n}`,
    rust: `const INS: i64 = ${p.ins};\nconst DEL: i64 = ${p.del};\nconst SUB: i64 = ${p.sub};\nfn solve(sc: &mut Sc) -> String {\n    let a: Vec<char> = sc.tok().chars().collect();\n    let b: Vec<char> = sc.tok().chars().collect();\n    let mut d = vec![vec![0i64; b.len() + 1]; a.len() + 1];\n    for i in 0..=a.len() {\n        for j in 0..=b.len() {\n            d[i][j] = if i == 0 {\n                j as i64 * INS\n            } else if j == 0 {\n                i as i64 * DEL\n            } else {\n                let c = if a[i - 1] == b[j - 1] { 0 } else { SUB };\n                (d[i - 1][j] + DEL).min(d[i][j - 1] + INS).min(d[i - 1][j - 1] + c)\n            };\n        }\n    }\n    d[a.len()][b.len()].to_string()\n}`,
    go: `const INS = ${p.ins}\nconst DEL = ${p.del}\nconst SUB = ${p.sub}\n\nfunc solve() string {\n\ta, b := tok(), tok()\n\td := make([][]int, len(a)+1)\n\tfor i := range d {\n\t\td[i] = make([]int, len(b)+1)\n\t\tfor j := range d[i] {\n\t\t\tif i == 0 {\n\t\t\t\td[i][j] = j * INS\n\t\t\t} else if j == 0 {\n\t\t\t\td[i][j] = i * DEL\n\t\t\t} else {\n\t\t\t\tc := SUB\n\t\t\t\tif a[i-1] == b[j-1] {\n\t\t\t\t\tc = 0\n\t\t\t\t}\n\t\t\t\td[i][j] = min(d[i-1][j]+DEL, d[i][j-1]+INS, d[i-1][j-1]+c)\n\t\t\t}\n\t\t}\n\t}\n\treturn strconv.Itoa(d[len(a)][len(b)])\n}`,
  }),
  wrong: [{
    name: 'always-substitute', why: 'charges a substitution even when the letters are equal',
    patch: {
      python: ['0 if a[i - 1] == b[j - 1] else SUB', 'SUB'], javascript: ['a[i - 1] === b[j - 1] ? 0 : SUB', 'SUB'],
      rust: ['if a[i - 1] == b[j - 1] { 0 } else { SUB }', 'SUB'], go: ['\t\t\t\tif a[i-1] == b[j-1] {\n\t\t\t\t\tc = 0\n\t\t\t\t}\n', ''],
    },
  }],
});

export const gridPaths = family({
  name: 'grid-paths', shape: 'dp', summary: 'monotone paths through a grid with walls (seed-chosen moves), modulo a prime',
  params: (r) => ({ diag: r.bool(), mod: r.pick([1_000_000_007, 998_244_353, 10_007]) }),
  statement: (p) => ({
    title: 'Paths around walls',
    body: `A grid has open cells \`.\` and walls \`#\`. Starting at the top-left cell, each move goes one cell right or one cell down${p.diag ? ' or one cell diagonally down-right' : ''}, ` +
      `never onto a wall. Count the ways to reach the bottom-right cell (0 if the start or the end is a wall), modulo ${p.mod}.`,
    input: '`r c`, then `r` rows of `c` characters.',
    output: `the count modulo ${p.mod}.`,
  }),
  instance: (r, _p, k) => {
    const h = r.int(1, size(k.difficulty, 4, 12, 60));
    const w = r.int(1, size(k.difficulty, 4, 12, 60));
    const wall = r.pick([0.1, 0.2, 0.3]);
    return Array.from({ length: h }, () => Array.from({ length: w }, () => (r.bool(wall) ? '#' : '.')).join(''));
  },
  edges: () => [['#..', '...', '...'], ['..', '..'], ['.#', '#.']],
  input: (g) => `${g.length} ${g[0].length}\n${g.join('\n')}`,
  solve: (p, g) => {
    const h = g.length;
    const w = g[0].length;
    const dp = Array.from({ length: h }, () => new Array<number>(w).fill(0));
    for (let i = 0; i < h; i++) {
      for (let j = 0; j < w; j++) {
        if (i === 0 && j === 0) dp[i][j] = g[0][0] === '.' ? 1 : 0;
        else if (g[i][j] === '#') dp[i][j] = 0;
        else dp[i][j] = ((i > 0 ? dp[i - 1][j] : 0) + (j > 0 ? dp[i][j - 1] : 0) + (p.diag && i > 0 && j > 0 ? dp[i - 1][j - 1] : 0)) % p.mod;
      }
    }
    return String(dp[h - 1][w - 1]);
  },
  code: (p) => ({
    python: `DIAG = ${p.diag ? 'True' : 'False'}\nM = ${p.mod}\n\n\ndef solve():\n    h = num()\n    w = num()\n    g = [tok() for _ in range(h)]\n    dp = [[0] * w for _ in range(h)]\n    for i in range(h):\n        for j in range(w):\n            if i == 0 and j == 0:\n                dp[i][j] = 1 if g[0][0] == "." else 0\n            elif g[i][j] == "#":\n                dp[i][j] = 0\n            else:\n                v = (dp[i - 1][j] if i > 0 else 0) + (dp[i][j - 1] if j > 0 else 0)\n                if DIAG and i > 0 and j > 0:\n                    v += dp[i - 1][j - 1]\n                dp[i][j] = v % M\n    return dp[h - 1][w - 1]`,
    javascript: `const DIAG = ${p.diag};\nconst M = ${p.mod};\nfunction solve() {\n  const h = num();\n  const w = num();\n  const g = [];\n  for (let i = 0; i < h; i++) g.push(tok());\n  const dp = [];\n  for (let i = 0; i < h; i++) {\n    dp.push(new Array(w).fill(0));\n    for (let j = 0; j < w; j++) {\n      if (i === 0 && j === 0) dp[i][j] = g[0][0] === '.' ? 1 : 0;\n      else if (g[i][j] === '#') dp[i][j] = 0;\n      else {\n        let v = (i > 0 ? dp[i - 1][j] : 0) + (j > 0 ? dp[i][j - 1] : 0);\n        if (DIAG && i > 0 && j > 0) v += dp[i - 1][j - 1];\n        dp[i][j] = v % M;\n      }\n    }\n  }\n  return dp[h - 1][w - 1];\n}`,
    rust: `const DIAG: bool = ${p.diag};\nconst M: i64 = ${p.mod};\nfn solve(sc: &mut Sc) -> String {\n    let h = sc.num() as usize;\n    let w = sc.num() as usize;\n    let g: Vec<Vec<u8>> = (0..h).map(|_| sc.tok().into_bytes()).collect();\n    let mut dp = vec![vec![0i64; w]; h];\n    for i in 0..h {\n        for j in 0..w {\n            if i == 0 && j == 0 {\n                dp[i][j] = if g[0][0] == b'.' { 1 } else { 0 };\n            } else if g[i][j] == b'#' {\n                dp[i][j] = 0;\n            } else {\n                let mut v = 0;\n                if i > 0 {\n                    v += dp[i - 1][j];\n                }\n                if j > 0 {\n                    v += dp[i][j - 1];\n                }\n                if DIAG && i > 0 && j > 0 {\n                    v += dp[i - 1][j - 1];\n                }\n                dp[i][j] = v % M;\n            }\n        }\n    }\n    dp[h - 1][w - 1].to_string()\n}`,
    go: `const DIAG = ${p.diag}\nconst M = ${p.mod}\n\nfunc solve() string {\n\th, w := num(), num()\n\tg := make([]string, h)\n\tfor i := range g {\n\t\tg[i] = tok()\n\t}\n\tdp := make([][]int, h)\n\tfor i := 0; i < h; i++ {\n\t\tdp[i] = make([]int, w)\n\t\tfor j := 0; j < w; j++ {\n\t\t\tif i == 0 && j == 0 {\n\t\t\t\tif g[0][0] == '.' {\n\t\t\t\t\tdp[i][j] = 1\n\t\t\t\t}\n\t\t\t} else if g[i][j] != '#' {\n\t\t\t\tv := 0\n\t\t\t\tif i > 0 {\n\t\t\t\t\tv += dp[i-1][j]\n\t\t\t\t}\n\t\t\t\tif j > 0 {\n\t\t\t\t\tv += dp[i][j-1]\n\t\t\t\t}\n\t\t\t\tif DIAG && i > 0 && j > 0 {\n\t\t\t\t\tv += dp[i-1][j-1]\n\t\t\t\t}\n\t\t\t\tdp[i][j] = v % M\n\t\t\t}\n\t\t}\n\t}\n\treturn strconv.Itoa(dp[h-1][w-1])\n}`,
  }),
  wrong: [{
    name: 'start-wall-ignored', why: 'counts paths from the start even when it is a wall',
    patch: {
      python: ['1 if g[0][0] == "." else 0', '1'], javascript: ["g[0][0] === '.' ? 1 : 0", '1'],
      rust: ["if g[0][0] == b'.' { 1 } else { 0 }", '1'], go: ["\t\t\t\tif g[0][0] == '.' {\n\t\t\t\t\tdp[i][j] = 1\n\t\t\t\t}", '\t\t\t\tdp[i][j] = 1'],
    },
  }],
});
