/* Time one syscall in a loop: ns per call of getppid (its decision needs no argument, so the kernel's
 * seccomp action cache answers it) and of personality(0xffffffff) (a query whose decision reads arg0, so
 * the filter runs every time). Usage: syscalls [ITERATIONS] */
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

int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 2000000;
    ns_per_call(SYS_getppid, 0, n / 10);
    printf("getppid %.1f ns\n", ns_per_call(SYS_getppid, 0, n));
    printf("personality %.1f ns\n", ns_per_call(SYS_personality, 0xffffffffL, n));
    return 0;
}
