package dev.ward.seccomp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.ward.diag.Diagnostics;
import dev.ward.ir.Action;
import dev.ward.ir.Arch;
import dev.ward.ir.Policy;
import dev.ward.ir.Profile;
import dev.ward.ir.SyscallTable;
import dev.ward.resolve.PolicyLoader;
import dev.ward.testing.GoldenFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** What the seccomp tests share: the policies they compile, and the action cache's property of a program. */
final class SeccompCorpus {
    private SeccompCorpus() {}

    /** The policies of the given directories (relative to the repository), which must load without errors. */
    static Policy load(String... dirs) {
        Diagnostics d = new Diagnostics();
        Policy policy = PolicyLoader.load(Stream.of(dirs).map(GoldenFiles.repo()::resolve).toList(), d).policy();
        assertFalse(d.hasErrors(), d.all()::toString);
        return policy;
    }

    /** The shipped policies and the seccomp golden cases. */
    static Policy shippedAndCases() {
        return load("policies", "compiler/src/test/testdata/seccomp");
    }

    /** A syscall number of an ABI that the kernel's action cache answers without running the program. */
    record Cached(Arch abi, int nr) {}

    /**
     * Asserts that the kernel's action cache answers exactly the numbers the profile allows whatever the
     * arguments, on every ABI of {@code prog} but x32 (the kernel caches only numbers below its table size);
     * returns those numbers.
     */
    static List<Cached> assertCachesExactlyTheConstantAllows(Profile p, BpfProgram prog) {
        List<Cached> cached = new ArrayList<>();
        for (Arch abi : prog.abis()) {
            if (abi == Arch.X32) continue;
            DecisionTable table = DecisionTable.of(p.seccomp(), abi);
            for (int nr : SyscallTable.standard().numbers(abi).keySet()) {
                Decision d = table.decision(nr);
                boolean constAllow = d.isConstant() && d.otherwise().equals(Action.ALLOW);
                boolean answered = ActionCache.isConstantAllow(prog.instructions(), abi.auditArch(), nr);
                assertEquals(constAllow, answered, () -> p.name() + " " + abi.wardName() + " nr " + nr + " " + p.seccomp());
                if (answered) cached.add(new Cached(abi, nr));
            }
        }
        return cached;
    }
}
