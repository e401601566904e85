package dev.ward.seccomp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ward.ir.Policy;
import dev.ward.ir.Profile;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shipped library and every example: Ward's filters against the policies' meaning and against libseccomp. */
class PoliciesDifferentialTest {
    @Test
    void stdLibraryAndExamplesDecideAsTheirMeaningAndAsLibseccomp() {
        Policy policy = SeccompCorpus.load("policies/std", "policies/examples");
        assertTrue(policy.profiles().size() >= 6, policy.profiles()::toString);
        for (Profile p : policy.profiles()) {
            Differential.Report report = Differential.run(p, true, new Differential.Report());
            assertEquals(List.of(), report.mismatches, p.name());
            assertTrue(report.libseccompProbes > 500, p.name() + ": " + report);
        }
    }
}
