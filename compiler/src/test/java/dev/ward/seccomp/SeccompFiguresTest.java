package dev.ward.seccomp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ward.diag.Diagnostics;
import dev.ward.ir.Arch;
import dev.ward.ir.Profile;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The figures of BENCHMARKS.md, "Seccomp programs": Docker's default profile with Docker's default
 * capabilities, Ward's program beside libseccomp's (optimize levels 2 and 1) for the same rules, on x86_64 and
 * aarch64, native ABI alone and with the compat ABIs Docker adds. Prints the table and holds Ward to its
 * targets against libseccomp -O2: average executed at most 0.75 times, maximum at least 3 below, length at
 * most 0.6 times, every argument-independent allow cacheable.
 */
class SeccompFiguresTest {
    @Test
    void dockerDefaultProfileAgainstLibseccomp() {
        StringBuilder table = new StringBuilder("| kernel | ABIs | compiler | instructions | executed, average | "
                + "executed, max | cacheable allows |\n| --- | --- | --- | ---: | ---: | ---: | ---: |\n");
        for (Arch arch : List.of(Arch.X86_64, Arch.AARCH64)) {
            Profile docker = DockerProfile.defaultProfile(DockerProfile.DEFAULT_CAPS, arch);
            for (List<Arch> abis : List.of(List.of(arch), docker.arches())) {
                Profile full = TestProfiles.profile("docker-default", abis, docker.seccomp());
                Profile comparable = SeccompBenchmark.restrictToLibseccomp(full);
                LibseccompRules.Translation t = LibseccompRules.translate(comparable.seccomp(), new Diagnostics());
                SeccompBenchmark.Figures ward = SeccompBenchmark.measure(full, BpfCompiler.compile(full, arch, new Diagnostics()));
                SeccompBenchmark.Figures wardKnown = SeccompBenchmark.measure(comparable,
                        BpfCompiler.compile(comparable, arch, new Diagnostics()));
                SeccompBenchmark.Figures o2 = SeccompBenchmark.measure(comparable, Libseccomp.compile(t, abis, 2));
                SeccompBenchmark.Figures o1 = SeccompBenchmark.measure(comparable, Libseccomp.compile(t, abis, 1));
                String names = String.join("+", abis.stream().map(Arch::wardName).toList());
                row(table, arch, names, "ward", ward);
                row(table, arch, names, "ward, names libseccomp 2.5.4 knows", wardKnown);
                row(table, arch, names, "libseccomp -O2", o2);
                row(table, arch, names, "libseccomp -O1", o1);
                String where = arch.wardName() + " " + names;
                assertTrue(wardKnown.average() <= 0.75 * o2.average(), where + " average");
                assertTrue(wardKnown.max() <= o2.max() - 3, where + " max");
                assertTrue(wardKnown.length() <= 0.6 * o2.length(), where + " length");
                assertTrue(ward.average() <= 0.75 * o2.average() && ward.length() <= 0.6 * o2.length(), where);
                assertEquals(1.0, ward.cacheable(), where);
            }
        }
        System.out.print(table);
    }

    private static void row(StringBuilder table, Arch arch, String abis, String compiler, SeccompBenchmark.Figures f) {
        table.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | %.2f | %d | %.1f%% |%n", arch.wardName(), abis,
                compiler, f.length(), f.average(), f.max(), f.cacheable() * 100));
    }
}
