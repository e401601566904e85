package dev.ward.lint.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ward.ir.Condition;
import dev.ward.ir.Condition.Op;
import java.util.List;
import java.util.OptionalLong;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ArgSolverTest {
    private static ArgSolver.Literal yes(Condition c) {
        return new ArgSolver.Literal(c, true);
    }

    private static ArgSolver.Literal no(Condition c) {
        return new ArgSolver.Literal(c, false);
    }

    @Property
    void nextMatchingIsTheSmallestMatchAtOrAbove(@ForAll @IntRange(max = 255) int lo,
                                                @ForAll @IntRange(max = 255) int mask,
                                                @ForAll @IntRange(max = 255) int value) {
        long v = value & mask;
        long expected = -1;
        for (long x = lo; x < 512; x++) {
            if ((x & mask) == v) {
                expected = x;
                break;
            }
        }
        assertEquals(OptionalLong.of(expected), ArgSolver.nextMatching(lo, mask, v));
    }

    @Test
    void nextMatchingAtTheTopOfTheRange() {
        assertEquals(OptionalLong.empty(), ArgSolver.nextMatching(-1L, 1, 0));
        assertEquals(OptionalLong.of(-1L), ArgSolver.nextMatching(-2L, 1, 1));
        assertEquals(OptionalLong.of(Long.MIN_VALUE), ArgSolver.nextMatching(5, Long.MIN_VALUE, Long.MIN_VALUE));
        assertEquals(OptionalLong.empty(), ArgSolver.nextMatching(Long.MIN_VALUE + 1, Long.MIN_VALUE, 0));
    }

    @Test
    void comparisonsAreUnsigned() {
        var lt = new Condition.Compare(0, Op.LT, 10);
        var big = new Condition.Compare(0, Op.GT, -5L);
        assertEquals(OptionalLong.of(-4L), ArgSolver.solve(List.of(no(lt), yes(big))).witness());
        assertFalse(ArgSolver.solve(List.of(yes(lt), yes(big))).feasible());
        assertFalse(ArgSolver.solve(List.of(yes(new Condition.Compare(0, Op.LT, 0)))).feasible());
        assertFalse(ArgSolver.solve(List.of(yes(new Condition.Compare(0, Op.GT, -1L)))).feasible());
    }

    @Test
    void negatedMasksAreSolvedExactly() {
        // x & 0xff00 != 0 and x < 0x100: impossible; x & 0xff00 != 0: smallest is 0x100.
        var high = new Condition.MaskedEquals(0, 0xff00, 0);
        assertFalse(ArgSolver.solve(List.of(no(high), yes(new Condition.Compare(0, Op.LT, 0x100)))).feasible());
        assertEquals(OptionalLong.of(0x100), ArgSolver.solve(List.of(no(high))).witness());
        // x & 1 != 0 and x & 1 != 1: impossible.
        var odd = new Condition.MaskedEquals(0, 1, 1);
        var even = new Condition.MaskedEquals(0, 1, 0);
        assertFalse(ArgSolver.solve(List.of(no(odd), no(even))).feasible());
        // a high flag bit excluded from a range of small values
        var newUser = new Condition.MaskedEquals(0, 0x10000000L, 0);
        assertEquals(OptionalLong.of(0x10000000L), ArgSolver.solve(List.of(no(newUser))).witness());
    }

    @Test
    void exclusionsAndInLists() {
        var in = new Condition.In(0, List.of(1L, 2L, 3L));
        var ne2 = new Condition.Compare(0, Op.NE, 1);
        assertEquals(OptionalLong.of(2), ArgSolver.solve(List.of(yes(in), yes(ne2))).witness());
        assertEquals(OptionalLong.of(0), ArgSolver.solve(List.of(no(in))).witness());
        var ge = new Condition.Compare(0, Op.GE, 1);
        assertEquals(OptionalLong.of(4), ArgSolver.solve(List.of(no(in), yes(ge))).witness());
        assertFalse(ArgSolver.solve(List.of(yes(in), yes(new Condition.Compare(0, Op.GT, 3)))).feasible());
    }

    @Property
    void witnessesSatisfyEveryLiteral(@ForAll @IntRange(max = 63) int a, @ForAll @IntRange(max = 63) int b,
                                      @ForAll @IntRange(max = 63) int m, @ForAll boolean t1, @ForAll boolean t2,
                                      @ForAll boolean t3) {
        var c1 = new Condition.Compare(0, Op.GE, a);
        var c2 = new Condition.Compare(0, Op.NE, b);
        var c3 = new Condition.MaskedEquals(0, m, m & b);
        var answer = ArgSolver.solve(List.of(new ArgSolver.Literal(c1, t1), new ArgSolver.Literal(c2, t2),
                new ArgSolver.Literal(c3, t3)));
        boolean exists = false;
        for (long x = 0; x < 256 && !exists; x++) {
            exists = (Long.compareUnsigned(x, a) >= 0) == t1 && (x != b) == t2 && ((x & m) == (m & b)) == t3;
        }
        // Values above 255 satisfy c1 and c2 and match c3 exactly as their low byte does, so 0..255 decides.
        assertEquals(exists, answer.feasible());
        if (answer.witness().isPresent()) {
            long x = answer.witness().getAsLong();
            assertTrue((Long.compareUnsigned(x, a) >= 0) == t1 && (x != b) == t2 && ((x & m) == (m & b)) == t3);
        }
    }
}
