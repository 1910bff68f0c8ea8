/* rlcf_fast, part 6: the result stream (see rlcf_task.c and rlcf_serve.c, which encode into it).
 *
 * A task's result line is encoded here, not in Python: building a dict of fifteen values and
 * encoding it touched ~80 pages of the agent's heap after every fork. Output is decoded as Python's
 * bytes.decode('utf-8', 'replace') does (one U+FFFD per maximal invalid subpart) and escaped as JSON.
 * The lines live in memory forks leave out (MADV_DONTFORK) until written: at once, or held back
 * with the next ones (rlcf_hold_result) while the request loop has more requests waiting.
 *
 *   flush(fd): writes the encoded result (once).
 *   hold(n, seconds): at most n results held back, none longer than seconds (agent.py, from the
 *     agent's config; hold(0, 0): every result at once).
 */
#include "rlcf_fast.h"
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static struct dfbuf res_buf;
static size_t res_len, res_pending;
/* results encoded and not yet written ([0, res_held) of res_buf): rlcf_hold_result */
static size_t res_held;
static int n_held;
static double held_since;

static int put(const char *s, size_t n) {
    if (rlcf_df_reserve(&res_buf, res_len, res_len + n) < 0) return -1;
    memcpy(res_buf.p + res_len, s, n);
    res_len += n;
    return 0;
}

static int puts_(const char *s) { return put(s, strlen(s)); }

/* The length of the valid UTF-8 sequence at s[0..n), or 0 with *skip the bytes that make up its
 * maximal invalid subpart (at least 1). */
static size_t utf8_valid(const unsigned char *s, size_t n, size_t *skip) {
    unsigned c = s[0];
    size_t need;
    unsigned lo = 0x80, hi = 0xBF;
    if (c < 0x80) return 1;
    if (c < 0xC2) {
        *skip = 1;
        return 0;
    }
    if (c < 0xE0) {
        need = 1;
    } else if (c < 0xF0) {
        need = 2;
        if (c == 0xE0) lo = 0xA0;
        if (c == 0xED) hi = 0x9F; /* no surrogates */
    } else if (c < 0xF5) {
        need = 3;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F;
    } else {
        *skip = 1;
        return 0;
    }
    size_t i = 1;
    for (; i <= need; i++) {
        unsigned l = i == 1 ? lo : 0x80, h = i == 1 ? hi : 0xBF;
        if (i >= n || s[i] < l || s[i] > h) {
            *skip = i;
            return 0;
        }
    }
    return need + 1;
}

/* `s` as a JSON string: valid UTF-8 as is, each maximal invalid subpart as U+FFFD, '"', '\\' and
 * control characters escaped. */
static int put_json_text(const unsigned char *s, size_t n) {
    /* worst case: every byte a 6-byte \u00XX escape, or a 3-byte U+FFFD */
    if (rlcf_df_reserve(&res_buf, res_len, res_len + 6 * n + 2) < 0) return -1;
    char *o = res_buf.p + res_len;
    *o++ = '"';
    size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
            *o++ = (char)c;
            i++;
            continue;
        }
        if (c < 0x80) {
            *o++ = '\\';
            switch (c) {
            case '"': *o++ = '"'; break;
            case '\\': *o++ = '\\'; break;
            case '\n': *o++ = 'n'; break;
            case '\r': *o++ = 'r'; break;
            case '\t': *o++ = 't'; break;
            case '\b': *o++ = 'b'; break;
            case '\f': *o++ = 'f'; break;
            default: o += sprintf(o, "u%04x", c);
            }
            i++;
            continue;
        }
        size_t skip = 0, len = utf8_valid(s + i, n - i, &skip);
        if (len) {
            memcpy(o, s + i, len);
            o += len;
            i += len;
        } else {
            memcpy(o, "\xEF\xBF\xBD", 3);
            o += 3;
            i += skip;
        }
    }
    *o++ = '"';
    res_len = (size_t)(o - res_buf.p);
    return 0;
}

static int encode_result(long long id, int has_id, const struct stream st[2], int overflow, const struct reaped *r, double t0,
                         int memerr) {
    char num[512];
    const int status = r->status;
    res_len = res_held;
    int n = has_id ? snprintf(num, sizeof num, "{\"id\": %lld, ", id) : snprintf(num, sizeof num, "{\"id\": null, ");
    if (put(num, (size_t)n) < 0) return -1;
    if (WIFEXITED(status)) n = snprintf(num, sizeof num, "\"exit_code\": %d, \"signal\": null, ", WEXITSTATUS(status));
    else if (WIFSIGNALED(status)) n = snprintf(num, sizeof num, "\"exit_code\": null, \"signal\": %d, ", WTERMSIG(status));
    else n = snprintf(num, sizeof num, "\"exit_code\": null, \"signal\": null, ");
    if (put(num, (size_t)n) < 0 || puts_("\"stdout\": ") < 0 ||
        put_json_text((const unsigned char *)(st[0].len ? st[0].b->p : ""), st[0].len) < 0 || puts_(", \"stderr\": ") < 0 ||
        put_json_text((const unsigned char *)(st[1].len ? st[1].b->p : ""), st[1].len) < 0)
        return -1;
    double cpu_s = rlcf_tv_s(r->ru.ru_utime) + rlcf_tv_s(r->ru.ru_stime) + r->cpu_left;
    long rss = r->ru.ru_maxrss > r->rss_left ? r->ru.ru_maxrss : r->rss_left;
    n = snprintf(num, sizeof num,
                 ", \"stdout_truncated\": %s, \"stderr_truncated\": %s, \"output_limit\": %s, \"wall_timeout\": false, "
                 "\"cpu_limit\": false, \"cpu_ms\": %.6f, \"wall_ms\": %.6f, \"memory_kb\": %ld, \"runq_ms\": 0.0, "
                 "\"memory_error\": %s}\n",
                 st[0].truncated ? "true" : "false", st[1].truncated ? "true" : "false", overflow ? "true" : "false",
                 cpu_s * 1000.0, (r->exit_time - t0) * 1000.0, rss, memerr ? "true" : "false");
    return put(num, (size_t)n);
}

int rlcf_encode_task_result(long long id, int has_id, const struct task_run *t) {
    res_pending = 0;
    if (encode_result(id, has_id, t->st, t->overflow, &t->rp, t->t0, t->memerr) < 0) return -1;
    res_pending = res_len;
    rlcf_df_trim(&rlcf_out_buf);
    rlcf_df_trim(&rlcf_err_buf);
    return 0;
}

int rlcf_encode_error(long long id, const char *msg) {
    char num[64];
    res_pending = 0;
    res_len = res_held;
    int n = snprintf(num, sizeof num, "{\"id\": %lld, \"error\": ", id);
    if (put(num, (size_t)n) < 0 || put_json_text((const unsigned char *)msg, strlen(msg)) < 0 || put("}\n", 2) < 0) return -1;
    res_pending = res_len;
    return 0;
}

void rlcf_drop_result(void) { res_pending = 0; }

/* Holding results (rlcf_serve.c): at most hold_max of them, none longer than hold_s. */
static int hold_max = 16;
static double hold_s = 0.02;

PyObject *rlcf_hold(PyObject *self, PyObject *args) {
    (void)self;
    int n;
    double secs;
    if (!PyArg_ParseTuple(args, "id", &n, &secs)) return NULL;
    hold_max = n;
    hold_s = secs;
    Py_RETURN_NONE;
}

void rlcf_hold_result(void) {
    if (!res_pending) return;
    if (!n_held) held_since = rlcf_monotonic();
    n_held++;
    res_held = res_pending;
    res_pending = 0;
}

int rlcf_results_held(void) { return n_held; }

int rlcf_hold_over(void) { return n_held >= hold_max || rlcf_monotonic() - held_since >= hold_s; }

double rlcf_hold_deadline(void) { return n_held ? held_since + hold_s : 0; }

/* writes what is encoded (the results held, then the last one); the caller has released the GIL */
int rlcf_write_pending(int fd) {
    size_t off = 0, n = res_pending ? res_pending : res_held;
    int err = 0;
    res_pending = res_held = 0;
    n_held = 0;
    while (off < n) {
        ssize_t w = write(fd, res_buf.p + off, n - off);
        if (w < 0) {
            if (errno == EINTR) continue;
            err = errno;
            break;
        }
        off += (size_t)w;
    }
    return err;
}

int rlcf_write_result(int fd) {
    int err;
    Py_BEGIN_ALLOW_THREADS
    err = rlcf_write_pending(fd);
    Py_END_ALLOW_THREADS
    rlcf_df_trim(&res_buf);
    return err;
}

PyObject *rlcf_flush(PyObject *self, PyObject *args) {
    (void)self;
    int fd;
    if (!PyArg_ParseTuple(args, "i", &fd)) return NULL;
    int err = rlcf_write_result(fd);
    if (err) {
        errno = err;
        return PyErr_SetFromErrno(PyExc_OSError);
    }
    Py_RETURN_NONE;
}
