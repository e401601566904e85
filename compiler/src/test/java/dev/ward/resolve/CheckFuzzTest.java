package dev.ward.resolve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ward.diag.Codes;
import dev.ward.diag.Diagnostic;
import dev.ward.diag.DiagnosticPrinter;
import dev.ward.diag.Diagnostics;
import dev.ward.diag.Severity;
import dev.ward.lint.LintConfig;
import dev.ward.lint.Linter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * What {@code ward check} does (load, then lint a clean policy) never throws on random token sequences or on
 * mutated shipped policies, and every error it reports has a position.
 */
class CheckFuzzTest {
    static final Path REPO = Path.of(System.getProperty("ward.repo"));
    static final List<String> TOKENS = List.of(
            "use", "const", "group", "profile", "extends", "description", "mode", "trust", "owner", "arch", "idmap",
            "capabilities", "seccomp", "apparmor", "limits", "rlimits", "network", "devices", "namespaces",
            "filesystem", "expect", "uid", "gid", "count", "isolated", "keep", "drop", "default", "if", "else", "in",
            "on", "max", "unlimited", "veth", "bridge", "none", "nics", "share", "proc", "sys", "readonly", "masked",
            "mount", "options", "audit", "deny", "owner", "file", "capability", "signal", "unix", "raw", "ptrace",
            "include", "unconfined", "allow", "log", "errno", "kill-process", "trap", "trace", "notify", "read",
            "write", "openat", "clone", "personality", "arg0", "arg5", "arg6", "EPERM", "AF_INET", "CLONE_NEWUSER",
            "@system-service", "@basic-io", "@nothere", "privileged", "unprivileged", "trusted", "untrusted",
            "x86_64", "aarch64", "x32", "chown", "sys_admin", "nofile", "memory", "cpu", "pids", "rw", "ro", "mixed",
            "c", "b", "rwm", "per-owner", "uts", "user", "net", "0", "1", "0x10", "0755", "0o17", "-1", "4096",
            "18446744073709551616", "1.5", "512MiB", "3XB", "\"std/groups.ward\"", "\"br0\"", "\"/proc/sys\"",
            "\"a\\qb\"", "\"x", "{", "}", "(", ")", ",", ":", "=", "->", "||", "&&", "!", "&", "|", "==", "!=", "<",
            "<=", ">", ">=", "-", "*", "# note", "\n", "$", "\u00e9", "\u0000");

    @Provide
    Arbitrary<String> tokenSequences() {
        return Arbitraries.of(TOKENS).list().ofMaxSize(60).map(l -> String.join(" ", l));
    }

    @Property(tries = 7000)
    void randomTokenSequences(@ForAll("tokenSequences") String text) {
        check("fuzz.ward", text);
    }

    @Provide
    Arbitrary<Tuple.Tuple2<Path, String>> mutatedPolicies() {
        List<Path> files = shipped();
        Arbitrary<Path> file = Arbitraries.of(files);
        return file.flatMap(f -> {
            String text = read(f);
            Arbitrary<String> mutated = Combinators.combine(
                    Arbitraries.integers().between(0, text.length()),
                    Arbitraries.integers().between(0, 40),
                    Arbitraries.of(TOKENS),
                    Arbitraries.integers().between(0, 3)).as((at, len, token, kind) -> {
                        int end = Math.min(text.length(), at + len);
                        return switch (kind) {
                            case 0 -> text.substring(0, at) + text.substring(end);
                            case 1 -> text.substring(0, at) + " " + token + " " + text.substring(at);
                            case 2 -> text.substring(0, at) + token + text.substring(end);
                            default -> text.substring(0, at) + text.substring(at, end) + text.substring(at);
                        };
                    });
            return mutated.map(m -> Tuple.of(f, m));
        });
    }

    @Property(tries = 3000)
    void mutatedShippedPolicies(@ForAll("mutatedPolicies") Tuple.Tuple2<Path, String> input) {
        check(input.get1().toString(), input.get2());
    }

    @Property(tries = 1000)
    void formattingAMutatedPolicyKeepsItsMeaning(@ForAll("mutatedPolicies") Tuple.Tuple2<Path, String> input) {
        String name = input.get1().toString();
        Diagnostics parse = new Diagnostics();
        var ast = dev.ward.parse.PolicyParser.parse(name, input.get2(), parse);
        if (ast.isEmpty()) return;
        String formatted = dev.ward.fmt.Formatter.format(ast.get());
        assertEquals(formatted, dev.ward.fmt.Formatter.format(
                dev.ward.parse.PolicyParser.parse(name, formatted, new Diagnostics()).orElseThrow()));
        Diagnostics before = new Diagnostics();
        Diagnostics after = new Diagnostics();
        assertEquals(PolicyLoader.loadString(name, input.get2(), before).policy(),
                PolicyLoader.loadString(name, formatted, after).policy());
        assertEquals(codes(before), codes(after));
    }

    /**
     * The codes of the findings, but for the one about layout: W0012 says that a word on the line after a network
     * rule continues it, and fmt writes a rule's words on one line, which is what the warning asks the author to see.
     */
    private static List<String> codes(Diagnostics d) {
        return d.all().stream().filter(x -> !x.code().equals(Codes.NETWORK_WORD_ON_NEXT_LINE))
                .map(x -> x.severity() + x.code()).sorted().toList();
    }

    private static void check(String name, String text) {
        Diagnostics d = new Diagnostics();
        PolicyLoader.Loaded loaded = PolicyLoader.loadString(name, text, d);
        if (!d.hasErrors()) Linter.lint(loaded.policy(), LintConfig.defaults(), d);
        DiagnosticPrinter printer = new DiagnosticPrinter(loaded.sources());
        for (Diagnostic x : d.all()) {
            if (x.severity() == Severity.ERROR) {
                assertTrue(x.span().hasPosition(), () -> "unlocated: " + x.headline() + "\n" + text);
            }
            assertTrue(printer.render(x).startsWith(x.headline()));
        }
    }

    static List<Path> shipped() {
        try (Stream<Path> s = Files.walk(REPO.resolve("policies"))) {
            return s.filter(p -> p.toString().endsWith(".ward")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
