# The per-task steps of the fork-server in Python: what rlcf_fast.c does in C (see agent.py), used
# when the C module is not built (no C compiler or no headers for this interpreter). The security
# battery runs on both (test/security-python-path.test.ts).
import json
import os
import resource
import select
import signal
import time

from rlcf_cleanup import OS
from rlcf_pytask import HarnessError, child_failed, run_child

AGENT_DIR = os.path.dirname(os.path.abspath(__file__))


def child_common(rlimits, tdir, fd_in, fd_out, fd_err, fd_status, cg_fds=()):
    """cg_fds: the task cgroup's cgroup.procs descriptors (see rlcf_fast.c spawn), written first.
    The seccomp filters are the agent's, inherited with the fork."""
    for fd in cg_fds:
        try:
            if os.write(fd, b'0') != 1:
                raise OSError('short write')
        except OSError as e:
            os.write(2, ('rlcf: cannot start task: join task cgroup: %s\n' % e).encode())
            os._exit(125)
    os.setpgid(0, 0)  # its own process group, in the agent's session (Agent.setup says why)
    os.dup2(fd_in, 0)
    os.dup2(fd_out, 1)
    os.dup2(fd_err, 2)
    if fd_status is not None:
        os.dup2(fd_status, 3)
        os.closerange(4, 65536)
    else:
        os.closerange(3, 65536)
    OS.chdir(tdir)  # no oom_score_adj: a non-dumpable task cannot raise it (rlcf_fast.c says more)
    for r, v in rlimits:
        resource.setrlimit(r, v)


def drain(fd, b, cap):
    """What is buffered in the pipe now, without waiting; True when the cap was exceeded."""
    os.set_blocking(fd, False)
    while True:
        try:
            chunk = os.read(fd, 65536)
        except (BlockingIOError, OSError):
            return False
        if not chunk:
            return False
        room = cap - len(b)
        if len(chunk) > room:
            b += chunk[:max(room, 0)]
            return True
        b += chunk


def collect(pidfd, out_r, err_r, cap, remain, used_out=0, used_err=0):
    """rlcf_fast.collect in Python (when the C module is not built): the task's stdout and stderr
    under the output cap, until both pipes close, the cap is exceeded or `remain` seconds pass.
    used_out/used_err: bytes an earlier call for the same task already took (the cap covers them)."""
    bufs = {out_r: bytearray(), err_r: bytearray()}
    caps = {out_r: max(cap - used_out, 0), err_r: max(cap - used_err, 0)}
    truncated = {out_r: False, err_r: False}
    overflow = timed_out = exited = False
    open_fds = [out_r, err_r]
    poller = select.poll()
    for fd in open_fds:
        poller.register(fd, select.POLLIN)
    if pidfd >= 0:
        poller.register(pidfd, select.POLLIN)
    deadline = time.monotonic() + remain
    while open_fds:
        remain = deadline - time.monotonic()
        if remain <= 0:
            timed_out = True
            break
        events = poller.poll(max(1, int(remain * 1000) + 1))
        for fd, ev in events:
            if fd == pidfd:
                exited = True
                poller.unregister(pidfd)
                continue
            chunk = os.read(fd, 65536) if ev & (select.POLLIN | select.POLLHUP | select.POLLERR) else b''
            if not chunk:
                poller.unregister(fd)
                open_fds.remove(fd)
                continue
            b = bufs[fd]
            room = caps[fd] - len(b)
            if len(chunk) > room:
                b += chunk[:max(room, 0)]
                truncated[fd] = True
                overflow = True
            else:
                b += chunk
        if overflow:
            break
        if exited and open_fds:
            # The task exited but something it spawned holds the pipes open: take what is
            # buffered now and stop waiting for it.
            for fd in list(open_fds):
                if drain(fd, bufs[fd], caps[fd]):
                    truncated[fd] = overflow = True
            break
    return bytes(bufs[out_r]), bytes(bufs[err_r]), truncated[out_r], truncated[err_r], overflow, timed_out


def execute(agent, req, tdir, kind, judged, wall_s, cap, rlimits, env):
    """Agent.execute without the C module: descriptors, fork, the child's set-up, then the agent's
    wait_task (which collects with collect() below and reaps with kill_leftovers())."""
    fds = []  # descriptors held by this call: closed whatever happens, so that none leaks
    try:
        try:
            fd_in = stdin_fd(req.get('stdin'), tdir)
        except (UnicodeError, TypeError) as e:
            return {'id': req.get('id'), 'error': 'stdin is not valid text (%s)' % (e,)}
        fds.append(fd_in)
        out_r, out_w = os.pipe()
        err_r, err_w = os.pipe()
        fds += [out_r, out_w, err_r, err_w]
        st_r, st_w = os.pipe() if kind == 'python' else (None, None)
        if st_r is not None:
            fds += [st_r, st_w]
        elif kind == 'exec' and req.get('fd3') is not None:
            st_w = text_fd(req['fd3'], tdir)  # descriptor 3 of the program (a completion proof's secret)
            fds.append(st_w)
        if kind == 'python':
            try:
                code, main = agent.python.install(req, tdir, env)
            except HarnessError as e:
                return {'id': req.get('id'), 'error': str(e)}
        elif kind == 'judged-exec':
            try:
                argv, env, st_w = judged_exec(agent.cfg, req, tdir, env)
            except HarnessError as e:
                return {'id': req.get('id'), 'error': str(e)}
            fds.append(st_w)
        t0 = time.monotonic()
        cg = agent.cgroups[req['cg']] if req.get('cg') is not None and agent.cgroups else ()
        cpus = pin_to_this_cpu() if kind == 'python' and RECENT[0] < PIN_BELOW_S else None
        pid = OS.fork()
        if pid != 0 and cpus:
            os.sched_setaffinity(0, cpus)
        if pid == 0:
            try:
                child_common(rlimits, tdir, fd_in, out_w, err_w, st_w, cg)
            except BaseException as e:
                child_failed(e)
            if kind == 'judged-exec':
                run_child('exec', False, None, None, argv, env)
            run_child(kind, judged, code if kind == 'python' else None, main if kind == 'python' else None,
                      req.get('argv'), env)
        for fd in (fd_in, out_w, err_w, st_w):
            if fd is not None:
                os.close(fd)
                fds.remove(fd)
        res = agent.wait_task(req, pid, t0, wall_s, cap, out_r, err_r, st_r)
        RECENT[0] = 0.7 * RECENT[0] + 0.3 * (time.monotonic() - t0)
        return res
    finally:
        for fd in fds:
            try:
                os.close(fd)
            except OSError:
                pass


# the wall time of this agent's recent tasks (s, moving average): pinned only while it is short
# (rlcf_fast.c rlcf_fork_task says why)
PIN_BELOW_S = 0.02
RECENT = [0.03]


def pin_to_this_cpu():
    """A Python task starts, and stays, on the CPU the agent is on (rlcf_fast.c rlcf_fork_task says
    why): the agent pins itself there for the fork, and gets back the CPUs returned here."""
    try:
        cpus = os.sched_getaffinity(0)
        if len(cpus) < 2:
            return None
        with open('/proc/self/stat', 'rb') as f:
            cpu = int(f.read().rsplit(b')', 1)[1].split()[36])  # field 39, "processor"
        os.sched_setaffinity(0, {cpu})
        return cpus
    except (OSError, ValueError, IndexError):
        return None


def judged_exec(cfg, req, tdir, env):
    """argv, environment and descriptor 3 (the request) of a judged task in a fresh interpreter:
    a copy of the python executable that this uid may run but not read, which makes the process
    non-dumpable from its start (nothing can open its /proc/<pid>/mem)."""
    py = cfg.get('judged_python')
    if not py:
        raise HarnessError('no interpreter for judged tasks (judged_python) in the agent configuration')
    body = json.dumps({'harness': req['harness'], 'site_paths': cfg.get('site_paths') or [],
                       'agent_dir': AGENT_DIR}).encode()
    fd = os.open(tdir, os.O_RDWR | os.O_TMPFILE, 0o600)
    off = 0
    while off < len(body):
        off += os.write(fd, body[off:])
    os.lseek(fd, 0, 0)
    argv = [py, '-s', '-S', '-P', '-B', os.path.join(AGENT_DIR, 'rlcf_harness.py')]
    return argv, dict(env, PYTHONHOME=cfg.get('python_home') or ''), fd


def kill_leftovers(kill_all, pgid):
    """(The Python fallback of rlcf_fast.reap.) Kill what the task left running and reap everything re-parented to us (we are a
    subreaper): (CPU seconds, peak RSS KiB) of those processes."""
    if not kill_all:  # without a pid namespace, kill(-1) would hit the host: only the task's group
        try:
            OS.killpg(pgid, signal.SIGKILL)
        except OSError:
            pass
    cpu = 0.0
    rss = 0
    # killed processes take a moment to become reapable
    end = time.monotonic() + 2.0
    while time.monotonic() < end:
        try:
            p, _, ru = os.wait4(-1, os.WNOHANG)
        except ChildProcessError:
            break  # nothing left (with kill_all: nobody else in the pid namespace)
        if p == 0:
            if kill_all:  # one by one: the task filter refuses kill(-1) to the agent too
                kill_others()
            time.sleep(0.0002)
            continue
        cpu += ru.ru_utime + ru.ru_stime
        rss = max(rss, ru.ru_maxrss)
    return cpu, rss


def kill_others():
    """SIGKILL to every process of the agent's pid namespace but itself (rlcf_fast.c kill_others)."""
    me = os.getpid()
    for name in os.listdir('/proc'):
        if name.isdigit() and int(name) != me:
            try:
                OS.kill(int(name), signal.SIGKILL)
            except OSError:
                pass


def stdin_fd(stdin, tdir):
    """The task's stdin: an unnamed file in its directory holding the text, or /dev/null."""
    if not stdin:
        return os.open('/dev/null', os.O_RDONLY)
    return text_fd(stdin, tdir)


def text_fd(text, tdir):
    """An unnamed file in the task's directory holding `text`, read from its start."""
    data = text.encode('utf-8', 'surrogateescape')
    fd = os.open(tdir, os.O_RDWR | os.O_TMPFILE, 0o600)
    try:
        off = 0
        while off < len(data):
            off += os.write(fd, data[off:])
        os.lseek(fd, 0, 0)
    except BaseException:
        os.close(fd)
        raise
    return fd
