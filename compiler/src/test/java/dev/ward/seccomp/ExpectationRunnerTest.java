package dev.ward.seccomp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.ward.diag.Diagnostic;
import dev.ward.diag.Diagnostics;
import dev.ward.ir.Policy;
import dev.ward.resolve.PolicyLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code expect} lines run through the compiled filters, each failure located at its line. */
class ExpectationRunnerTest {
    private static List<String> check(String text) {
        Diagnostics d = new Diagnostics();
        Policy policy = PolicyLoader.loadString("t.ward", text, d).policy();
        assertFalse(d.hasErrors(), d.all()::toString);
        ExpectationRunner.run(policy, d);
        return d.all().stream().map(Diagnostic::headline).toList();
    }

    @Test
    void theShippedPoliciesAndTheGoldenCasesHoldTheirExpectations() {
        Diagnostics d = new Diagnostics();
        ExpectationRunner.run(SeccompCorpus.shippedAndCases(), d);
        assertFalse(d.hasErrors(), d.all()::toString);
    }

    @Test
    void aFailedExpectationSaysExpectedAndGotAtItsLine() {
        String text = """
                profile p {
                    arch x86_64, aarch64
                    seccomp {
                        default errno(EPERM)
                        allow personality if arg0 == 0
                        allow read
                    }
                    expect allow personality(8)
                    expect errno(EPERM) read on aarch64
                    expect allow read on x86
                    expect errno(EPERM) personality(8) on x86_64
                }
                """;
        assertEquals(List.of(
                "t.ward:8:18: error[W0210]: expectation failed in profile 'p' on x86_64: expected allow personality(0x8), got errno(1)",
                "t.ward:8:18: error[W0210]: expectation failed in profile 'p' on aarch64: expected allow personality(0x8), got errno(1)",
                "t.ward:9:25: error[W0210]: expectation failed in profile 'p' on aarch64: expected errno(1) read, got allow",
                "t.ward:10:18: error[W0210]: expectation failed in profile 'p' on x86: expected allow read, got kill-process"),
                check(text));
    }

    @Test
    void foreignAbisMeetTheBadArchitectureActionUnlessListed() {
        String text = """
                profile p {
                    arch x86_64, x86
                    seccomp {
                        default errno(EPERM)
                        allow read
                    }
                    expect kill-process read on x32
                    expect allow read on x86
                    expect allow read
                }
                """;
        assertEquals(List.of(), check(text));
    }

    @Test
    void anExpectationOnAnArchitectureWithoutTheSyscallCannotBeChecked() {
        String text = """
                profile p {
                    arch x86_64
                    seccomp {
                        default allow
                    }
                    expect allow open on aarch64
                }
                """;
        assertEquals(List.of("t.ward:6:18: error[W0212]: cannot check: open does not exist on aarch64"), check(text));
    }
}
