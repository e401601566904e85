package dev.ward.apparmor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The memoised relation, the shared automata and the literal-prefix shortcut answer as the plain search does. */
class GlobMemoTest {
    private static final List<String> PIECES = List.of("a", "b", "ab", "proc", "sys", "srv", "*", "**", "?", "[a-c]",
            "[^b/]*", "{a,b}", "{,/**}", "x\\*");

    /** A varied, reproducible set of path patterns: random ones, the shipped tunables, the container denials. */
    static List<Aare> patterns() {
        Random r = new Random(42);
        Set<String> texts = new LinkedHashSet<>(List.of("/**", "/srv/app/**", "/proc/sys/kernel/*", "@{PROC}/sys/**",
                "@{HOME}/.ssh", "/sys/{firmware,kernel}/**", "/var/log/svc-1/**", "/a", "/ab", "/a*"));
        texts.addAll(NegatedGlobs.denyExcept("@{PROC}/sys", ContainerDefaults.PROC_SYS_WRITABLE));
        texts.addAll(NegatedGlobs.denyExcept("/sys", ContainerDefaults.SYS_WRITABLE));
        while (texts.size() < 70) {
            StringBuilder sb = new StringBuilder();
            int segments = 1 + r.nextInt(3);
            for (int s = 0; s < segments; s++) {
                sb.append('/');
                int pieces = 1 + r.nextInt(2);
                for (int k = 0; k < pieces; k++) sb.append(PIECES.get(r.nextInt(PIECES.size())));
            }
            texts.add(sb.toString());
        }
        List<Aare> out = new ArrayList<>();
        for (String t : texts) out.add(Aare.of(t, Aare.Kind.PATH));
        return out;
    }

    @Test
    void memoisedRelationsEqualThePlainSearch() {
        List<Aare> ps = patterns();
        Set<Glob.Relation> seen = new LinkedHashSet<>();
        for (Aare a : ps) {
            for (Aare d : ps) {
                Glob.Relation plain = Glob.relateDirectly(List.of(a), List.of(d));
                seen.add(plain);
                assertEquals(plain, Glob.relate(a, List.of(d)), a + " vs " + d);
                // asked again, the memo answers
                assertEquals(plain, Glob.relate(a, List.of(d)), a + " vs " + d + " (memoised)");
            }
        }
        // the set exercises every decided relation
        assertTrue(seen.containsAll(List.of(Glob.Relation.DISJOINT, Glob.Relation.OVERLAPS, Glob.Relation.COVERED)), seen.toString());
    }

    @Test
    void unionsAndSeveralFirstPatternsEqualThePlainSearch() {
        List<Aare> ps = patterns();
        Random r = new Random(7);
        for (int i = 0; i < 300; i++) {
            List<Aare> as = pick(ps, r, 1 + r.nextInt(2));
            List<Aare> others = pick(ps, r, r.nextInt(5));
            assertEquals(Glob.relateDirectly(as, others), Glob.relate(as, others), as + " vs " + others);
        }
    }

    @Test
    void literalPrefixesThatDifferAreDisjointWithoutASearch() {
        GlobNfa allow = GlobNfa.build(List.of(Aare.of("/srv/svc-7/**", Aare.Kind.PATH)));
        GlobNfa denies = GlobNfa.build(List.of(Aare.of("@{PROC}/sys/**", Aare.Kind.PATH), Aare.of("/sys/x*", Aare.Kind.PATH)));
        assertTrue(allow.provablyDisjoint(denies, Glob.MAX_PRODUCT_STATES));
        // a shared prefix, or one prefix a prefix of the other, needs the search
        assertFalse(allow.provablyDisjoint(GlobNfa.build(List.of(Aare.of("/srv/**", Aare.Kind.PATH))), Glob.MAX_PRODUCT_STATES));
        assertFalse(allow.provablyDisjoint(GlobNfa.build(List.of(Aare.of("/s*", Aare.Kind.PATH))), Glob.MAX_PRODUCT_STATES));
        // a variable with several values starts with a brace group: no literal prefix
        assertFalse(GlobNfa.build(List.of(Aare.of("@{HOME}/x", Aare.Kind.PATH))).provablyDisjoint(denies, Glob.MAX_PRODUCT_STATES));
        // when the search could run out of states the shortcut is not taken, so the answer stays the search's
        assertFalse(allow.provablyDisjoint(denies, 4));
    }

    @Test
    void concurrentCallersGetThePlainAnswers() throws Exception {
        List<Aare> ps = patterns().subList(0, 40);
        List<Glob.Relation> expected = new ArrayList<>();
        for (Aare a : ps) for (Aare d : ps) expected.add(Glob.relateDirectly(List.of(a), List.of(d)));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int offset = t;
                results.add(pool.submit(() -> {
                    int wrong = 0;
                    for (int k = 0; k < expected.size(); k++) {
                        int i = (k + offset * 97) % expected.size();
                        Aare a = ps.get(i / ps.size());
                        Aare d = ps.get(i % ps.size());
                        if (Glob.relate(a, List.of(d)) != expected.get(i)) wrong++;
                    }
                    return wrong;
                }));
            }
            for (Future<Integer> f : results) assertEquals(0, f.get());
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void boundedMemoStartsOverWhenFullAndStillAnswersRight() {
        BoundedMemo<Integer, Integer> memo = new BoundedMemo<>(10);
        AtomicInteger calls = new AtomicInteger();
        for (int i = 0; i < 100; i++) {
            assertEquals(i * i, memo.get(i, k -> {
                calls.incrementAndGet();
                return k * k;
            }));
            assertTrue(memo.size() <= 10, "size " + memo.size());
        }
        assertEquals(100, calls.get());
        assertEquals(99 * 99, memo.get(99, k -> -1));
        assertEquals(100, calls.get());
    }

    private static List<Aare> pick(List<Aare> ps, Random r, int n) {
        List<Aare> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(ps.get(r.nextInt(ps.size())));
        return out;
    }
}
