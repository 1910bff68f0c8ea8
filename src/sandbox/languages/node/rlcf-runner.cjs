'use strict';
// rlcf multi-test runner for JavaScript and TypeScript: runs ONE submission against several stdin
// inputs inside ONE node process, so that each extra test costs a fresh vm context (~0.5 ms) instead
// of a node start (14-20 ms). Protocol and fallback rules as the Java runner's (java/RlcfRunner.java,
// src/sandbox/run-many.ts): the engine trusts a test's frame only when this runner could reproduce
// what a fresh `node main.js` would have done; on anything else it stops (ABORT, exit 97) and the
// engine runs that test and the rest one process per test.
//
// Isolation between tests and from the runner: each test runs in a NEW vm context whose global
// object has a null prototype, so no object of this (host) realm is reachable from the program: it
// gets only objects of its own realm, built by the prelude below from primitives. The host functions
// the prelude closes over (the bridge) take and return primitives only and never throw. Globals,
// prototypes, a require cache: all per context, dropped with it. Per-test CPU and wall time are
// measured here (process.cpuUsage, hrtime of this realm), which the program cannot reach; a program
// that exceeds its limits is stopped by vm's watchdog (uncatchable termination) and left to the
// one-process path, which measures it as every other language is measured.
//
// What a fresh process would do is reproduced for: console.log/info/debug/error/warn with primitive
// arguments, process.argv/exit/exitCode/stdout.write/stderr.write, process.stdin 'data'/'end'/
// 'close' (64 KiB chunks, as fs.ReadStream reads the agent's stdin file), readline's 'line'/'close'
// on process.stdin, require('fs').readFileSync(0 | '/dev/stdin' | '/proc/self/fd/0') and
// writeSync(1 | 2), promises. Anything else a program touches — another module, a timer, Buffer,
// process.env, an object passed to console.log, an unhandled rejection, a stack overflow — poisons
// the test: ABORT, and the one-process path decides it.
//
// Usage: node rlcf-runner.cjs <inputs file> <main.js> [args...]
// Inputs file: "RLCF1 <nonce> <n> <frame budget>" then n lines "<timeout_ms> <wall_ms> <output_bytes> <memory_mb> <base64 stdin or ->".
// Output: "<nonce> {json}" per finished test, then "<nonce> END"; early stop "<nonce> ABORT <why>", exit 97.
const fs = require('fs');
const path = require('path');
const vm = require('vm');
const { StringDecoder } = require('string_decoder');

const FALLBACK = 97;
/** the global the steps call the prelude through (the program can see its name: not the nonce) */
const hidden = `__rlcf_${require('crypto').randomBytes(8).toString('hex')}`;
// What a fresh process spends before the program runs (node's start, as this one's so far): a test
// this much short of a limit or closer is left to a fresh process, whose clock includes its start,
// so that a test near its limit gets exactly the one-process verdict.
const START_CPU_MS = (() => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
})();
const START_WALL_MS = performance.now();
const CHUNK = 65536; // fs.ReadStream's highWaterMark: the chunks process.stdin delivers from a file
const PARAMS = ['exports', 'require', 'module', '__filename', '__dirname'];

let nonce = null;
let budget = 0;
let cur = null; // the running test: bridge calls of any other test poison the current one

function write(s) {
  try {
    fs.writeSync(1, s);
  } catch {
    process.reallyExit(FALLBACK);
  }
}

function abort(why) {
  if (nonce) write(`${nonce} ABORT ${String(why).replace(/\n/g, ' ')}\n`);
  process.reallyExit(FALLBACK);
}

process.on('unhandledRejection', () => {
  if (cur) cur.poison = 'unhandled promise rejection';
  else abort('unhandled promise rejection');
});
process.on('uncaughtException', (e) => abort(`runner: ${e && e.message}`));

/** Output of one stream of one test, capped as the agent caps a process's. */
class Capture {
  constructor(t) {
    this.t = t;
    this.parts = [];
    this.size = 0;
    this.truncated = false;
  }
  /** false: the test is over (or just went over its cap) */
  add(str) {
    const t = this.t;
    if (t.frozen) return false;
    const b = Buffer.from(str, 'utf8');
    const room = t.cap - this.size;
    if (b.length > room) {
      if (room > 0) this.parts.push(b.subarray(0, room));
      this.size += Math.max(room, 0);
      this.truncated = true;
      t.overflow = true;
      t.frozen = true;
      return false;
    }
    this.parts.push(b);
    this.size += b.length;
    return true;
  }
  base64() {
    return Buffer.concat(this.parts).toString('base64');
  }
}

/** Names the program could reach in a fresh node main module but not in a vm context (timers,
 * Buffer, URL, fetch, ...): each poisons the test when touched. */
let NODE_ONLY = null;
function nodeOnlyGlobals() {
  if (!NODE_ONLY) {
    const inCtx = new Set(vm.runInContext('Object.getOwnPropertyNames(globalThis)', vm.createContext(Object.create(null))));
    NODE_ONLY = Object.getOwnPropertyNames(globalThis).filter((n) => !inCtx.has(n) && n !== 'global' && n !== 'process' && n !== 'console');
  }
  return NODE_ONLY;
}

function stdinChunks(bytes) {
  const raw = [];
  const dec = [];
  const d = new StringDecoder('utf8');
  for (let off = 0; off < bytes.length; off += CHUNK) {
    const c = bytes.subarray(off, off + CHUNK);
    raw.push(c.toString('utf8')); // a Buffer chunk's own toString(): a split character stays split
    dec.push(d.write(c)); // setEncoding('utf8') and readline: decoded across chunk boundaries
  }
  const tail = d.end();
  if (tail) dec[dec.length - 1] += tail;
  return { raw, dec };
}

// compiled once: each context runs the same script (its code is shared, its objects are the context's)
const PRELUDE = new vm.Script(fs.readFileSync(path.join(__dirname, 'rlcf-prelude.js'), 'utf8'), { filename: 'rlcf-prelude.js' });
/** the program's compiled code, produced by the first test and reused by the next ones */
let codeCache;

async function runTest(t, userSource, mainPath, args) {
  cur = t;
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  // code from strings is off: import() in eval'd code would reject with an error of the host realm
  // (node 20 honours no importModuleDynamically there); a literal import() is refused in main()
  const ctx = vm.createContext(Object.create(null), { microtaskMode: 'afterEvaluate', codeGeneration: { strings: false, wasm: false } });
  let fn;
  try {
    fn = vm.compileFunction(userSource, PARAMS, { parsingContext: ctx, filename: mainPath, ...(codeCache ? { cachedData: codeCache } : { produceCachedData: true }) });
    if (!codeCache && fn.cachedData) codeCache = fn.cachedData;
  } catch {
    t.poison = 'does not compile';
    return;
  }
  const chunks = stdinChunks(t.stdin);
  const str = t.stdin.toString('utf8');
  const mine = (f) => (...a) => {
    if (cur !== t) {
      if (cur) {
        cur.poison = 'a finished test ran code';
        cur.fatal = true;
      }
      return false;
    }
    try {
      return f(...a);
    } catch (e) {
      t.poison = `runner: ${e && e.message}`;
      return false;
    }
  };
  const bridge = {
    write: mine((fd, s) => (fd === 1 ? t.out : t.err).add(String(s))),
    exit: mine((code) => {
      if (!t.frozen) {
        t.exitCode = code & 0xff;
        t.frozen = true;
      }
      return true;
    }),
    code: mine((v) => {
      t.softCode = v < 0 ? null : v & 0xff;
      return true;
    }),
    uncaught: mine((overflow) => {
      // node prints the throw's source line and its own loader's frames: a fresh process reports
      // this test exactly (a stack overflow also depends on the depth left)
      if (t.frozen) return true;
      t.poison = overflow ? 'stack overflow' : 'uncaught exception';
      t.redo = true;
      t.frozen = true;
      return true;
    }),
    poison: mine((why) => {
      if (!t.poison) t.poison = String(why);
      return true;
    }),
    listen: mine((kind) => {
      if (kind === 'stop') t.stopped = true; // readline closed: no more chunks
      else if (t.listen && t.listen !== kind) t.poison = 'stdin read two ways';
      else t.listen = String(kind);
      return true;
    }),
    frozen: mine(() => t.frozen),
    chunk: mine((k, decoded) => (decoded ? chunks.dec[k] : chunks.raw[k])),
  };
  const setup = PRELUDE.runInContext(ctx);
  setup(bridge.write, bridge.exit, bridge.code, bridge.uncaught, bridge.poison, bridge.listen, bridge.frozen, bridge.chunk, fn,
    JSON.stringify({ argv: [process.execPath, mainPath, ...args], filename: mainPath, dirname: path.dirname(mainPath),
      stdin: str, bytes: t.stdin.length, chunks: chunks.raw.length, hasCR: str.includes('\r'), hidden,
      nodeOnly: nodeOnlyGlobals(), version: process.version }));
  const limitMs = Math.min(t.timeoutMs - START_CPU_MS, t.wallMs - START_WALL_MS);
  const step = (what) => {
    const left = limitMs - Number(process.hrtime.bigint() - t0) / 1e6;
    if (t.poison) return;
    if (left <= 0) {
      t.poison = 'over its time limit';
      return;
    }
    try {
      vm.runInContext(`${hidden}(${JSON.stringify(what)})`, ctx, { timeout: Math.max(1, Math.ceil(left)) });
    } catch (e) {
      // only the watchdog's termination reaches here (the prelude catches what the program throws):
      // the context is dropped, this runner goes on with the next test
      t.poison = e && e.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT' ? 'over its time limit' : 'step failed';
    }
  };
  step('main');
  // stdin events, in the order a fresh process's event loop delivers them (microtasks drain at the
  // end of each step, as between two macrotasks)
  for (let k = 0; k < chunks.raw.length && t.listen && !t.frozen && !t.poison && !t.stopped; k++) step(`chunk:${k}`);
  if (t.listen && !t.frozen && !t.poison && !t.stopped) step('end');
  // a rejection left unhandled is reported by node on its next tick
  await new Promise((r) => setImmediate(r));
  t.cpuUs = (() => {
    const c = process.cpuUsage(c0);
    return c.user + c.system;
  })();
  t.wallUs = Number(process.hrtime.bigint() - t0) / 1000;
  cur = null;
  if (!t.poison && (t.cpuUs / 1000 + START_CPU_MS > t.timeoutMs || t.wallUs / 1000 + START_WALL_MS > t.wallMs)) t.poison = 'near its time limit';
  // memory: this process holds more than a fresh one (the runner, earlier contexts until collected);
  // past 3/4 of the limit a fresh process decides (the process's peak: from then on, every test)
  if (!t.poison && process.resourceUsage().maxRSS > 0.75 * t.memoryMb * 1024) t.poison = 'near its memory limit';
}

/** This test is left to a fresh process: "<nonce> {"i":k,"redo":why}". */
function redo(t) {
  const line = `${nonce} ${JSON.stringify({ i: t.index, redo: t.poison })}\n`;
  budget -= line.length;
  if (budget < 200) abort('output budget');
  write(line);
}

function emit(t) {
  const killed = t.overflow;
  const line = `${nonce} ${JSON.stringify({
    i: t.index, exit: killed ? null : t.exitCode !== null ? t.exitCode : t.softCode ?? 0, signal: killed ? 9 : null,
    out_trunc: t.out.truncated, err_trunc: t.err.truncated, output_limit: t.overflow, memory_error: false,
    cpu_us: Math.round(t.cpuUs), wall_us: Math.round(t.wallUs), out: t.out.base64(), err: t.err.base64(),
  })}\n`;
  if (line.length + 200 > budget) abort('output budget');
  budget -= line.length;
  write(line);
}

async function main() {
  const [inputsFile, mainFile, ...args] = process.argv.slice(2);
  const lines = fs.readFileSync(inputsFile, 'latin1').split('\n');
  fs.unlinkSync(inputsFile);
  const head = lines[0].split(' ');
  if (head[0] !== 'RLCF1') abort('bad inputs header');
  nonce = head[1];
  const n = Number(head[2]);
  budget = Number(head[3]);
  const mainPath = path.resolve(mainFile);
  const source = fs.readFileSync(mainPath, 'utf8');
  // import() rejects with an error object of this realm: no program that names it runs here
  if (/\bimport\b/.test(source)) abort('the program uses import');
  let lastRedo = -2;
  for (let i = 0; i < n; i++) {
    const f = lines[i + 1].split(' ');
    const t = {
      index: i, timeoutMs: Number(f[0]), wallMs: Number(f[1]), cap: Number(f[2]), memoryMb: Number(f[3]),
      stdin: f[4] === '-' ? Buffer.alloc(0) : Buffer.from(f[4], 'base64'),
      exitCode: null, softCode: null, frozen: false, overflow: false, poison: null, redo: false, fatal: false, listen: null, stopped: false,
      cpuUs: 0, wallUs: 0,
    };
    t.out = new Capture(t);
    t.err = new Capture(t);
    await runTest(t, source, mainPath, args);
    if (t.poison) {
      // this test alone goes to a fresh process (its context is gone, nothing of it reaches the
      // next); the whole run stops when the cause is the program rather than one input (the first
      // test, or two in a row), or when one test could reach another
      if (t.fatal || (!t.redo && (i === 0 || lastRedo === i - 1))) abort(`test ${i}: ${t.poison}`);
      if (!t.redo) lastRedo = i;
      redo(t);
      continue;
    }
    emit(t);
  }
  write(`${nonce} END\n`);
  process.reallyExit(0);
}

main().catch((e) => abort(`runner: ${e && e.message}`));
