package dev.ward.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ward.diag.Diagnostics;
import dev.ward.resolve.PolicyLoader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shipped library and the examples lint clean: every finding is fixed or suppressed with a reason. */
class ShippedPoliciesLintTest {
    @Test
    void stdAndExamplesLintClean() {
        Path policies = Path.of(System.getProperty("ward.repo"), "policies");
        Diagnostics d = new Diagnostics();
        PolicyLoader.Loaded loaded = PolicyLoader.load(List.of(policies.resolve("std"), policies.resolve("examples")), d);
        assertFalse(d.hasErrors(), () -> d.all().toString());
        assertTrue(loaded.policy().profiles().size() >= 4);
        List<Finding> findings = Linter.findings(loaded.policy(), LintConfig.defaults(),
                f -> loaded.sources().text(f).map(t -> List.of(t.split("\r?\n", -1))));
        assertEquals(List.of(), findings.stream().map(f -> f.toDiagnostic().headline()).toList());
    }
}
