/* Shared between the parts of the rlcf_fast module (rlcf_fast.c: the module, the agent's set-up,
 * the fork; rlcf_wait.c: output capture and reaping; rlcf_task.c: one whole task in C;
 * rlcf_serve.c: the request loop; rlcf_input.c: the requests; rlcf_output.c: the result lines). */
#ifndef RLCF_FAST_H
#define RLCF_FAST_H
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <sys/resource.h>
#include <sys/types.h>

/* Memory the agent's children never see: mapped with MADV_DONTFORK, so a fork neither copies it
 * nor write-protects it. Output capture and the encoded result live here: the agent writes them
 * after every fork without a page fault, and no task finds an earlier task's output in the memory
 * it inherited. Grown by mapping anew; never shared. */
struct dfbuf {
    char *p;
    size_t cap;
};
int rlcf_df_reserve(struct dfbuf *b, size_t keep, size_t need);
void rlcf_df_trim(struct dfbuf *b);

struct stream {
    int fd;
    struct dfbuf *b;
    size_t len;
    int truncated, open;
};

/* fn(name, ctx) for each entry of dir but . and .., stack buffer, no allocation, until fn returns
 * non-zero: that value, 0 at the end, -1 when dir cannot be opened */
int rlcf_each_entry(const char *dir, int (*fn)(const char *name, void *ctx), void *ctx);
double rlcf_monotonic(void);
double rlcf_tv_s(struct timeval t);

/* fork, and in the child the task's set-up (rlcf_fast.c): 0 in the child, the pid in the parent,
 * -1 (errno) when fork failed */
/* a task of this agent took s seconds of wall time (rlcf_fork_task pins only short ones) */
void rlcf_task_took(double s);
pid_t rlcf_fork_task(int fd_in, int fd_out, int fd_err, int fd_status, const char *tdir, const unsigned char *lim,
                     Py_ssize_t lim_len, const char *cg, Py_ssize_t cg_len, int same_cpu);

/* Reads both streams until they close (or the task has exited and only what it left holds them),
 * a cap is exceeded (*overflow) or wall_s passes (*timed_out); -1 when out of memory. */
int rlcf_collect_into(struct stream st[2], const size_t caps[2], int pidfd, double wall_s, int *overflow, int *timed_out);

struct reaped {
    int status;
    struct rusage ru;
    double exit_time, cpu_left;
    long rss_left;
};
/* Waits for the task's process, kills what it left and reaps it: 0, or an errno. */
int rlcf_reap_into(pid_t pid, int kill_all, struct reaped *r);

/* One task, as rlcf_task.c runs it (for task() and for serve()). */
struct task_in {
    const char *in_data; /* stdin, or NULL / in_len 0: /dev/null */
    Py_ssize_t in_len;
    const char *fd3_data; /* what an exec task reads on descriptor 3, or NULL */
    Py_ssize_t fd3_len;
    int status_pipe; /* a pipe on descriptor 3 instead (Python tasks report MemoryError on it) */
    const char *tdir;
    const unsigned char *lim; /* rlimit records: (resource, soft, hard) as three int64 each */
    Py_ssize_t lim_len;
    const char *cg; /* the task cgroup's cgroup.procs descriptors, native ints */
    Py_ssize_t cg_len;
    size_t cap;
    double first_s;
    int kill_all;
};
struct task_run {
    pid_t pid;
    int pidfd;
    int fds[7];
    double t0;
    struct stream st[2];
    struct reaped rp;
    int overflow, timed_out, memerr;
    char err[160];
};
/* 0: in the child, set up; 1: done (reaped, descriptors closed); 2: still running at first_s (pid,
 * pidfd and fds[1], fds[3], fds[5] open: the caller's); -1: failed (t->err), nothing left running */
int rlcf_run_task(const struct task_in *in, struct task_run *t);
void rlcf_abandon_task(struct task_run *t, int kill_all);
PyObject *rlcf_started(struct task_run *t, int kill_all);
/* the result line of a finished task, or an error line, for rlcf_write_result / flush(); encoded
 * after the results held (rlcf_hold_result), which rlcf_write_result writes first */
int rlcf_encode_task_result(long long id, int has_id, const struct task_run *t);
int rlcf_encode_error(long long id, const char *msg);
int rlcf_write_result(int fd);
void rlcf_drop_result(void);
/* keeps the result just encoded for the next rlcf_write_result (rlcf_serve.c says when); how many
 * are held; whether they have been held long enough, or are enough, to go out now; when that will
 * be the case (0: none held), for a wait while a task runs (rlcf_collect_into); the GIL-free write */
void rlcf_hold_result(void);
int rlcf_results_held(void);
int rlcf_hold_over(void);
double rlcf_hold_deadline(void);
int rlcf_write_pending(int fd);
PyObject *rlcf_hold(PyObject *self, PyObject *args);

/* the request stream (rlcf_input.c): the next whole frame (1; 0 at the end of input, -1 a header
 * that is not one, -2 out of memory), its body valid until the next call; and how many whole frames
 * have arrived and wait (0, 1 or 2: at least 2), reading what has come without waiting */
int rlcf_next_frame(const char **body, size_t *len, int *binary);
int rlcf_frames_waiting(void);
void rlcf_child_fail(const char *what, int code);

/* the two capture buffers (stdout, stderr) */
extern struct dfbuf rlcf_out_buf, rlcf_err_buf;

PyObject *rlcf_collect(PyObject *self, PyObject *args);
PyObject *rlcf_reap(PyObject *self, PyObject *args);
PyObject *rlcf_task(PyObject *self, PyObject *args);
PyObject *rlcf_flush(PyObject *self, PyObject *args);
PyObject *rlcf_clean(PyObject *self, PyObject *args);
PyObject *rlcf_serve(PyObject *self, PyObject *args);
PyObject *rlcf_env_changed(PyObject *self, PyObject *args);
int rlcf_dirty(const char *tdir, const char *root);
#endif
