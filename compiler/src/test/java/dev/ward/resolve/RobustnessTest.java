package dev.ward.resolve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ward.diag.Diagnostic;
import dev.ward.diag.Diagnostics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile input ends in located diagnostics: no exception, no hang. */
class RobustnessTest {
    @TempDir
    Path dir;

    private List<String> load(Path... paths) {
        Diagnostics d = new Diagnostics();
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> PolicyLoader.load(List.of(paths), d));
        return d.all().stream().map(Diagnostic::headline).toList();
    }

    @Test
    void tenThousandNestedParentheses() throws IOException {
        Path f = dir.resolve("deep.ward");
        Files.writeString(f, "profile p { seccomp { default allow\n allow read if " + "(".repeat(10_000) + "arg0 == 1"
                + ")".repeat(10_000) + " } }\n");
        List<String> got = load(f);
        assertEquals(1, got.size(), got::toString);
        assertTrue(got.get(0).matches(".*deep.ward:2:116: error\\[W0009\\]: too deeply nested.*"), got::toString);
    }

    @Test
    void longConditionChainIsRefusedNotOverflowed() throws IOException {
        Path f = dir.resolve("long.ward");
        StringBuilder sb = new StringBuilder("profile p { seccomp { default allow\n allow read if arg0 == 0");
        for (int i = 1; i < 50_000; i++) sb.append(" || arg0 == ").append(i);
        Files.writeString(f, sb.append(" } }\n").toString());
        List<String> got = load(f);
        assertEquals(List.of(f + ":2:16: error[W0206]: condition has 50000 comparisons; the limit is 1024"), got);
    }

    @Test
    void floodOfUnknownNamesStaysQuick() throws IOException {
        Path f = dir.resolve("flood.ward");
        StringBuilder sb = new StringBuilder("profile p { seccomp { default allow\n");
        for (int i = 0; i < 50_000; i++) sb.append("  allow nosuchcall").append(i).append(", ").append("NOPE").append(i).append('\n');
        Files.writeString(f, sb.append("} }\n").toString());
        List<String> got = load(f);
        assertEquals(Diagnostics.DEFAULT_CAP, got.size());
        assertTrue(got.get(0).startsWith(f + ":2:9: error[W0104]: unknown syscall 'nosuchcall0'"), got.get(0));
    }

    @Test
    void binaryGarbageIsCappedAndLocated() throws IOException {
        byte[] bytes = new byte[200_000];
        new Random(7).nextBytes(bytes);
        for (int i = 0; i < bytes.length; i++) bytes[i] &= 0x7f;
        Path f = dir.resolve("garbage.ward");
        Files.write(f, bytes);
        List<String> got = load(f);
        assertTrue(got.size() > 1 && got.size() <= 30, got::toString);
        assertTrue(got.stream().allMatch(s -> s.startsWith(f + ":")), got::toString);
    }

    @Test
    void invalidUtf8() throws IOException {
        Path f = dir.resolve("latin1.ward");
        Files.write(f, "profile p {\n  description \"caf\u00e9\"\n}\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertEquals(List.of(f + ":2:19: error[W0004]: invalid UTF-8: byte 0xe9 cannot start or continue a character"), load(f));
    }

    @Test
    void fiftyMegabyteFile() throws IOException {
        Path f = dir.resolve("huge.ward");
        byte[] line = "# a comment line that goes on and on and on and on and on and on and on and on\n".getBytes();
        try (var out = Files.newOutputStream(f)) {
            for (long written = 0; written < 50L << 20; written += line.length) out.write(line);
        }
        List<String> got = load(f);
        assertEquals(1, got.size(), got::toString);
        assertTrue(got.get(0).startsWith(f + ": error[W0003]: " + f + " is too large ("), got::toString);
    }

    @Test
    void directoryWithoutPoliciesAndMissingFile() throws IOException {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        Path missing = dir.resolve("missing.ward");
        assertEquals(List.of(empty + ": error[W0002]: no .ward files in directory " + empty,
                missing + ": error[W0001]: cannot read " + missing + ": no such file"), load(empty, missing));
    }

    @Test
    void everyErrorOfAFileIsReported() throws IOException {
        Path f = dir.resolve("many.ward");
        Files.writeString(f, """
                use "std/groups.ward"
                profile p {
                    seccomp {
                        default errno(EPRM)
                        allow opnat, @sytem-service
                        errno(EPERM) read if arg7 == 0
                    }
                    capabilities { keep chown
                        drop chown }
                    rlimits { nofile 10 5 }
                }
                profile q extends nothere { }
                """);
        List<String> codes = load(f).stream().map(s -> s.replaceAll(".*\\[(W\\d+)\\].*", "$1")).sorted().toList();
        assertEquals(List.of("W0102", "W0104", "W0106", "W0108", "W0203", "W0401", "W0405"), codes);
    }

    @Test
    void syntaxErrorsDoNotHideOtherErrors() throws IOException {
        Path f = dir.resolve("mixed.ward");
        Files.writeString(f, """
                profile base {
                    seccomp { default allow
                        allow read,
                    }
                }
                profile child extends base {
                    capabilities { keep chown, foo }
                }
                """);
        assertEquals(List.of(f + ":4:5: error[W0008]: unexpected '}', expected a name or a @group name",
                f + ":7:32: error[W0116]: unknown capability 'foo'"), load(f));
    }

    @Test
    void severalSyntaxErrorsInOneFile() throws IOException {
        Path f = dir.resolve("syntax.ward");
        Files.writeString(f, """
                profile p {
                    seccomp {
                        default allow
                        allow read if (arg0 == 1
                    }
                    idmap { uid 0 -> 1 }
                }
                """);
        assertEquals(List.of(f + ":5:5: error[W0008]: unexpected '}', expected ')'",
                f + ":6:24: error[W0008]: unexpected '}', expected 'count'"), load(f));
    }
}
