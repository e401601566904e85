package dev.ward.seccomp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ward.ir.Arch;
import dev.ward.ir.Profile;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import org.junit.jupiter.api.Test;

/**
 * Ward's filters against the policy's meaning on every syscall number and argument probes, and against
 * libseccomp's filters (optimize level 2) built from the same rules through {@link LibseccompRules}.
 */
class SeccompDifferentialTest {
    private static final Differential.Report RANDOM = new Differential.Report();

    @Property(tries = 1000, seed = "20240611")
    void randomPoliciesDecideAsTheirMeaningAndAsLibseccomp(@ForAll long seed) {
        Profile p = new RandomPolicies(seed).profile();
        int before = RANDOM.mismatches.size();
        long probes = RANDOM.probes;
        Differential.run(p, true, RANDOM);
        assertEquals(before, RANDOM.mismatches.size(), () -> p.arches() + " " + p.seccomp() + ": " + RANDOM.mismatches);
        assertTrue(RANDOM.probes > probes);
    }

    @AfterContainer
    static void libseccompWasComparedOnMostProbes() {
        // Syscalls libseccomp mis-builds or cannot take are left out of the comparison; most are not.
        assertTrue(RANDOM.libseccompProbes * 3 > RANDOM.probes, RANDOM::toString);
    }

    @Test
    void dockerDefaultProfileOnX86_64() {
        check(DockerProfile.defaultProfile(DockerProfile.DEFAULT_CAPS, Arch.X86_64));
    }

    @Test
    void dockerDefaultProfileOnAarch64() {
        check(DockerProfile.defaultProfile(DockerProfile.DEFAULT_CAPS, Arch.AARCH64));
    }

    @Test
    void dockerProfileWithMoreCapabilitiesOnRiscv64() {
        check(DockerProfile.defaultProfile(Set.of("CAP_SYS_ADMIN", "CAP_SYS_PTRACE", "CAP_BPF"), Arch.RISCV64));
    }

    private static void check(Profile p) {
        Differential.Report report = Differential.run(p, true, new Differential.Report());
        assertEquals(List.of(), report.mismatches);
        assertTrue(report.libseccompProbes > 1000, report::toString);
    }
}
