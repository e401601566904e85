/* The cost of two syscalls under a seccomp filter: ns per call of getppid (allowed whatever its arguments,
 * so the kernel's seccomp action cache answers it without running the filter) and of
 * personality(0xffffffff) (allowed only for some values of arg0, so the filter runs on every call).
 *
 * Usage: syscall_cost FILTER|- CALLS ROUNDS
 *   FILTER  raw struct sock_filter array to install with seccomp(2) first, or - for none
 * Prints "getppid NS" and "personality NS": the median over ROUNDS rounds of CALLS calls each (the two
 * calls' rounds interleaved, after one warm-up round of each), in CPU time of the thread (user + system), so
 * that time spent waiting for a core on a shared machine does not count. Exits 2 when the filter cannot be
 * installed, 3 when it does not allow both calls. */
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define PERSONALITY_QUERY 0xffffffffUL

static double ns_per_call(long nr, unsigned long arg, long calls) {
    struct timespec a, b;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &a);
    for (long i = 0; i < calls; i++) syscall(nr, arg);
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &b);
    return ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / calls;
}

static int by_value(const void *x, const void *y) {
    double a = *(const double *) x, b = *(const double *) y;
    return (a > b) - (a < b);
}

static double median(double *v, int n) {
    qsort(v, n, sizeof v[0], by_value);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void install(const char *path) {
    static struct sock_filter insns[4096];
    FILE *f = fopen(path, "rb");
    if (!f) { fprintf(stderr, "syscall_cost: %s: %s\n", path, strerror(errno)); exit(2); }
    size_t n = fread(insns, sizeof insns[0], 4096, f);
    fclose(f);
    struct sock_fprog prog = { .len = (unsigned short) n, .filter = insns };
    if (n == 0 || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0
            || syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) != 0) {
        fprintf(stderr, "syscall_cost: cannot install %s (%zu instructions): %s\n", path, n, strerror(errno));
        exit(2);
    }
}

int main(int argc, char **argv) {
    if (argc != 4) { fprintf(stderr, "usage: syscall_cost FILTER|- CALLS ROUNDS\n"); return 1; }
    long calls = atol(argv[2]);
    int rounds = atoi(argv[3]);
    if (calls < 1 || rounds < 1) { fprintf(stderr, "syscall_cost: CALLS and ROUNDS must be positive\n"); return 1; }
    if (strcmp(argv[1], "-") != 0) install(argv[1]);
    if (syscall(SYS_getppid) < 0 || syscall(SYS_personality, PERSONALITY_QUERY) < 0) {
        fprintf(stderr, "syscall_cost: the filter does not allow getppid and personality(0xffffffff): %s\n",
                strerror(errno));
        return 3;
    }
    double *getppid = calloc(rounds, sizeof(double)), *personality = calloc(rounds, sizeof(double));
    ns_per_call(SYS_getppid, 0, calls);
    ns_per_call(SYS_personality, PERSONALITY_QUERY, calls);
    for (int r = 0; r < rounds; r++) {
        getppid[r] = ns_per_call(SYS_getppid, 0, calls);
        personality[r] = ns_per_call(SYS_personality, PERSONALITY_QUERY, calls);
    }
    printf("getppid %.2f\npersonality %.2f\n", median(getppid, rounds), median(personality, rounds));
    return 0;
}
