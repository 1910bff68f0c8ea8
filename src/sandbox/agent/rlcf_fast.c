/* rlcf_fast: the fork-server's per-task hot path in C (see agent.py, which falls back to the same
 * steps in Python when this module is not built).
 *
 * Why C: after a fork, every page a process writes costs a fault (copy-on-write in the child while
 * the agent lives, a write-protect fault in the agent), and Python writes to every object it
 * touches (reference counts). The child's set-up (descriptors, rlimits, seccomp filter) and the
 * agent's wait for the child (poll loop, output capture) done in Python touched ~100 pages more per
 * task than these C versions, which use the stack and one malloc'd buffer per stream.
 *
 *   spawn(fd_in, fd_out, fd_err, fd_status, tdir, rlimits, cgroup) -> pid (0 in the child)
 *     fork, then in the child: into the task cgroup (writes "0" to each descriptor of `cgroup`, bytes
 *     of native ints: cgroup.procs files the engine opened), setsid, descriptors 0-2 (and 3 = fd_status unless -1) and nothing
 *     else open, chdir(tdir), oom_score_adj 1000, and each (resource, soft, hard) of `rlimits`; its
 *     seccomp filters are the agent's, inherited. A child whose set-up fails writes the reason to
 *     its stderr and exits with 125 (cgroup) or 126 (anything else).
 *   collect(pidfd, out_r, err_r, cap, wall_s[, used_out, used_err]) -> (stdout, stderr, out_trunc, err_trunc, overflow, timed_out)
 *     reads both pipes until they close (or the child has exited and only something it left
 *     behind holds them), the output cap is exceeded, or wall_s passes; pidfd may be -1.
 *   reap(pid, kill_all) -> (status, cpu_s, maxrss_kb, exit_time, left_cpu_s, left_rss_kb)
 *     waits for the task's process, then kills what it left (every process of its pid namespace but
 *     the agent when kill_all, else the task's process group) and reaps every process
 *     re-parented to the agent (a subreaper) for up to 2 s: their CPU and peak RSS. exit_time is
 *     CLOCK_MONOTONIC (time.monotonic) when the task's process had been reaped.
 *   prctl(option, arg) and seccomp(filter): the agent's own set-up (non-dumpable, subreaper, the
 *     filters its tasks inherit), so that an agent with this module never imports ctypes: a forked task
 *     inherits the agent's modules, and ctypes would hand it raw memory access.
 *
 * Memory the child inherits: scrub_allocations() makes the agent zero every block it frees (below),
 * so that nothing of an earlier request survives in its heap; spawn() also clears the stack below
 * the agent's frame before the fork (deep calls such as the compiler's leave bytes of the previous
 * program there), and the child goes back to the plain allocators, which it needs no more than that.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static void child_fail(const char *what, int code) {
    char msg[160];
    int n = snprintf(msg, sizeof msg, "rlcf: cannot start task: %s: %s\n", what, strerror(errno));
    if (n > 0) (void)!write(2, msg, (size_t)n);
    _exit(code);
}

static void close_from(int lowfd) {
#ifdef SYS_close_range
    if (syscall(SYS_close_range, (unsigned)lowfd, ~0U, 0) == 0) return;
#endif
    for (int fd = lowfd; fd < 65536; fd++) close(fd);
}

/* ---- freed memory is overwritten -----------------------------------------------------------------
 * Everything a request brings (its JSON, the program's source, its compiled code, stdin, results)
 * passes through Python's allocators in the agent and is freed after the task: pymalloc and glibc
 * keep freed blocks' bytes, and every later fork would inherit them. scrub_allocations() wraps the
 * three allocator domains (as tracemalloc does): blocks allocated from then on are remembered with
 * their size (a pointer-keyed table, linear probing, backward-shift deletion) and zeroed when freed
 * or moved. Blocks from before (the agent's start-up) are left alone: they hold no request. The
 * child puts the plain allocators back at once, so a task pays nothing for it. */
static PyMemAllocatorEx orig_alloc[3];
static int scrubbing = 0;
/* key and size side by side: one cache line per probe; small (the agent holds few live blocks
 * between requests), grown at half full */
struct tracked {
    uintptr_t p;
    size_t n;
};
static struct tracked *table;
static size_t tcap, tcount;

static inline size_t slot_of(uintptr_t p, size_t cap) {
    uint64_t x = (uint64_t)p >> 4; /* blocks are 16-byte aligned */
    x *= 0x9E3779B97F4A7C15ULL;
    return (size_t)(x >> 32) & (cap - 1);
}

static int table_grow(void) {
    size_t ncap = tcap ? tcap * 2 : 1 << 12;
    struct tracked *nt = calloc(ncap, sizeof *nt);
    if (!nt) return -1;
    for (size_t i = 0; i < tcap; i++) {
        if (!table[i].p) continue;
        size_t j = slot_of(table[i].p, ncap);
        while (nt[j].p) j = (j + 1) & (ncap - 1);
        nt[j] = table[i];
    }
    free(table);
    table = nt;
    tcap = ncap;
    return 0;
}

static void track(void *p, size_t n) {
    if (!p) return;
    if ((tcount + 1) * 2 > tcap && table_grow() < 0) return; /* untracked: freed unscrubbed, never lost */
    size_t i = slot_of((uintptr_t)p, tcap);
    while (table[i].p && table[i].p != (uintptr_t)p) i = (i + 1) & (tcap - 1);
    if (!table[i].p) tcount++;
    table[i].p = (uintptr_t)p;
    table[i].n = n ? n : 1;
}

/* the size of a tracked block (0: not tracked), which is forgotten */
static size_t untrack(void *p) {
    if (!tcap || !p) return 0;
    size_t i = slot_of((uintptr_t)p, tcap);
    while (table[i].p && table[i].p != (uintptr_t)p) i = (i + 1) & (tcap - 1);
    if (!table[i].p) return 0;
    size_t n = table[i].n;
    /* backward-shift deletion: no tombstones, probe chains stay short */
    size_t j = i;
    for (;;) {
        j = (j + 1) & (tcap - 1);
        if (!table[j].p) break;
        size_t k = slot_of(table[j].p, tcap);
        if ((j > i && (k <= i || k > j)) || (j < i && (k <= i && k > j))) {
            table[i] = table[j];
            i = j;
        }
    }
    table[i].p = 0;
    tcount--;
    return n;
}

static void *s_malloc(void *ctx, size_t n) {
    PyMemAllocatorEx *o = ctx;
    void *p = o->malloc(o->ctx, n);
    track(p, n);
    return p;
}

static void *s_calloc(void *ctx, size_t nelem, size_t elsize) {
    PyMemAllocatorEx *o = ctx;
    void *p = o->calloc(o->ctx, nelem, elsize);
    track(p, nelem * elsize);
    return p;
}

static void *s_realloc(void *ctx, void *p, size_t n) {
    PyMemAllocatorEx *o = ctx;
    if (!p) return s_malloc(ctx, n);
    size_t old = untrack(p);
    if (!old) { /* a block from before: its bytes are the agent's own */
        void *q = o->realloc(o->ctx, p, n);
        track(q, n);
        return q;
    }
    /* a new block, the old one zeroed: an allocator's in-place shrink or move would keep the bytes */
    void *q = o->malloc(o->ctx, n ? n : 1);
    if (!q) {
        track(p, old);
        return NULL;
    }
    memcpy(q, p, old < n ? old : n);
    explicit_bzero(p, old);
    o->free(o->ctx, p);
    track(q, n);
    return q;
}

static void s_free(void *ctx, void *p) {
    PyMemAllocatorEx *o = ctx;
    if (!p) return;
    size_t n = untrack(p);
    if (n) explicit_bzero(p, n);
    o->free(o->ctx, p);
}

static PyObject *rlcf_scrub_allocations(PyObject *self, PyObject *args) {
    (void)self;
    (void)args;
    if (!scrubbing) {
        static const PyMemAllocatorDomain doms[3] = {PYMEM_DOMAIN_RAW, PYMEM_DOMAIN_MEM, PYMEM_DOMAIN_OBJ};
        if (table_grow() < 0) return PyErr_NoMemory();
        for (int d = 0; d < 3; d++) {
            PyMem_GetAllocator(doms[d], &orig_alloc[d]);
            PyMemAllocatorEx h = {&orig_alloc[d], s_malloc, s_calloc, s_realloc, s_free};
            PyMem_SetAllocator(doms[d], &h);
        }
        scrubbing = 1;
    }
    Py_RETURN_NONE;
}

/* In the child: the plain allocators again (blocks the agent allocated are theirs too). */
static void unscrub_allocations(void) {
    if (!scrubbing) return;
    static const PyMemAllocatorDomain doms[3] = {PYMEM_DOMAIN_RAW, PYMEM_DOMAIN_MEM, PYMEM_DOMAIN_OBJ};
    for (int d = 0; d < 3; d++) PyMem_SetAllocator(doms[d], &orig_alloc[d]);
    scrubbing = 0;
}

/* Zero the stack below the caller: what deep calls of earlier requests left there is not inherited
 * by the child. Not inlined, so that its frame lies below the caller's. 32 KiB: every page written
 * here is a copy-on-write fault after each fork (128 KiB cost ~5% of a small task's throughput),
 * and a scan of a task's memory found nothing of an earlier request on the stack even without it. */
__attribute__((noinline)) static void scrub_stack(void) {
    char pad[32 << 10];
    explicit_bzero(pad, sizeof pad);
    __asm__ __volatile__("" : : "r"(pad) : "memory");
}

static int load_seccomp(const void *code, size_t len) {
    struct sock_fprog prog = {(unsigned short)(len / 8), (struct sock_filter *)code};
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) return -1;
    if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0) != 0) return -2;
    return 0;
}

static PyObject *rlcf_prctl(PyObject *self, PyObject *args) {
    (void)self;
    int option;
    unsigned long arg;
    if (!PyArg_ParseTuple(args, "ik", &option, &arg)) return NULL;
    if (prctl(option, arg, 0, 0, 0) != 0) return PyErr_SetFromErrno(PyExc_OSError);
    Py_RETURN_NONE;
}

/* seccomp(filter) -> None, or a string saying why the filter could not be loaded */
static PyObject *rlcf_seccomp(PyObject *self, PyObject *args) {
    (void)self;
    Py_buffer f;
    if (!PyArg_ParseTuple(args, "y*", &f)) return NULL;
    if (f.len % 8 != 0 || f.len == 0 || f.len / 8 > 0xFFFF) {
        PyBuffer_Release(&f);
        PyErr_SetString(PyExc_ValueError, "filter must be 8-byte instructions");
        return NULL;
    }
    int r = load_seccomp(f.buf, (size_t)f.len);
    int err = errno;
    PyBuffer_Release(&f);
    if (r == 0) Py_RETURN_NONE;
    return PyUnicode_FromFormat("%s: errno %d", r == -1 ? "no_new_privs" : "seccomp", err);
}

static PyObject *rlcf_spawn(PyObject *self, PyObject *args) {
    (void)self;
    int fd_in, fd_out, fd_err, fd_status;
    const char *tdir;
    Py_buffer lim;
    const char *cg = NULL;
    Py_ssize_t cg_len = 0;
    if (!PyArg_ParseTuple(args, "iiiiyy*|y#", &fd_in, &fd_out, &fd_err, &fd_status, &tdir, &lim, &cg, &cg_len)) return NULL;
    if (lim.len % 24 != 0) {
        PyBuffer_Release(&lim);
        PyErr_SetString(PyExc_ValueError, "rlimits must be 24-byte records");
        return NULL;
    }
    scrub_stack();
    PyOS_BeforeFork();
    pid_t pid = fork();
    if (pid == 0) {
        PyOS_AfterFork_Child();
        /* first, before any descriptor is renumbered: out of the agent's cgroup into the task's. A
         * task that cannot be moved must not run (it would escape its limits): exit 125. */
        for (Py_ssize_t off = 0; off + (Py_ssize_t)sizeof(int) <= cg_len; off += sizeof(int)) {
            int fd;
            memcpy(&fd, cg + off, sizeof fd);
            if (write(fd, "0", 1) != 1) child_fail("join task cgroup", 125);
        }
        mallopt(M_PERTURB, 0);
        unscrub_allocations();
        if (setsid() < 0) child_fail("setsid", 126);
        if (dup2(fd_in, 0) < 0 || dup2(fd_out, 1) < 0 || dup2(fd_err, 2) < 0) child_fail("dup2", 126);
        if (fd_status >= 0) {
            if (dup2(fd_status, 3) < 0) child_fail("dup2", 126);
            close_from(4);
        } else {
            close_from(3);
        }
        if (chdir(tdir) < 0) child_fail("chdir", 126);
        /* under memory pressure the kernel kills the task, never the agent */
        int oom = open("/proc/self/oom_score_adj", O_WRONLY | O_CLOEXEC);
        if (oom >= 0) {
            (void)!write(oom, "1000", 4);
            close(oom);
        }
        const unsigned char *p = lim.buf;
        for (Py_ssize_t off = 0; off < lim.len; off += 24) {
            long long res, soft, hard; /* RLIM_INFINITY is -1 */
            memcpy(&res, p + off, 8);
            memcpy(&soft, p + off + 8, 8);
            memcpy(&hard, p + off + 16, 8);
            struct rlimit rl = {(rlim_t)soft, (rlim_t)hard};
            if (setrlimit((int)res, &rl) < 0) child_fail("setrlimit", 126);
        }
        /* the buffer stays referenced: the child runs the task with it and then exits */
        return PyLong_FromLong(0);
    }
    int err = errno;
    PyOS_AfterFork_Parent();
    PyBuffer_Release(&lim);
    if (pid < 0) {
        errno = err;
        return PyErr_SetFromErrno(PyExc_OSError);
    }
    return PyLong_FromLong(pid);
}

struct stream {
    int fd;
    char *buf;
    size_t len, size;
    int truncated, open;
};

/* Appends what fits under the cap; 1 when the cap was exceeded. */
static int take(struct stream *s, const char *chunk, size_t n, size_t cap) {
    size_t room = cap > s->len ? cap - s->len : 0;
    size_t keep = n < room ? n : room;
    if (keep) {
        if (s->len + keep > s->size) {
            size_t want = s->size ? s->size : 4096;
            while (want < s->len + keep) want *= 2;
            char *b = realloc(s->buf, want);
            if (!b) return -1;
            s->buf = b;
            s->size = want;
        }
        memcpy(s->buf + s->len, chunk, keep);
        s->len += keep;
    }
    if (n > room) {
        s->truncated = 1;
        return 1;
    }
    return 0;
}

static double monotonic(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static PyObject *rlcf_collect(PyObject *self, PyObject *args) {
    (void)self;
    int pidfd, out_r, err_r;
    Py_ssize_t cap_arg, used_out = 0, used_err = 0;
    double wall_s;
    /* used_out/used_err: bytes of each stream an earlier call for the same task already took (the
     * agent collects in stretches between its CPU-limit checks); the cap covers them too */
    if (!PyArg_ParseTuple(args, "iiind|nn", &pidfd, &out_r, &err_r, &cap_arg, &wall_s, &used_out, &used_err)) return NULL;
    size_t cap = cap_arg < 0 ? 0 : (size_t)cap_arg;
    size_t caps[2] = {cap > (size_t)(used_out < 0 ? 0 : used_out) ? cap - (size_t)used_out : 0,
                      cap > (size_t)(used_err < 0 ? 0 : used_err) ? cap - (size_t)used_err : 0};
    struct stream st[2] = {{out_r, NULL, 0, 0, 0, 1}, {err_r, NULL, 0, 0, 0, 1}};
    static char chunk[65536];
    int overflow = 0, timed_out = 0, exited = 0, nomem = 0;
    double deadline = monotonic() + wall_s;
    Py_BEGIN_ALLOW_THREADS
    while (st[0].open || st[1].open) {
        double remain = deadline - monotonic();
        if (remain <= 0) {
            timed_out = 1;
            break;
        }
        struct pollfd pf[3];
        int n = 0, idx[3];
        for (int i = 0; i < 2; i++)
            if (st[i].open) {
                pf[n].fd = st[i].fd;
                pf[n].events = POLLIN;
                idx[n++] = i;
            }
        if (pidfd >= 0 && !exited) {
            pf[n].fd = pidfd;
            pf[n].events = POLLIN;
            idx[n++] = 2;
        }
        int r = poll(pf, (nfds_t)n, (int)(remain * 1000) + 1);
        if (r < 0) {
            if (errno == EINTR) continue;
            break;
        }
        for (int k = 0; k < n; k++) {
            if (!pf[k].revents) continue;
            if (idx[k] == 2) {
                exited = 1;
                continue;
            }
            struct stream *s = &st[idx[k]];
            ssize_t got = read(s->fd, chunk, sizeof chunk);
            if (got < 0 && (errno == EINTR || errno == EAGAIN)) continue;
            if (got <= 0) {
                s->open = 0;
                continue;
            }
            int t = take(s, chunk, (size_t)got, caps[idx[k]]);
            if (t < 0) nomem = 1;
            if (t) overflow = 1;
        }
        if (overflow || nomem) break;
        if (exited && (st[0].open || st[1].open)) {
            /* the task exited but something it spawned holds the pipes open: take what is
             * buffered now and stop waiting for it */
            for (int i = 0; i < 2; i++) {
                if (!st[i].open) continue;
                int fl = fcntl(st[i].fd, F_GETFL);
                if (fl >= 0) fcntl(st[i].fd, F_SETFL, fl | O_NONBLOCK);
                for (;;) {
                    ssize_t got = read(st[i].fd, chunk, sizeof chunk);
                    if (got <= 0) break;
                    int t = take(&st[i], chunk, (size_t)got, caps[i]);
                    if (t < 0) nomem = 1;
                    if (t) {
                        overflow = 1;
                        break;
                    }
                }
            }
            break;
        }
    }
    Py_END_ALLOW_THREADS
    PyObject *res = NULL;
    if (nomem) {
        PyErr_NoMemory();
    } else {
        res = Py_BuildValue("(y#y#iiii)", st[0].buf ? st[0].buf : "", (Py_ssize_t)st[0].len,
                            st[1].buf ? st[1].buf : "", (Py_ssize_t)st[1].len,
                            st[0].truncated, st[1].truncated, overflow, timed_out);
    }
    free(st[0].buf);
    free(st[1].buf);
    return res;
}

/* SIGKILL to every process of this pid namespace but the agent (its init): what kill(-1) does,
 * from a /proc listing (bwrap mounts the namespace's own). A stack buffer, no allocation. */
static void kill_others(void) {
    int dfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0) return;
    pid_t self = getpid();
    char buf[4096];
    for (;;) {
        long n = syscall(SYS_getdents64, dfd, buf, sizeof buf);
        if (n <= 0) break;
        for (long off = 0; off < n;) {
            struct linux_dirent64 {
                uint64_t ino;
                int64_t off;
                unsigned short reclen;
                unsigned char type;
                char name[];
            } *d = (void *)(buf + off);
            off += d->reclen;
            long pid = 0;
            const char *c = d->name;
            if (*c < '1' || *c > '9') continue;
            for (; *c >= '0' && *c <= '9'; c++) pid = pid * 10 + (*c - '0');
            if (*c || pid == self) continue;
            (void)kill((pid_t)pid, SIGKILL);
        }
    }
    close(dfd);
}

static double tv_s(struct timeval t) { return t.tv_sec + t.tv_usec / 1e6; }

/* The agent's Python did this in ~20 Python-level steps per task (a wait4 that raised
 * ChildProcessError once nothing was left, among them), each touching objects whose pages the last
 * fork had write-protected: ~35 page faults per task that this does without. */
static PyObject *rlcf_reap(PyObject *self, PyObject *args) {
    (void)self;
    int pid, kill_all;
    if (!PyArg_ParseTuple(args, "ip", &pid, &kill_all)) return NULL;
    int status = 0, err = 0;
    struct rusage ru;
    pid_t r;
    double cpu_left = 0, exit_time;
    long rss_left = 0;
    Py_BEGIN_ALLOW_THREADS
    do {
        r = wait4(pid, &status, 0, &ru);
    } while (r < 0 && errno == EINTR);
    err = errno;
    exit_time = monotonic();
    if (r >= 0) {
        /* nothing a task started may outlive it */
        if (!kill_all) (void)killpg(pid, SIGKILL);
        double end = exit_time + 2.0; /* killed processes take a moment to become reapable */
        for (;;) {
            struct rusage lr;
            int st;
            pid_t p = wait4(-1, &st, WNOHANG, &lr);
            if (p < 0) {
                if (errno == EINTR) continue;
                break; /* ECHILD: nothing left (with kill_all: nobody else in the pid namespace) */
            }
            if (p == 0) {
                if (monotonic() >= end) break;
                /* someone is left: killed one by one (the agent may not kill(-1): the task filter
                 * it shares with its tasks refuses that), again on every pass, as a process may
                 * fork between the scan and its kill */
                if (kill_all) kill_others();
                struct timespec ts = {0, 200000};
                nanosleep(&ts, NULL);
                continue;
            }
            cpu_left += tv_s(lr.ru_utime) + tv_s(lr.ru_stime);
            if (lr.ru_maxrss > rss_left) rss_left = lr.ru_maxrss;
        }
    }
    Py_END_ALLOW_THREADS
    if (r < 0) {
        errno = err;
        return PyErr_SetFromErrno(PyExc_OSError);
    }
    return Py_BuildValue("(idlddl)", status, tv_s(ru.ru_utime) + tv_s(ru.ru_stime), (long)ru.ru_maxrss, exit_time,
                         cpu_left, rss_left);
}

static PyMethodDef methods[] = {
    {"reap", rlcf_reap, METH_VARARGS, "wait for a task's process, kill and reap everything it left"},
    {"spawn", rlcf_spawn, METH_VARARGS, "fork a task's child with its descriptors, directory, rlimits and seccomp filter"},
    {"collect", rlcf_collect, METH_VARARGS, "capture a task's stdout/stderr under a cap until it ends or times out"},
    {"prctl", rlcf_prctl, METH_VARARGS, "prctl(option, arg) for the agent's own set-up"},
    {"scrub_allocations", rlcf_scrub_allocations, METH_NOARGS, "zero every block allocated from now on when it is freed (agent only)"},
    {"seccomp", rlcf_seccomp, METH_VARARGS, "load a seccomp filter (bytes of struct sock_filter) on this process"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "rlcf_fast", NULL, -1, methods, NULL, NULL, NULL, NULL};

PyMODINIT_FUNC PyInit_rlcf_fast(void) { return PyModule_Create(&module); }
