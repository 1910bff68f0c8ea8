// The workload of `npm run bench:rl`: RL samples of two CodeContests-style stdin/stdout problems in
// the languages of the mix, each sample a source of its own (a comment with a run salt and
// its index: every sample is compiled, as in RL where no two samples are the same text).
//   maxsub: n, then n integers; print the maximum subarray sum. Wrong: best starts at 0 (fails
//           the all-negative tests). Too slow: O(n³), which times out on the one large test.
//   sums:   t, then t lines "a b" with |a|, |b| ≤ 10^12; print a+b per line. Wrong: 32-bit
//           arithmetic or parsing (fails the tests with large values; a crash in some languages).
// Test 1 of every problem is the large one, so a sample of the first k tests keeps it.
import { rng } from '../pipeline/metrics.js';

export type MixLang = 'python' | 'cpp' | 'java' | 'rust' | 'go' | 'javascript';
export type Variant = 'ok' | 'wrong' | 'slow';
export type Problem = 'maxsub' | 'sums';

/** the mix (percent) and each language's name in SandboxFusion's API */
export const MIX: { lang: MixLang; pct: number; sf: string }[] = [
  { lang: 'python', pct: 40, sf: 'python' }, { lang: 'cpp', pct: 30, sf: 'cpp' }, { lang: 'java', pct: 10, sf: 'java' },
  { lang: 'rust', pct: 10, sf: 'rust' }, { lang: 'go', pct: 5, sf: 'go' }, { lang: 'javascript', pct: 5, sf: 'nodejs' },
];

export interface Sample {
  index: number;
  lang: MixLang;
  problem: Problem;
  variant: Variant;
  code: string;
  tests: { stdin: string; stdout: string }[];
  /** per test: whether an honest grader passes it (from the variant's known defect) */
  expectPass: boolean[];
}

const SRC: Record<Problem, Partial<Record<Variant, Record<MixLang, string>>>> = {
  maxsub: {
    ok: {
      python: `import sys\nd = sys.stdin.buffer.read().split()\nn = int(d[0])\nbest = None\ncur = 0\nfor x in map(int, d[1:n + 1]):\n    cur = max(x, cur + x)\n    best = cur if best is None else max(best, cur)\nprint(best)\n`,
      cpp: `#include <bits/stdc++.h>\nusing namespace std;\nint main(){ios::sync_with_stdio(false);cin.tie(nullptr);int n;cin>>n;long long best=LLONG_MIN,cur=0;for(int i=0;i<n;i++){long long x;cin>>x;cur=max(x,cur+x);best=max(best,cur);}cout<<best<<"\\n";}\n`,
      java: `import java.io.*;\nimport java.util.*;\npublic class Main {\n  public static void main(String[] a) throws IOException {\n    StreamTokenizer st = new StreamTokenizer(new BufferedInputStream(System.in));\n    st.nextToken(); int n = (int) st.nval;\n    long best = Long.MIN_VALUE, cur = 0;\n    for (int i = 0; i < n; i++) { st.nextToken(); long x = (long) st.nval; cur = Math.max(x, cur + x); best = Math.max(best, cur); }\n    System.out.println(best);\n  }\n}\n`,
      rust: `use std::io::*;\nfn main(){let mut s=String::new();stdin().read_to_string(&mut s).unwrap();let mut it=s.split_ascii_whitespace().map(|x|x.parse::<i64>().unwrap());let n=it.next().unwrap() as usize;let mut best=i64::MIN;let mut cur=0i64;for _ in 0..n{let x=it.next().unwrap();cur=x.max(cur+x);best=best.max(cur);}println!("{}",best);}\n`,
      go: `package main\n\nimport (\n\t"bufio"\n\t"fmt"\n\t"os"\n)\n\nfunc main() {\n\tr := bufio.NewReaderSize(os.Stdin, 1<<16)\n\tvar n int\n\tfmt.Fscan(r, &n)\n\tbest, cur := int64(-1<<62), int64(0)\n\tfor i := 0; i < n; i++ {\n\t\tvar x int64\n\t\tfmt.Fscan(r, &x)\n\t\tif cur+x > x {\n\t\t\tcur += x\n\t\t} else {\n\t\t\tcur = x\n\t\t}\n\t\tif cur > best {\n\t\t\tbest = cur\n\t\t}\n\t}\n\tfmt.Println(best)\n}\n`,
      javascript: `const d = require('fs').readFileSync(0, 'utf8').split(/\\s+/).filter(Boolean).map(Number);\nconst n = d[0];\nlet best = -Infinity, cur = 0;\nfor (let i = 1; i <= n; i++) { cur = Math.max(d[i], cur + d[i]); best = Math.max(best, cur); }\nconsole.log(String(best));\n`,
    },
    wrong: {
      python: `import sys\nd = sys.stdin.buffer.read().split()\nn = int(d[0])\nbest = 0\ncur = 0\nfor x in map(int, d[1:n + 1]):\n    cur = max(0, cur + x)\n    best = max(best, cur)\nprint(best)\n`,
      cpp: `#include <bits/stdc++.h>\nusing namespace std;\nint main(){int n;cin>>n;long long best=0,cur=0;for(int i=0;i<n;i++){long long x;cin>>x;cur=max(0LL,cur+x);best=max(best,cur);}cout<<best<<"\\n";}\n`,
      java: `import java.util.*;\npublic class Main {\n  public static void main(String[] a) {\n    Scanner sc = new Scanner(System.in);\n    int n = sc.nextInt();\n    long best = 0, cur = 0;\n    for (int i = 0; i < n; i++) { long x = sc.nextLong(); cur = Math.max(0, cur + x); best = Math.max(best, cur); }\n    System.out.println(best);\n  }\n}\n`,
      rust: `use std::io::*;\nfn main(){let mut s=String::new();stdin().read_to_string(&mut s).unwrap();let v:Vec<i64>=s.split_whitespace().map(|x|x.parse().unwrap()).collect();let mut best=0i64;let mut cur=0i64;for &x in &v[1..]{cur=(cur+x).max(0);best=best.max(cur);}println!("{}",best);}\n`,
      go: `package main\n\nimport (\n\t"bufio"\n\t"fmt"\n\t"os"\n)\n\nfunc main() {\n\tr := bufio.NewReader(os.Stdin)\n\tvar n int\n\tfmt.Fscan(r, &n)\n\tbest, cur := 0, 0\n\tfor i := 0; i < n; i++ {\n\t\tvar x int\n\t\tfmt.Fscan(r, &x)\n\t\tcur += x\n\t\tif cur < 0 {\n\t\t\tcur = 0\n\t\t}\n\t\tif cur > best {\n\t\t\tbest = cur\n\t\t}\n\t}\n\tfmt.Println(best)\n}\n`,
      javascript: `const d = require('fs').readFileSync(0, 'utf8').trim().split(/\\s+/).map(Number);\nlet best = 0, cur = 0;\nfor (let i = 1; i <= d[0]; i++) { cur = Math.max(0, cur + d[i]); best = Math.max(best, cur); }\nconsole.log(best);\n`,
    },
    slow: {
      python: `import sys\nd = sys.stdin.buffer.read().split()\nn = int(d[0])\na = list(map(int, d[1:n + 1]))\nbest = a[0]\nfor i in range(n):\n    for j in range(i, n):\n        s = 0\n        for k in range(i, j + 1):\n            s += a[k]\n        if s > best:\n            best = s\nprint(best)\n`,
      cpp: `#include <bits/stdc++.h>\nusing namespace std;\nint main(){int n;scanf("%d",&n);vector<long long>a(n);for(auto&x:a)scanf("%lld",&x);long long best=a[0];for(int i=0;i<n;i++)for(int j=i;j<n;j++){long long s=0;for(int k=i;k<=j;k++)s+=a[k];if(s>best)best=s;}printf("%lld\\n",best);}\n`,
      java: `import java.io.*;\nimport java.util.*;\npublic class Main {\n  public static void main(String[] x) throws IOException {\n    BufferedReader br = new BufferedReader(new InputStreamReader(System.in));\n    StringTokenizer st = new StringTokenizer(br.readLine());\n    int n = Integer.parseInt(st.nextToken());\n    long[] a = new long[n]; int k = 0;\n    while (k < n) { if (!st.hasMoreTokens()) st = new StringTokenizer(br.readLine()); else a[k++] = Long.parseLong(st.nextToken()); }\n    long best = a[0];\n    for (int i = 0; i < n; i++) for (int j = i; j < n; j++) { long s = 0; for (int k = i; k <= j; k++) s += a[k]; if (s > best) best = s; }\n    System.out.println(best);\n  }\n}\n`,
      rust: `use std::io::*;\nfn main(){let mut s=String::new();stdin().read_to_string(&mut s).unwrap();let v:Vec<i64>=s.split_whitespace().map(|x|x.parse().unwrap()).collect();let n=v[0] as usize;let a=&v[1..=n];let mut best=a[0];for i in 0..n{for j in i..n{let mut t=0i64;for k in i..=j{t+=std::hint::black_box(a[k]);}if t>best{best=t;}}}println!("{}",best);}\n`,
      go: `package main\n\nimport (\n\t"bufio"\n\t"fmt"\n\t"os"\n)\n\nfunc main() {\n\tr := bufio.NewReader(os.Stdin)\n\tvar n int\n\tfmt.Fscan(r, &n)\n\ta := make([]int64, n)\n\tfor i := range a {\n\t\tfmt.Fscan(r, &a[i])\n\t}\n\tbest := a[0]\n\tfor i := 0; i < n; i++ {\n\t\tfor j := i; j < n; j++ {\n\t\t\tvar s int64\n\t\t\tfor k := i; k <= j; k++ {\n\t\t\t\ts += a[k]\n\t\t\t}\n\t\t\tif s > best {\n\t\t\t\tbest = s\n\t\t\t}\n\t\t}\n\t}\n\tfmt.Println(best)\n}\n`,
      javascript: `const d = require('fs').readFileSync(0, 'utf8').trim().split(/\\s+/).map(Number);\nconst n = d[0], a = d.slice(1, n + 1);\nlet best = a[0];\nfor (let i = 0; i < n; i++) for (let j = i; j < n; j++) { let s = 0; for (let k = i; k <= j; k++) s += a[k]; if (s > best) best = s; }\nconsole.log(best);\n`,
    },
  },
  sums: {
    ok: {
      python: `import sys\nd = sys.stdin.read().split()\nt = int(d[0])\nprint('\\n'.join(str(int(d[1 + 2 * i]) + int(d[2 + 2 * i])) for i in range(t)))\n`,
      cpp: `#include <iostream>\nint main(){std::ios::sync_with_stdio(false);int t;std::cin>>t;while(t--){long long a,b;std::cin>>a>>b;std::cout<<a+b<<'\\n';}}\n`,
      java: `import java.io.*;\nimport java.util.*;\npublic class Main {\n  public static void main(String[] x) throws IOException {\n    BufferedReader br = new BufferedReader(new InputStreamReader(System.in));\n    int t = Integer.parseInt(br.readLine().trim());\n    StringBuilder sb = new StringBuilder();\n    for (int i = 0; i < t; i++) { StringTokenizer st = new StringTokenizer(br.readLine()); sb.append(Long.parseLong(st.nextToken()) + Long.parseLong(st.nextToken())).append('\\n'); }\n    System.out.print(sb);\n  }\n}\n`,
      rust: `use std::io::*;\nuse std::fmt::Write as W;\nfn main(){let mut s=String::new();stdin().read_to_string(&mut s).unwrap();let mut it=s.split_ascii_whitespace();let t:usize=it.next().unwrap().parse().unwrap();let mut o=String::new();for _ in 0..t{let a:i64=it.next().unwrap().parse().unwrap();let b:i64=it.next().unwrap().parse().unwrap();writeln!(o,"{}",a+b).unwrap();}print!("{}",o);}\n`,
      go: `package main\n\nimport (\n\t"bufio"\n\t"fmt"\n\t"os"\n)\n\nfunc main() {\n\tr := bufio.NewReader(os.Stdin)\n\tw := bufio.NewWriter(os.Stdout)\n\tdefer w.Flush()\n\tvar t int\n\tfmt.Fscan(r, &t)\n\tfor ; t > 0; t-- {\n\t\tvar a, b int64\n\t\tfmt.Fscan(r, &a, &b)\n\t\tfmt.Fprintln(w, a+b)\n\t}\n}\n`,
      javascript: `const d = require('fs').readFileSync(0, 'utf8').trim().split(/\\s+/);\nconst t = +d[0], out = [];\nfor (let i = 0; i < t; i++) out.push(String(BigInt(d[1 + 2 * i]) + BigInt(d[2 + 2 * i])));\nconsole.log(out.join('\\n'));\n`,
    },
    wrong: {
      python: `t = int(input())\nfor _ in range(t):\n    a, b = map(int, input().split())\n    s = a + b\n    print(s if abs(s) < 2**31 else s % 2**31)\n`,
      cpp: `#include <cstdio>\nint main(){int t;scanf("%d",&t);while(t--){long long a,b;scanf("%lld %lld",&a,&b);int s=(int)(a+b);printf("%d\\n",s);}}\n`,
      java: `import java.util.*;\npublic class Main {\n  public static void main(String[] x) {\n    Scanner sc = new Scanner(System.in);\n    int t = sc.nextInt();\n    for (int i = 0; i < t; i++) { int a = sc.nextInt(), b = sc.nextInt(); System.out.println(a + b); }\n  }\n}\n`,
      rust: `use std::io::*;\nfn main(){let mut s=String::new();stdin().read_to_string(&mut s).unwrap();let mut it=s.split_whitespace();let t:usize=it.next().unwrap().parse().unwrap();for _ in 0..t{let a:i32=it.next().unwrap().parse().unwrap();let b:i32=it.next().unwrap().parse().unwrap();println!("{}",a.wrapping_add(b));}}\n`,
      go: `package main\n\nimport "fmt"\n\nfunc main() {\n\tvar t int\n\tfmt.Scan(&t)\n\tfor ; t > 0; t-- {\n\t\tvar a, b int64\n\t\tfmt.Scan(&a, &b)\n\t\tfmt.Println(int32(a + b))\n\t}\n}\n`,
      javascript: `const d = require('fs').readFileSync(0, 'utf8').trim().split(/\\s+/);\nconst t = +d[0];\nfor (let i = 0; i < t; i++) console.log((+d[1 + 2 * i] + +d[2 + 2 * i]) | 0);\n`,
    },
  },
};

// a /v1/grade body carries every completion's tests: 256 × ~60 KB stays well under its 32 MB cap
const LARGE_N = 10_000;

/** 20 tests of a problem (test 1 large), and which of them each variant fails. */
function makeTests(problem: Problem, n: number, r: () => number) {
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const tests: { stdin: string; stdout: string; wrongOk?: boolean; big?: boolean; large?: boolean }[] = [];
  for (let i = 0; i < n; i++) {
    if (problem === 'maxsub') {
      const large = i === 1;
      const negative = i % 4 === 3; // all values negative: the "best starts at 0" defect shows
      const len = large ? LARGE_N : int(1, 60);
      const a = Array.from({ length: len }, () => (negative ? int(-1000, -1) : int(-1000, 1000)));
      let best = -Infinity;
      let cur = 0;
      for (const x of a) {
        cur = Math.max(x, cur + x);
        best = Math.max(best, cur);
      }
      // the defective answer (best and cur start at 0) is right whenever the true one is ≥ 0
      tests.push({ stdin: `${len}\n${a.join(' ')}\n`, stdout: `${best}\n`, wrongOk: best >= 0, large });
    } else {
      const big = i % 5 === 2; // values past 32 bits: the 32-bit defect shows
      const t = i === 1 ? 2000 : int(1, 30);
      const lim = big ? 1e12 : 10_000;
      const rows = Array.from({ length: t }, () => [int(-lim, lim), int(-lim, lim)]);
      tests.push({ stdin: `${t}\n${rows.map((p) => p.join(' ')).join('\n')}\n`, stdout: `${rows.map(([a, b]) => a + b).join('\n')}\n`, big });
    }
  }
  return tests;
}

/** 20 tests for the whole run, per problem (each sample has the same tests as its problem's others:
 * CodeContests samples of one problem share its tests). */
export function makeMix(samples: number, testsPer: number, salt: string, seed = 20261202): Sample[] {
  const r = rng(seed);
  const testsOf = { maxsub: makeTests('maxsub', testsPer, r), sums: makeTests('sums', testsPer, r) };
  // languages in exact proportion, interleaved by a shuffle
  const langs: MixLang[] = [];
  for (const m of MIX) for (let i = 0; i < Math.round((m.pct / 100) * samples); i++) langs.push(m.lang);
  while (langs.length < samples) langs.push('python');
  langs.length = samples;
  for (let i = langs.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [langs[i], langs[j]] = [langs[j], langs[i]];
  }
  return langs.map((lang, index) => {
    const u = r();
    const variant: Variant = u < 0.05 ? 'slow' : u < 0.2 ? 'wrong' : 'ok';
    const problem: Problem = variant === 'slow' ? 'maxsub' : r() < 0.5 ? 'maxsub' : 'sums';
    const tests = testsOf[problem];
    const expectPass = tests.map((t) => variant === 'ok' || (variant === 'slow' ? !t.large : problem === 'maxsub' ? !!t.wrongOk : !t.big));
    const body = SRC[problem][variant]![lang];
    const tag = `rl sample ${salt}-${index}`;
    const code = lang === 'python' ? `# ${tag}\n${body}` : `// ${tag}\n${body}`;
    return { index, lang, problem, variant, code, tests: tests.map(({ stdin, stdout }) => ({ stdin, stdout })), expectPass };
  });
}
