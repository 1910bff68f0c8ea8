// Arithmetic families (MBPP/CodeContests shapes): digital roots in a base, divisor counts, sums of
// multiples, numerals with seed-chosen digits, power sums modulo a prime.
import { family } from '../family.js';

const size = (d: number, a: number, b: number, c: number) => (d <= 1 ? a : d === 2 ? b : c);

export const digitalRoot = family({
  name: 'digital-root', shape: 'arithmetic', summary: 'repeated digit sum in a seed-chosen base',
  params: (r) => ({ base: r.int(3, 16) }),
  statement: (p) => ({
    title: `Digital root in base ${p.base}`,
    body: `Write \`n\` in base ${p.base} and replace it by the sum of its digits; repeat while \`n\` has more than one digit in base ${p.base}. Print the final value in decimal.`,
    input: 'a non-negative integer `n` (decimal).',
    output: 'the final value, in decimal.',
  }),
  instance: (r, _p, k) => r.int(0, size(k.difficulty, 1000, 1_000_000, 1_000_000_000)),
  edges: (p) => [p.base, p.base * p.base, 0, p.base - 1],
  input: (n) => String(n),
  solve: (p, n0) => {
    let n = n0;
    while (n >= p.base) {
      let s = 0;
      while (n > 0) {
        s += n % p.base;
        n = Math.floor(n / p.base);
      }
      n = s;
    }
    return String(n);
  },
  code: (p) => ({
    python: `B = ${p.base}\n\n\ndef solve():\n    n = num()\n    while n >= B:\n        s = 0\n        while n > 0:\n            s += n % B\n            n //= B\n        n = s\n    return n`,
    javascript: `const B = ${p.base};\nfunction solve() {\n  let n = num();\n  while (n >= B) {\n    let s = 0;\n    while (n > 0) {\n      s += n % B;\n      n = Math.floor(n / B);\n    }\n    n = s;\n  }\n  return n;\n}`,
    rust: `const B: i64 = ${p.base};\nfn solve(sc: &mut Sc) -> String {\n    let mut n = sc.num();\n    while n >= B {\n        let mut s = 0;\n        while n > 0 {\n            s += n % B;\n            n /= B;\n        }\n        n = s;\n    }\n    n.to_string()\n}`,
    go: `const B = ${p.base}\n\nfunc solve() string {\n\tn := num()\n\tfor n >= B {\n\t\ts := 0\n\t\tfor n > 0 {\n\t\t\ts += n % B\n\t\t\tn /= B\n\t\t}\n\t\tn = s\n\t}\n\treturn strconv.Itoa(n)\n}`,
  }),
  wrong: [{
    name: 'strict-loop', why: 'stops when n equals the base (> instead of >=)',
    patch: { python: ['while n >= B:', 'while n > B:'], javascript: ['while (n >= B)', 'while (n > B)'], rust: ['while n >= B {', 'while n > B {'], go: ['for n >= B {', 'for n > B {'] },
  }],
});

export const divisorCount = family({
  name: 'divisor-count', shape: 'arithmetic', summary: 'count integers in a range with a seed-chosen number of divisors',
  params: (r) => ({ d: r.pick([2, 3, 4, 6]) }),
  statement: (p) => ({
    title: `Numbers with exactly ${p.d} divisors`,
    body: `Count the integers \`x\` with \`a ≤ x ≤ b\` that have exactly ${p.d} positive divisors.`,
    input: 'two integers `a b` (1 ≤ a ≤ b).',
    output: 'the count.',
  }),
  instance: (r, _p, k) => {
    const a = r.int(1, size(k.difficulty, 200, 10_000, 100_000));
    return [a, a + r.int(0, size(k.difficulty, 30, 100, 300))] as [number, number];
  },
  edges: () => [[1, 100], [16, 16], [1, 1]] as [number, number][],
  input: ([a, b]) => `${a} ${b}`,
  solve: (p, [a, b]) => {
    let n = 0;
    for (let x = a; x <= b; x++) {
      let c = 0;
      for (let i = 1; i * i <= x; i++) if (x % i === 0) c += i * i === x ? 1 : 2;
      if (c === p.d) n++;
    }
    return String(n);
  },
  code: (p) => ({
    python: `D = ${p.d}\n\n\ndef nd(x):\n    c = 0\n    i = 1\n    while i * i <= x:\n        if x % i == 0:\n            c += 1 if i * i == x else 2\n        i += 1\n    return c\n\n\ndef solve():\n    a = num()\n    b = num()\n    return sum(1 for x in range(a, b + 1) if nd(x) == D)`,
    javascript: `const D = ${p.d};\nfunction nd(x) {\n  let c = 0;\n  for (let i = 1; i * i <= x; i++) if (x % i === 0) c += i * i === x ? 1 : 2;\n  return c;\n}\nfunction solve() {\n  const a = num();\n  const b = num();\n  let n = 0;\n  for (let x = a; x <= b; x++) if (nd(x) === D) n++;\n  return n;\n}`,
    rust: `const D: i64 = ${p.d};\nfn nd(x: i64) -> i64 {\n    let mut c = 0;\n    let mut i = 1;\n    while i * i <= x {\n        if x % i == 0 {\n            c += if i * i == x { 1 } else { 2 };\n        }\n        i += 1;\n    }\n    c\n}\nfn solve(sc: &mut Sc) -> String {\n    let a = sc.num();\n    let b = sc.num();\n    (a..=b).filter(|&x| nd(x) == D).count().to_string()\n}`,
    go: `const D = ${p.d}\n\nfunc nd(x int) int {\n\tc := 0\n\tfor i := 1; i*i <= x; i++ {\n\t\tif x%i == 0 {\n\t\t\tif i*i == x {\n\t\t\t\tc += 1\n\t\t\t} else {\n\t\t\t\tc += 2\n\t\t\t}\n\t\t}\n\t}\n\treturn c\n}\n\nfunc solve() string {\n\ta, b := num(), num()\n\tn := 0\n\tfor x := a; x <= b; x++ {\n\t\tif nd(x) == D {\n\t\t\tn++\n\t\t}\n\t}\n\treturn strconv.Itoa(n)\n}`,
  }),
  wrong: [{
    name: 'square-root-twice', why: 'counts the square root of a perfect square as two divisors',
    patch: {
      python: ['c += 1 if i * i == x else 2', 'c += 2'], javascript: ['c += i * i === x ? 1 : 2', 'c += 2'],
      rust: ['c += if i * i == x { 1 } else { 2 };', 'c += 2;'], go: ['if i*i == x {\n\t\t\t\tc += 1\n\t\t\t} else {\n\t\t\t\tc += 2\n\t\t\t}', 'c += 2'],
    },
  }],
});

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

export const sumMultiples = family({
  name: 'sum-multiples', shape: 'arithmetic', summary: 'sum of the numbers up to n divisible by A or B (inclusion–exclusion)',
  params: (r) => {
    const a = r.int(2, 9);
    let b = r.int(2, 12);
    while (b === a) b = r.int(2, 12);
    return { a, b, below: r.bool() };
  },
  statement: (p) => ({
    title: `Multiples of ${p.a} or ${p.b}`,
    body: `Sum the positive integers ${p.below ? 'strictly less than' : 'not greater than'} \`n\` that are divisible by ${p.a} or by ${p.b} (or both; each counted once).`,
    input: 'an integer `n` (1 ≤ n).',
    output: 'the sum.',
  }),
  instance: (r, _p, k) => r.int(1, size(k.difficulty, 100, 100_000, 1_000_000)),
  edges: (p) => [p.a * p.b * 3, p.a, 1],
  input: (n) => String(n),
  solve: (p, n0) => {
    const n = n0 - (p.below ? 1 : 0);
    const f = (d: number) => {
      const m = Math.floor(n / d);
      return (d * m * (m + 1)) / 2;
    };
    return String(f(p.a) + f(p.b) - f((p.a * p.b) / gcd(p.a, p.b)));
  },
  code: (p) => {
    const l = (p.a * p.b) / gcd(p.a, p.b);
    const off = p.below ? 1 : 0;
    return {
      python: `A = ${p.a}\nB = ${p.b}\nL = ${l}\n\n\ndef f(n, d):\n    m = n // d\n    return d * m * (m + 1) // 2\n\n\ndef solve():\n    n = num() - ${off}\n    return f(n, A) + f(n, B) - f(n, L)`,
      javascript: `const A = ${p.a};\nconst B = ${p.b};\nconst L = ${l};\nfunction f(n, d) {\n  const m = Math.floor(n / d);\n  return d * m * (m + 1) / 2;\n}\nfunction solve() {\n  const n = num() - ${off};\n  return f(n, A) + f(n, B) - f(n, L);\n}`,
      rust: `const A: i64 = ${p.a};\nconst B: i64 = ${p.b};\nconst L: i64 = ${l};\nfn f(n: i64, d: i64) -> i64 {\n    let m = n / d;\n    d * m * (m + 1) / 2\n}\nfn solve(sc: &mut Sc) -> String {\n    let n = sc.num() - ${off};\n    (f(n, A) + f(n, B) - f(n, L)).to_string()\n}`,
      go: `const A = ${p.a}\nconst B = ${p.b}\nconst L = ${l}\n\nfunc f(n, d int) int {\n\tm := n / d\n\treturn d * m * (m + 1) / 2\n}\n\nfunc solve() string {\n\tn := num() - ${off}\n\treturn strconv.Itoa(f(n, A) + f(n, B) - f(n, L))\n}`,
    };
  },
  wrong: [{
    name: 'double-count', why: 'counts the common multiples twice (no inclusion–exclusion)',
    patch: { python: [' - f(n, L)', ''], javascript: [' - f(n, L)', ''], rust: [' - f(n, L)', ''], go: [' - f(n, L)', ''] },
  }],
});

export const customBase = family({
  name: 'custom-numeral', shape: 'arithmetic', summary: 'write n in a seed-chosen base with seed-chosen digit symbols',
  params: (r) => {
    const base = r.int(2, 12);
    return { base, digits: r.shuffle([...'abcdefghijklmnopqrstuvwxyz']).slice(0, base).join('') };
  },
  statement: (p) => ({
    title: `Base ${p.base} with letters`,
    body: `Write \`n\` in base ${p.base}, using the symbols \`${p.digits}\` for the digit values 0 to ${p.base - 1} in that order ` +
      `(\`${p.digits[0]}\` is 0, \`${p.digits[1]}\` is 1, …). No leading zero symbols; 0 is written as \`${p.digits[0]}\`.`,
    input: 'a non-negative integer `n`.',
    output: 'the numeral.',
  }),
  instance: (r, _p, k) => r.int(0, size(k.difficulty, 500, 1_000_000, 1_000_000_000)),
  edges: (p) => [0, p.base, p.base - 1, p.base * p.base + 1],
  input: (n) => String(n),
  solve: (p, n0) => {
    if (n0 === 0) return p.digits[0];
    let n = n0;
    let s = '';
    while (n > 0) {
      s = p.digits[n % p.base] + s;
      n = Math.floor(n / p.base);
    }
    return s;
  },
  code: (p) => ({
    python: `DIG = "${p.digits}"\nB = ${p.base}\n\n\ndef solve():\n    n = num()\n    if n == 0:\n        return DIG[0]\n    s = ""\n    while n > 0:\n        s = DIG[n % B] + s\n        n //= B\n    return s`,
    javascript: `const DIG = '${p.digits}';\nconst B = ${p.base};\nfunction solve() {\n  let n = num();\n  if (n === 0) return DIG[0];\n  let s = '';\n  while (n > 0) {\n    s = DIG[n % B] + s;\n    n = Math.floor(n / B);\n  }\n  return s;\n}`,
    rust: `const DIG: &[u8] = b"${p.digits}";\nconst B: i64 = ${p.base};\nfn solve(sc: &mut Sc) -> String {\n    let mut n = sc.num();\n    if n == 0 {\n        return (DIG[0] as char).to_string();\n    }\n    let mut s = Vec::new();\n    while n > 0 {\n        s.push(DIG[(n % B) as usize]);\n        n /= B;\n    }\n    s.reverse();\n    String::from_utf8(s).unwrap()\n}`,
    go: `const DIG = "${p.digits}"\nconst B = ${p.base}\n\nfunc solve() string {\n\tn := num()\n\tif n == 0 {\n\t\treturn DIG[0:1]\n\t}\n\ts := ""\n\tfor n > 0 {\n\t\ts = string(DIG[n%B]) + s\n\t\tn /= B\n\t}\n\treturn s\n}`,
  }),
  wrong: [{
    name: 'zero-empty', why: 'prints nothing for 0',
    patch: {
      python: ['    if n == 0:\n        return DIG[0]\n', ''], javascript: ['  if (n === 0) return DIG[0];\n', ''],
      rust: ['    if n == 0 {\n        return (DIG[0] as char).to_string();\n    }\n', ''], go: ['\tif n == 0 {\n\t\treturn DIG[0:1]\n\t}\n', ''],
    },
  }],
});

export const powerSum = family({
  name: 'power-sum', shape: 'arithmetic', summary: 'sum of i^P for i = 1..n modulo a seed-chosen prime',
  params: (r) => ({ pow: r.int(2, 6), mod: r.pick([1009, 2003, 4001, 7919, 9973]) }),
  statement: (p) => ({
    title: `Sum of ${p.pow}th powers modulo ${p.mod}`,
    body: `Compute (1^${p.pow} + 2^${p.pow} + … + n^${p.pow}) modulo ${p.mod}.`,
    input: 'an integer `n` (1 ≤ n).',
    output: 'the value modulo ' + p.mod + '.',
  }),
  instance: (r, _p, k) => r.int(1, size(k.difficulty, 50, 5000, 50_000)),
  edges: () => [1, 2, 10],
  input: (n) => String(n),
  solve: (p, n) => {
    let s = 0;
    for (let i = 1; i <= n; i++) {
      let t = 1;
      for (let j = 0; j < p.pow; j++) t = (t * (i % p.mod)) % p.mod;
      s = (s + t) % p.mod;
    }
    return String(s);
  },
  code: (p) => ({
    python: `P = ${p.pow}\nM = ${p.mod}\n\n\ndef solve():\n    n = num()\n    return sum(pow(i, P, M) for i in range(1, n + 1)) % M`,
    javascript: `const P = ${p.pow};\nconst M = ${p.mod};\nfunction solve() {\n  const n = num();\n  let s = 0;\n  for (let i = 1; i <= n; i++) {\n    let t = 1;\n    for (let j = 0; j < P; j++) t = (t * (i % M)) % M;\n    s = (s + t) % M;\n  }\n  return s;\n}`,
    rust: `const P: i64 = ${p.pow};\nconst M: i64 = ${p.mod};\nfn solve(sc: &mut Sc) -> String {\n    let n = sc.num();\n    let mut s = 0;\n    for i in 1..=n {\n        let mut t = 1;\n        for _ in 0..P {\n            t = t * (i % M) % M;\n        }\n        s = (s + t) % M;\n    }\n    s.to_string()\n}`,
    go: `const P = ${p.pow}\nconst M = ${p.mod}\n\nfunc solve() string {\n\tn := num()\n\ts := 0\n\tfor i := 1; i <= n; i++ {\n\t\tt := 1\n\t\tfor j := 0; j < P; j++ {\n\t\t\tt = t * (i % M) % M\n\t\t}\n\t\ts = (s + t) % M\n\t}\n\treturn strconv.Itoa(s)\n}`,
  }),
  wrong: [{
    name: 'off-by-one', why: 'sums i = 0..n-1 instead of 1..n',
    patch: { python: ['range(1, n + 1)', 'range(n)'], javascript: ['i = 1; i <= n', 'i = 0; i < n'], rust: ['1..=n', '0..n'], go: ['i := 1; i <= n', 'i := 0; i < n'] },
  }],
});
