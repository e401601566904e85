package dev.ward.fmt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ward.ast.PolicyFile;
import dev.ward.diag.Diagnostics;
import dev.ward.ir.Policy;
import dev.ward.parse.PolicyParser;
import dev.ward.resolve.PolicyLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** fmt is idempotent and keeps meaning: the IR of fmt(x) equals the IR of x, for every shipped and test policy. */
class FormatterTest {
    static final Path REPO = Path.of(System.getProperty("ward.repo"));

    static List<Path> policies() throws IOException {
        try (Stream<Path> a = Files.walk(REPO.resolve("policies"));
             Stream<Path> b = Files.walk(REPO.resolve("compiler/src/test"))) {
            return Stream.concat(a, b).filter(p -> p.toString().endsWith(".ward")).sorted().toList();
        }
    }

    static String format(String name, String text) {
        Diagnostics d = new Diagnostics();
        PolicyFile ast = PolicyParser.parse(name, text, d).orElseThrow(() -> new AssertionError(d.all().toString()));
        return Formatter.format(ast);
    }

    static Policy resolve(String name, String text) {
        Diagnostics d = new Diagnostics();
        Policy p = PolicyLoader.loadString(name, text, d).policy();
        assertFalse(d.hasErrors(), () -> name + ": " + d.all());
        return p;
    }

    @TestFactory
    Stream<DynamicTest> idempotentAndMeaningPreserving() throws IOException {
        return policies().stream().map(p -> DynamicTest.dynamicTest(REPO.relativize(p).toString(), () -> {
            String name = p.toString();
            String text = Files.readString(p, StandardCharsets.UTF_8);
            String once = format(name, text);
            assertEquals(once, format(name, once), "formatting twice changes nothing");
            assertEquals(resolve(name, text), resolve(name, once), "the IR is unchanged");
            assertEquals(comments(text), comments(once), "every comment is kept");
        }));
    }

    private static List<String> comments(String text) {
        return text.lines().filter(l -> l.contains("#")).map(l -> l.substring(l.indexOf('#')).strip()).toList();
    }

    @Test
    void canonicalLayout() {
        String messy = "use \"std/groups.ward\"\nprofile  a   extends\n unprivileged{mode privileged   seccomp{default allow\n"
                + "errno( EPERM ) mount,umount2 if arg0==0x1||!(arg1 & 3!=1) # why\n}\n\n\n limits { memory 1GiB swap 0 }}\n";
        String expected = """
                use "std/groups.ward"
                profile a extends unprivileged {
                    mode privileged
                    seccomp {
                        default allow
                        errno(EPERM) mount, umount2 if arg0 == 0x1 || !(arg1 & 3 != 1)  # why
                    }

                    limits {
                        memory 1GiB
                        swap 0
                    }
                }
                """;
        assertEquals(expected, format("messy.ward", messy));
    }

    @Test
    void trailingCommentsKeepTheirColumnAndLongListsWrap() {
        StringBuilder names = new StringBuilder();
        for (int i = 0; i < 30; i++) names.append(i == 0 ? "" : ", ").append("read");
        String text = "profile a {        # opener\n    # own line\n    arch x86_64          # aligned\n"
                + "    seccomp {\n        default allow\n        allow " + names + "\n    }\n}\n";
        String out = format("a.ward", text);
        assertTrue(out.contains("profile a {        # opener\n"), out);
        assertTrue(out.contains("    arch x86_64          # aligned\n"), out);
        for (String line : out.split("\n")) assertTrue(line.length() <= Layout.WIDTH, line);
        assertTrue(out.contains("        allow read, read,"), out);
        assertTrue(out.contains("\n              read,"), "continuation lines start under the first item: " + out);
    }
}
