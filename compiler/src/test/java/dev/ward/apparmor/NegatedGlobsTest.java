package dev.ward.apparmor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The negated patterns deny exactly what lies below the directory and outside the exceptions. */
class NegatedGlobsTest {
    static List<Aare> patterns(List<String> globs) {
        return globs.stream().map(g -> Aare.of(g, Aare.Kind.PATH)).toList();
    }

    /** What an exception entry allows: the entry and everything below it ({@code x*}: a prefix). */
    static String allowedGlob(String dir, String entry) {
        return dir + "/" + entry + "{,/**}";
    }

    @Test
    void containerSysctlsStayWritableAndNothingElseDoes() {
        List<Aare> denies = patterns(NegatedGlobs.denyExcept("/proc/sys", ContainerDefaults.PROC_SYS_WRITABLE));
        List<Aare> allowed = new ArrayList<>();
        for (String e : ContainerDefaults.PROC_SYS_WRITABLE) allowed.add(Aare.of(allowedGlob("/proc/sys", e), Aare.Kind.PATH));
        assertEquals(Glob.Relation.DISJOINT, Glob.relate(allowed, denies));
        // with the exceptions and the directories leading to them, the denials cover all of /proc/sys
        List<Aare> all = new ArrayList<>(denies);
        all.addAll(allowed);
        all.add(Aare.of("/proc/sys/{,kernel{,/}}", Aare.Kind.PATH));
        // AppArmor matches paths with single slashes only
        all.add(Aare.of("/proc/**//**", Aare.Kind.PATH));
        assertEquals(java.util.Optional.empty(), Glob.witness(List.of(Aare.of("/proc/sys/**", Aare.Kind.PATH)), all));
        for (String p : List.of("/proc/sys/kernel/core_pattern", "/proc/sys/vm/overcommit_memory", "/proc/sys/kernel/hostnamex",
                "/proc/sys/k", "/proc/sys/kernelx/y", "/proc/sys/fs/binfmt_misc/register", "/proc/sys/kernel/sh")) {
            assertEquals(true, denies.stream().anyMatch(d -> Glob.matches(d, p)), p);
        }
        for (String p : List.of("/proc/sys/kernel/hostname", "/proc/sys/kernel/shmmax", "/proc/sys/kernel/sem",
                "/proc/sys/kernel/msgmnb", "/proc/sys/net/ipv4/ip_forward", "/proc/sys/kernel/domainname")) {
            assertEquals(false, denies.stream().anyMatch(d -> Glob.matches(d, p)), p);
        }
    }

    @Property(tries = 200)
    void denyExactlyTheComplement(@ForAll("entries") List<String> entries, @ForAll("paths") List<String> paths) {
        List<Aare> denies = patterns(NegatedGlobs.denyExcept("/d", entries));
        for (String path : paths) {
            boolean denied = denies.stream().anyMatch(d -> Glob.matches(d, "/d/" + path));
            assertEquals(!allowed(entries, path), denied, () -> "/d/" + path + " with " + entries + " -> " + denies);
        }
    }

    /** The oracle: a path is allowed when it is an entry, below one, or a directory leading to one. */
    static boolean allowed(List<String> entries, String path) {
        for (String e : entries) {
            String[] es = e.split("/");
            String[] ps = path.split("/", -1);
            boolean ok = true;
            for (int i = 0; i < Math.min(es.length, ps.length) && ok; i++) {
                String name = es[i];
                boolean last = i == es.length - 1;
                if (last && name.endsWith("*")) ok = ps[i].startsWith(name.substring(0, name.length() - 1));
                else ok = ps[i].equals(name);
            }
            if (ok) return true;
        }
        return false;
    }

    @Provide
    Arbitrary<List<String>> entries() {
        Arbitrary<String> name = Arbitraries.strings().withChars("abc").ofMinLength(1).ofMaxLength(3);
        Arbitrary<String> entry = name.list().ofMinSize(1).ofMaxSize(3).flatMap(parts -> Arbitraries.of(false, true)
                .map(prefix -> String.join("/", parts) + (prefix ? "*" : "")));
        return entry.list().ofMinSize(1).ofMaxSize(4);
    }

    @Provide
    Arbitrary<List<String>> paths() {
        Arbitrary<String> name = Arbitraries.strings().withChars("abcd").ofMinLength(1).ofMaxLength(4);
        return name.list().ofMinSize(1).ofMaxSize(4).map(l -> String.join("/", l)).list().ofSize(30);
    }
}
