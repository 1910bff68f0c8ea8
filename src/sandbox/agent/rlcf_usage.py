"""What a task's processes used, read from /proc inside the sandbox (the agent is PID 1 of its
PID namespace, so /proc holds the agent and its tasks only): CPU time and run-queue wait."""
import os


def read_schedstat(pid, tid=None):
    """(cpu ns, run-queue wait ns) of one process's main thread (or of thread `tid`), from schedstat."""
    try:
        with open('/proc/%d/schedstat' % pid if tid is None else '/proc/%d/task/%s/schedstat' % (pid, tid)) as f:
            a = f.read().split()
        return int(a[0]), int(a[1])
    except (OSError, ValueError, IndexError):
        return 0, 0


CLK_TCK = os.sysconf('SC_CLK_TCK')
# A CPU-bound task's time waiting for a CPU does not count against its wall limit, so that a loaded
# host does not turn a program within its CPU limit into a time-out; it never holds its slot for
# longer than this many wall limits, though.
LOAD_WALL_FACTOR = 3


def group_pids(pgid):
    """The processes of a process group (a task's, when it did not leave it)."""
    for name in os.listdir('/proc'):
        if not name.isdigit():
            continue
        pid = int(name)
        try:
            if os.getpgid(pid) == pgid:
                yield pid
        except OSError:
            continue


def group_usage(pgid):
    """(CPU seconds, longest run-queue wait of any thread in seconds) of the task's process group:
    each process's CPU (all its threads, and the children it waited for) from /proc/<pid>/stat, and
    how long a thread was runnable but did not get a CPU from /proc/<pid>/task/*/schedstat."""
    cpu = 0
    runq = 0
    for pid in group_pids(pgid):
        try:
            with open('/proc/%d/stat' % pid, 'rb') as f:
                fields = f.read().rsplit(b')', 1)[1].split()
            # utime, stime, cutime, cstime: fields 14-17 of proc(5), 11-14 after "pid (comm)"
            cpu += sum(int(x) for x in fields[11:15])
            for tid in os.listdir('/proc/%d/task' % pid):
                runq = max(runq, read_schedstat(pid, tid)[1])
        except (OSError, ValueError, IndexError):
            continue
    return cpu / CLK_TCK, runq / 1e9


def group_runqueue_ms(pgid):
    """Run-queue wait of every process in the task's process group: how long it was runnable but
    did not get a CPU. High wait while CPU time stayed low means the host was overloaded."""
    return sum(read_schedstat(pid)[1] for pid in group_pids(pgid)) / 1e6
