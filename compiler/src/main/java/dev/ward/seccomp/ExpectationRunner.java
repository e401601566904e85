package dev.ward.seccomp;

import dev.ward.diag.Diagnostics;
import dev.ward.ir.Action;
import dev.ward.ir.Arch;
import dev.ward.ir.Expectation;
import dev.ward.ir.Policy;
import dev.ward.ir.Profile;
import dev.ward.ir.SyscallTable;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * Runs every profile's {@code expect} lines through its compiled filters: each architecture of the profile, or
 * the one named with {@code on}. An ABI the profile does not list is checked against the program of the kernel
 * that runs it (so {@code on x32} of an x86_64-only profile meets the bad-architecture action).
 */
public final class ExpectationRunner {
    private ExpectationRunner() {}

    /** Checks every expectation of every profile; a failed one is an error at its line. */
    public static void run(Policy policy, Diagnostics d) {
        for (Profile p : policy.profiles()) run(p, d);
    }

    /** Checks the expectations of one profile. */
    public static void run(Profile p, Diagnostics d) {
        if (p.expectations().isEmpty()) return;
        Map<Arch, BpfProgram> programs = new EnumMap<>(Arch.class);
        SyscallTable table = SyscallTable.standard();
        for (Expectation e : p.expectations()) {
            List<Arch> abis = e.on().map(List::of).orElse(p.arches());
            for (Arch abi : abis) {
                OptionalInt nr = table.number(abi, e.syscall());
                if (nr.isEmpty()) {
                    // Without `on`, a syscall missing on one of the profile's architectures is not checked there.
                    if (e.on().isPresent()) {
                        d.error(SeccompCodes.EXPECTATION_UNCHECKABLE, e.origin().span(),
                                "cannot check: " + e.syscall() + " does not exist on " + abi.wardName());
                    }
                    continue;
                }
                Optional<Arch> kernel = programFor(p, abi);
                if (kernel.isEmpty()) {
                    d.error(SeccompCodes.EXPECTATION_UNCHECKABLE, e.origin().span(), "cannot check: no filter of profile '"
                            + p.name() + "' runs on a kernel that runs " + abi.wardName() + " programs");
                    continue;
                }
                BpfProgram program = programs.computeIfAbsent(kernel.get(), k -> BpfCompiler.compile(p, k, d));
                long[] args = e.args().stream().mapToLong(Long::longValue).toArray();
                SeccompData data = SeccompData.of(Abis.wireNumber(abi, nr.getAsInt()), abi.auditArch(), args);
                long got = BpfInterpreter.run(program, data).ret();
                if (got != e.action().seccompRet()) {
                    d.error(SeccompCodes.EXPECTATION_FAILED, e.origin().span(), "expectation failed in profile '"
                            + p.name() + "' on " + abi.wardName() + ": expected " + e.action() + " " + call(e)
                            + ", got " + describe(got));
                }
            }
        }
    }

    /** The program that decides {@code abi}'s calls: its own if the profile has one, else its kernel's. */
    static Optional<Arch> programFor(Profile p, Arch abi) {
        List<Arch> programs = Abis.programArches(p.arches());
        if (programs.contains(abi)) return Optional.of(abi);
        return programs.stream().filter(k -> Abis.runnableOn(Abis.kernelOf(k)).contains(abi)).findFirst();
    }

    /** {@code personality(0x40000)}: the call with its arguments up to the last non-zero one. */
    static String call(Expectation e) {
        int last = e.args().size();
        while (last > 0 && e.args().get(last - 1) == 0) last--;
        if (last == 0) return e.syscall();
        return e.syscall() + e.args().subList(0, last).stream().map(v -> "0x" + Long.toHexString(v))
                .collect(Collectors.joining(", ", "(", ")"));
    }

    /** The action a seccomp return value stands for, in policy words ({@code errno(1)}, {@code kill-process}). */
    public static String describe(long ret) {
        if (ret == Action.KILL_PROCESS.seccompRet()) return Action.KILL_PROCESS.toString();
        long base = ret & 0xffff0000L;
        int data = (int) (ret & 0xffff);
        for (Action.Kind k : Action.Kind.values()) {
            if (k == Action.Kind.KILL_PROCESS || k.base() != base) continue;
            int max = k == Action.Kind.ERRNO ? 4095 : k == Action.Kind.TRAP || k == Action.Kind.TRACE ? 65535 : 0;
            if (data <= max) return new Action(k, data).toString();
        }
        return "0x" + Long.toHexString(ret);
    }
}
