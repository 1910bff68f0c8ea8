/* rlcf_fast, part 4: the agent's request loop in C (see agent.py main, and rlcf_fast.c for the module).
 *
 *   serve(install, set_env, uninstall, scrub, root, cgroups, kill_all, fixed_rlimits, frame_rlimits[, run])
 *       -> None at the end of input, or what needs the agent's Python:
 *          ('json', body)            a JSON request frame (judged tasks, files, kept directories...)
 *          ('child', code, main)     in the forked child of a Python task: run it (without `run`;
 *                                    with it, the child calls run(code, main), which never returns)
 *          ('slow', req, wall_s, cap, started, tdir)
 *                                    a task still running at its first CPU-limit check (`started`
 *                                    as task() returns it, rlcf_started)
 *     Takes request frames from descriptor 0 (rlcf_input.c reads them ahead) and runs every binary
 *     one ("B<9-digit length>\n", as agent-client.ts writes them for plain Python and exec tasks)
 *     itself, writing its result line to descriptor 1, held back while two more requests wait
 *     (the loop below; rlcf_output.c): the frame is parsed from memory no fork copies
 *     (MADV_DONTFORK), the task directory made, the program installed by install(source, args, tdir) -> (code, __main__)
 *     (Python: compile() and the module), the task run by rlcf_run_task, then uninstall() (None:
 *     nothing to take back) and, when the task left files, scrub(). Between two forks the agent's
 *     Python then runs install (and uninstall) only: every Python step it took for the protocol
 *     wrote to pages the last fork had write-protected (~70 page faults per task, ~0.1 ms).
 *     Rlimits are data from rlcf_limits.py (the one place that maps their names to resources):
 *     fixed_rlimits, records every task gets (24 bytes: resource, soft, hard as int64); frame_rlimits,
 *     per rlimit a binary frame carries, in its order, the resource and how far the hard limit lies
 *     above the soft one (16 bytes: two int64).
 *
 * The binary request, little-endian (agent-client.ts binaryFrame): u8 version (1), i64 id, u8 kind
 * (1 python, 2 exec), i32 task cgroup (-1: none), f64 wall_ms, f64 output_bytes, f64 cpu_ms (0:
 * none), i64 per rlimit of frame_rlimits (agent-client.ts BINARY_RLIMITS; -2: not set),
 * strs env (count, then key, value...), then python: str source, strs args; exec: strs argv; then
 * str stdin, and fd3 (i32 length, -1: none, then the bytes and a NUL). A str is a u32 length, the
 * bytes and a NUL; strs a u32 count of them.
 */
#include "rlcf_fast.h"
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int env_valid;
static struct dfbuf env_prev;
static size_t env_prev_len;

/* the Python side changed the environment itself (a JSON request): compare afresh next time */
PyObject *rlcf_env_changed(PyObject *self, PyObject *args) {
    (void)self;
    (void)args;
    env_valid = 0;
    Py_RETURN_NONE;
}

struct rd {
    const unsigned char *p, *end;
    const char *bad;
};

static int need(struct rd *r, size_t n) {
    if (r->bad) return 0;
    if ((size_t)(r->end - r->p) < n) {
        r->bad = "truncated";
        return 0;
    }
    return 1;
}

#define RD_NUM(name, type)                    \
    static type name(struct rd *r) {          \
        type v = 0;                           \
        if (!need(r, sizeof v)) return 0;     \
        memcpy(&v, r->p, sizeof v);           \
        r->p += sizeof v;                     \
        return v;                             \
    }
RD_NUM(rd_u8, uint8_t)
RD_NUM(rd_i32, int32_t)
RD_NUM(rd_u32, uint32_t)
RD_NUM(rd_i64, int64_t)
RD_NUM(rd_f64, double)

/* a NUL-terminated string in the frame; *len without the NUL. No NUL inside (argv, env, paths). */
static const char *rd_str(struct rd *r, uint32_t *len, int nul_ok) {
    uint32_t n = rd_u32(r);
    if (!need(r, (size_t)n + 1)) return NULL;
    const char *s = (const char *)r->p;
    if (s[n] != 0 || (!nul_ok && memchr(s, 0, n))) {
        r->bad = "a string is not NUL-terminated or holds a NUL";
        return NULL;
    }
    r->p += (size_t)n + 1;
    if (len) *len = n;
    return s;
}

/* a list of strings: a NULL-terminated array of pointers into the frame (malloc'd), or NULL */
static const char **rd_strs(struct rd *r, uint32_t *count) {
    uint32_t n = rd_u32(r);
    if (r->bad) return NULL;
    if (n > (uint32_t)((r->end - r->p) / 5)) { /* each takes >= 5 bytes */
        r->bad = "a list is longer than the frame";
        return NULL;
    }
    const char **a = malloc(((size_t)n + 1) * sizeof *a);
    if (!a) {
        r->bad = "out of memory";
        return NULL;
    }
    for (uint32_t i = 0; i < n; i++) a[i] = rd_str(r, NULL, 0);
    a[n] = NULL;
    if (r->bad) {
        free(a);
        return NULL;
    }
    *count = n;
    return a;
}

/* strings copied out of the frame into ordinary memory: what an exec'd child needs after the fork
 * (the frame is not mapped in the child) */
static char **copy_strs(const char **a, uint32_t n, const char *const *b, uint32_t m, const char *sep, size_t *size) {
    size_t bytes = 0;
    for (uint32_t i = 0; i < n; i++) bytes += strlen(a[i]) + 1;
    for (uint32_t i = 0; sep && i + 1 < m; i += 2) bytes += strlen(b[i]) + strlen(b[i + 1]) + 2;
    size_t count = sep ? m / 2 : n;
    *size = (count + 1) * sizeof(char *) + bytes;
    char **out = malloc(*size);
    if (!out) return NULL;
    char *p = (char *)(out + count + 1);
    size_t k = 0;
    if (!sep) {
        for (uint32_t i = 0; i < n; i++) {
            size_t l = strlen(a[i]) + 1;
            memcpy(p, a[i], l);
            out[k++] = p;
            p += l;
        }
    } else {
        for (uint32_t i = 0; i + 1 < m; i += 2) {
            out[k++] = p;
            p += sprintf(p, "%s=%s", b[i], b[i + 1]) + 1;
        }
    }
    out[k] = NULL;
    return out;
}

/* freed zeroed: the next fork must not find this task's argv and environment in the heap */
static void free_strs(char **a, size_t size) {
    if (!a) return;
    explicit_bzero(a, size);
    free(a);
}

#define MAX_RLIMITS 16 /* fixed and per frame, each */

static void lim_put(unsigned char *rec, int *n, long long res, long long soft, long long hard) {
    memcpy(rec + *n * 24, &res, 8);
    memcpy(rec + *n * 24 + 8, &soft, 8);
    memcpy(rec + *n * 24 + 16, &hard, 8);
    (*n)++;
}

/* the os.environ a Python task sees: set through set_env(dict) when it differs from the last */
static int sync_env(PyObject *set_env, const char **env, uint32_t n, const unsigned char *blob, size_t blob_len) {
    if (env_valid && blob_len == env_prev_len && memcmp(env_prev.p, blob, blob_len) == 0) return 0;
    PyObject *d = PyDict_New();
    if (!d) return -1;
    for (uint32_t i = 0; i + 1 < n; i += 2) {
        PyObject *k = PyUnicode_DecodeUTF8(env[i], (Py_ssize_t)strlen(env[i]), "surrogateescape");
        PyObject *v = k ? PyUnicode_DecodeUTF8(env[i + 1], (Py_ssize_t)strlen(env[i + 1]), "surrogateescape") : NULL;
        if (!v || PyDict_SetItem(d, k, v) < 0) {
            Py_XDECREF(k);
            Py_XDECREF(v);
            Py_DECREF(d);
            return -1;
        }
        Py_DECREF(k);
        Py_DECREF(v);
    }
    PyObject *r = PyObject_CallOneArg(set_env, d);
    Py_DECREF(d);
    if (!r) return -1;
    Py_DECREF(r);
    if (rlcf_df_reserve(&env_prev, 0, blob_len + 1) < 0) return 0; /* not cached: compared again next time */
    memcpy(env_prev.p, blob, blob_len);
    env_prev_len = blob_len;
    env_valid = 1;
    return 0;
}

/* the message of the pending Python exception (cleared), as the agent's Python writes it */
static void exc_text(char *out, size_t n, const char *prefix) {
    PyObject *t, *v, *tb;
    PyErr_Fetch(&t, &v, &tb);
    PyErr_NormalizeException(&t, &v, &tb);
    PyObject *r = v ? PyObject_Repr(v) : NULL;
    const char *s = r ? PyUnicode_AsUTF8(r) : NULL;
    snprintf(out, n, "%s%s", prefix, s ? s : "?");
    PyErr_Clear();
    Py_XDECREF(r);
    Py_XDECREF(t);
    Py_XDECREF(v);
    Py_XDECREF(tb);
}

static int finish(PyObject *uninstall, PyObject *scrub, int python, const char *tdir, const char *root) {
    if (python && uninstall != Py_None) {
        PyObject *r = PyObject_CallNoArgs(uninstall);
        if (!r) return -1;
        Py_DECREF(r);
    }
    if (rlcf_dirty(tdir, root)) {
        PyObject *r = PyObject_CallNoArgs(scrub);
        if (!r) return -1;
        Py_DECREF(r);
    }
    return 0;
}

static unsigned long long seq;

static int in_child; /* this process is a task the loop forked: it writes no result */

static PyObject *serve_loop(PyObject *args);

PyObject *rlcf_serve(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *r = serve_loop(args);
    /* whatever the loop returns for (a JSON request, a slow task, the end, an error), the results
     * held go out first: every later line comes from the agent's Python */
    if (!in_child && rlcf_results_held()) {
        int err = rlcf_write_result(1);
        if (err && r) {
            Py_DECREF(r);
            errno = err;
            return PyErr_SetFromErrno(PyExc_OSError);
        }
    }
    return r;
}

static PyObject *serve_loop(PyObject *args) {
    PyObject *install, *set_env, *uninstall, *scrub, *cgroups, *run = Py_None;
    const char *root, *fixed, *plan;
    Py_ssize_t fixed_len, plan_len;
    int kill_all;
    if (!PyArg_ParseTuple(args, "OOOOyO!py#y#|O", &install, &set_env, &uninstall, &scrub, &root, &PyList_Type, &cgroups, &kill_all,
                          &fixed, &fixed_len, &plan, &plan_len, &run))
        return NULL;
    if (fixed_len % 24 || fixed_len / 24 > MAX_RLIMITS || plan_len % 16 || plan_len / 16 > MAX_RLIMITS) {
        PyErr_SetString(PyExc_ValueError, "serve: fixed_rlimits must be 24-byte and frame_rlimits 16-byte records, at most 16 each");
        return NULL;
    }
    const int n_fixed = (int)(fixed_len / 24), n_plan = (int)(plan_len / 16);
    for (;;) {
        /* A result is held while two more requests wait (the engine refills its pipeline while the
         * last of them runs, and then wakes once for the lot), within the bounds of rlcf_hold_over;
         * a task still running when the first held one is due writes them (rlcf_collect_into). */
        if (rlcf_results_held() && (rlcf_hold_over() || rlcf_frames_waiting() < 2)) {
            int werr = rlcf_write_result(1);
            if (werr) {
                errno = werr;
                return PyErr_SetFromErrno(PyExc_OSError);
            }
        }
        const char *body;
        size_t len;
        int binary;
        int got = rlcf_next_frame(&body, &len, &binary);
        if (got == 0) Py_RETURN_NONE;
        if (got == -2) return PyErr_NoMemory();
        if (got < 0) {
            PyErr_SetString(PyExc_ValueError, "bad request frame header");
            return NULL;
        }
        if (!binary) return Py_BuildValue("(sy#)", "json", body, (Py_ssize_t)len);
        struct rd r = {(const unsigned char *)body, (const unsigned char *)body + len, NULL};
        long long id = 0;
        char msg[400];
        const char **env = NULL, **argv = NULL, **pargs = NULL;
        char **argv_c = NULL, **envp_c = NULL;
        size_t argv_size = 0, envp_size = 0;
        uint32_t n_env = 0, n_argv = 0, n_args = 0;
        PyObject *installed = NULL;
        int python = 0, ok = 0;
        char tdir[4200];
        tdir[0] = 0;
        if (rd_u8(&r) != 1) r.bad = r.bad ? r.bad : "unknown version";
        id = rd_i64(&r);
        int kind = rd_u8(&r);
        int cg = rd_i32(&r);
        double wall_ms = rd_f64(&r), out_bytes = rd_f64(&r), cpu_ms = rd_f64(&r);
        unsigned char lim[2 * MAX_RLIMITS * 24];
        memcpy(lim, fixed, (size_t)fixed_len);
        int nlim = n_fixed;
        for (int i = 0; i < n_plan; i++) {
            long long v = rd_i64(&r), res, above;
            memcpy(&res, plan + 16 * i, 8);
            memcpy(&above, plan + 16 * i + 8, 8);
            if (v != -2) lim_put(lim, &nlim, res, v, v == -1 ? v : v + above); /* -1: RLIM_INFINITY */
        }
        const unsigned char *env_blob = r.p;
        env = rd_strs(&r, &n_env);
        size_t env_len = (size_t)(r.p - env_blob);
        const char *src = NULL;
        uint32_t src_len = 0, in_len = 0;
        if (kind == 1) {
            python = 1;
            src = rd_str(&r, &src_len, 1);
            pargs = rd_strs(&r, &n_args);
        } else if (kind == 2) {
            argv = rd_strs(&r, &n_argv);
            if (!r.bad && n_argv == 0) r.bad = "no argv";
        } else if (!r.bad) {
            r.bad = "unknown kind";
        }
        const char *in = rd_str(&r, &in_len, 1);
        int32_t fd3_len = rd_i32(&r);
        const char *fd3 = NULL;
        if (fd3_len >= 0 && need(&r, (size_t)fd3_len + 1)) {
            fd3 = (const char *)r.p;
            r.p += fd3_len + 1;
        }
        if (!r.bad && r.p != r.end) r.bad = "extra bytes after the request";
        if (!r.bad && (n_env % 2 != 0)) r.bad = "env is not key/value pairs";
        if (!r.bad && cg >= 0 && cg >= PyList_GET_SIZE(cgroups)) r.bad = "no such task cgroup";
        if (r.bad) {
            snprintf(msg, sizeof msg, "bad request: %s", r.bad);
            goto error;
        }
        snprintf(tdir, sizeof tdir, "%s/c%llu", root, ++seq);
        if (mkdir(tdir, 0700) < 0) {
            snprintf(msg, sizeof msg, "task setup failed: mkdir %s: %s", tdir, strerror(errno));
            tdir[0] = 0;
            goto error;
        }
        if (python) {
            if (sync_env(set_env, env, n_env, env_blob, env_len) < 0) {
                exc_text(msg, sizeof msg, "agent failure: ");
                goto error;
            }
            PyObject *s = PyUnicode_DecodeUTF8(src, (Py_ssize_t)src_len, "surrogateescape");
            PyObject *a = s ? PyTuple_New(n_args) : NULL;
            for (uint32_t i = 0; a && i < n_args; i++) {
                PyObject *x = PyUnicode_DecodeUTF8(pargs[i], (Py_ssize_t)strlen(pargs[i]), "surrogateescape");
                if (!x) {
                    Py_CLEAR(a);
                    break;
                }
                PyTuple_SET_ITEM(a, i, x);
            }
            PyObject *t = a ? PyUnicode_DecodeFSDefault(tdir) : NULL;
            installed = t ? PyObject_CallFunctionObjArgs(install, s, a, t, NULL) : NULL;
            Py_XDECREF(s);
            Py_XDECREF(a);
            Py_XDECREF(t);
            if (!installed || !PyTuple_Check(installed) || PyTuple_GET_SIZE(installed) != 2) {
                if (!PyErr_Occurred()) PyErr_SetString(PyExc_TypeError, "install() must return (code, main)");
                exc_text(msg, sizeof msg, "agent failure: ");
                goto error;
            }
        } else {
            argv_c = copy_strs(argv, n_argv, NULL, 0, NULL, &argv_size);
            envp_c = copy_strs(NULL, 0, env, n_env, "=", &envp_size);
            if (!argv_c || !envp_c) {
                snprintf(msg, sizeof msg, "agent failure: out of memory");
                goto error;
            }
        }
        struct task_in tin = {in, in_len, fd3, fd3 ? fd3_len : 0, python, tdir, lim, nlim * 24, NULL, 0,
                              out_bytes < 0 ? 0 : (size_t)out_bytes, 0, kill_all};
        if (cg >= 0) {
            PyObject *b = PyList_GET_ITEM(cgroups, cg);
            if (!PyBytes_Check(b)) {
                snprintf(msg, sizeof msg, "agent failure: task cgroup %d is not bytes", cg);
                goto error;
            }
            tin.cg = PyBytes_AS_STRING(b);
            tin.cg_len = PyBytes_GET_SIZE(b);
        }
        double wall_s = wall_ms / 1000.0, cpu_s = cpu_ms / 1000.0;
        tin.first_s = cpu_s > 0 && cpu_s < wall_s ? cpu_s : wall_s;
        struct task_run t;
        int rr = rlcf_run_task(&tin, &t);
        if (rr == 0) { /* the child */
            in_child = 1;
            if (python && run != Py_None) {
                /* run(code, main) ends the process: called from here, the child unwinds none of the
                 * agent's frames (each object a frame touches is a copy-on-write page) */
                PyObject_CallFunctionObjArgs(run, PyTuple_GET_ITEM(installed, 0), PyTuple_GET_ITEM(installed, 1), NULL);
                rlcf_child_fail("run the task", 126);
            }
            if (python) return Py_BuildValue("(sOO)", "child", PyTuple_GET_ITEM(installed, 0), PyTuple_GET_ITEM(installed, 1));
            execve(argv_c[0], argv_c, envp_c);
            rlcf_child_fail("execve", 126);
        }
        free_strs(argv_c, argv_size), free_strs(envp_c, envp_size), free(env), free(argv), free(pargs);
        argv_c = envp_c = NULL, env = argv = pargs = NULL;
        Py_CLEAR(installed);
        if (rr == 2) {
            PyObject *started = rlcf_started(&t, kill_all);
            if (!started) return NULL;
            PyObject *res = Py_BuildValue("(s{s:L,s:{s:d}}dnNy)", "slow", "id", id, "limits", "cpu_ms", cpu_ms, wall_s,
                                          (Py_ssize_t)tin.cap, started, tdir);
            if (!res) rlcf_abandon_task(&t, kill_all); /* `started` went with it: the task must not go on */
            return res;
        }
        if (rr < 0) {
            snprintf(msg, sizeof msg, "agent failure: %s", t.err);
            goto error;
        }
        if (finish(uninstall, scrub, python, tdir, root) < 0) {
            exc_text(msg, sizeof msg, "agent failure: ");
            goto error_done;
        }
        if (rlcf_encode_task_result(id, 1, &t) < 0) return PyErr_NoMemory();
        ok = 1;
    error:
        if (!ok && (python || tdir[0]) && finish(uninstall, scrub, python, tdir[0] ? tdir : NULL, root) < 0) PyErr_Clear();
    error_done:
        free_strs(argv_c, argv_size), free_strs(envp_c, envp_size), free(env), free(argv), free(pargs);
        Py_CLEAR(installed);
        if (!ok && rlcf_encode_error(id, msg) < 0) return PyErr_NoMemory();
        rlcf_hold_result(); /* written at the top of the loop, or with the next ones */
    }
}
