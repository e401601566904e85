/* Time one syscall in a loop: ns per call of getppid (its decision needs no argument, so the kernel's
 * seccomp action cache answers it) and of personality(0xffffffff) (a query whose decision reads arg0, so
 * the filter runs every time). The least of ROUNDS rounds of N calls each, the figure least disturbed by
 * other work on the machine. Usage: syscalls [N] [ROUNDS] */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>

static double ns_per_call(long nr, long arg, long n) {
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (long i = 0; i < n; i++) syscall(nr, arg);
    clock_gettime(CLOCK_MONOTONIC, &b);
    return ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / n;
}

static double least(long nr, long arg, long n, int rounds) {
    double best = ns_per_call(nr, arg, n);
    for (int r = 1; r < rounds; r++) {
        double t = ns_per_call(nr, arg, n);
        if (t < best) best = t;
    }
    return best;
}

int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 200000;
    int rounds = argc > 2 ? atoi(argv[2]) : 25;
    printf("getppid %.1f ns\n", least(SYS_getppid, 0, n, rounds));
    printf("personality %.1f ns\n", least(SYS_personality, 0xffffffffL, n, rounds));
    return 0;
}
