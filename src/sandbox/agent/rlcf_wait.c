/* rlcf_fast, part 2: a task's output capture and its reaping (see rlcf_fast.c for the module).
 *
 *   collect(pidfd, out_r, err_r, cap, wall_s[, used_out, used_err]) -> (stdout, stderr, out_trunc, err_trunc, overflow, timed_out)
 *     reads both pipes until they close (or the child has exited and only something it left
 *     behind holds them), the output cap is exceeded, or wall_s passes; pidfd may be -1.
 *   reap(pid, kill_all) -> (status, cpu_s, maxrss_kb, exit_time, left_cpu_s, left_rss_kb)
 *     waits for the task's process, then kills what it left (every process of its pid namespace but
 *     the agent when kill_all, else the task's process group) and reaps every process
 *     re-parented to the agent (a subreaper) for up to 2 s: their CPU and peak RSS. exit_time is
 *     CLOCK_MONOTONIC (time.monotonic) when the task's process had been reaped.
 */
#include "rlcf_fast.h"
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct dfbuf rlcf_out_buf, rlcf_err_buf;

int rlcf_df_reserve(struct dfbuf *b, size_t keep, size_t need) {
    if (need <= b->cap) return 0;
    size_t ncap = b->cap ? b->cap : 1 << 16;
    while (ncap < need) ncap *= 2;
    char *n = mmap(NULL, ncap, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (n == MAP_FAILED) return -1;
    /* never inherited: without it this memory must not hold task data, so no fallback */
    if (madvise(n, ncap, MADV_DONTFORK) != 0) {
        munmap(n, ncap);
        return -1;
    }
    if (keep) memcpy(n, b->p, keep);
    if (b->p) munmap(b->p, b->cap);
    b->p = n;
    b->cap = ncap;
    return 0;
}

/* after a task: a buffer a big output grew is given back (the common small one is kept mapped) */
void rlcf_df_trim(struct dfbuf *b) {
    if (b->cap > (size_t)1 << 22) {
        munmap(b->p, b->cap);
        b->p = NULL;
        b->cap = 0;
    }
}

/* Appends what fits under the cap; 1 when the cap was exceeded, -1 out of memory. */
static int take(struct stream *s, const char *chunk, size_t n, size_t cap) {
    size_t room = cap > s->len ? cap - s->len : 0;
    size_t keep = n < room ? n : room;
    if (keep) {
        if (rlcf_df_reserve(s->b, s->len, s->len + keep) < 0) return -1;
        memcpy(s->b->p + s->len, chunk, keep);
        s->len += keep;
    }
    if (n > room) {
        s->truncated = 1;
        return 1;
    }
    return 0;
}

double rlcf_monotonic(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

double rlcf_tv_s(struct timeval t) { return t.tv_sec + t.tv_usec / 1e6; }

/* the read chunk: DONTFORK too (a static array would be inherited holding the last task's output) */
static struct dfbuf chunk_buf;
#define CHUNK (1 << 16)

int rlcf_collect_into(struct stream st[2], const size_t caps[2], int pidfd, double wall_s, int *overflow, int *timed_out) {
    int exited = 0, nomem = 0;
    *overflow = *timed_out = 0;
    if (rlcf_df_reserve(&chunk_buf, 0, CHUNK) < 0) return -1;
    char *chunk = chunk_buf.p;
    double deadline = rlcf_monotonic() + wall_s;
    /* results of earlier tasks held back (rlcf_serve.c) go out when due, not when this task ends */
    double flush_at = rlcf_hold_deadline();
    while (st[0].open || st[1].open) {
        double now = rlcf_monotonic(), remain = deadline - now;
        if (remain <= 0) {
            *timed_out = 1;
            break;
        }
        if (flush_at > 0 && now >= flush_at) {
            (void)rlcf_write_pending(1); /* a failed write shows again at the next one */
            flush_at = 0;
        }
        if (flush_at > 0 && flush_at - now < remain) remain = flush_at - now;
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
            ssize_t got = read(s->fd, chunk, CHUNK);
            if (got < 0 && (errno == EINTR || errno == EAGAIN)) continue;
            if (got <= 0) {
                s->open = 0;
                continue;
            }
            int t = take(s, chunk, (size_t)got, caps[idx[k]]);
            if (t < 0) nomem = 1;
            if (t) *overflow = 1;
        }
        if (*overflow || nomem) break;
        if (exited && (st[0].open || st[1].open)) {
            /* the task exited but something it spawned holds the pipes open: take what is
             * buffered now and stop waiting for it */
            for (int i = 0; i < 2; i++) {
                if (!st[i].open) continue;
                int fl = fcntl(st[i].fd, F_GETFL);
                if (fl >= 0) fcntl(st[i].fd, F_SETFL, fl | O_NONBLOCK);
                for (;;) {
                    ssize_t got = read(st[i].fd, chunk, CHUNK);
                    if (got <= 0) break;
                    int t = take(&st[i], chunk, (size_t)got, caps[i]);
                    if (t < 0) nomem = 1;
                    if (t) {
                        *overflow = 1;
                        break;
                    }
                }
            }
            break;
        }
    }
    return nomem ? -1 : 0;
}

PyObject *rlcf_collect(PyObject *self, PyObject *args) {
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
    struct stream st[2] = {{out_r, &rlcf_out_buf, 0, 0, 1}, {err_r, &rlcf_err_buf, 0, 0, 1}};
    int overflow, timed_out, r;
    Py_BEGIN_ALLOW_THREADS
    r = rlcf_collect_into(st, caps, pidfd, wall_s, &overflow, &timed_out);
    Py_END_ALLOW_THREADS
    if (r < 0) return PyErr_NoMemory();
    return Py_BuildValue("(y#y#iiii)", st[0].len ? st[0].b->p : "", (Py_ssize_t)st[0].len,
                         st[1].len ? st[1].b->p : "", (Py_ssize_t)st[1].len, st[0].truncated, st[1].truncated, overflow,
                         timed_out);
}

int rlcf_each_entry(const char *dir, int (*fn)(const char *name, void *ctx), void *ctx) {
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0) return -1;
    char buf[4096];
    int stop = 0;
    long n;
    while (!stop && (n = syscall(SYS_getdents64, dfd, buf, sizeof buf)) > 0) {
        for (long off = 0; off < n && !stop;) {
            struct linux_dirent64 {
                uint64_t ino;
                int64_t off;
                unsigned short reclen;
                unsigned char type;
                char name[];
            } *d = (void *)(buf + off);
            off += d->reclen;
            if (strcmp(d->name, ".") && strcmp(d->name, "..")) stop = fn(d->name, ctx);
        }
    }
    close(dfd);
    return stop;
}

static int kill_pid_entry(const char *name, void *self) {
    long pid = 0;
    const char *c = name;
    if (*c < '1' || *c > '9') return 0;
    for (; *c >= '0' && *c <= '9'; c++) pid = pid * 10 + (*c - '0');
    if (!*c && pid != *(pid_t *)self) (void)kill((pid_t)pid, SIGKILL);
    return 0;
}

/* SIGKILL to every process of this pid namespace but the agent (its init): what kill(-1) does,
 * from a /proc listing (bwrap mounts the namespace's own). */
static void kill_others(void) {
    pid_t self = getpid();
    (void)rlcf_each_entry("/proc", kill_pid_entry, &self);
}

int rlcf_reap_into(pid_t pid, int kill_all, struct reaped *out) {
    pid_t r;
    out->cpu_left = 0;
    out->rss_left = 0;
    do {
        r = wait4(pid, &out->status, 0, &out->ru);
    } while (r < 0 && errno == EINTR);
    int err = r < 0 ? errno : 0;
    out->exit_time = rlcf_monotonic();
    if (r < 0) return err;
    /* nothing a task started may outlive it */
    if (!kill_all) (void)killpg(pid, SIGKILL);
    double end = out->exit_time + 2.0; /* killed processes take a moment to become reapable */
    for (;;) {
        struct rusage lr;
        int st;
        pid_t p = wait4(-1, &st, WNOHANG, &lr);
        if (p < 0) {
            if (errno == EINTR) continue;
            break; /* ECHILD: nothing left (with kill_all: nobody else in the pid namespace) */
        }
        if (p == 0) {
            if (rlcf_monotonic() >= end) break;
            /* someone is left: killed one by one (the agent may not kill(-1): the task filter
             * it shares with its tasks refuses that), again on every pass, as a process may
             * fork between the scan and its kill */
            if (kill_all) kill_others();
            struct timespec ts = {0, 200000};
            nanosleep(&ts, NULL);
            continue;
        }
        out->cpu_left += rlcf_tv_s(lr.ru_utime) + rlcf_tv_s(lr.ru_stime);
        if (lr.ru_maxrss > out->rss_left) out->rss_left = lr.ru_maxrss;
    }
    return 0;
}

/* The agent's Python did this in ~20 Python-level steps per task (a wait4 that raised
 * ChildProcessError once nothing was left, among them), each touching objects whose pages the last
 * fork had write-protected: ~35 page faults per task that this does without. */
PyObject *rlcf_reap(PyObject *self, PyObject *args) {
    (void)self;
    int pid, kill_all, err;
    if (!PyArg_ParseTuple(args, "ip", &pid, &kill_all)) return NULL;
    struct reaped r;
    Py_BEGIN_ALLOW_THREADS
    err = rlcf_reap_into(pid, kill_all, &r);
    Py_END_ALLOW_THREADS
    if (err) {
        errno = err;
        return PyErr_SetFromErrno(PyExc_OSError);
    }
    return Py_BuildValue("(idlddl)", r.status, rlcf_tv_s(r.ru.ru_utime) + rlcf_tv_s(r.ru.ru_stime), (long)r.ru.ru_maxrss,
                         r.exit_time, r.cpu_left, r.rss_left);
}
