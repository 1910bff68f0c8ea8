# Seccomp filters of the rlcf slot agent, as classic BPF built here (no libseccomp needed): the
# sandbox-wide denylist and the task filter that keeps signals away from the agent, the reaper and
# "everyone", and keeps a task from making itself dumpable again. The agent installs both on
# itself at start; every task inherits them. The filters are bytes; loading one is the C hot path's job
# (rlcf_fast.seccomp), or ctypes' on the Python fallback (CtypesLibc below): ctypes is never
# imported into an agent that has the C path, so that its forked tasks cannot reach it.
import struct

PR_SET_NO_NEW_PRIVS = 38
PR_SET_SECCOMP = 22
SECCOMP_MODE_FILTER = 2
PR_SET_DUMPABLE = 4
PR_SET_CHILD_SUBREAPER = 36

# ---- seccomp (classic BPF) -------------------------------------------------------------------
# Syscall numbers per architecture: the sandbox-wide denylist, and the signal-sending calls that
# a task must not aim at the agent.
ARCHES = {
    'x86_64': {
        'audit': 0xC000003E,
        'deny': {
            'ptrace': 101, 'process_vm_readv': 310, 'process_vm_writev': 311, 'mount': 165,
            'umount2': 166, 'pivot_root': 155, 'chroot': 161, 'keyctl': 250, 'add_key': 248,
            'request_key': 249, 'bpf': 321, 'perf_event_open': 298, 'kexec_load': 246,
            'kexec_file_load': 320, 'init_module': 175, 'finit_module': 313, 'delete_module': 176,
            'unshare': 272, 'setns': 308, 'userfaultfd': 323, 'io_uring_setup': 425,
            'io_uring_enter': 426, 'io_uring_register': 427, 'acct': 163, 'swapon': 167,
            'swapoff': 168, 'reboot': 169, 'syslog': 103, 'open_by_handle_at': 304,
            'name_to_handle_at': 303, 'quotactl': 179, 'lookup_dcookie': 212, 'open_tree': 428,
            'move_mount': 429, 'fsopen': 430, 'fsconfig': 431, 'fsmount': 432, 'fspick': 433,
            'mount_setattr': 442, 'settimeofday': 164, 'clock_settime': 227, 'adjtimex': 159,
            'iopl': 172, 'ioperm': 173, 'uselib': 134, 'pidfd_getfd': 438,
            # IPC objects outlive the process that made them: a task gets none (see 'ipc' below)
        },
        # SysV shared memory, message queues, semaphores and POSIX message queues
        'ipc': {'shmget': 29, 'shmat': 30, 'shmctl': 31, 'shmdt': 67, 'semget': 64, 'semop': 65, 'semctl': 66,
                'msgget': 68, 'msgsnd': 69, 'msgrcv': 70, 'msgctl': 71, 'semtimedop': 220, 'mq_open': 240,
                'mq_unlink': 241, 'mq_timedsend': 242, 'mq_timedreceive': 243, 'mq_notify': 244,
                'mq_getsetattr': 245},
        'prctl': 157,
        'enosys': {'clone3': 435},
        'clone': 56,
        'signal': {'kill': 62, 'tkill': 200, 'tgkill': 234, 'rt_sigqueueinfo': 129,
                   'rt_tgsigqueueinfo': 297},
        # a pidfd of the agent is harmless without these (pidfd_getfd is in 'deny', setns too, and
        # process_madvise needs ptrace rights to a non-dumpable agent): the agent itself opens
        # pidfds of its tasks, under this same filter
        'pidfd': {'pidfd_send_signal': 424},
        'fcntl': 72, 'ioctl': 16, 'setpgid': 109,
        # calls that change another process of the same uid: its scheduling, CPUs and rlimits (pid
        # first), its nice value and I/O priority (which, who; the 'which' that means every process
        # of a user is refused outright)
        'pid_first': {'sched_setaffinity': 203, 'sched_setscheduler': 144, 'sched_setparam': 142, 'sched_setattr': 314,
                      'prlimit64': 302},
        'who_second': {'setpriority': (141, 2), 'ioprio_set': (251, 3)},
        'x32': True,
    },
    'aarch64': {
        'audit': 0xC00000B7,
        'deny': {
            'ptrace': 117, 'process_vm_readv': 270, 'process_vm_writev': 271, 'mount': 40,
            'umount2': 39, 'pivot_root': 41, 'chroot': 51, 'keyctl': 219, 'add_key': 217,
            'request_key': 218, 'bpf': 280, 'perf_event_open': 241, 'kexec_load': 104,
            'kexec_file_load': 294, 'init_module': 105, 'finit_module': 273, 'delete_module': 106,
            'unshare': 97, 'setns': 268, 'userfaultfd': 282, 'io_uring_setup': 425,
            'io_uring_enter': 426, 'io_uring_register': 427, 'acct': 89, 'swapon': 224,
            'swapoff': 225, 'reboot': 142, 'syslog': 116, 'open_by_handle_at': 265,
            'name_to_handle_at': 264, 'quotactl': 60, 'lookup_dcookie': 18, 'open_tree': 428,
            'move_mount': 429, 'fsopen': 430, 'fsconfig': 431, 'fsmount': 432, 'fspick': 433,
            'mount_setattr': 442, 'settimeofday': 170, 'clock_settime': 112, 'adjtimex': 171,
            'pidfd_getfd': 438,
        },
        'ipc': {'mq_open': 180, 'mq_unlink': 181, 'mq_timedsend': 182, 'mq_timedreceive': 183, 'mq_notify': 184,
                'mq_getsetattr': 185, 'msgget': 186, 'msgctl': 187, 'msgrcv': 188, 'msgsnd': 189, 'semget': 190,
                'semctl': 191, 'semtimedop': 192, 'semop': 193, 'shmget': 194, 'shmctl': 195, 'shmat': 196,
                'shmdt': 197},
        'prctl': 167,
        'enosys': {'clone3': 435},
        'clone': 220,
        'signal': {'kill': 129, 'tkill': 130, 'tgkill': 131, 'rt_sigqueueinfo': 138,
                   'rt_tgsigqueueinfo': 240},
        'pidfd': {'pidfd_send_signal': 424},
        'fcntl': 25, 'ioctl': 29, 'setpgid': 154,
        'pid_first': {'sched_setaffinity': 122, 'sched_setscheduler': 119, 'sched_setparam': 118, 'sched_setattr': 274,
                      'prlimit64': 261},
        'who_second': {'setpriority': (140, 2), 'ioprio_set': (30, 3)},
        'x32': False,
    },
}
CLONE_NEW_MASK = 0x7E020080  # NEWNS|NEWCGROUP|NEWUTS|NEWIPC|NEWUSER|NEWPID|NEWNET|NEWTIME
RET_ALLOW = 0x7FFF0000
RET_KILL_PROCESS = 0x80000000
EPERM, ENOSYS = 1, 38
F_SETOWN, F_SETOWN_EX = 8, 15
FIOSETOWN, SIOCSPGRP = 0x8901, 0x8902


def ret_errno(e):
    return 0x00050000 | e


def ins(code, jt, jf, k):
    return struct.pack('<HBBI', code, jt, jf, k & 0xFFFFFFFF)


LD_W_ABS, JEQ, JGE, JSET, RET = 0x20, 0x15, 0x35, 0x45, 0x06


def bpf_prelude(a):
    # Wrong architecture (e.g. a 32-bit syscall ABI used to dodge the table) kills the process.
    out = [ins(LD_W_ABS, 0, 0, 4), ins(JEQ, 1, 0, a['audit']), ins(RET, 0, 0, RET_KILL_PROCESS),
           ins(LD_W_ABS, 0, 0, 0)]
    if a['x32']:
        out += [ins(JGE, 0, 1, 0x40000000), ins(RET, 0, 0, ret_errno(EPERM))]
    return out


def sandbox_filter(a):
    """Denylist for the whole sandbox: the agent installs it on itself, every task inherits it."""
    out = bpf_prelude(a)
    for nr in list(a['deny'].values()) + list(a['ipc'].values()):
        out += [ins(JEQ, 0, 1, nr), ins(RET, 0, 0, ret_errno(EPERM))]
    for nr in a['enosys'].values():  # clone3 hides flags in memory: make libc fall back to clone
        out += [ins(JEQ, 0, 1, nr), ins(RET, 0, 0, ret_errno(ENOSYS))]
    out += [ins(JEQ, 0, 3, a['clone']), ins(LD_W_ABS, 0, 0, 16), ins(JSET, 0, 1, CLONE_NEW_MASK),
            ins(RET, 0, 0, ret_errno(EPERM)), ins(RET, 0, 0, RET_ALLOW)]
    return b''.join(out)


def task_filter(a, protected):
    """For tasks (the agent loads it on itself once, and every task inherits it): signals may not
    reach the agent, the reaper or 'everyone' (kill(-1)), nor may a process join their process
    groups (from where kill(0) would), nor change their scheduling, CPUs, I/O priority or rlimits;
    the task stays non-dumpable
    (prctl(PR_SET_DUMPABLE) refused): a dumpable task could open its own /proc/self/mem and read the
    memory it inherited from the fork-server."""
    out = bpf_prelude(a)
    out += [ins(JEQ, 0, 3, a['prctl']), ins(LD_W_ABS, 0, 0, 16), ins(JEQ, 0, 1, PR_SET_DUMPABLE),
            ins(RET, 0, 0, ret_errno(EPERM)), ins(LD_W_ABS, 0, 0, 0)]
    for nr in a['pidfd'].values():
        out += [ins(JEQ, 0, 1, nr), ins(RET, 0, 0, ret_errno(EPERM))]
    targets = sorted(set(protected))
    # Signals by file ownership: F_SETOWN(agent) + F_SETSIG(SIGKILL) + O_ASYNC on a pipe makes the
    # kernel deliver SIGKILL to the agent on the next write (same uid, so permitted), and kill()
    # never runs. Refuse an owner among the protected targets; F_SETOWN_EX and the ioctls take
    # the owner through a pointer the filter cannot read: refuse them outright (rarely used).
    own = [ins(LD_W_ABS, 0, 0, 24), ins(JEQ, 0, 1, F_SETOWN_EX), ins(RET, 0, 0, ret_errno(EPERM)),
           ins(JEQ, 1, 0, F_SETOWN), ins(RET, 0, 0, RET_ALLOW), ins(LD_W_ABS, 0, 0, 32)]
    for i, t in enumerate(targets):
        own.append(ins(JEQ, len(targets) - i, 0, t))
    own += [ins(RET, 0, 0, RET_ALLOW), ins(RET, 0, 0, ret_errno(EPERM))]
    out += [ins(JEQ, 0, len(own), a['fcntl'])] + own
    out += [ins(JEQ, 0, 5, a['ioctl']), ins(LD_W_ABS, 0, 0, 24), ins(JEQ, 1, 0, FIOSETOWN),
            ins(JEQ, 0, 1, SIOCSPGRP), ins(RET, 0, 0, ret_errno(EPERM)), ins(RET, 0, 0, RET_ALLOW)]
    # Tasks share the agent's session (each leads a process group of its own, not a session): a
    # process moved into the agent's group (or init's) would reach it with kill(0), which names no
    # pid the checks below could refuse. setpgid(pid, pgid) to any protected id is refused (the
    # kernel reads pgid as a 32-bit int: the low word of the argument is all of it).
    ids = sorted(set(t for t in targets if 0 < t < 0x80000000))  # init, the agent, its group

    def refuse_if_protected(offset):
        """load the argument at offset (its low word: these are 32-bit ids to the kernel) and
        refuse the call when it names a protected id; allow it otherwise"""
        blk = [ins(LD_W_ABS, 0, 0, offset)]
        for i, t in enumerate(ids):
            blk.append(ins(JEQ, len(ids) - i, 0, t))
        return blk + [ins(RET, 0, 0, RET_ALLOW), ins(RET, 0, 0, ret_errno(EPERM))]
    grp = refuse_if_protected(24)
    out += [ins(JEQ, 0, len(grp), a['setpgid'])] + grp
    # Same uid, so permitted: a task could renice the agent, pin it to one CPU, make it SCHED_IDLE,
    # lower its I/O priority or its hard rlimits, and every later task (forked from it) would
    # inherit that or fail to start. Refused when aimed at a protected id (0, the caller itself,
    # stays allowed), and for every process of a user outright (which reaches other slots too).
    for nr in a['pid_first'].values():
        blk = refuse_if_protected(16)
        out += [ins(JEQ, 0, len(blk), nr)] + blk
    for nr, every in a['who_second'].values():
        blk = [ins(LD_W_ABS, 0, 0, 16), ins(JEQ, 0, 1, every), ins(RET, 0, 0, ret_errno(EPERM))] + refuse_if_protected(24)
        out += [ins(JEQ, 0, len(blk), nr)] + blk
    sig = list(a['signal'].values())
    # if nr in sig: check arg0 against targets; else allow
    n = len(targets)
    for i, nr in enumerate(sig):
        # jump over the remaining signal compares to the arg check block
        out.append(ins(JEQ, len(sig) - i, 0, nr))
    out.append(ins(RET, 0, 0, RET_ALLOW))
    out.append(ins(LD_W_ABS, 0, 0, 16))
    for i, t in enumerate(targets):
        out.append(ins(JEQ, n - i, 0, t))
    out.append(ins(RET, 0, 0, RET_ALLOW))
    out.append(ins(RET, 0, 0, ret_errno(EPERM)))
    return b''.join(out)


class CtypesLibc:
    """prctl and seccomp through ctypes: the Python fallback's way to what rlcf_fast does in C."""

    def __init__(self):
        import ctypes
        self.ctypes = ctypes
        self.libc = ctypes.CDLL(None, use_errno=True)

        class SockFprog(ctypes.Structure):
            _fields_ = [('len', ctypes.c_ushort), ('filter', ctypes.c_void_p)]
        self.SockFprog = SockFprog

    def prctl(self, option, arg):
        if self.libc.prctl(option, arg, 0, 0, 0) != 0:
            e = self.ctypes.get_errno()
            raise OSError(e, 'prctl(%d): errno %d' % (option, e))

    def make_prog(self, code):
        """The filter as a struct sock_fprog (and the buffer it points to), built before the fork."""
        buf = self.ctypes.create_string_buffer(code, len(code))
        return (self.SockFprog(len(code) // 8, self.ctypes.cast(buf, self.ctypes.c_void_p)), buf)

    def load_prog(self, prog):
        """None, or why the filter could not be loaded."""
        c = self.ctypes
        if self.libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
            return 'no_new_privs: errno %d' % c.get_errno()
        if self.libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, c.byref(prog[0]), 0, 0) != 0:
            return 'seccomp: errno %d' % c.get_errno()
        return None
