/*
 * Makes syscalls under a seccomp filter, each in a child process of its own, and reports what happened.
 *
 *   seccomp_probe FILTER < PROBES
 *
 * FILTER is a raw struct sock_filter array that each child installs (no_new_privs, then
 * seccomp(SECCOMP_SET_MODE_FILTER)) before its call, or "-" to install nothing (the filter is already in
 * place, as under bwrap --seccomp). Each PROBES line is "ABI NR A0 A1 A2 A3 A4 A5" with ABI one of x86_64,
 * x32 (NR gets the x32 bit) or i386 (int 0x80 from 64-bit code; five arguments). Each output line is
 * "ok RET", "errno N", "signal N" or "timeout".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static struct sock_fprog filter;

static void load_filter(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        exit(2);
    }
    static struct sock_filter insns[4096];
    size_t n = fread(insns, sizeof(insns[0]), 4096, f);
    fclose(f);
    filter.len = (unsigned short) n;
    filter.filter = insns;
}

static long int80(long nr, long a, long b, long c, long d, long e) {
    long ret;
    __asm__ volatile("int $0x80"
                     : "=a"(ret)
                     : "a"(nr), "b"(a), "c"(b), "d"(c), "S"(d), "D"(e)
                     : "memory");
    return ret;
}

static void probe(const char *abi, long nr, long *a) {
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) {
        perror("fork");
        exit(2);
    }
    if (pid == 0) {
        alarm(2);
        if (filter.filter) {
            if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0
                || syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &filter) != 0) {
                printf("install-failed %d\n", errno);
                _exit(0);
            }
        }
        long ret;
        int err = 0;
        if (strcmp(abi, "i386") == 0) {
            ret = int80(nr, a[0], a[1], a[2], a[3], a[4]);
            if (ret < 0 && ret > -4096) {
                err = (int) -ret;
                ret = -1;
            }
        } else {
            long n = strcmp(abi, "x32") == 0 ? (nr | 0x40000000L) : nr;
            errno = 0;
            ret = syscall(n, a[0], a[1], a[2], a[3], a[4], a[5]);
            err = ret == -1 ? errno : 0;
        }
        /* Raw write: stdio may be the next thing the filter refuses. */
        char line[64];
        int len = ret == -1 ? snprintf(line, sizeof(line), "errno %d\n", err)
                            : snprintf(line, sizeof(line), "ok %ld\n", ret);
        if (write(1, line, (size_t) len) != len) _exit(3);
        _exit(0);
    }
    int status;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            perror("waitpid");
            exit(2);
        }
    }
    if (WIFSIGNALED(status)) {
        printf(WTERMSIG(status) == SIGALRM ? "timeout\n" : "signal %d\n", WTERMSIG(status));
    } else if (WEXITSTATUS(status) != 0) {
        printf("exit %d\n", WEXITSTATUS(status));
    }
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: seccomp_probe FILTER|- < PROBES\n");
        return 2;
    }
    if (strcmp(argv[1], "-") != 0) load_filter(argv[1]);
    char abi[16];
    long nr, a[6];
    while (scanf("%15s %li %li %li %li %li %li %li", abi, &nr, &a[0], &a[1], &a[2], &a[3], &a[4], &a[5]) == 8) {
        probe(abi, nr, a);
    }
    fflush(stdout);
    return 0;
}
