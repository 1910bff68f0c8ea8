// Evaluated inside each test's fresh vm context by rlcf-runner.cjs (never in the host realm): builds
// the node main-module environment the program sees (process, console, require, module) from this
// realm's own objects, around the host bridge functions, which take and return primitives only.
// Every intrinsic used after the program starts is captured first: a program that patches
// Array.prototype, String, JSON or Reflect changes nothing here. What this file does not emulate
// exactly poisons the test (the runner then leaves it to a fresh process).
(function setup(hostWrite, hostExit, hostCode, hostUncaught, hostPoison, hostListen, hostFrozen, hostChunk, userFn, infoJson) {
  'use strict';
  const info = JSON.parse(infoJson);
  const G = globalThis;
  const $Proxy = Proxy;
  const $apply = Reflect.apply;
  const $defineProperty = Object.defineProperty;
  const $create = Object.create;
  const $hasOwn = Object.prototype.hasOwnProperty;
  const $String = String;
  const $isInteger = Number.isInteger;
  const $RangeError = RangeError;
  const $getProto = Object.getPrototypeOf;
  const $split = String.prototype.split;
  const $includes = String.prototype.includes;
  const $push = Array.prototype.push;
  const $slice = Array.prototype.slice;
  const $keys = Object.keys;
  const $getOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
  const $Error = Error;
  const $toPrimitive = Symbol.toPrimitive;
  const own = (o, k) => $apply($hasOwn, o, [k]);

  const poison = (why) => {
    hostPoison($String(why));
  };
  const keyName = (k) => (typeof k === 'symbol' ? 'a symbol key' : k);
  /** An object whose members beyond `allowed` poison the test when read, written or listed. */
  function guarded(name, target) {
    return new $Proxy(target, {
      get(o, k) {
        if (own(o, k)) return o[k];
        poison(`${name}.${keyName(k)}`);
        return undefined;
      },
      set(o, k, v) {
        const d = own(o, k) ? $getOwnPropertyDescriptor(o, k) : undefined;
        if (d && d.set) {
          $apply(d.set, o, [v]);
          return true;
        }
        // replacing a member it has (console.log, process.exit, fs.readFileSync): this context's own
        if (d && d.writable !== false && own(d, 'value')) {
          o[k] = v;
          return true;
        }
        poison(`set ${name}.${keyName(k)}`);
        return true;
      },
      has(o, k) {
        if (!own(o, k)) poison(`${keyName(k)} in ${name}`);
        return own(o, k);
      },
      ownKeys() {
        poison(`the keys of ${name}`);
        return [];
      },
      defineProperty(_o, k) {
        poison(`define ${name}.${keyName(k)}`);
        return false;
      },
      deleteProperty(_o, k) {
        poison(`delete ${name}.${keyName(k)}`);
        return true;
      },
      setPrototypeOf() {
        poison(`the prototype of ${name}`);
        return false;
      },
      getPrototypeOf() {
        poison(`the prototype of ${name}`);
        return null;
      },
      getOwnPropertyDescriptor(o, k) {
        poison(`the descriptor of ${name}.${keyName(k)}`);
        return undefined;
      },
    });
  }

  // the test's end: process.exit, an output over its cap. Thrown to unwind the program; a program
  // that catches it runs on, but nothing it writes counts any more and no more events come
  const EXIT = $create(null);
  const out = (fd, s) => {
    if (!hostWrite(fd, s)) {
      if (hostFrozen()) throw EXIT;
    }
    return true;
  };

  // ---- console: util.format of primitive arguments -----------------------------------------------
  function fmt(v) {
    switch (typeof v) {
      case 'string': return v;
      case 'number': return v === 0 && 1 / v < 0 ? '-0' : '' + v;
      case 'bigint': return '' + v + 'n';
      case 'boolean': return v ? 'true' : 'false';
      case 'undefined': return 'undefined';
      case 'symbol': return $String(v);
      default:
        if (v === null) return 'null';
        poison(`console with an argument of type ${typeof v} (util.inspect)`);
        return '';
    }
  }
  function format(args) {
    if (args.length > 1 && typeof args[0] === 'string' && $apply($includes, args[0], ['%'])) {
      poison('console format specifiers');
      return '';
    }
    let s = '';
    for (let i = 0; i < args.length; i++) s += (i ? ' ' : '') + fmt(args[i]);
    return s + '\n';
  }
  const consoleTarget = $create(null);
  for (const [k, fd] of [['log', 1], ['info', 1], ['debug', 1], ['error', 2], ['warn', 2]]) {
    consoleTarget[k] = { [k](...args) { out(fd, format(args)); } }[k];
  }
  const console = guarded('console', consoleTarget);

  // ---- stdin --------------------------------------------------------------------------------------
  let stdinPos = 0; // readFileSync(0) reads from the descriptor's offset: everything once, then ''
  let encoding = null;
  const listeners = { data: [], end: [] };
  let stdin;
  let rl = null;
  function fakeBuffer(str, bytes) {
    const t = $create(null);
    t.toString = function toString(enc) {
      if (enc !== undefined && enc !== 'utf8' && enc !== 'utf-8') poison(`Buffer.toString(${$String(enc)})`);
      return str;
    };
    t.valueOf = function valueOf() { return proxy; };
    t.length = bytes;
    t[$toPrimitive] = undefined;
    const proxy = guarded('Buffer', t);
    return proxy;
  }
  function utf8(enc) {
    if (enc === undefined || enc === null) return false;
    if (typeof enc === 'object' && own(enc, 'encoding') && (enc.encoding === 'utf8' || enc.encoding === 'utf-8')) return true;
    if (enc === 'utf8' || enc === 'utf-8') return true;
    poison('readFileSync with an encoding other than utf8');
    return true;
  }
  let flowing = false;
  function flow() {
    // a 'data' listener or resume() starts the stream; an 'end' listener alone does not
    if (!flowing) hostListen('stream');
    flowing = true;
  }
  /** on/addListener (once: only for the events that fire once anyway) */
  function on(kind, once) {
    return function (ev, fn) {
      if (typeof fn !== 'function') {
        poison(`${kind}.on without a function`);
        return kind === 'stdin' ? stdin : rl;
      }
      if (kind === 'stdin') {
        if (ev === 'error') return stdin;
        if ((ev !== 'data' && ev !== 'end') || (once && ev === 'data')) {
          poison(`process.stdin.${once ? 'once' : 'on'}(${$String(ev)})`);
          return stdin;
        }
        if (rl || stdinPos) poison('stdin read two ways');
        $apply($push, listeners[ev], [fn]);
        if (ev === 'data') flow();
        return stdin;
      }
      if ((ev !== 'line' && ev !== 'close') || (once && ev === 'line')) {
        poison(`readline.${once ? 'once' : 'on'}(${$String(ev)})`);
        return rl;
      }
      $apply($push, rlListeners[ev], [fn]);
      return rl;
    };
  }
  const stdinTarget = $create(null);
  stdinTarget.on = stdinTarget.addListener = on('stdin', false);
  stdinTarget.once = on('stdin', true);
  stdinTarget.setEncoding = function setEncoding(enc) {
    if (enc !== 'utf8' && enc !== 'utf-8') poison('stdin.setEncoding other than utf8');
    encoding = 'utf8';
    return stdin;
  };
  stdinTarget.fd = 0; // readFileSync(process.stdin.fd)
  stdinTarget.resume = function resume() {
    flow();
    return stdin;
  };
  stdin = guarded('process.stdin', stdinTarget);

  // ---- readline on process.stdin ---------------------------------------------------------------------
  const rlListeners = { line: [], close: [] };
  let rlClosed = false;
  let lineRest = '';
  function emit(list, args) {
    const l = $apply($slice, list, []);
    for (let i = 0; i < l.length; i++) $apply(l[i], rl ?? stdin, args);
  }
  function rlClose() {
    if (rlClosed) return;
    rlClosed = true;
    emit(rlListeners.close, []);
  }
  const readlineTarget = $create(null);
  readlineTarget.createInterface = function createInterface(opts) {
    if (rl) poison('a second readline interface');
    if (listeners.data.length || listeners.end.length || stdinPos) poison('stdin read two ways');
    const direct = opts === stdin; // createInterface(process.stdin)
    const input = !direct && opts !== null && typeof opts === 'object' && own(opts, 'input') ? opts.input : opts;
    if (input !== stdin) poison('readline on something other than process.stdin');
    if (!direct && opts !== null && typeof opts === 'object') {
      const ks = $keys(opts);
      for (let i = 0; i < ks.length; i++) {
        const k = ks[i];
        if (k === 'terminal' ? opts[k] !== false : k !== 'input' && k !== 'output' && k !== 'crlfDelay') poison(`readline option ${k}`);
        if (k === 'output' && opts[k] !== undefined && opts[k] !== processProxy.stdout) poison('readline output');
      }
    } else if (arguments.length > 1) poison('readline.createInterface(input, ...)');
    if (info.hasCR) poison('readline on input with \\r');
    hostListen('readline');
    const t = $create(null);
    t.on = t.addListener = on('readline', false);
    t.once = on('readline', true);
    t.close = function close() {
      if (rlClosed) {
        poison('readline closed twice');
        return;
      }
      // as node 20: 'close' now; the rest of the current chunk's lines still come, no more chunks
      hostListen('stop');
      rlClose();
    };
    rl = guarded('readline.Interface', t);
    return rl;
  };
  const readline = guarded('readline', readlineTarget);

  // ---- fs -----------------------------------------------------------------------------------------
  const fsTarget = $create(null);
  fsTarget.readFileSync = function readFileSync(p, enc) {
    let text;
    if (p === 0) {
      if (rl || listeners.data.length) poison('stdin read two ways');
      text = stdinPos === 0 ? info.stdin : '';
      stdinPos = 1;
    } else if (p === '/dev/stdin' || p === '/proc/self/fd/0') {
      text = info.stdin; // the agent's stdin is a file: opening it again reads it from its start
    } else {
      poison(`readFileSync(${typeof p === 'string' ? p : typeof p})`);
      return '';
    }
    if (utf8(enc)) return text;
    return fakeBuffer(text, text === '' ? 0 : info.bytes);
  };
  fsTarget.writeSync = function writeSync(fd, s) {
    if ((fd !== 1 && fd !== 2) || typeof s !== 'string' || arguments.length > 2) {
      poison('fs.writeSync other than (1 | 2, string)');
      return 0;
    }
    out(fd, s);
    let n = 0;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      n += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c < 0xdc00 && i + 1 < s.length ? (i++, 4) : 3;
    }
    return n;
  };
  const fsModule = guarded('fs', fsTarget);

  // ---- process, require, module ------------------------------------------------------------------------
  let exitCode;
  const stream = (fd) => {
    const t = $create(null);
    t.write = function write(s, enc, cb) {
      if (typeof s !== 'string' || arguments.length > 2 || (enc !== undefined && enc !== 'utf8' && enc !== 'utf-8')) {
        poison(`process.${fd === 1 ? 'stdout' : 'stderr'}.write of a ${typeof s}`);
        return true;
      }
      out(fd, s);
      return true;
    };
    return guarded(fd === 1 ? 'process.stdout' : 'process.stderr', t);
  };
  const processTarget = $create(null);
  processTarget.argv = info.argv;
  processTarget.stdout = stream(1);
  processTarget.stderr = stream(2);
  processTarget.stdin = stdin;
  processTarget.exit = function exit(code) {
    // (only numbers cross to the host: a program's object never runs code in a host frame)
    if (code !== undefined && !$isInteger(code)) {
      poison('process.exit with a non-integer');
      code = 1;
    }
    hostExit(code === undefined ? ($isInteger(exitCode) ? exitCode : 0) : code);
    throw EXIT;
  };
  $defineProperty(processTarget, 'exitCode', {
    get() { return exitCode; },
    set(v) {
      if (v !== undefined && !$isInteger(v)) {
        poison('process.exitCode set to a non-integer');
        return;
      }
      exitCode = v;
      hostCode(v === undefined ? -1 : v);
    },
  });
  const processProxy = guarded('process', processTarget);

  const moduleObj = { id: '.', path: info.dirname, exports: {}, filename: info.filename, loaded: false, children: [], paths: [] };
  const modules = { fs: fsModule, 'node:fs': fsModule, readline, 'node:readline': readline };
  const requireTarget = function require(name) {
    if (typeof name === 'string' && own(modules, name)) return modules[name];
    poison(`require(${typeof name === 'string' ? name : typeof name})`);
    return undefined;
  };
  requireTarget.main = moduleObj;
  const require = new $Proxy(requireTarget, {
    get(o, k) {
      if (k === 'main') return moduleObj;
      if (k === 'name' || k === 'length') return o[k];
      poison(`require.${keyName(k)}`);
      return undefined;
    },
  });

  // ---- the global object -------------------------------------------------------------------------
  // node-only globals; builtins whose callbacks would run outside a test's steps (or wait on the
  // host), and code from strings (off in this context: an EvalError a fresh process would not throw):
  // touching any of them sends the test to a fresh process
  for (const name of [...info.nodeOnly, 'FinalizationRegistry', 'Atomics', 'SharedArrayBuffer', 'WebAssembly', 'eval', 'Function']) {
    $defineProperty(G, name, {
      configurable: true, enumerable: false,
      get() {
        poison(`the global ${name}`);
        return undefined;
      },
      set() {
        poison(`the global ${name}`);
      },
    });
  }
  const fnProtos = [$getProto(function () {}), $getProto(async function () {}), $getProto(function* () {}), $getProto(async function* () {})];
  for (let i = 0; i < fnProtos.length; i++) {
    $defineProperty(fnProtos[i], 'constructor', {
      configurable: true, enumerable: false,
      get() {
        poison('a function constructor (code from a string)');
        return undefined;
      },
    });
  }
  // the global object's own names differ from a fresh node's (no timers, this prelude's step):
  // listing them poisons the test
  for (const [obj, names] of [[Object, ['keys', 'getOwnPropertyNames', 'getOwnPropertyDescriptors', 'entries', 'values', 'getOwnPropertySymbols']], [Reflect, ['ownKeys']]]) {
    for (const name of names) {
      const orig = obj[name];
      $defineProperty(obj, name, {
        configurable: true, writable: true, enumerable: false,
        value: { [name](o) {
          if (o === G) poison('listing the global object');
          return $apply(orig, obj, arguments);
        } }[name],
      });
    }
  }
  $defineProperty(G, 'global', { value: G, writable: true, configurable: true, enumerable: false });
  $defineProperty(G, 'process', { value: processProxy, writable: true, configurable: true, enumerable: false });
  $defineProperty(G, 'console', { value: console, writable: true, configurable: true, enumerable: false });

  // ---- running the program -------------------------------------------------------------------------
  /** An exception escaped the program: node's report of it (the throw's source line, its loader's
   * frames) comes from a fresh process, which the runner leaves this test to. */
  function uncaught(e) {
    if (e === EXIT) return;
    let overflow = false;
    try {
      overflow = e !== null && typeof e === 'object' && e instanceof $RangeError;
    } catch {
      /* a revoked proxy: still an escape */
    }
    hostUncaught(overflow);
  }
  function guardedCall(f) {
    try {
      f();
    } catch (e) {
      uncaught(e);
    }
  }
  function deliverLines(text, last) {
    const all = $apply($split, lineRest + text, ['\n']);
    lineRest = all[all.length - 1];
    for (let i = 0; i < all.length - 1; i++) emit(rlListeners.line, [all[i]]);
    if (last && lineRest !== '') {
      const l = lineRest;
      lineRest = '';
      emit(rlListeners.line, [l]);
    }
  }
  const stepFn = function (what) {
    if (hostFrozen()) return;
    if (what === 'main') {
      guardedCall(() => $apply(userFn, moduleObj.exports, [moduleObj.exports, require, moduleObj, info.filename, info.dirname]));
      moduleObj.loaded = true;
      return;
    }
    if (what === 'end') {
      if (rl) guardedCall(() => { if (!rlClosed) { deliverLines('', true); rlClose(); } });
      else guardedCall(() => emit(listeners.end, []));
      return;
    }
    const k = +$apply($split, what, [':'])[1];
    if (rl) {
      if (rlClosed) return;
      guardedCall(() => deliverLines(hostChunk(k, true), false));
      return;
    }
    guardedCall(() => {
      const c = encoding ? hostChunk(k, true) : hostChunk(k, false);
      if (encoding) emit(listeners.data, [c]);
      else {
        // a Buffer chunk: its byte length is the chunk's (64 KiB but the last)
        const bytes = k < info.chunks - 1 ? 65536 : info.bytes - 65536 * (info.chunks - 1);
        emit(listeners.data, [fakeBuffer(c, bytes)]);
      }
    });
  };
  $defineProperty(G, info.hidden, { value: stepFn, writable: false, configurable: false, enumerable: false });
});
