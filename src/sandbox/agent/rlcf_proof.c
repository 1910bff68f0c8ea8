/* rlcf_proof: the completion proof of a C, C++ or Rust test program (src/judge/assert.ts), loaded with
 * LD_PRELOAD into the program's process.
 *
 * An assert program passes when its tests ran to their end, not merely when it exited with 0: a
 * program that calls exit(0) before its asserts (in a static initializer, in the function under
 * test, in a Rust test) must fail. The engine puts a per-execution secret on descriptor 3. This
 * library reads it and closes the descriptor before any code of the program runs (a preloaded
 * library's constructor runs before the program's own initializers), takes main's place in
 * __libc_start_main, and prints the secret on stdout only when main has returned 0. An exit from
 * anywhere else never reaches that point. (A program written against this very mechanism could
 * look for the secret in its own memory: docs/security.md.)
 *
 * Built by the engine with gcc (pyfast.ts), mounted read-only into run sandboxes.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char secret[256];
static ssize_t secret_len = -1;
static int (*real_main)(int, char **, char **);

__attribute__((constructor(101))) static void take_secret(void) {
    ssize_t n = 0, r;
    while (n < (ssize_t)sizeof secret && (r = read(3, secret + n, sizeof secret - (size_t)n)) > 0) n += r;
    secret_len = n;
    close(3);
    /* processes the program starts are not this program: they do not get the library again */
    unsetenv("LD_PRELOAD");
}

static int proof_main(int argc, char **argv, char **envp) {
    int r = real_main(argc, argv, envp);
    if (r == 0 && secret_len > 0) {
        fflush(stdout);
        char line[sizeof secret + 2];
        line[0] = '\n';
        memcpy(line + 1, secret, (size_t)secret_len);
        line[secret_len + 1] = '\n';
        ssize_t off = 0, len = secret_len + 2, w;
        while (off < len && (w = write(1, line + off, (size_t)(len - off))) > 0) off += w;
    }
    return r;
}

typedef int (*start_main_fn)(int (*)(int, char **, char **), int, char **, void (*)(void), void (*)(void),
                             void (*)(void), void *);

int __libc_start_main(int (*main)(int, char **, char **), int argc, char **argv, void (*init)(void),
                      void (*fini)(void), void (*rtld_fini)(void), void *stack_end) {
    start_main_fn next = (start_main_fn)dlsym(RTLD_NEXT, "__libc_start_main");
    real_main = main;
    return next(proof_main, argc, argv, init, fini, rtld_fini, stack_end);
}
