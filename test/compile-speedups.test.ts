// Compile speed-ups that must not change a verdict: the precompiled <iostream> (pch.ts) and Go's
// -s -w link (languages/go.ts). Their speed is measured by `npm run bench:compile`, not here.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/sandbox/engine.js';
import { which } from '../src/sandbox/languages/discover.js';
import { TEST_STATE, makeSandbox } from './helpers.js';

let sb: Sandbox;
const haveGpp = !!which('g++');
const haveGo = !!which('go', ['/usr/local/go/bin']);
beforeAll(async () => {
  sb = await makeSandbox({ slots: 1 });
}, 60_000);
afterAll(async () => {
  await sb?.close();
});
const tag = () => `// ${Date.now()} ${Math.random()}\n`;

describe.skipIf(!haveGpp)('C++ precompiled <iostream>', () => {
  it('is built beside <bits/stdc++.h>, and a program compiles as it would without it', async () => {
    const first = await sb.run({ language: 'cpp', source: `${tag()}#include <iostream>\nint main() { int a, b; std::cin >> a >> b; std::cout << a + b << "\\n"; }\n`, stdin: '2 3' });
    expect(first.stdout).toBe('5\n');
    await sb.settle();
    const pch = join(TEST_STATE, 'gocache', 'pch');
    const dirs = readdirSync(pch).filter((d) => existsSync(join(pch, d, 'iostream.gch')));
    expect(dirs.length, `iostream.gch under ${pch}`).toBeGreaterThan(0);
    // the header is <iostream> alone: a program that needs <vector> and does not include it fails
    const noVector = await sb.run({ language: 'cpp', source: `${tag()}#include <iostream>\nint main() { std::vector<int> v{1}; std::cout << v.size(); }\n` });
    expect(noVector.status).toBe('compile_error');
    // first include served by the PCH, later ones by the headers; a declaration first: no PCH
    const more = await sb.run({ language: 'cpp', source: `${tag()}#include <iostream>\n#include <vector>\nint main() { std::vector<int> v{1, 2}; std::cout << v.size() << "\\n"; }\n` });
    expect(more.stdout).toBe('2\n');
    const late = await sb.run({ language: 'cpp', source: `${tag()}int x = 4;\n#include <iostream>\nint main() { std::cout << x << "\\n"; }\n` });
    expect(late.stdout).toBe('4\n');
    // a macro defined before the include changes the header: g++ must not use the PCH there
    const macro = await sb.run({ language: 'cpp', source: `${tag()}#define cout cerr\n#include <iostream>\nint main() { std::cout << 7 << "\\n"; }\n` });
    expect({ out: macro.stdout, err: macro.stderr }).toEqual({ out: '', err: '7\n' });
  }, 120_000);
});

describe.skipIf(!haveGpp)('a batch', () => {
  it('compiles identical sources once, whichever submissions carry them', async () => {
    const src = `${tag()}#include <cstdio>\nint main() { int a; if (scanf("%d", &a) == 1) printf("%d\\n", a * 2); }\n`;
    const before = sb.cache.misses;
    const vs = await sb.runBatch([1, 2, 3, 4, 5, 6].map((i) => ({ language: 'cpp' as const, source: src, stdin: `${i}` })));
    expect(vs.map((v) => v.stdout)).toEqual(['2\n', '4\n', '6\n', '8\n', '10\n', '12\n']);
    expect(sb.cache.misses - before).toBe(1);
  }, 120_000);
});

describe.skipIf(!haveGo)('Go linked with -s -w', () => {
  it('a panic still names its function and line', async () => {
    const v = await sb.run({ language: 'go', source: `${tag()}package main\n\nfunc f(a []int) int { return a[5] }\n\nfunc main() { println(f([]int{1})) }\n` });
    expect(v.status).toBe('runtime_error');
    expect(v.stderr).toMatch(/index out of range \[5\] with length 1/);
    expect(v.stderr).toMatch(/main\.f\(/);
    expect(v.stderr).toMatch(/main\.go:4/);
  }, 120_000);
});
