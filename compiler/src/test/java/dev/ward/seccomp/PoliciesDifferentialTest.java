package dev.ward.seccomp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ward.diag.Diagnostics;
import dev.ward.ir.Policy;
import dev.ward.ir.Profile;
import dev.ward.resolve.PolicyLoader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shipped library and every example: Ward's filters against the policies' meaning and against libseccomp. */
class PoliciesDifferentialTest {
    @Test
    void stdLibraryAndExamplesDecideAsTheirMeaningAndAsLibseccomp() {
        Path repo = Path.of(System.getProperty("ward.repo"));
        Diagnostics d = new Diagnostics();
        Policy policy = PolicyLoader.load(List.of(repo.resolve("policies/std"), repo.resolve("policies/examples")), d)
                .policy();
        assertFalse(d.hasErrors(), d.all()::toString);
        assertTrue(policy.profiles().size() >= 6, policy.profiles()::toString);
        for (Profile p : policy.profiles()) {
            Differential.Report report = Differential.run(p, true, new Differential.Report());
            assertEquals(List.of(), report.mismatches, p.name());
            assertTrue(report.libseccompProbes > 500, p.name() + ": " + report);
        }
    }
}
