// Graph families: component sizes, shortest paths (directed or not), lexicographic topological
// order, grid breadth-first search.
import { family } from '../family.js';
import type { Rng } from '../rng.js';

const size = (d: number, a: number, b: number, c: number) => (d <= 1 ? a : d === 2 ? b : c);
type Graph = { n: number; edges: number[][] };
const graphInput = (g: Graph, extra = '') => `${g.n} ${g.edges.length}${extra}\n${g.edges.map((e) => e.join(' ')).join('\n')}`.trimEnd();

function randomGraph(r: Rng, n: number, m: number, weighted = false): Graph {
  return { n, edges: Array.from({ length: m }, () => [r.int(1, n), r.int(1, n), ...(weighted ? [r.int(1, 100)] : [])]) };
}

export const componentsAtLeast = family({
  name: 'big-components', shape: 'graph', summary: 'count connected components with at least K vertices',
  params: (r) => ({ k: r.int(1, 4) }),
  statement: (p) => ({
    title: `Components of at least ${p.k}`,
    body: `An undirected graph has vertices 1..n. Count its connected components that have at least ${p.k} vertices.`,
    input: '`n m`, then `m` lines `a b` (an edge; loops and repeated edges may occur).',
    output: 'the count.',
  }),
  instance: (r, _p, k) => {
    const n = r.int(1, size(k.difficulty, 8, 60, 1000));
    return randomGraph(r, n, r.int(0, Math.ceil(n * 0.8)));
  },
  edges: (p) => {
    const path = (from: number) => Array.from({ length: p.k - 1 }, (_, i) => [from + i, from + i + 1]);
    return [{ n: 2 * p.k + 1, edges: [...path(1), ...path(p.k + 1)] }, { n: 1, edges: [] }];
  },
  input: (g) => graphInput(g),
  solve: (p, g) => {
    const par = Array.from({ length: g.n + 1 }, (_, i) => i);
    const find = (x: number): number => (par[x] === x ? x : (par[x] = find(par[x])));
    for (const [a, b] of g.edges) par[find(a)] = find(b);
    const cnt = new Map<number, number>();
    for (let v = 1; v <= g.n; v++) cnt.set(find(v), (cnt.get(find(v)) ?? 0) + 1);
    return String([...cnt.values()].filter((s) => s >= p.k).length);
  },
  code: (p) => ({
    python: `K = ${p.k}\n\n\ndef solve():\n    n = num()\n    m = num()\n    par = list(range(n + 1))\n\n    def find(x):\n        while par[x] != x:\n            par[x] = par[par[x]]\n            x = par[x]\n        return x\n\n    for _ in range(m):\n        a = find(num())\n        b = find(num())\n        par[a] = b\n    size = {}\n    for v in range(1, n + 1):\n        r = find(v)\n        size[r] = size.get(r, 0) + 1\n    return sum(1 for s in size.values() if s >= K)`,
    javascript: `const K = ${p.k};\nfunction solve() {\n  const n = num();\n  const m = num();\n  const par = [];\n  for (let i = 0; i <= n; i++) par.push(i);\n  const find = (x) => {\n    while (par[x] !== x) {\n      par[x] = par[par[x]];\n      x = par[x];\n    }\n    return x;\n  };\n  for (let i = 0; i < m; i++) {\n    const a = find(num());\n    const b = find(num());\n    par[a] = b;\n  }\n  const size = new Array(n + 1).fill(0);\n  for (let v = 1; v <= n; v++) size[find(v)]++;\n  return size.filter((s) => s >= K).length;\n}`,
    rust: `const K: usize = ${p.k};\nfn find(par: &mut Vec<usize>, mut x: usize) -> usize {\n    while par[x] != x {\n        par[x] = par[par[x]];\n        x = par[x];\n    }\n    x\n}\nfn solve(sc: &mut Sc) -> String {\n    let n = sc.num() as usize;\n    let m = sc.num();\n    let mut par: Vec<usize> = (0..=n).collect();\n    for _ in 0..m {\n        let a = sc.num() as usize;\n        let b = sc.num() as usize;\n        let ra = find(&mut par, a);\n        let rb = find(&mut par, b);\n        par[ra] = rb;\n    }\n    let mut size = vec![0usize; n + 1];\n    for v in 1..=n {\n        let r = find(&mut par, v);\n        size[r] += 1;\n    }\n    size.iter().filter(|&&s| s >= K).count().to_string()\n}`,
    go: `const K = ${p.k}\n\nfunc solve() string {\n\tn, m := num(), num()\n\tpar := make([]int, n+1)\n\tfor i := range par {\n\t\tpar[i] = i\n\t}\n\tfind := func(x int) int {\n\t\tfor par[x] != x {\n\t\t\tpar[x] = par[par[x]]\n\t\t\tx = par[x]\n\t\t}\n\t\treturn x\n\t}\n\tfor i := 0; i < m; i++ {\n\t\ta := find(num())\n\t\tb := find(num())\n\t\tpar[a] = b\n\t}\n\tsize := make([]int, n+1)\n\tfor v := 1; v <= n; v++ {\n\t\tsize[find(v)]++\n\t}\n\tc := 0\n\tfor _, s := range size {\n\t\tif s >= K {\n\t\t\tc++\n\t\t}\n\t}\n\treturn strconv.Itoa(c)\n}`,
  }),
  wrong: [{
    name: 'strict-size', why: 'counts only components larger than K (> instead of >=)',
    patch: { python: ['s >= K', 's > K'], javascript: ['s >= K', 's > K'], rust: ['s >= K', 's > K'], go: ['s >= K', 's > K'] },
  }],
});

export const shortestPath = family({
  name: 'shortest-path', shape: 'graph', summary: 'weighted shortest path, directed or undirected (seed-chosen), -1 if unreachable',
  params: (r) => ({ directed: r.bool() }),
  statement: (p) => ({
    title: `Shortest ${p.directed ? 'directed ' : ''}route`,
    body: `A graph has vertices 1..n and weighted ${p.directed ? 'one-way edges (an edge `a b w` goes from a to b only)' : 'two-way edges'}. ` +
      'Print the smallest total weight of a path from `s` to `t`, or -1 if there is none.',
    input: '`n m s t`, then `m` lines `a b w` (1 ≤ w ≤ 100).',
    output: 'the distance or -1.',
  }),
  instance: (r, _p, k) => {
    const n = r.int(2, size(k.difficulty, 6, 40, 200));
    return { g: randomGraph(r, n, r.int(0, n * 2), true), s: r.int(1, n), t: r.int(1, n) };
  },
  edges: () => [{ g: { n: 3, edges: [[1, 2, 5]] }, s: 2, t: 1 }, { g: { n: 2, edges: [] }, s: 1, t: 1 }, { g: { n: 3, edges: [[1, 2, 5], [2, 3, 5], [1, 3, 20]] }, s: 1, t: 3 }],
  input: (x) => graphInput(x.g, ` ${x.s} ${x.t}`),
  solve: (p, { g, s, t }) => {
    const dist = new Array<number>(g.n + 1).fill(Infinity);
    const done = new Array<boolean>(g.n + 1).fill(false);
    dist[s] = 0;
    for (let it = 0; it < g.n; it++) {
      let u = -1;
      for (let v = 1; v <= g.n; v++) if (!done[v] && (u < 0 || dist[v] < dist[u])) u = v;
      if (dist[u] === Infinity) break;
      done[u] = true;
      for (const [a, b, w] of g.edges) {
        if (a === u && dist[u] + w < dist[b]) dist[b] = dist[u] + w;
        if (!p.directed && b === u && dist[u] + w < dist[a]) dist[a] = dist[u] + w;
      }
    }
    return String(dist[t] === Infinity ? -1 : dist[t]);
  },
  code: (p) => ({
    python: `DIRECTED = ${p.directed ? 'True' : 'False'}\nINF = 10**18\n\n\ndef solve():\n    n, m, s, t = num(), num(), num(), num()\n    adj = [[] for _ in range(n + 1)]\n    for _ in range(m):\n        a, b, w = num(), num(), num()\n        adj[a].append((b, w))\n        if not DIRECTED:\n            adj[b].append((a, w))\n    dist = [INF] * (n + 1)\n    done = [False] * (n + 1)\n    dist[s] = 0\n    for _ in range(n):\n        u = -1\n        for v in range(1, n + 1):\n            if not done[v] and (u < 0 or dist[v] < dist[u]):\n                u = v\n        if dist[u] == INF:\n            break\n        done[u] = True\n        for v, w in adj[u]:\n            if dist[u] + w < dist[v]:\n                dist[v] = dist[u] + w\n    return -1 if dist[t] == INF else dist[t]`,
    javascript: `const DIRECTED = ${p.directed};\nfunction solve() {\n  const n = num(), m = num(), s = num(), t = num();\n  const adj = [];\n  for (let i = 0; i <= n; i++) adj.push([]);\n  for (let i = 0; i < m; i++) {\n    const a = num(), b = num(), w = num();\n    adj[a].push([b, w]);\n    if (!DIRECTED) adj[b].push([a, w]);\n  }\n  const dist = new Array(n + 1).fill(Infinity);\n  const done = new Array(n + 1).fill(false);\n  dist[s] = 0;\n  for (let it = 0; it < n; it++) {\n    let u = -1;\n    for (let v = 1; v <= n; v++) if (!done[v] && (u < 0 || dist[v] < dist[u])) u = v;\n    if (dist[u] === Infinity) break;\n    done[u] = true;\n    for (const [v, w] of adj[u]) if (dist[u] + w < dist[v]) dist[v] = dist[u] + w;\n  }\n  return dist[t] === Infinity ? -1 : dist[t];\n}`,
    rust: `const DIRECTED: bool = ${p.directed};\nconst INF: i64 = i64::MAX;\nfn solve(sc: &mut Sc) -> String {\n    let n = sc.num() as usize;\n    let m = sc.num();\n    let s = sc.num() as usize;\n    let t = sc.num() as usize;\n    let mut adj: Vec<Vec<(usize, i64)>> = vec![Vec::new(); n + 1];\n    for _ in 0..m {\n        let a = sc.num() as usize;\n        let b = sc.num() as usize;\n        let w = sc.num();\n        adj[a].push((b, w));\n        if !DIRECTED {\n            adj[b].push((a, w));\n        }\n    }\n    let mut dist = vec![INF; n + 1];\n    let mut done = vec![false; n + 1];\n    dist[s] = 0;\n    for _ in 0..n {\n        let mut u = 0;\n        for v in 1..=n {\n            if !done[v] && (u == 0 || dist[v] < dist[u]) {\n                u = v;\n            }\n        }\n        if dist[u] == INF {\n            break;\n        }\n        done[u] = true;\n        for &(v, w) in &adj[u] {\n            if dist[u] + w < dist[v] {\n                dist[v] = dist[u] + w;\n            }\n        }\n    }\n    if dist[t] == INF { "-1".to_string() } else { dist[t].to_string() }\n}`,
    go: `const DIRECTED = ${p.directed}\nconst INF = 1 << 60\n\nfunc solve() string {\n\tn, m, s, t := num(), num(), num(), num()\n\tadj := make([][][2]int, n+1)\n\tfor i := 0; i < m; i++ {\n\t\ta, b, w := num(), num(), num()\n\t\tadj[a] = append(adj[a], [2]int{b, w})\n\t\tif !DIRECTED {\n\t\t\tadj[b] = append(adj[b], [2]int{a, w})\n\t\t}\n\t}\n\tdist := make([]int, n+1)\n\tdone := make([]bool, n+1)\n\tfor i := range dist {\n\t\tdist[i] = INF\n\t}\n\tdist[s] = 0\n\tfor it := 0; it < n; it++ {\n\t\tu := -1\n\t\tfor v := 1; v <= n; v++ {\n\t\t\tif !done[v] && (u < 0 || dist[v] < dist[u]) {\n\t\t\t\tu = v\n\t\t\t}\n\t\t}\n\t\tif dist[u] == INF {\n\t\t\tbreak\n\t\t}\n\t\tdone[u] = true\n\t\tfor _, e := range adj[u] {\n\t\t\tif dist[u]+e[1] < dist[e[0]] {\n\t\t\t\tdist[e[0]] = dist[u] + e[1]\n\t\t\t}\n\t\t}\n\t}\n\tif dist[t] == INF {\n\t\treturn "-1"\n\t}\n\treturn strconv.Itoa(dist[t])\n}`,
  }),
  wrong: [{
    name: 'direction', why: 'reads one-way edges as two-way, or two-way edges as one-way',
    patch: { python: ['if not DIRECTED:', 'if DIRECTED:'], javascript: ['if (!DIRECTED)', 'if (DIRECTED)'], rust: ['if !DIRECTED {', 'if DIRECTED {'], go: ['if !DIRECTED {', 'if DIRECTED {'] },
  }],
});

export const topoOrder = family({
  name: 'topo-order', shape: 'graph', summary: 'lexicographically smallest or largest (seed-chosen) topological order, CYCLE if none',
  params: (r) => ({ smallest: r.bool() }),
  statement: (p) => ({
    title: `${p.smallest ? 'Smallest' : 'Largest'} task order`,
    body: 'Tasks 1..n must be ordered so that for every rule `a b`, task `a` comes before task `b`. ' +
      `Among all valid orders print the lexicographically ${p.smallest ? 'smallest' : 'largest'} one (compare the first task, then the second, …), or \`CYCLE\` if there is no valid order.`,
    input: '`n m`, then `m` rules `a b`.',
    output: 'the order (space-separated) or `CYCLE`.',
  }),
  instance: (r, _p, k) => {
    const n = r.int(1, size(k.difficulty, 6, 30, 150));
    const perm = r.shuffle(Array.from({ length: n }, (_, i) => i + 1));
    const edges: number[][] = [];
    for (let i = r.int(0, n); i > 0 && n > 1; i--) {
      const a = r.int(0, n - 2);
      edges.push([perm[a], perm[r.int(a + 1, n - 1)]]);
    }
    if (n > 1 && r.bool(0.2)) edges.push([perm[n - 1], perm[0]]);
    return { n, edges };
  },
  edges: () => [{ n: 3, edges: [] }, { n: 3, edges: [[1, 2], [2, 3], [3, 1]] }, { n: 4, edges: [[3, 1], [4, 2]] }],
  input: (g) => graphInput(g),
  solve: (p, g) => {
    const indeg = new Array<number>(g.n + 1).fill(0);
    for (const [, b] of g.edges) indeg[b]++;
    const used = new Array<boolean>(g.n + 1).fill(false);
    const out: number[] = [];
    for (let it = 0; it < g.n; it++) {
      let u = 0;
      for (let i = 1; i <= g.n; i++) {
        const v = p.smallest ? i : g.n + 1 - i;
        if (!used[v] && indeg[v] === 0) {
          u = v;
          break;
        }
      }
      if (!u) return 'CYCLE';
      used[u] = true;
      out.push(u);
      for (const [a, b] of g.edges) if (a === u) indeg[b]--;
    }
    return out.join(' ');
  },
  code: (p) => ({
    python: `SMALLEST = ${p.smallest ? 'True' : 'False'}\n\n\ndef solve():\n    n = num()\n    m = num()\n    adj = [[] for _ in range(n + 1)]\n    indeg = [0] * (n + 1)\n    for _ in range(m):\n        a = num()\n        b = num()\n        adj[a].append(b)\n        indeg[b] += 1\n    order = list(range(1, n + 1))\n    if not SMALLEST:\n        order.reverse()\n    used = [False] * (n + 1)\n    out = []\n    for _ in range(n):\n        u = next((v for v in order if not used[v] and indeg[v] == 0), 0)\n        if u == 0:\n            return "CYCLE"\n        used[u] = True\n        out.append(u)\n        for v in adj[u]:\n            indeg[v] -= 1\n    return " ".join(map(str, out))`,
    javascript: `const SMALLEST = ${p.smallest};\nfunction solve() {\n  const n = num();\n  const m = num();\n  const adj = [];\n  for (let i = 0; i <= n; i++) adj.push([]);\n  const indeg = new Array(n + 1).fill(0);\n  for (let i = 0; i < m; i++) {\n    const a = num();\n    const b = num();\n    adj[a].push(b);\n    indeg[b]++;\n  }\n  const order = [];\n  for (let v = 1; v <= n; v++) order.push(v);\n  if (!SMALLEST) order.reverse();\n  const used = new Array(n + 1).fill(false);\n  const out = [];\n  for (let it = 0; it < n; it++) {\n    const u = order.find((v) => !used[v] && indeg[v] === 0);\n    if (u === undefined) return 'CYCLE';\n    used[u] = true;\n    out.push(u);\n    for (const v of adj[u]) indeg[v]--;\n  }\n  return out.join(' ');\n}`,
    rust: `const SMALLEST: bool = ${p.smallest};\nfn solve(sc: &mut Sc) -> String {\n    let n = sc.num() as usize;\n    let m = sc.num();\n    let mut adj: Vec<Vec<usize>> = vec![Vec::new(); n + 1];\n    let mut indeg = vec![0; n + 1];\n    for _ in 0..m {\n        let a = sc.num() as usize;\n        let b = sc.num() as usize;\n        adj[a].push(b);\n        indeg[b] += 1;\n    }\n    let mut order: Vec<usize> = (1..=n).collect();\n    if !SMALLEST {\n        order.reverse();\n    }\n    let mut used = vec![false; n + 1];\n    let mut out: Vec<String> = Vec::new();\n    for _ in 0..n {\n        let u = match order.iter().find(|&&v| !used[v] && indeg[v] == 0) {\n            Some(&v) => v,\n            None => return "CYCLE".to_string(),\n        };\n        used[u] = true;\n        out.push(u.to_string());\n        for &v in &adj[u] {\n            indeg[v] -= 1;\n        }\n    }\n    out.join(" ")\n}`,
    go: `const SMALLEST = ${p.smallest}\n\nfunc solve() string {\n\tn, m := num(), num()\n\tadj := make([][]int, n+1)\n\tindeg := make([]int, n+1)\n\tfor i := 0; i < m; i++ {\n\t\ta, b := num(), num()\n\t\tadj[a] = append(adj[a], b)\n\t\tindeg[b]++\n\t}\n\torder := make([]int, 0, n)\n\tfor v := 1; v <= n; v++ {\n\t\torder = append(order, v)\n\t}\n\tif !SMALLEST {\n\t\tsort.Sort(sort.Reverse(sort.IntSlice(order)))\n\t}\n\tused := make([]bool, n+1)\n\tout := make([]string, 0, n)\n\tfor it := 0; it < n; it++ {\n\t\tu := 0\n\t\tfor _, v := range order {\n\t\t\tif !used[v] && indeg[v] == 0 {\n\t\t\t\tu = v\n\t\t\t\tbreak\n\t\t\t}\n\t\t}\n\t\tif u == 0 {\n\t\t\treturn "CYCLE"\n\t\t}\n\t\tused[u] = true\n\t\tout = append(out, strconv.Itoa(u))\n\t\tfor _, v := range adj[u] {\n\t\t\tindeg[v]--\n\t\t}\n\t}\n\treturn strings.Join(out, " ")\n}`,
  }),
  wrong: [{
    name: 'wrong-end', why: 'takes the smallest available task when the largest is asked for, or the other way round',
    patch: { python: ['if not SMALLEST:', 'if SMALLEST:'], javascript: ['if (!SMALLEST)', 'if (SMALLEST)'], rust: ['if !SMALLEST {', 'if SMALLEST {'], go: ['if !SMALLEST {', 'if SMALLEST {'] },
  }],
});

const DIRS4 = [[0, 1], [1, 0], [0, -1], [-1, 0]];
const DIRS8 = [...DIRS4, [1, 1], [1, -1], [-1, 1], [-1, -1]];

export const gridBfs = family({
  name: 'grid-bfs', shape: 'graph', summary: 'fewest moves from S to T on a grid with walls (4 or 8 neighbours, seed-chosen)',
  params: (r) => ({ eight: r.bool() }),
  statement: (p) => ({
    title: `Shortest walk (${p.eight ? '8' : '4'} directions)`,
    body: `A grid has open cells \`.\`, walls \`#\`, a start \`S\` and a target \`T\` (both open). A move goes to one of the ${p.eight ? '8 surrounding cells (diagonals included)' : '4 cells sharing a side'}, ` +
      'never onto a wall or off the grid. Print the fewest moves from S to T, or -1 if T cannot be reached.',
    input: '`r c`, then `r` rows of `c` characters.',
    output: 'the number of moves or -1.',
  }),
  instance: (r, _p, k) => {
    const h = r.int(1, size(k.difficulty, 5, 15, 60));
    const w = r.int(h === 1 ? 2 : 1, size(k.difficulty, 5, 15, 60));
    const wall = r.pick([0.1, 0.25, 0.4]);
    const g = Array.from({ length: h }, () => Array.from({ length: w }, (): string => (r.bool(wall) ? '#' : '.')));
    const s = r.int(0, h * w - 1);
    let t = r.int(0, h * w - 2);
    if (t >= s) t++;
    g[Math.floor(s / w)][s % w] = 'S';
    g[Math.floor(t / w)][t % w] = 'T';
    return g.map((row) => row.join(''));
  },
  edges: () => [['ST'], ['S#', '#T'], ['S.#', '.##', '..T']],
  input: (g) => `${g.length} ${g[0].length}\n${g.join('\n')}`,
  solve: (p, g) => {
    const h = g.length;
    const w = g[0].length;
    const dist = g.map((row) => [...row].map(() => -1));
    const q: [number, number][] = [];
    for (let i = 0; i < h; i++) for (let j = 0; j < w; j++) if (g[i][j] === 'S') { q.push([i, j]); dist[i][j] = 0; }
    for (let k = 0; k < q.length; k++) {
      const [i, j] = q[k];
      if (g[i][j] === 'T') return String(dist[i][j]);
      for (const [di, dj] of p.eight ? DIRS8 : DIRS4) {
        const a = i + di;
        const b = j + dj;
        if (a >= 0 && a < h && b >= 0 && b < w && g[a][b] !== '#' && dist[a][b] < 0) {
          dist[a][b] = dist[i][j] + 1;
          q.push([a, b]);
        }
      }
    }
    return '-1';
  },
  code: (p) => {
    const dirs = p.eight ? DIRS8 : DIRS4;
    const list = (open: string, close: string) => dirs.map(([a, b]) => `${open}${a}, ${b}${close}`).join(', ');
    return {
      python: `DIRS = [${list('(', ')')}]\n\n\ndef solve():\n    h = num()\n    w = num()\n    g = [tok() for _ in range(h)]\n    dist = [[-1] * w for _ in range(h)]\n    q = []\n    for i in range(h):\n        for j in range(w):\n            if g[i][j] == "S":\n                q.append((i, j))\n                dist[i][j] = 0\n    k = 0\n    while k < len(q):\n        i, j = q[k]\n        k += 1\n        if g[i][j] == "T":\n            return dist[i][j]\n        for di, dj in DIRS:\n            a, b = i + di, j + dj\n            if 0 <= a < h and 0 <= b < w and g[a][b] != "#" and dist[a][b] < 0:\n                dist[a][b] = dist[i][j] + 1\n                q.append((a, b))\n    return -1`,
      javascript: `const DIRS = [${list('[', ']')}];\nfunction solve() {\n  const h = num();\n  const w = num();\n  const g = [];\n  for (let i = 0; i < h; i++) g.push(tok());\n  const dist = g.map((row) => new Array(w).fill(-1));\n  const q = [];\n  for (let i = 0; i < h; i++) for (let j = 0; j < w; j++) if (g[i][j] === 'S') {\n    q.push([i, j]);\n    dist[i][j] = 0;\n  }\n  for (let k = 0; k < q.length; k++) {\n    const [i, j] = q[k];\n    if (g[i][j] === 'T') return dist[i][j];\n    for (const [di, dj] of DIRS) {\n      const a = i + di;\n      const b = j + dj;\n      if (a >= 0 && a < h && b >= 0 && b < w && g[a][b] !== '#' && dist[a][b] < 0) {\n        dist[a][b] = dist[i][j] + 1;\n        q.push([a, b]);\n      }\n    }\n  }\n  return -1;\n}`,
      rust: `const DIRS: &[(i64, i64)] = &[${list('(', ')')}];\nfn solve(sc: &mut Sc) -> String {\n    let h = sc.num() as usize;\n    let w = sc.num() as usize;\n    let g: Vec<Vec<u8>> = (0..h).map(|_| sc.tok().into_bytes()).collect();\n    let mut dist = vec![vec![-1i64; w]; h];\n    let mut q: Vec<(usize, usize)> = Vec::new();\n    for i in 0..h {\n        for j in 0..w {\n            if g[i][j] == b'S' {\n                q.push((i, j));\n                dist[i][j] = 0;\n            }\n        }\n    }\n    let mut k = 0;\n    while k < q.len() {\n        let (i, j) = q[k];\n        k += 1;\n        if g[i][j] == b'T' {\n            return dist[i][j].to_string();\n        }\n        for &(di, dj) in DIRS {\n            let a = i as i64 + di;\n            let b = j as i64 + dj;\n            if a >= 0 && a < h as i64 && b >= 0 && b < w as i64 {\n                let (a, b) = (a as usize, b as usize);\n                if g[a][b] != b'#' && dist[a][b] < 0 {\n                    dist[a][b] = dist[i][j] + 1;\n                    q.push((a, b));\n                }\n            }\n        }\n    }\n    "-1".to_string()\n}`,
      go: `var DIRS = [][2]int{${list('{', '}')}}\n\nfunc solve() string {\n\th, w := num(), num()\n\tg := make([]string, h)\n\tfor i := range g {\n\t\tg[i] = tok()\n\t}\n\tdist := make([][]int, h)\n\tq := [][2]int{}\n\tfor i := range dist {\n\t\tdist[i] = make([]int, w)\n\t\tfor j := range dist[i] {\n\t\t\tdist[i][j] = -1\n\t\t\tif g[i][j] == 'S' {\n\t\t\t\tq = append(q, [2]int{i, j})\n\t\t\t\tdist[i][j] = 0\n\t\t\t}\n\t\t}\n\t}\n\tfor k := 0; k < len(q); k++ {\n\t\ti, j := q[k][0], q[k][1]\n\t\tif g[i][j] == 'T' {\n\t\t\treturn strconv.Itoa(dist[i][j])\n\t\t}\n\t\tfor _, d := range DIRS {\n\t\t\ta, b := i+d[0], j+d[1]\n\t\t\tif a >= 0 && a < h && b >= 0 && b < w && g[a][b] != '#' && dist[a][b] < 0 {\n\t\t\t\tdist[a][b] = dist[i][j] + 1\n\t\t\t\tq = append(q, [2]int{a, b})\n\t\t\t}\n\t\t}\n\t}\n\treturn "-1"\n}`,
    };
  },
  wrong: [{
    name: 'start-counts', why: 'gives the start distance 1 (counts cells instead of moves)',
    patch: {
      python: ['dist[i][j] = 0', 'dist[i][j] = 1'], javascript: ['dist[i][j] = 0', 'dist[i][j] = 1'],
      rust: ['dist[i][j] = 0;', 'dist[i][j] = 1;'], go: ['\t\t\t\tdist[i][j] = 0', '\t\t\t\tdist[i][j] = 1'],
    },
  }],
});
