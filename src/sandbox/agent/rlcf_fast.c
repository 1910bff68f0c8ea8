/* rlcf_fast: the fork-server's per-task hot path in C (see agent.py, which falls back to the same
 * steps in Python when this module is not built). Six files: this one (the module, the agent's
 * own set-up, memory scrubbing, the fork and the child's set-up), rlcf_wait.c (output capture,
 * reaping), rlcf_task.c (a whole task, from the request's fields to its result), rlcf_serve.c (the
 * request loop), rlcf_input.c (the requests, read ahead) and rlcf_output.c (the result lines,
 * encoded, held and written).
 *
 * Why C: after a fork, every page a process writes costs a fault (copy-on-write in the child while
 * the agent lives, a write-protect fault in the agent), and Python writes to every object it
 * touches (reference counts). Each step done in Python between two forks touched pages that C on
 * the stack and in memory the children never map (rlcf_fast.h, struct dfbuf) does not.
 *
 *   fork (rlcf_fork_task, for task()): a Python task on the CPU the agent is on (same_cpu, below); in
 *     the child, into the task cgroup (writes "0" to each
 *     descriptor of `cgroup`, bytes of native ints: cgroup.procs files the engine opened), its own
 *     process group (setpgid: the agent's session has no terminal; agent.py setup),
 *     descriptors 0-2 (and 3 = fd_status unless -1) and nothing else open, chdir(tdir), and each
 *     (resource, soft, hard) of `rlimits`; its seccomp filters are the agent's, inherited. A child
 *     whose set-up fails writes the reason to its stderr and exits with 125 (cgroup) or 126
 *     (anything else). No oom_score_adj: a task is non-dumpable as the agent is, which makes its
 *     /proc/self/oom_score_adj root's, so it could never raise it (EACCES); what stops a task's
 *     memory from reaching the agent is its task cgroup, whose OOM kills stay inside it.
 *   prctl(option, arg) and seccomp(filter): the agent's own set-up (non-dumpable, subreaper, the
 *     filters its tasks inherit), so that an agent with this module never imports ctypes: a forked
 *     task inherits the agent's modules, and ctypes would hand it raw memory access.
 *
 * Memory the child inherits: scrub_allocations() makes the agent zero every block it frees (below),
 * so that nothing of an earlier request survives in its heap; the fork also clears the stack below
 * the agent's frame first (deep calls such as the compiler's leave bytes of the previous program
 * there), and the child goes back to the plain allocators, which it needs no more than that.
 */
#define _GNU_SOURCE /* sched_getcpu, CPU_SET */
#include <sched.h>
#include "rlcf_fast.h"
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <malloc.h>
#include <sys/syscall.h>
#include <unistd.h>

void rlcf_child_fail(const char *what, int code) {
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
/* One 8-byte word per block: (address >> 4) << 20 | size (blocks are 16-byte aligned, addresses
 * below 2^48, sizes below 1 MiB), 0 for an empty slot; grown at 70% full. Compact because every
 * table page written between two forks is a copy-on-write fault: with 16-byte entries grown at half
 * full, a HumanEval compile's ~1,000 allocations wrote 16-32 table pages per task. A block that does
 * not fit (bigger, unaligned, high) keeps size 0 here and its full address and size in `big`.
 * Shrunk by half below 1/8 full. */
#define SIZE_BITS 20
static uint64_t *table;
static size_t tcap, tcount;
struct big_block {
    uintptr_t p;
    size_t n;
};
static struct big_block *big;
static size_t nbig, capbig;

/* an address the table can hold: 16-byte aligned, below 2^48 (anything else is in `big` alone) */
static inline int keyed(uintptr_t a) { return (a & 15) == 0 && (a >> 48) == 0; }

#define SIZE_MASK (((uint64_t)1 << SIZE_BITS) - 1)

static inline uint64_t key_of(uintptr_t a) { return ((uint64_t)a >> 4) << SIZE_BITS; }

static inline size_t slot_of(uintptr_t p, size_t cap) {
    uint64_t x = (uint64_t)p >> 4;
    x *= 0x9E3779B97F4A7C15ULL;
    return (size_t)(x >> 32) & (cap - 1);
}

static inline uintptr_t addr_of(uint64_t e) { return (uintptr_t)((e >> SIZE_BITS) << 4); }

#define TABLE_MIN (1 << 12)

/* The table and `big` live in mappings of their own that forks leave out (MADV_DONTFORK): the
 * child never reads them (it puts the plain allocators back before anything allocates), so the
 * fork copies none of their page-table entries and the agent's next writes to them are no
 * copy-on-write faults. Zero-filled as mapped. */
static void *df_alloc(size_t bytes) {
    void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return NULL;
    (void)madvise(p, bytes, MADV_DONTFORK); /* a cost, not a leak, if refused: it holds no task data */
    return p;
}

static int table_resize(size_t ncap) {
    uint64_t *nt = df_alloc(ncap * sizeof *nt);
    if (!nt) return -1;
    for (size_t i = 0; i < tcap; i++) {
        if (!table[i]) continue;
        size_t j = slot_of(addr_of(table[i]), ncap);
        while (nt[j]) j = (j + 1) & (ncap - 1);
        nt[j] = table[i];
    }
    if (table) munmap(table, tcap * sizeof *table);
    table = nt;
    tcap = ncap;
    return 0;
}

static int table_grow(void) { return table_resize(tcap ? tcap * 2 : TABLE_MIN); }

static size_t untrack_big(uintptr_t a) {
    for (size_t k = 0; k < nbig; k++)
        if (big[k].p == a) {
            size_t n = big[k].n;
            big[k] = big[--nbig];
            return n;
        }
    return 0;
}

static int big_add(uintptr_t a, size_t n) {
    if (nbig == capbig) {
        size_t nc = capbig ? capbig * 2 : 256;
        struct big_block *nb = df_alloc(nc * sizeof *nb);
        if (!nb) return -1;
        if (big) {
            memcpy(nb, big, nbig * sizeof *nb);
            munmap(big, capbig * sizeof *big);
        }
        big = nb;
        capbig = nc;
    }
    big[nbig++] = (struct big_block){a, n};
    return 0;
}

/* A block that was freed past our hooks and handed out again finds its old entry: it is
 * overwritten (and an old size in `big` dropped). A failure leaves the block untracked: freed
 * unscrubbed, never lost. */
static void track(void *p, size_t n) {
    if (!p) return;
    if ((tcount + 1) * 10 > tcap * 7 && table_grow() < 0) return;
    uintptr_t a = (uintptr_t)p;
    if (n == 0) n = 1;
    if (!keyed(a)) {
        (void)untrack_big(a);
        (void)big_add(a, n);
        return;
    }
    uint64_t k = key_of(a);
    size_t i = slot_of(a, tcap);
    while (table[i] && (table[i] >> SIZE_BITS) != (k >> SIZE_BITS)) i = (i + 1) & (tcap - 1);
    if (table[i] && !(table[i] & SIZE_MASK)) (void)untrack_big(a);
    if (n > SIZE_MASK) {
        if (big_add(a, n) < 0) return;
        n = 0; /* size 0: see `big` */
    }
    if (!table[i]) tcount++;
    table[i] = k | n;
}

/* the size of a tracked block (0: not tracked), which is forgotten */
static size_t untrack(void *p) {
    if (!tcap || !p) return 0;
    uintptr_t a = (uintptr_t)p;
    if (!keyed(a)) return nbig ? untrack_big(a) : 0;
    uint64_t k = key_of(a) >> SIZE_BITS;
    size_t i = slot_of(a, tcap);
    while (table[i] && (table[i] >> SIZE_BITS) != k) i = (i + 1) & (tcap - 1);
    if (!table[i]) return 0;
    size_t n = (size_t)(table[i] & SIZE_MASK);
    if (n == 0) n = untrack_big(a);
    /* backward-shift deletion: no tombstones, probe chains stay short */
    size_t j = i;
    for (;;) {
        j = (j + 1) & (tcap - 1);
        if (!table[j]) break;
        size_t h = slot_of(addr_of(table[j]), tcap);
        if ((j > i && (h <= i || h > j)) || (j < i && (h <= i && h > j))) {
            table[i] = table[j];
            i = j;
        }
    }
    table[i] = 0;
    tcount--;
    /* shrunk once mostly empty: a request that held many blocks at once (a big JSON request) must
     * not leave every later one hashing into a table many pages wide */
    if (tcap > TABLE_MIN && tcount * 8 < tcap) (void)table_resize(tcap / 2);
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
        /* the free pages start-up left in the heap go back to the kernel: every present page is a
         * page-table entry each fork copies and each task's exit tears down */
        (void)malloc_trim(0);
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
 * by the child. Not inlined, so that its frame lies below the caller's. 32 KiB, and only the
 * 256-byte pieces that hold anything are written: every page written here is a copy-on-write fault
 * after each fork unless this request's own calls wrote it already (zeroing all 32 KiB cost ~8
 * faults per task; 128 KiB ~5% of a small task's throughput), and a scan of a task's memory found
 * nothing of an earlier request on the stack even without it. */
__attribute__((noinline)) static void scrub_stack(void) {
    uint64_t pad[(32 << 10) / 8];
    uint64_t *p = pad;
    __asm__ __volatile__("" : "+r"(p) : : "memory"); /* its bytes are whatever earlier calls left */
    for (size_t i = 0; i < sizeof pad / 8; i += 32) {
        uint64_t any = 0;
        for (size_t j = 0; j < 32; j++) any |= ((volatile uint64_t *)p)[i + j];
        if (any) explicit_bzero(p + i, 256);
    }
    __asm__ __volatile__("" : : "r"(p) : "memory");
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

/* The CPUs the agent may run on, read once: restored after each fork that pinned it. */
static cpu_set_t agent_cpus;
static int agent_cpus_read; /* 0 not yet, 1 read, -1 unreadable (no pinning) */
/* The wall time of this agent's recent tasks (s, moving average), and below which a Python task is
 * pinned: unknown (just above) until short tasks are seen. */
#define PIN_BELOW_S 0.02
static double recent_s = 0.03;

void rlcf_task_took(double s) { recent_s = 0.7 * recent_s + 0.3 * (s > 0 ? s : 0); }

pid_t rlcf_fork_task(int fd_in, int fd_out, int fd_err, int fd_status, const char *tdir, const unsigned char *lim,
                     Py_ssize_t lim_len, const char *cg, Py_ssize_t cg_len, int same_cpu) {
    scrub_stack();
    /* A single-threaded task starts on the CPU the agent is on, and stays there: it inherits the
     * agent's affinity for the duration of the fork. It then runs when the agent waits for it, on
     * caches the agent just warmed (a fork's page copies are of pages the agent wrote), and the
     * agent's memory is only ever in use on one CPU: each fork write-protects the agent's pages,
     * and a CPU that last ran the agent (idle, still holding its page tables) would otherwise get
     * an interrupt to flush them at every fork (~45 us a task here, in a VM). The agent itself is
     * free to move; its next task follows it. Only while this agent's tasks are short: that is
     * where ~45 us counts, and a long task pinned to a CPU that another slot's agent pins its
     * task to as well waits for it while the other CPU may be idle (40 tasks of 0.1 s of CPU on
     * two slots: 2.8-3.0 s pinned always, 2.3 s unpinned). */
    int pinned = 0;
    if (same_cpu && recent_s < PIN_BELOW_S) {
        if (!agent_cpus_read) agent_cpus_read = sched_getaffinity(0, sizeof agent_cpus, &agent_cpus) == 0 ? 1 : -1;
        int cpu = agent_cpus_read > 0 ? sched_getcpu() : -1;
        if (cpu >= 0 && CPU_COUNT(&agent_cpus) > 1) {
            cpu_set_t one;
            CPU_ZERO(&one);
            CPU_SET(cpu, &one);
            pinned = sched_setaffinity(0, sizeof one, &one) == 0;
        }
    }
    PyOS_BeforeFork();
    pid_t pid = fork();
    if (pid != 0 && pinned && sched_setaffinity(0, sizeof agent_cpus, &agent_cpus) != 0) agent_cpus_read = -1;
    if (pid == 0) {
        /* the plain allocators before anything allocates: what PyOS_AfterFork_Child allocated
         * through the scrubbing ones wrote to the agent's table, ~4 page copies per task */
        unscrub_allocations();
        PyOS_AfterFork_Child();
        /* first, before any descriptor is renumbered: out of the agent's cgroup into the task's. A
         * task that cannot be moved must not run (it would escape its limits): exit 125. */
        for (Py_ssize_t off = 0; off + (Py_ssize_t)sizeof(int) <= cg_len; off += sizeof(int)) {
            int fd;
            memcpy(&fd, cg + off, sizeof fd);
            if (write(fd, "0", 1) != 1) rlcf_child_fail("join task cgroup", 125);
        }
        if (setpgid(0, 0) < 0) rlcf_child_fail("setpgid", 126);
        if (dup2(fd_in, 0) < 0 || dup2(fd_out, 1) < 0 || dup2(fd_err, 2) < 0) rlcf_child_fail("dup2", 126);
        if (fd_status >= 0) {
            /* dup2 onto itself would keep close-on-exec, and an exec'd program lose descriptor 3 */
            if (fd_status == 3 ? fcntl(3, F_SETFD, 0) < 0 : dup2(fd_status, 3) < 0) rlcf_child_fail("dup2", 126);
            close_from(4);
        } else {
            close_from(3);
        }
        if (chdir(tdir) < 0) rlcf_child_fail("chdir", 126);
        for (Py_ssize_t off = 0; off + 24 <= lim_len; off += 24) {
            long long res, soft, hard; /* RLIM_INFINITY is -1 */
            memcpy(&res, lim + off, 8);
            memcpy(&soft, lim + off + 8, 8);
            memcpy(&hard, lim + off + 16, 8);
            struct rlimit rl = {(rlim_t)soft, (rlim_t)hard};
            if (setrlimit((int)res, &rl) < 0) rlcf_child_fail("setrlimit", 126);
        }
        return 0;
    }
    int err = errno;
    PyOS_AfterFork_Parent();
    errno = err;
    return pid;
}

static PyMethodDef methods[] = {
    {"reap", rlcf_reap, METH_VARARGS, "wait for a task's process, kill and reap everything it left"},
    {"task", rlcf_task, METH_VARARGS, "run one task: its descriptors, fork, set-up, capture, reap and result"},
    {"flush", rlcf_flush, METH_VARARGS, "write the result task() encoded"},
    {"hold", rlcf_hold, METH_VARARGS, "hold(n, seconds): at most n results held back by serve(), none longer than seconds"},
    {"clean", rlcf_clean, METH_VARARGS, "remove a task's empty directory; whether anything else is left"},
    {"serve", rlcf_serve, METH_VARARGS, "read and run binary requests until one needs the Python side"},
    {"env_changed", rlcf_env_changed, METH_NOARGS, "the Python side set the environment: serve() compares afresh"},
    {"collect", rlcf_collect, METH_VARARGS, "capture a task's stdout/stderr under a cap until it ends or times out"},
    {"prctl", rlcf_prctl, METH_VARARGS, "prctl(option, arg) for the agent's own set-up"},
    {"scrub_allocations", rlcf_scrub_allocations, METH_NOARGS, "zero every block allocated from now on when it is freed (agent only)"},
    {"seccomp", rlcf_seccomp, METH_VARARGS, "load a seccomp filter (bytes of struct sock_filter) on this process"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "rlcf_fast", NULL, -1, methods, NULL, NULL, NULL, NULL};

PyMODINIT_FUNC PyInit_rlcf_fast(void) { return PyModule_Create(&module); }
