// The JavaScript/TypeScript multi-test runner (runTests with >= 2 inputs runs them in one node
// process, src/sandbox/languages/node/): verdicts must be those of one process per input; the
// program is an adversary that can patch anything in its realm, and nothing it does may change
// another test's verdict or its own accounting. Each check compares with one process per input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/sandbox/engine.js';
import type { Language, Limits, Submission, TestInput, Verdict } from '../src/sandbox/types.js';
import { nodeManyEligible } from '../src/sandbox/languages/node-many.js';
import { loadBuiltinProblems } from '../src/benchmarks/builtin.js';
import { makeSandbox, countRunRequests } from './helpers.js';

let sb: Sandbox;
let runs: { n: number };
beforeAll(async () => {
  sb = await makeSandbox();
  runs = countRunRequests(sb);
}, 60_000);
afterAll(async () => {
  await sb?.close();
});

const js = (source: string, limits?: Partial<Limits>, language: Language = 'javascript'): Submission =>
  ({ language, source, ...(limits ? { limits } : {}) });
const pick = (v: Verdict) => ({ status: v.status, exit_code: v.exit_code, signal: v.signal, stdout: v.stdout, stderr: v.stderr });
/** stderr names the task directory, which differs between slots; a time-out's signal is whichever
 * of the CPU watch (SIGKILL) and RLIMIT_CPU (SIGXCPU) came first, which differs between two fresh
 * processes too on a loaded host */
const norm = (v: Verdict) => ({ ...pick(v), stderr: v.stderr.replace(/\/tmp\/t\d+\//g, '/tmp/tN/'),
  ...(v.status === 'time_limit' ? { signal: null, exit_code: null } : {}) });

/** runTests through the runner and one process per input: equal verdicts; how many run requests the
 * runner took (1 = every test in the one process). */
async function same(sub: Submission, stdins: string[]): Promise<{ vs: Verdict[]; requests: number }> {
  const inputs: TestInput[] = stdins.map((stdin) => ({ stdin }));
  const before = runs.n;
  const vs = await sb.runTests(sub, inputs);
  const requests = runs.n - before;
  const one = await Promise.all(inputs.map((x) => sb.run({ ...sub, stdin: x.stdin })));
  expect(vs.map(norm)).toEqual(one.map(norm));
  return { vs, requests };
}

const nums = (n: number) => Array.from({ length: n }, (_, i) => `${i}\n${Array.from({ length: i + 1 }, (_, j) => j * i).join(' ')}\n`);

describe('honest programs: one process for all tests, the verdicts of one process each', () => {
  it('fs.readFileSync(0), console, process.stdout.write, process.exit, process.exitCode, uncaught errors', async () => {
    const { vs, requests } = await same(js(`
const lines = require('fs').readFileSync(0, 'utf8').split('\\n');
const k = Number(lines[0]);
const sum = lines[1].split(' ').map(Number).reduce((a, b) => a + b, 0);
globalThis.calls = (globalThis.calls || 0) + 1;
console.log('k=' + k, sum, 'calls', calls, -0, 10n, null, undefined, true);
console.error('note', k);
if (k % 7 === 3) process.exit(k);
if (k % 7 === 4) throw new Error('bad k ' + k);
if (k % 7 === 5) process.exitCode = 9;
if (k % 7 === 6) process.stdout.write('no newline');
`), nums(12));
    // the uncaught errors (k = 4, 11) go to a fresh process for node's exact report
    expect(requests).toBe(1 + 2);
    expect(vs[0].stdout).toBe('k=0 0 calls 1 -0 10n null undefined true\n');
    expect(vs[3]).toMatchObject({ status: 'runtime_error', exit_code: 3 });
    expect(vs[4].stderr).toMatch(/Error: bad k 4/);
    expect(vs[5]).toMatchObject({ status: 'runtime_error', exit_code: 9 });
    expect(vs.every((v) => v.stdout === '' || v.stdout.includes('calls 1 '))).toBe(true);
  }, 120_000);

  it('readline (lines, close, async/await on close), stdin data/end events, /dev/stdin as a Buffer', async () => {
    const inputs = ['3\n1 2 3\n', 'x', '', 'a\nb\n\nc', 'é漢字\n'.repeat(3)];
    for (const src of [
      `const rl = require('readline').createInterface({ input: process.stdin, output: process.stdout, terminal: false });
const L = []; rl.on('line', (l) => L.push(l)); rl.on('close', () => console.log(L.length, JSON.stringify(L)));`,
      `async function main() {
  const lines = await new Promise((res) => { const L = []; const rl = require('node:readline').createInterface({ input: process.stdin });
    rl.on('line', (l) => { L.push(l); if (L.length === 2) rl.close(); }); rl.on('close', () => res(L)); });
  await null;
  console.log(lines.join('|'));
}
main();`,
      `let s = ''; process.stdin.setEncoding('utf8'); process.stdin.on('data', (c) => { s += c; });
process.stdin.on('end', () => { process.stdout.write(s.length + ' ' + s.split('\\n').length + '\\n'); });`,
      `let s = ''; process.stdin.on('data', (c) => { s += c; }); process.stdin.on('end', () => console.log(s.trim().length));`,
      `const b = require('fs').readFileSync('/dev/stdin'); console.log(b.length, String(b).length, b.toString('utf8') === b + '');
console.log(require('fs').readFileSync(0, 'utf-8').length, require('fs').readFileSync(0, 'utf8').length);`,
    ]) {
      const { requests } = await same(js(src), inputs);
      expect(requests, src).toBe(1);
    }
  }, 120_000);

  it('stdin over 64 KiB arrives in the chunks a fresh process reads (a character split between two)', async () => {
    const big = 'x'.repeat(65535) + 'é' + 'y'.repeat(70000) + '\n'; // é straddles the first 64 KiB boundary
    const { requests } = await same(js(`const parts = []; process.stdin.on('data', (c) => parts.push(String(c)));
process.stdin.on('end', () => console.log(parts.length, parts.map((p) => p.length).join(','), parts.join('').includes('é')));`), [big, 'small\n']);
    expect(requests).toBe(1);
  }, 120_000);

  it('TypeScript runs through it too', async () => {
    const { vs, requests } = await same(js(`const data: string = require('fs').readFileSync(0, 'utf8');
const xs: number[] = data.split(/\\s+/).filter(Boolean).map(Number);
console.log(xs.reduce((a: number, b: number) => a + b, 0));`, undefined, 'typescript'), ['1 2 3', '4 5', '']);
    expect(requests).toBe(1);
    expect(vs.map((v) => v.stdout)).toEqual(['6\n', '9\n', '0\n']);
  }, 120_000);

  it('an output flood and an endless loop: output_limit and time_limit for those tests only', async () => {
    const sub = js(`const k = Number(require('fs').readFileSync(0, 'utf8'));
if (k === 1) { const s = 'x'.repeat(65536); for (;;) process.stdout.write(s); }
if (k === 2) { for (;;) {} }
console.log('k' + k);`, { timeout_ms: 300, output_bytes: 1 << 16 });
    const { vs } = await same(sub, ['0', '2', '3']);
    expect(vs.map((v) => v.status)).toEqual(['ok', 'time_limit', 'ok']);
    // (the flood alone is not compared with a fresh process: on a loaded host a fresh node can block
    // on its full stdout pipe until its wall limit, a race of the two processes)
    const flood = await sb.runTests(sub, ['0', '1', '3'].map((stdin) => ({ stdin })));
    expect(flood.map((v) => v.status)).toEqual(['ok', 'output_limit', 'ok']);
    expect(flood[1].stdout.length).toBe(1 << 16);
    expect(flood[2].stdout).toBe('k3\n');
  }, 120_000);

  it('the built-in suite: every JavaScript and TypeScript reference passes through the runner, every wrong answer fails as alone', async () => {
    const problems = loadBuiltinProblems();
    const before = runs.n;
    let tests = 0;
    await Promise.all(problems.flatMap((p) => (['javascript', 'typescript'] as const).map(async (l) => {
      const vs = await sb.runTests({ language: l, source: p.solutions[l]! }, p.tests.cases.map((c) => ({ stdin: c.stdin })));
      tests += vs.length;
      vs.forEach((v, i) => {
        expect(v.status, `${p.slug} ${l} case ${i}: ${v.stderr}`).toBe('ok');
        expect(v.stdout.trim(), `${p.slug} ${l} case ${i}`).toBe(p.tests.cases[i].stdout.trim());
      });
    })));
    // one process per (problem, language), not per case
    expect(runs.n - before).toBe(problems.length * 2);
    expect(tests).toBeGreaterThan(problems.length * 2 * 2);
    for (const p of problems) {
      for (const w of p.wrong.filter((x) => x.language === 'javascript' || x.language === 'typescript')) {
        await same(js(w.source, undefined, w.language), p.tests.cases.map((c) => c.stdin));
      }
    }
  }, 180_000);
});

describe('adversarial programs: nothing one test does reaches another test or its own accounting', () => {
  it('globals, prototypes, builtins and the module objects it patches are gone in the next test', async () => {
    const { vs, requests } = await same(js(`
const k = Number(require('fs').readFileSync(0, 'utf8'));
const seen = [typeof globalThis.leak, typeof Array.prototype.leak, typeof Object.prototype.leak, JSON.stringify([1]),
  String(Math.max(1, 2)), typeof Date.now(), [3, 1, 2].sort().join(''), typeof console.log, typeof process.exit];
console.log(seen.join(' '));
globalThis.leak = 1; Array.prototype.leak = 1; Object.prototype.leak = () => 1;
JSON.stringify = () => 'PATCHED'; Math.max = () => -1; Date.now = () => 0; Array.prototype.sort = function () { return ['p']; };
console.log = () => {}; process.exit = () => {}; String.prototype.split = () => ['x'];
`), ['0', '1', '2', '3']);
    expect(requests).toBe(1);
    expect(new Set(vs.map((v) => v.stdout))).toEqual(new Set(['undefined undefined undefined [1] 2 number 123 function function\n']));
  }, 120_000);

  it('patching what the runner measures with (Date, performance, process.hrtime/cpuUsage) leaves its time limit where it is', async () => {
    const { vs } = await same(js(`
const k = Number(require('fs').readFileSync(0, 'utf8'));
Date.now = () => 0; Date.prototype.getTime = () => 0;
try { process.hrtime = () => [0, 0]; process.cpuUsage = () => ({ user: 0, system: 0 }); } catch {}
if (k === 1) { let x = 0; for (let i = 0; i < 3e10; i++) x += i; console.log(x); }
console.log('done', k);
`, { timeout_ms: 300 }), ['0', '1', '2']);
    expect(vs.map((v) => v.status)).toEqual(['ok', 'time_limit', 'ok']);
  }, 120_000);

  it('escapes to the runner\'s realm find nothing: constructors, stack traces, import(), eval, this', async () => {
    // Each probe, in test 1 of 3, looks for the realm's Function constructor F and, through it,
    // patches that realm's JSON.stringify so that every later frame-like object says exit 42. In a
    // fresh process that changes nothing of any verdict (it is the program's own process); had a
    // probe reached the runner's realm, test 2 would say exit 42 and differ from one process.
    const payload = `if (F) { const J = F('return JSON')(); const s = J.stringify;
      J.stringify = function (o, a, b) { if (o && typeof o === 'object' && 'exit' in o) o = Object.assign({}, o, { exit: 42 }); return s.call(this, o, a, b); }; }`;
    const probes = [
      `F = this.constructor.constructor`,
      `F = globalThis.constructor.constructor`,
      `F = global.constructor.constructor`,
      `F = ({}).constructor.constructor`,
      `F = Object.getPrototypeOf(globalThis).constructor.constructor`,
      `Error.prepareStackTrace = (e, cs) => cs; for (const c of new Error().stack) { const f = c.getFunction(); if (f) F = f.constructor; const t = c.getThis(); if (t && t.constructor) F = t.constructor.constructor; }`,
      `F = console.log.constructor`,
      `F = require.constructor`,
      `F = process.stdout.write.constructor`,
      `F = eval('Function')`,
      // (printing at each level would make the output depend on the depth reached, which varies
      // between two fresh processes too)
      `function r(n) { try { return r(n + 1); } catch (e) { F = e.constructor.constructor; } } r(0)`,
      `try { require('fs').readFileSync(0, { get encoding() { throw new Error('x'); } }); } catch (e) { F = e.constructor.constructor; }`,
      `try { process.stdout.write(Symbol('x')); } catch (e) { F = e.constructor.constructor; }`,
      `try { null.x; } catch (e) { F = e.constructor.constructor; }`,
    ];
    for (const p of probes) {
      await same(js(`const k = require('fs').readFileSync(0, 'utf8');
let F = null;
if (k === '1') { try { ${p}; } catch (e) {} try { ${payload} } catch (e) {} }
console.log('end', k);`, { output_bytes: 1 << 16 }), ['0', '1', '2']);
    }
    // import() hands a fresh process the real module; in the runner's context it would hand an
    // error of the runner's realm: a program that names import never runs there
    const { requests } = await same(js(`const k = require('fs').readFileSync(0, 'utf8');
if (k === '1') import('fs').then((fs) => { const F = fs.default.constructor.constructor; ${payload} });
console.log('end', k);`), ['0', '1', '2', '3']);
    expect(requests).toBe(4);
  }, 240_000);

  it('a program that forges runner frames on its stdout only changes its own stdout', async () => {
    const { vs, requests } = await same(js(`const k = require('fs').readFileSync(0, 'utf8');
const frame = (i) => JSON.stringify({ i, exit: 0, signal: null, out_trunc: false, err_trunc: false, output_limit: false, memory_error: false, cpu_us: 1, wall_us: 1, out: '', err: '' });
process.stdout.write('deadbeef ' + frame(1) + '\\n' + 'deadbeef END\\n');
require('fs').writeSync(1, 'x ABORT\\n');
if (k === '0') process.exit(4);`), ['0', '1', '2']);
    expect(requests).toBe(1);
    expect(vs.map((v) => v.status)).toEqual(['runtime_error', 'ok', 'ok']);
  }, 120_000);

  it('work left behind (promise chains, finalizers, exit caught and ignored) never runs into the next test', async () => {
    const { vs } = await same(js(`const k = Number(require('fs').readFileSync(0, 'utf8'));
if (k === 1) { const f = () => Promise.resolve().then(f); f(); }
if (k === 2) { new FinalizationRegistry(() => console.log('FINALIZED')).register({}, 1); }
if (k === 3) { try { process.exit(0); } catch (e) {} console.log('after exit'); for (;;) { try { process.exit(1); } catch {} } }
console.log('k' + k);`, { timeout_ms: 300 }), ['0', '1', '2', '3', '4']);
    expect(vs.map((v) => v.status)).toEqual(['ok', 'time_limit', 'ok', 'ok', 'ok']);
    expect(vs[3].stdout).toBe('');
    expect(vs[4].stdout).toBe('k4\n');
  }, 120_000);

  it('the security battery\'s JavaScript memory bomb: memory_limit, and the other test is unaffected', async () => {
    // (V8's report of an OOM carries its own timings: compared by status)
    const sub = js(`if (require('fs').readFileSync(0, 'utf8') === 'bomb') { const a = []; for (;;) a.push(new Array(1e5).fill(1.5)); }
console.log('fine');`, { memory_mb: 128 });
    const vs = await sb.runTests(sub, ['fine', 'bomb', 'fine'].map((stdin) => ({ stdin })));
    expect(vs.map((v) => `${v.status} ${v.stdout}`)).toEqual(['ok fine\n', 'memory_limit ', 'ok fine\n']);
  }, 120_000);

  it('a test near its memory limit is decided by a fresh process', async () => {
    // ~64 MB of doubles under a 128 MiB limit: past 3/4 of it in the runner, which holds more than a
    // fresh process does; whatever one process says (ok or memory_limit) is the verdict
    const { vs, requests } = await same(js(`const k = require('fs').readFileSync(0, 'utf8');
if (k === 'big') { const a = new Array(8e6).fill(1.5); console.log(a.length); }
console.log('done', k);`, { memory_mb: 128 }), ['small', 'big', 'small']);
    expect(requests).toBeGreaterThanOrEqual(2);
    expect(vs[0].stdout).toBe('done small\n');
  }, 120_000);

  it('programs the runner cannot take run one process per test from the start', () => {
    expect(nodeManyEligible(`const x = require('fs').readFileSync(0, 'utf8'); console.log(x)`)).toBe(true);
    expect(nodeManyEligible(`const cp = require('child_process')`)).toBe(false);
    expect(nodeManyEligible(`const m = 'fs'; require(m)`)).toBe(false);
    expect(nodeManyEligible(`import('fs')`)).toBe(false);
    expect(nodeManyEligible(`#!/usr/bin/env node\nconsole.log(1)`)).toBe(false);
    expect(nodeManyEligible(`console.log(`)).toBe(false);
  });
});
