// Simulation families: elimination circles, a stack machine with seed-chosen instruction names,
// a robot on a torus or a walled board with seed-chosen command letters.
import { family } from '../family.js';

const size = (d: number, a: number, b: number, c: number) => (d <= 1 ? a : d === 2 ? b : c);

export const eliminationCircle = family({
  name: 'elimination-circle', shape: 'simulation', summary: 'Josephus circle with a seed-chosen count: the survivor',
  params: (r) => ({ k: r.int(2, 7) }),
  statement: (p) => ({
    title: `Every ${p.k}th leaves`,
    body: `People 1..n stand in a circle. Starting from person 1, count ${p.k} people clockwise (person 1 is counted first); the ${p.k}th leaves the circle. ` +
      `Counting resumes with the next person, and so on until one person is left. Print that person's number.`,
    input: 'an integer `n` (1 ≤ n).',
    output: 'the survivor.',
  }),
  instance: (r, _p, k) => r.int(1, size(k.difficulty, 12, 300, 3000)),
  edges: (p) => [1, 2, p.k, p.k + 1],
  input: (n) => String(n),
  solve: (p, n) => {
    const a = Array.from({ length: n }, (_, i) => i + 1);
    let i = 0;
    while (a.length > 1) {
      i = (i + p.k - 1) % a.length;
      a.splice(i, 1);
    }
    return String(a[0]);
  },
  code: (p) => ({
    python: `K = ${p.k}\n\n\ndef solve():\n    n = num()\n    a = list(range(1, n + 1))\n    i = 0\n    while len(a) > 1:\n        i = (i + K - 1) % len(a)\n        a.pop(i)\n    return a[0]`,
    javascript: `const K = ${p.k};\nfunction solve() {\n  const n = num();\n  const a = [];\n  for (let v = 1; v <= n; v++) a.push(v);\n  let i = 0;\n  while (a.length > 1) {\n    i = (i + K - 1) % a.length;\n    a.splice(i, 1);\n  }\n  return a[0];\n}`,
    rust: `const K: usize = ${p.k};\nfn solve(sc: &mut Sc) -> String {\n    let n = sc.num() as usize;\n    let mut a: Vec<usize> = (1..=n).collect();\n    let mut i = 0;\n    while a.len() > 1 {\n        i = (i + K - 1) % a.len();\n        a.remove(i);\n    }\n    a[0].to_string()\n}`,
    go: `const K = ${p.k}\n\nfunc solve() string {\n\tn := num()\n\ta := make([]int, n)\n\tfor v := range a {\n\t\ta[v] = v + 1\n\t}\n\ti := 0\n\tfor len(a) > 1 {\n\t\ti = (i + K - 1) % len(a)\n\t\ta = append(a[:i], a[i+1:]...)\n\t}\n\treturn strconv.Itoa(a[0])\n}`,
  }),
  wrong: [{
    name: 'count-off-by-one', why: 'skips K people instead of counting the K-th',
    patch: { python: ['(i + K - 1)', '(i + K)'], javascript: ['(i + K - 1)', '(i + K)'], rust: ['(i + K - 1)', '(i + K)'], go: ['(i + K - 1)', '(i + K)'] },
  }],
});

const OPNAMES = ['zap', 'mox', 'plu', 'kev', 'dru', 'fin', 'gor', 'hul', 'jib', 'lom', 'nix', 'qua', 'rif', 'sov', 'tup', 'wex'];

type Op = [number, number?];

export const stackMachine = family({
  name: 'stack-machine', shape: 'simulation', summary: 'run a stack machine whose instruction names are seed-chosen',
  params: (r) => ({ names: r.shuffle([...OPNAMES]).slice(0, 5) }),
  statement: (p) => ({
    title: 'A small stack machine',
    body: `A machine has a stack of integers, initially empty, and five instructions: \`${p.names[0]} x\` pushes \`x\`; \`${p.names[1]}\` removes the top value; ` +
      `\`${p.names[2]}\` pops the top value \`b\` and then \`a\` and pushes \`a + b\`; \`${p.names[3]}\` pops \`b\` then \`a\` and pushes \`a - b\`; ` +
      `\`${p.names[4]}\` pushes a copy of the top value. Programs never pop from a stack with too few values. Print the top value after the program, or \`EMPTY\`.`,
    input: '`n` (the number of instructions), then the instructions.',
    output: 'the top value or `EMPTY`.',
  }),
  instance: (r, _p, k) => {
    const ops: Op[] = [];
    let depth = 0;
    for (let i = r.int(1, size(k.difficulty, 6, 25, 300)); i > 0; i--) {
      const choices = depth === 0 ? [0] : depth === 1 ? [0, 1, 4] : [0, 1, 2, 3, 4];
      const op = r.pick(choices);
      ops.push(op === 0 ? [0, r.int(-20, 99)] : [op]);
      depth += op === 0 || op === 4 ? 1 : op === 1 ? -1 : -1;
    }
    return ops;
  },
  edges: () => [[[0, 5], [0, 3], [3]], [[0, 1], [1]], [[0, 7], [4], [2], [0, 20], [3]]] as Op[][],
  input: (ops, p) => `${ops.length}\n${ops.map(([o, x]) => `${p.names[o]}${x === undefined ? '' : ` ${x}`}`).join('\n')}`,
  solve: (_p, ops) => {
    const st: number[] = [];
    for (const [o, x] of ops) {
      if (o === 0) st.push(x!);
      else if (o === 1) st.pop();
      else if (o === 4) st.push(st[st.length - 1]);
      else {
        const b = st.pop()!;
        const a = st.pop()!;
        st.push(o === 2 ? a + b : a - b);
      }
    }
    return st.length ? String(st[st.length - 1]) : 'EMPTY';
  },
  code: (p) => ({
    python: `OPS = [${p.names.map((n) => `"${n}"`).join(', ')}]\n\n\ndef solve():\n    n = num()\n    st = []\n    for _ in range(n):\n        op = OPS.index(tok())\n        if op == 0:\n            st.append(num())\n        elif op == 1:\n            st.pop()\n        elif op == 4:\n            st.append(st[-1])\n        else:\n            b = st.pop()\n            a = st.pop()\n            st.append(a + b if op == 2 else a - b)\n    return st[-1] if st else "EMPTY"`,
    javascript: `const OPS = [${p.names.map((n) => `'${n}'`).join(', ')}];\nfunction solve() {\n  const n = num();\n  const st = [];\n  for (let i = 0; i < n; i++) {\n    const op = OPS.indexOf(tok());\n    if (op === 0) st.push(num());\n    else if (op === 1) st.pop();\n    else if (op === 4) st.push(st[st.length - 1]);\n    else {\n      const b = st.pop();\n      const a = st.pop();\n      st.push(op === 2 ? a + b : a - b);\n    }\n  }\n  return st.length ? st[st.length - 1] : 'EMPTY';\n}`,
    rust: `const OPS: [&str; 5] = [${p.names.map((n) => `"${n}"`).join(', ')}];\nfn solve(sc: &mut Sc) -> String {\n    let n = sc.num();\n    let mut st: Vec<i64> = Vec::new();\n    for _ in 0..n {\n        let t = sc.tok();\n        let op = OPS.iter().position(|&x| x == t).unwrap();\n        match op {\n            0 => {\n                let x = sc.num();\n                st.push(x);\n            }\n            1 => {\n                st.pop();\n            }\n            4 => {\n                let top = *st.last().unwrap();\n                st.push(top);\n            }\n            _ => {\n                let b = st.pop().unwrap();\n                let a = st.pop().unwrap();\n                st.push(if op == 2 { a + b } else { a - b });\n            }\n        }\n    }\n    match st.last() {\n        Some(v) => v.to_string(),\n        None => "EMPTY".to_string(),\n    }\n}`,
    go: `var OPS = []string{${p.names.map((n) => `"${n}"`).join(', ')}}\n\nfunc solve() string {\n\tn := num()\n\tst := []int{}\n\tfor i := 0; i < n; i++ {\n\t\tt := tok()\n\t\top := 0\n\t\tfor j, name := range OPS {\n\t\t\tif name == t {\n\t\t\t\top = j\n\t\t\t}\n\t\t}\n\t\tswitch op {\n\t\tcase 0:\n\t\t\tst = append(st, num())\n\t\tcase 1:\n\t\t\tst = st[:len(st)-1]\n\t\tcase 4:\n\t\t\tst = append(st, st[len(st)-1])\n\t\tdefault:\n\t\t\tb, a := st[len(st)-1], st[len(st)-2]\n\t\t\tst = st[:len(st)-2]\n\t\t\tif op == 2 {\n\t\t\t\tst = append(st, a+b)\n\t\t\t} else {\n\t\t\t\tst = append(st, a-b)\n\t\t\t}\n\t\t}\n\t}\n\tif len(st) == 0 {\n\t\treturn "EMPTY"\n\t}\n\treturn strconv.Itoa(st[len(st)-1])\n}`,
  }),
  wrong: [{
    name: 'operand-order', why: 'subtracts in the wrong order (b - a)',
    patch: { python: ['else a - b', 'else b - a'], javascript: [': a - b', ': b - a'], rust: ['{ a - b }', '{ b - a }'], go: ['append(st, a-b)', 'append(st, b-a)'] },
  }],
});

const COMPASS = [[0, 1], [1, 0], [0, -1], [-1, 0]]; // N E S W

export const robotWalk = family({
  name: 'robot-walk', shape: 'simulation', summary: 'a robot on a torus or a walled board with seed-chosen command letters',
  params: (r) => ({ letters: r.shuffle([...'abcdefghijklmnopqrstuvwxyz']).slice(0, 4).join(''), wrap: r.bool() }),
  statement: (p) => ({
    title: `Robot on a ${p.wrap ? 'torus' : 'walled board'}`,
    body: `A robot starts at (0, 0) on a board with columns \`0..w-1\` (x) and rows \`0..h-1\` (y). The commands \`${p.letters[0]}\`, \`${p.letters[1]}\`, \`${p.letters[2]}\`, \`${p.letters[3]}\` ` +
      'move it one cell up (y + 1), right (x + 1), down (y - 1) and left (x - 1). ' +
      (p.wrap ? 'The board wraps around: leaving one side enters from the opposite side.' : 'A move that would leave the board is ignored.') + ' Print the final position.',
    input: '`w h`, then the command string (non-empty).',
    output: '`x y`.',
  }),
  instance: (r, p, k) => ({ w: r.int(1, size(k.difficulty, 4, 10, 50)), h: r.int(1, size(k.difficulty, 4, 10, 50)), cmds: r.word(r.int(1, size(k.difficulty, 8, 40, 500)), p.letters) }),
  edges: (p) => [{ w: 3, h: 3, cmds: p.letters[3] }, { w: 2, h: 5, cmds: p.letters[2].repeat(2) + p.letters[1].repeat(3) }],
  input: (x) => `${x.w} ${x.h} ${x.cmds}`,
  solve: (p, { w, h, cmds }) => {
    let x = 0;
    let y = 0;
    for (const c of cmds) {
      const [dx, dy] = COMPASS[p.letters.indexOf(c)];
      const nx = x + dx;
      const ny = y + dy;
      if (p.wrap) {
        x = ((nx % w) + w) % w;
        y = ((ny % h) + h) % h;
      } else if (nx >= 0 && nx < w && ny >= 0 && ny < h) {
        x = nx;
        y = ny;
      }
    }
    return `${x} ${y}`;
  },
  code: (p) => ({
    python: `LETTERS = "${p.letters}"\nWRAP = ${p.wrap ? 'True' : 'False'}\nDX = [0, 1, 0, -1]\nDY = [1, 0, -1, 0]\n\n\ndef solve():\n    w = num()\n    h = num()\n    x = y = 0\n    for c in tok():\n        d = LETTERS.index(c)\n        nx, ny = x + DX[d], y + DY[d]\n        if WRAP:\n            x, y = nx % w, ny % h\n        elif 0 <= nx < w and 0 <= ny < h:\n            x, y = nx, ny\n    return f"{x} {y}"`,
    javascript: `const LETTERS = '${p.letters}';\nconst WRAP = ${p.wrap};\nconst DX = [0, 1, 0, -1];\nconst DY = [1, 0, -1, 0];\nfunction solve() {\n  const w = num();\n  const h = num();\n  let x = 0;\n  let y = 0;\n  for (const c of tok()) {\n    const d = LETTERS.indexOf(c);\n    const nx = x + DX[d];\n    const ny = y + DY[d];\n    if (WRAP) {\n      x = ((nx % w) + w) % w;\n      y = ((ny % h) + h) % h;\n    } else if (nx >= 0 && nx < w && ny >= 0 && ny < h) {\n      x = nx;\n      y = ny;\n    }\n  }\n  return x + ' ' + y;\n}`,
    rust: `const LETTERS: &str = "${p.letters}";\nconst WRAP: bool = ${p.wrap};\nconst DX: [i64; 4] = [0, 1, 0, -1];\nconst DY: [i64; 4] = [1, 0, -1, 0];\nfn solve(sc: &mut Sc) -> String {\n    let w = sc.num();\n    let h = sc.num();\n    let (mut x, mut y) = (0i64, 0i64);\n    for c in sc.tok().chars() {\n        let d = LETTERS.find(c).unwrap();\n        let (nx, ny) = (x + DX[d], y + DY[d]);\n        if WRAP {\n            x = nx.rem_euclid(w);\n            y = ny.rem_euclid(h);\n        } else if nx >= 0 && nx < w && ny >= 0 && ny < h {\n            x = nx;\n            y = ny;\n        }\n    }\n    format!("{} {}", x, y)\n}`,
    go: `const LETTERS = "${p.letters}"\nconst WRAP = ${p.wrap}\n\nvar DX = []int{0, 1, 0, -1}\nvar DY = []int{1, 0, -1, 0}\n\nfunc solve() string {\n\tw, h := num(), num()\n\tx, y := 0, 0\n\tcmds := tok()\n\tfor i := 0; i < len(cmds); i++ {\n\t\td := strings.IndexByte(LETTERS, cmds[i])\n\t\tnx, ny := x+DX[d], y+DY[d]\n\t\tif WRAP {\n\t\t\tx, y = (nx%w+w)%w, (ny%h+h)%h\n\t\t} else if nx >= 0 && nx < w && ny >= 0 && ny < h {\n\t\t\tx, y = nx, ny\n\t\t}\n\t}\n\treturn fmt.Sprintf("%d %d", x, y)\n}`,
  }),
  wrong: [{
    name: 'edge-rule', why: 'wraps around where moves off the board are ignored, or the other way round',
    patch: { python: ['if WRAP:', 'if not WRAP:'], javascript: ['if (WRAP)', 'if (!WRAP)'], rust: ['if WRAP {', 'if !WRAP {'], go: ['if WRAP {', 'if !WRAP {'] },
  }],
});
