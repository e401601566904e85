package dev.ward.seccomp;

import dev.ward.diag.Diagnostics;
import dev.ward.ir.Arch;
import dev.ward.ir.Profile;
import java.util.List;

/**
 * The seccomp tests' libseccomp binding ({@link Libseccomp}) and BPF measurements ({@link SeccompBenchmark}),
 * opened to the benchmarks. They stay package-private test code of the compiler, so this class sits in their
 * package; the benchmarks use nothing else of it.
 */
public final class SeccompBench {
    /** One program's figures: length, instructions executed per syscall number (average, max), cacheable allows. */
    public record Quality(int length, double average, int max, double cacheable) {}

    private SeccompBench() {}

    /** Figures of {@code program}, compiled from {@code profile}, over every syscall number of its own ABI. */
    public static Quality measure(Profile profile, BpfProgram program) {
        SeccompBenchmark.Figures f = SeccompBenchmark.measure(profile, program);
        return new Quality(f.length(), f.average(), f.max(), f.cacheable());
    }

    /** The profile without the syscalls this machine's libseccomp does not know on one of its ABIs. */
    public static Profile restrictToLibseccomp(Profile profile) {
        return SeccompBenchmark.restrictToLibseccomp(profile);
    }

    /** The profile's rules in libseccomp's model (Ward's translation; not part of libseccomp's timing). */
    public static LibseccompRules.Translation translate(Profile profile) {
        return LibseccompRules.translate(profile.seccomp(), new Diagnostics());
    }

    /** libseccomp builds and exports its filter for {@code arch}: seccomp_init, the rules, seccomp_export_bpf. */
    public static BpfProgram libseccomp(LibseccompRules.Translation rules, Profile profile, Arch arch, int optimize) {
        return Libseccomp.compile(rules, Abis.decidedBy(arch, profile.arches()), optimize);
    }
}
