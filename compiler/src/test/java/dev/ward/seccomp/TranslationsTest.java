package dev.ward.seccomp;

import static dev.ward.seccomp.TestProfiles.eq;
import static dev.ward.seccomp.TestProfiles.profile;
import static dev.ward.seccomp.TestProfiles.rule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.ward.backend.CompileContext;
import dev.ward.backend.CompileOptions;
import dev.ward.diag.Diagnostic;
import dev.ward.diag.Diagnostics;
import dev.ward.ir.Action;
import dev.ward.ir.Arch;
import dev.ward.ir.Condition;
import dev.ward.ir.Policy;
import dev.ward.ir.Profile;
import dev.ward.ir.Seccomp;
import dev.ward.ir.SyscallTable;
import java.util.List;
import org.junit.jupiter.api.Test;

class TranslationsTest {
    private static final List<Arch> ARCHES = List.of(Arch.X86_64, Arch.AARCH64);

    /** ioctl's rule tests two arguments: libseccomp 2.5 may build it wrongly, which is reported. */
    private static Profile twoArguments() {
        return profile("two", ARCHES, new Seccomp(Action.ALLOW, List.of(
                rule(Action.errno(1), new Condition.And(eq(0, 3), eq(1, 0x5401)), "ioctl"),
                rule(Action.errno(1), "ptrace"))));
    }

    private static long warnings(Diagnostics d) {
        return d.all().stream().map(Diagnostic::code).filter(SeccompCodes.NOT_EXPRESSIBLE::equals).count();
    }

    @Test
    void outputsRenderedIntoOneCollectorShareOneTranslationAndReportItOnce() {
        Profile p = twoArguments();
        Diagnostics d = new Diagnostics();
        LibseccompRules.Translation first = Translations.of(p, d);
        SeccompJson.render(p, ARCHES, d);
        LxcSeccomp.render(p, ARCHES, d);
        assertSame(first, Translations.of(p, d));
        assertEquals(1, warnings(d), d.all()::toString);
    }

    @Test
    void anotherCollectorTranslatesAgain() {
        Profile p = twoArguments();
        assertNotSame(Translations.of(p, new Diagnostics()), Translations.of(p, new Diagnostics()));
    }

    @Test
    void theRunsTranslationReportsItsFindingsIntoAFreshCollector() {
        Profile p = twoArguments();
        Diagnostics run = new Diagnostics();
        CompileContext ctx = new CompileContext(new Policy(List.of(p)), List.of(p), CompileOptions.defaults(), run);
        LibseccompRules.Translation kept = Translations.of(p, run);
        Diagnostics own = new Diagnostics();
        assertSame(kept, Translations.of(p, run, own));
        assertEquals(1, warnings(own), own.all()::toString);
        assertEquals(SeccompJson.text(SeccompJson.profile(p, ARCHES, new Diagnostics())),
                SeccompJson.text(SeccompJson.profile(ctx, p, ARCHES, new Diagnostics())));
    }

    @Test
    void syscallNumbersAgreeWithTheTable() {
        SyscallTable table = SyscallTable.standard();
        for (Arch abi : Arch.values()) {
            for (String name : table.names()) {
                assertEquals(table.number(abi, name), SyscallNumbers.of(abi, name), abi + " " + name);
                assertEquals(table.number(abi, name).isPresent(), SyscallNumbers.has(abi, name), abi + " " + name);
            }
            assertEquals(table.number(abi, "no_such_call"), SyscallNumbers.of(abi, "no_such_call"));
        }
    }
}
