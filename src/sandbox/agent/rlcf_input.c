/* rlcf_fast, part 5: the request stream, read ahead (see rlcf_serve.c, which takes its frames).
 *
 * The engine pipelines several requests per agent (engine.ts pipelineDepth, shortTaskDepth). The
 * agent reads whatever of them has arrived in one read, into memory that forks leave out
 * (MADV_DONTFORK): a task inherits no request, neither its own (it gets what it needs through its
 * descriptors and the installed program) nor a later one. Knowing how many whole requests wait
 * lets the agent hold the results of short tasks and write them together (rlcf_serve.c,
 * rlcf_output.c): the engine then wakes once per group instead of once per task, which halved
 * Node's CPU per small script here.
 *
 * A frame is an 11-byte header, 'B' and 9 digits (binary) or 10 digits (JSON), then '\n', and that
 * many bytes of body. */
#include "rlcf_fast.h"
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define HEADER 11

static struct dfbuf in_buf;
static size_t in_off, in_end; /* [in_off, in_end) read and not yet taken */

/* the body length a header announces; -1 for a header that is not one */
static long long header_len(const char *h, int *binary) {
    int b = h[0] == 'B';
    long long len = 0;
    for (int i = b ? 1 : 0; i < 10; i++) {
        if (h[i] < '0' || h[i] > '9') return -1;
        len = len * 10 + (h[i] - '0');
    }
    if (h[10] != '\n') return -1;
    if (binary) *binary = b;
    return len;
}

/* Reads more of descriptor 0 after what is buffered, room for at least `want` more bytes. block:
 * waits for at least one byte (1 read, 0 at the end of input, -1 out of memory); else reads only
 * what has already arrived (1 something read, 0 nothing). */
static int in_read(size_t want, int block) {
    if (in_off == in_end) {
        in_off = in_end = 0;
        rlcf_df_trim(&in_buf); /* a big request's buffer is given back once it is taken */
    } else if (in_off > 0) {
        memmove(in_buf.p, in_buf.p + in_off, in_end - in_off);
        in_end -= in_off;
        in_off = 0;
    }
    if (!block) {
        int avail = 0;
        if (ioctl(0, FIONREAD, &avail) < 0 || avail <= 0) return 0;
        if ((size_t)avail > want) want = (size_t)avail;
    }
    if (want < 4096) want = 4096;
    if (rlcf_df_reserve(&in_buf, in_end, in_end + want) < 0) return -1;
    ssize_t r;
    for (;;) {
        Py_BEGIN_ALLOW_THREADS
        r = read(0, in_buf.p + in_end, in_buf.cap - in_end);
        Py_END_ALLOW_THREADS
        if (r < 0 && errno == EINTR) continue;
        break;
    }
    if (r <= 0) return 0;
    in_end += (size_t)r;
    return 1;
}

int rlcf_next_frame(const char **body, size_t *len, int *binary) {
    while (in_end - in_off < HEADER) {
        int r = in_read(HEADER, 1);
        if (r <= 0) return r < 0 ? -2 : 0;
    }
    long long n = header_len(in_buf.p + in_off, binary);
    if (n < 0) return -1;
    while (in_end - in_off < HEADER + (size_t)n) {
        int r = in_read(HEADER + (size_t)n - (in_end - in_off), 1);
        if (r <= 0) return r < 0 ? -2 : 0;
    }
    *body = in_buf.p + in_off + HEADER;
    *len = (size_t)n;
    in_off += HEADER + (size_t)n;
    return 1;
}

/* whole frames buffered, counted up to 2 (a header that is not one counts: it is the next to take) */
static int buffered(void) {
    size_t off = in_off;
    int n = 0;
    while (n < 2 && in_end - off >= HEADER) {
        long long len = header_len(in_buf.p + off, NULL);
        if (len < 0) return n + 1;
        if (in_end - off < HEADER + (size_t)len) break;
        off += HEADER + (size_t)len;
        n++;
    }
    return n;
}

int rlcf_frames_waiting(void) {
    int n = buffered();
    if (n < 2 && in_read(0, 0) > 0) n = buffered();
    return n;
}
