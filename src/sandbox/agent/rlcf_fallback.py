# The per-task steps of the fork-server in Python: what rlcf_fast.c does in C (see agent.py), used
# when the C module is not built (no C compiler or no headers for this interpreter). The security
# battery runs on both (test/security-python-path.test.ts).
import os
import resource
import select
import time

from rlcf_cleanup import OS


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
    os.setsid()
    os.dup2(fd_in, 0)
    os.dup2(fd_out, 1)
    os.dup2(fd_err, 2)
    if fd_status is not None:
        os.dup2(fd_status, 3)
        os.closerange(4, 65536)
    else:
        os.closerange(3, 65536)
    OS.chdir(tdir)
    try:  # under memory pressure the kernel kills the task, never the agent
        fd = os.open('/proc/self/oom_score_adj', os.O_WRONLY)
        os.write(fd, b'1000')
        os.close(fd)
    except OSError:
        pass
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
