package dev.ward.lint.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PathGlobTest {
    private static PathGlob g(String s) {
        return PathGlob.parse(s).orElseThrow();
    }

    @Test
    void matchesLikeAppArmor() {
        assertTrue(g("/etc/nginx/**").matches("/etc/nginx/conf.d/a.conf"));
        assertTrue(g("/etc/nginx/**").matches("/etc/nginx/"));
        assertFalse(g("/etc/nginx/*").matches("/etc/nginx/conf.d/a.conf"));
        assertTrue(g("/etc/nginx/*").matches("/etc/nginx/a.conf"));
        assertTrue(g("/dev/tty[0-9]").matches("/dev/tty7"));
        assertFalse(g("/dev/tty[0-9]").matches("/dev/ttyS"));
        assertTrue(g("/dev/tty[^0-9]").matches("/dev/ttyS"));
        assertTrue(g("/{usr/,}lib/**").matches("/lib/x.so"));
        assertTrue(g("/{usr/,}lib/**").matches("/usr/lib/x.so"));
        assertFalse(g("/{usr/,}lib/**").matches("/opt/lib/x.so"));
        assertTrue(g("@{PROC}/sys/kernel/*").matches("/proc/sys/kernel/hostname"));
        assertTrue(g("@{HOME}/.cache/**").matches("/root/.cache/a"));
        assertTrue(g("/a\\*b").matches("/a*b"));
        assertFalse(g("/a\\*b").matches("/axb"));
    }

    @Test
    void malformedGlobsAreRejected() {
        assertEquals(Optional.empty(), PathGlob.parse("/a/{b,c"));
        assertEquals(Optional.empty(), PathGlob.parse("/a/[bc"));
        assertEquals(Optional.empty(), PathGlob.parse("/a/b}"));
    }

    @Test
    void containmentAndOverlap() {
        // every path of /proc/sys/net/** is under /proc/**: nothing in the first and not the second
        assertTrue(PathGlob.witness(List.of(g("/proc/sys/net/**")), List.of(g("/proc/**"))).none());
        // the other way round there is a witness, and it really is one
        PathGlob.Search s = PathGlob.witness(List.of(g("/proc/**")), List.of(g("/proc/sys/net/**")));
        String w = s.witness().orElseThrow();
        assertTrue(g("/proc/**").matches(w) && !g("/proc/sys/net/**").matches(w), w);
        // overlap of /** and /sys/**, minus a deny of /sys/**: none
        assertTrue(PathGlob.witness(List.of(g("/**"), g("/sys/**")), List.of(g("/sys/**"))).none());
        // /** overlaps /proc/sys/** where the deny covers only /proc/sys/kernel/**
        String w2 = PathGlob.witness(List.of(g("/**"), g("/proc/sys/**")), List.of(g("/proc/sys/kernel/**")))
                .witness().orElseThrow();
        assertTrue(w2.startsWith("/proc/sys") && !w2.startsWith("/proc/sys/kernel/"), w2);
        // single-component globs do not reach into /proc/sys
        assertTrue(PathGlob.witness(List.of(g("/proc/*"), g("/proc/sys/**")), List.of()).none());
        assertTrue(PathGlob.witness(List.of(g("/var/log/**"), g("/sys/**")), List.of()).none());
    }
}
