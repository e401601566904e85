package dev.ward.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ward.ir.Action;
import dev.ward.ir.SeccompRule;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * For random overlapping rules on one syscall, the Ward rules the import writes decide every probe as the
 * rule database they come from, on 64-bit and on 32-bit ABIs.
 */
class ResolutionPropertyTest {
    private static final List<Long> VALUES = List.of(0L, 1L, 5L, 10L, 38L, 0xffffffffL, 0x1_0000_0000L, 0x1_0000_0005L, -1L, 0x7e020000L);
    private static final Action[] ACTIONS = {Action.ALLOW, Action.errno(1), Action.errno(2), Action.LOG, Action.KILL_PROCESS};

    @Provide
    Arbitrary<List<LibRule>> rules() {
        Arbitrary<LibRule.ArgCmp> cmp = Combinators.combine(Arbitraries.integers().between(0, 1),
                Arbitraries.of(ScmpOp.values()), Arbitraries.of(VALUES), Arbitraries.of(VALUES))
                .as((arg, op, a, b) -> new LibRule.ArgCmp(arg, op, a, op == ScmpOp.MASKED_EQ ? b & a : b));
        Arbitrary<LibRule> rule = Combinators.combine(Arbitraries.of(ACTIONS), cmp.list().ofMaxSize(2)
                        .filter(l -> l.size() < 2 || l.get(0).arg() != l.get(1).arg()))
                .as((action, args) -> new LibRule("read", action, args, dev.ward.diag.Span.file("p")));
        return rule.list().ofMinSize(1).ofMaxSize(5);
    }

    @Property(tries = 600)
    void writtenRulesDecideAsTheDatabase(@ForAll("rules") List<LibRule> rules) {
        long def = Action.errno(1).seccompRet();
        for (boolean wide : new boolean[] {true, false}) {
            RuleDatabase db = new RuleDatabase(wide);
            boolean ok = true;
            for (LibRule r : rules) {
                if (r.action().seccompRet() == def) continue;
                try {
                    ok &= db.add(r.syscall(), r.action(), r.args());
                } catch (ArgNode.Cycle loops) {
                    // libseccomp never returns here (SeccompImportTest); the importer reports it
                    ok = false;
                }
                if (!ok) break;
            }
            RuleDatabase.Entry e = db.entries().get("read");
            if (!ok || e == null) continue;
            Map<Integer, Set<Long>> constants = new TreeMap<>();
            for (LibRule r : rules) {
                for (LibRule.ArgCmp c : r.args()) {
                    constants.computeIfAbsent(c.arg(), k -> new TreeSet<>()).add(c.op() == ScmpOp.MASKED_EQ ? c.b() : c.a());
                }
            }
            List<SeccompRule> written = RuleSynthesis.rules("read", DecisionList.of(e, wide), def, constants);
            for (long[] args : Probes.vectors(Probes.values(rules))) {
                long expected = RuleDatabase.decide(e, args).orElse(def);
                long got = RuleSemantics.decide(written, args, !wide).map(Action::seccompRet).orElse(def);
                assertEquals(Long.toHexString(expected), Long.toHexString(got), () -> (wide ? "64-bit " : "32-bit ")
                        + rules + " " + java.util.Arrays.toString(args) + " -> " + written);
            }
        }
    }
}
