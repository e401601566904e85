package dev.ward.apparmor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ward.diag.Diagnostics;
import dev.ward.ir.Origin;
import java.util.List;
import org.junit.jupiter.api.Test;

class GlobTest {
    static Aare p(String s) {
        return Aare.of(s, Aare.Kind.PATH);
    }

    @Test
    void wildcardsFollowAppArmor() {
        assertTrue(Glob.matches(p("/etc/*"), "/etc/passwd"));
        assertFalse(Glob.matches(p("/etc/*"), "/etc/ssl/certs"));
        assertTrue(Glob.matches(p("/etc/**"), "/etc/ssl/certs"));
        assertTrue(Glob.matches(p("/a?c"), "/abc"));
        assertFalse(Glob.matches(p("/a?c"), "/a/c"));
        assertTrue(Glob.matches(p("/x[a-c]"), "/xb"));
        assertFalse(Glob.matches(p("/x[^a-c]"), "/xb"));
        assertTrue(Glob.matches(p("/x{,/**}"), "/x"));
        assertTrue(Glob.matches(p("/x{,/**}"), "/x/y/z"));
        assertFalse(Glob.matches(p("/x{,/**}"), "/xy"));
        assertTrue(Glob.matches(p("/a\\*b"), "/a*b"));
        assertFalse(Glob.matches(p("/a\\*b"), "/axb"));
        assertTrue(Glob.matches(p("@{PROC}/sys/net"), "/proc/sys/net"));
        assertTrue(Glob.matches(p("@{HOME}/.ssh"), "/home/alice/.ssh"));
        assertTrue(Glob.matches(p("@{HOME}/.ssh"), "/root/.ssh"));
    }

    @Test
    void relatesPatternSets() {
        assertEquals(Glob.Relation.COVERED, Glob.relate(p("/etc/app/**"), List.of(p("/etc/**"))));
        assertEquals(Glob.Relation.OVERLAPS, Glob.relate(p("/e*/x"), List.of(p("/etc/**"))));
        assertEquals(Glob.Relation.DISJOINT, Glob.relate(p("/var/**"), List.of(p("/etc/**"))));
        assertEquals(Glob.Relation.COVERED, Glob.relate(p("/a/{b,c}"), List.of(p("/a/b"), p("/a/c"))));
        assertEquals(Glob.Relation.OVERLAPS, Glob.relate(p("/a/*"), List.of(p("/a/b"), p("/a/c"))));
    }

    @Test
    void refusesWhatAppArmorWouldReadDifferently() {
        for (String bad : List.of("/a{b", "/a}b", "/a[b", "/a]", "/a[]", "/a\\n", "/a\\\"", "@{HOME", "@{X}/y", "rel", "/a{}",
                "/[z-a]", "/a\0", "/a\u0007")) {
            Diagnostics d = new Diagnostics();
            assertTrue(Aare.parse(bad, Aare.Kind.PATH, "path", Origin.NONE, d).isEmpty(), bad);
            assertTrue(d.hasErrors(), bad);
        }
        Diagnostics d = new Diagnostics();
        assertTrue(Aare.parse("ward web", Aare.Kind.LABEL, "peer", Origin.NONE, d).isEmpty());
        assertEquals("\"/a\\\"b\\*\"", p("/a\"b\\*").quoted());
    }
}
