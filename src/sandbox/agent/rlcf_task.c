/* rlcf_fast, part 3: one whole task in C, from the request's fields to its result line (see
 * agent.py Agent.execute, which calls it, and rlcf_fast.c for the module).
 *
 *   task(stdin, fd3, status_pipe, tdir, rlimits, cgroup, cap, first_s, req_id, kill_all)
 *       -> 0 in the child; in the agent None, or the state of a task still running (below)
 *     stdin: bytes or None (an unnamed file in tdir, or /dev/null); fd3: bytes or None, what an exec
 *     task reads on descriptor 3; status_pipe: a pipe on descriptor 3 instead (Python tasks report a
 *     MemoryError on it). Forks (rlcf_fast.c: cgroup, session, descriptors, directory, rlimits),
 *     captures stdout and stderr under `cap` (each) for up to first_s seconds, and when the task
 *     has ended by then, reaps it and everything it left, and encodes its result line for flush().
 *     A task still running at first_s (its CPU-limit check or its wall limit is due) goes back to
 *     the agent's Python, which has the time-limit logic: (pid, pidfd, out_r, err_r, st_r, t0,
 *     stdout, stderr, out_trunc, err_trunc), the descriptors now the caller's to close.
 *   flush(fd): writes the encoded result (once; rlcf_output.c).
 *   clean(tdir or None, root) -> bool: removes the task's directory when it is empty; True when
 *     anything is left in root (the agent's Python clean-up then removes it).
 *
 * The result line is encoded in C (rlcf_output.c), not in Python.
 */
#include "rlcf_fast.h"
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* An unnamed file in dir holding data, read from its start (a task's stdin or descriptor 3). */
static int text_fd(const char *dir, const char *data, Py_ssize_t n) {
    int fd = open(dir, O_RDWR | O_TMPFILE | O_CLOEXEC, 0600);
    if (fd < 0) return -1;
    for (Py_ssize_t off = 0; off < n;) {
        ssize_t w = write(fd, data + off, (size_t)(n - off));
        if (w < 0) {
            if (errno == EINTR) continue;
            int e = errno;
            close(fd);
            errno = e;
            return -1;
        }
        off += w;
    }
    if (lseek(fd, 0, SEEK_SET) < 0) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    return fd;
}

static void close_all(int *fds, int n) {
    for (int i = 0; i < n; i++)
        if (fds[i] >= 0) {
            close(fds[i]);
            fds[i] = -1;
        }
}

int rlcf_run_task(const struct task_in *in, struct task_run *t) {
    for (int i = 0; i < 7; i++) t->fds[i] = -1;
    t->pid = -1;
    t->pidfd = -1;
    t->overflow = t->timed_out = t->memerr = 0;
    int *fds = t->fds; /* 0 fd_in, 1 out_r, 2 out_w, 3 err_r, 4 err_w, 5 st_r, 6 st_w (or fd3's file) */
    int p[2];
    const char *what = "stdin";
    fds[0] = in->in_len > 0 ? text_fd(in->tdir, in->in_data, in->in_len) : open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (fds[0] < 0) goto fail;
    what = "pipe";
    if (pipe2(p, O_CLOEXEC) < 0) goto fail;
    fds[1] = p[0], fds[2] = p[1];
    if (pipe2(p, O_CLOEXEC) < 0) goto fail;
    fds[3] = p[0], fds[4] = p[1];
    if (in->status_pipe) {
        if (pipe2(p, O_CLOEXEC) < 0) goto fail;
        fds[5] = p[0], fds[6] = p[1];
    } else if (in->fd3_data) {
        what = "descriptor 3";
        fds[6] = text_fd(in->tdir, in->fd3_data, in->fd3_len);
        if (fds[6] < 0) goto fail;
    }
    what = "fork";
    t->t0 = rlcf_monotonic();
    /* Python tasks (those with a status pipe) on the agent's CPU; a compiler, a JVM or a Go
     * program may run threads on every CPU */
    t->pid = rlcf_fork_task(fds[0], fds[2], fds[4], fds[6], in->tdir, in->lim, in->lim_len, in->cg, in->cg_len, in->status_pipe);
    if (t->pid == 0) return 0;
    if (t->pid < 0) goto fail;
    /* the child's ends */
    close(fds[0]), close(fds[2]), close(fds[4]);
    fds[0] = fds[2] = fds[4] = -1;
    if (fds[6] >= 0) close(fds[6]), fds[6] = -1;
    t->pidfd = (int)syscall(SYS_pidfd_open, t->pid, 0);
    size_t caps[2] = {in->cap, in->cap};
    struct stream *st = t->st;
    st[0] = (struct stream){fds[1], &rlcf_out_buf, 0, 0, 1};
    st[1] = (struct stream){fds[3], &rlcf_err_buf, 0, 0, 1};
    int r;
    Py_BEGIN_ALLOW_THREADS
    r = rlcf_collect_into(st, caps, t->pidfd, in->first_s, &t->overflow, &t->timed_out);
    if (r == 0 && !t->timed_out) {
        if (t->overflow) (void)killpg(t->pid, SIGKILL);
        r = rlcf_reap_into(t->pid, in->kill_all, &t->rp) ? -2 : 0;
        if (r == 0 && fds[5] >= 0) {
            char c;
            t->memerr = read(fds[5], &c, 1) == 1 && c == 'M';
        }
    }
    Py_END_ALLOW_THREADS
    /* how long tasks take here, for rlcf_fork_task's choice of CPU (one still running: first_s at least) */
    if (r == 0) rlcf_task_took(t->timed_out ? in->first_s : t->rp.exit_time - t->t0);
    if (r == 0 && t->timed_out) return 2; /* still running: the rest is the caller's */
    if (t->pidfd >= 0) close(t->pidfd), t->pidfd = -1;
    if (r != 0) {
        /* out of memory while capturing, or the task cannot be waited for: it must not outlive this */
        if (r == -1) {
            (void)killpg(t->pid, SIGKILL);
            (void)rlcf_reap_into(t->pid, in->kill_all, &t->rp);
        }
        close_all(fds, 7);
        snprintf(t->err, sizeof t->err, "%s", r == -1 ? "out of memory capturing the task's output" : "cannot wait for the task");
        return -1;
    }
    close_all(fds, 7);
    return 1;
fail: {
    int e = errno;
    close_all(fds, 7);
    snprintf(t->err, sizeof t->err, "task %s: %s", what, strerror(e));
    return -1;
}
}

PyObject *rlcf_task(PyObject *self, PyObject *args) {
    (void)self;
    struct task_in in = {0};
    Py_ssize_t cap_arg;
    Py_buffer lim;
    PyObject *req_id;
    rlcf_drop_result(); /* a result is flushed right after the task() that encoded it, or never */
    if (!PyArg_ParseTuple(args, "z#z#pyy*y#ndOp", &in.in_data, &in.in_len, &in.fd3_data, &in.fd3_len, &in.status_pipe, &in.tdir,
                          &lim, &in.cg, &in.cg_len, &cap_arg, &in.first_s, &req_id, &in.kill_all))
        return NULL;
    long long id = 0;
    int has_id = req_id != Py_None;
    if (has_id) {
        id = PyLong_AsLongLong(req_id);
        if (id == -1 && PyErr_Occurred()) {
            PyBuffer_Release(&lim);
            return NULL;
        }
    }
    if (lim.len % 24 != 0) {
        PyBuffer_Release(&lim);
        PyErr_SetString(PyExc_ValueError, "rlimits must be 24-byte records");
        return NULL;
    }
    in.lim = lim.buf;
    in.lim_len = lim.len;
    in.cap = cap_arg < 0 ? 0 : (size_t)cap_arg;
    struct task_run t;
    int r = rlcf_run_task(&in, &t);
    if (r == 0) return PyLong_FromLong(0); /* the child: the caller runs the task (lim stays referenced) */
    PyBuffer_Release(&lim);
    if (r < 0) return PyErr_Format(PyExc_OSError, "%s", t.err);
    if (r == 2) return rlcf_started(&t, in.kill_all); /* still running: the rest is the Python side's */
    if (rlcf_encode_task_result(id, has_id, &t) < 0) return PyErr_NoMemory();
    Py_RETURN_NONE;
}

/* A task still running at its first check (run_task returned 2), for the agent's Python
 * (Agent.wait_started): (pid, pidfd, out_r, err_r, st_r, t0, (stdout, stderr, out_trunc, err_trunc)),
 * the descriptors now the caller's; NULL (the task killed and reaped) when that cannot be built. */
PyObject *rlcf_started(struct task_run *t, int kill_all) {
    PyObject *res = Py_BuildValue("(iiiiid(y#y#ii))", (int)t->pid, t->pidfd, t->fds[1], t->fds[3], t->fds[5], t->t0,
                                  t->st[0].len ? t->st[0].b->p : "", (Py_ssize_t)t->st[0].len,
                                  t->st[1].len ? t->st[1].b->p : "", (Py_ssize_t)t->st[1].len, t->st[0].truncated,
                                  t->st[1].truncated);
    if (!res) rlcf_abandon_task(t, kill_all);
    return res;
}

/* a task handed back (run_task returned 2) that its caller cannot take: killed, reaped, closed */
void rlcf_abandon_task(struct task_run *t, int kill_all) {
    (void)killpg(t->pid, SIGKILL);
    (void)rlcf_reap_into(t->pid, kill_all, &t->rp);
    if (t->pidfd >= 0) close(t->pidfd), t->pidfd = -1;
    close_all(t->fds, 7);
}

static int any_entry(const char *name, void *ctx) {
    (void)name;
    (void)ctx;
    return 1;
}

/* Whether root is empty, read from its size: tmpfs counts a directory's entries in st_size
 * (BOGO_DIRENT_SIZE each, on top of a base that differs between kernels), so one fstat of a
 * descriptor kept open answers what an open, a getdents and a close did (~18 us of the agent's CPU
 * per task). Trusted only once a probe has seen root's size grow with an entry made in it and come
 * back when it went, and compared with the size root had when last read and found empty; anything
 * else and root is read. */
static int root_fd = -1;
static int root_sized = -1; /* -1: not probed yet; 0: read root; 1: its size says */
static off_t empty_size = -1;
static char root_path[4096];

static off_t size_of(int fd) {
    struct stat st;
    return fstat(fd, &st) < 0 ? -1 : st.st_size;
}

static void probe_root(const char *root) {
    root_sized = 0;
    empty_size = -1;
    if (root_fd >= 0) close(root_fd), root_fd = -1;
    root_path[0] = 0;
    if (strlen(root) >= sizeof root_path) return;
    strcpy(root_path, root);
    root_fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (root_fd < 0) return;
    struct statfs sf;
    if (fstatfs(root_fd, &sf) < 0 || sf.f_type != TMPFS_MAGIC) return;
    char name[64];
    snprintf(name, sizeof name, ".rlcf-probe-%d", (int)getpid());
    off_t before = size_of(root_fd);
    if (before < 0 || mkdirat(root_fd, name, 0700) < 0) return;
    off_t during = size_of(root_fd);
    int gone = unlinkat(root_fd, name, AT_REMOVEDIR) == 0;
    off_t after = size_of(root_fd);
    root_sized = gone && during > before && after == before;
}

/* removes tdir when empty (NULL: none); 1 when anything is left in root (or it cannot be read) */
int rlcf_dirty(const char *tdir, const char *root) {
    if (tdir) (void)rmdir(tdir);
    if (root_sized < 0 || strcmp(root, root_path) != 0) probe_root(root);
    if (root_sized == 1 && empty_size >= 0 && size_of(root_fd) == empty_size) return 0;
    off_t before = root_sized == 1 ? size_of(root_fd) : -1;
    int dirty = rlcf_each_entry(root, any_entry, NULL) != 0;
    /* read and found empty, and the same size on both sides of the reading (nothing made an entry
     * meanwhile, should anything still run): that size is what the root has when empty */
    if (root_sized == 1 && !dirty && before >= 0 && size_of(root_fd) == before) empty_size = before;
    return dirty;
}

PyObject *rlcf_clean(PyObject *self, PyObject *args) {
    (void)self;
    const char *tdir, *root;
    Py_ssize_t tdir_len;
    if (!PyArg_ParseTuple(args, "z#y", &tdir, &tdir_len, &root)) return NULL;
    if (tdir && strlen(tdir) != (size_t)tdir_len) {
        PyErr_SetString(PyExc_ValueError, "embedded NUL in the task directory");
        return NULL;
    }
    return PyBool_FromLong(rlcf_dirty(tdir, root));
}
