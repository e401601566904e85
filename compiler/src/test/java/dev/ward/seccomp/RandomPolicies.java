package dev.ward.seccomp;

import dev.ward.ir.Action;
import dev.ward.ir.Arch;
import dev.ward.ir.Condition;
import dev.ward.ir.Origin;
import dev.ward.ir.Profile;
import dev.ward.ir.Seccomp;
import dev.ward.ir.SeccompRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/** Random seccomp policies for property tests: boundary-heavy constants, nested conditions, every arch. */
final class RandomPolicies {
    private static final List<String> SYSCALLS = List.of("read", "write", "openat", "close", "socket", "clone",
            "personality", "mmap", "ioctl", "prctl", "kill", "bind", "connect", "fcntl", "futex", "exit_group",
            "getpid", "mount", "ptrace", "setns", "unshare", "madvise", "mprotect", "sendto", "recvfrom",
            "chmod", "open", "arch_prctl", "set_tid_address", "getrandom", "pidfd_open", "keyctl", "bpf",
            "setsockopt", "getsockopt", "accept4", "shmget", "semop", "msgsnd", "clock_gettime", "statx",
            "process_vm_readv", "io_uring_setup", "memfd_create", "execve", "execveat", "wait4", "tgkill",
            "sync_file_range2", "cacheflush", "s390_runtime_instr", "riscv_flush_icache", "modify_ldt");
    private static final long[] CONSTANTS = {0, 1, 2, 3, 7, 8, 38, 40, 0xff, 0x100, 0x1000, 0x7fffffffL,
            0x80000000L, 0xfffffffeL, 0xffffffffL, 0x100000000L, 0x100000001L, 0xffffffff00000000L,
            0x8000000000000000L, -2L, -1L, 0x7e020000L, 0x10000000L};
    private static final List<List<Arch>> ARCHES = List.of(List.of(Arch.X86_64), List.of(Arch.X86_64, Arch.X32),
            List.of(Arch.X86_64, Arch.X86), List.of(Arch.X86_64, Arch.X32, Arch.X86), List.of(Arch.X32),
            List.of(Arch.X86), List.of(Arch.AARCH64), List.of(Arch.AARCH64, Arch.ARM), List.of(Arch.ARM),
            List.of(Arch.RISCV64), List.of(Arch.PPC64LE), List.of(Arch.S390X),
            List.of(Arch.X86_64, Arch.AARCH64, Arch.S390X));

    private final Random r;

    RandomPolicies(long seed) {
        this.r = new Random(seed);
    }

    Profile profile() {
        List<Arch> arches = ARCHES.get(r.nextInt(ARCHES.size()));
        List<String> pool = new ArrayList<>();
        int poolSize = 3 + r.nextInt(8);
        for (int i = 0; i < poolSize; i++) pool.add(SYSCALLS.get(r.nextInt(SYSCALLS.size())));
        List<SeccompRule> rules = new ArrayList<>();
        int n = 1 + r.nextInt(9);
        for (int i = 0; i < n; i++) rules.add(rule(pool));
        return TestProfiles.profile("random", arches, new Seccomp(action(), rules));
    }

    private SeccompRule rule(List<String> pool) {
        List<String> names = new ArrayList<>();
        int k = 1 + r.nextInt(3);
        for (int i = 0; i < k; i++) {
            String s = pool.get(r.nextInt(pool.size()));
            if (!names.contains(s)) names.add(s);
        }
        Action a = action();
        if (r.nextInt(10) < 3) return SeccompRule.of(a, names, Origin.NONE);
        Optional<Action> otherwise = r.nextInt(10) < 3 ? Optional.of(action()) : Optional.empty();
        return new SeccompRule(a, names, Optional.of(condition(3)), otherwise, Origin.NONE);
    }

    Action action() {
        return switch (r.nextInt(9)) {
            case 0, 1, 2 -> Action.ALLOW;
            case 3, 4 -> Action.errno(r.nextBoolean() ? 1 : r.nextInt(4095));
            case 5 -> Action.KILL_PROCESS;
            case 6 -> Action.KILL_THREAD;
            case 7 -> r.nextBoolean() ? Action.LOG : new Action(Action.Kind.TRAP, 0);
            default -> new Action(Action.Kind.TRACE, r.nextInt(65536));
        };
    }

    Condition condition(int depth) {
        int pick = r.nextInt(depth <= 0 ? 3 : 6);
        int arg = r.nextInt(4) < 3 ? 0 : 1 + r.nextInt(r.nextInt(4) == 0 ? 5 : 2);
        return switch (pick) {
            case 0 -> new Condition.Compare(arg, Condition.Op.values()[r.nextInt(6)], constant());
            case 1 -> {
                long mask = r.nextBoolean() ? constant() : 1L << r.nextInt(64);
                long value = r.nextBoolean() ? 0 : mask & (r.nextBoolean() ? -1L : r.nextLong());
                yield new Condition.MaskedEquals(arg, mask, value);
            }
            case 2 -> {
                List<Long> values = new ArrayList<>();
                int k = 1 + r.nextInt(5);
                for (int i = 0; i < k; i++) values.add(constant());
                yield new Condition.In(arg, values);
            }
            case 3 -> new Condition.And(condition(depth - 1), condition(depth - 1));
            case 4 -> new Condition.Or(condition(depth - 1), condition(depth - 1));
            default -> new Condition.Not(condition(depth - 1));
        };
    }

    private long constant() {
        return r.nextInt(8) == 0 ? r.nextLong() : CONSTANTS[r.nextInt(CONSTANTS.length)];
    }
}
