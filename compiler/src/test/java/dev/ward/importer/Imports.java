package dev.ward.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ward.ast.PolicyFile;
import dev.ward.diag.Diagnostic;
import dev.ward.diag.Diagnostics;
import dev.ward.diag.Severity;
import dev.ward.fmt.Formatter;
import dev.ward.ir.Action;
import dev.ward.ir.Arch;
import dev.ward.ir.Profile;
import dev.ward.ir.SeccompRule;
import dev.ward.ir.SyscallTable;
import dev.ward.lint.LintConfig;
import dev.ward.lint.Linter;
import dev.ward.parse.PolicyParser;
import dev.ward.resolve.PolicyLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/** Helpers for import tests: run an import, load its output with the front end, decide calls. */
final class Imports {
    private Imports() {}

    static Path dockerDefault() {
        return Path.of(System.getProperty("ward.repo", "."), "compiler", "src", "test", "resources", "data",
                "moby-default-seccomp.json")
                .toAbsolutePath().normalize();
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Imports and asserts success; returns the .ward text. */
    static String importOk(String json, SeccompImporter.Format format, SeccompImporter.Options options) {
        Diagnostics d = new Diagnostics();
        var out = SeccompImporter.importProfile("test.json", json, format, options, d);
        assertFalse(d.hasErrors(), () -> "import errors: " + messages(d));
        assertTrue(out.isPresent());
        return out.get();
    }

    static String messages(Diagnostics d) {
        return d.all().stream().map(Diagnostic::toString).collect(Collectors.joining("\n"));
    }

    /** Loads .ward text with the front end, asserting no errors, and checks {@code ward fmt} leaves it as it is. */
    static List<Profile> load(String text) {
        Diagnostics d = new Diagnostics();
        PolicyLoader.Loaded loaded = PolicyLoader.loadString("imported.ward", text, d);
        assertFalse(d.hasErrors(), () -> "ward check errors:\n" + messages(d) + "\n" + text);
        for (Diagnostic x : d.all()) {
            assertTrue(x.severity() != Severity.WARNING || !x.code().startsWith("W02"), () -> "seccomp warning " + x);
        }
        Diagnostics lint = new Diagnostics();
        Linter.lint(loaded.policy(), LintConfig.defaults(), file -> Optional.of(List.of(text.split("\r?\n", -1))), lint);
        assertFalse(lint.hasErrors(), () -> "ward check (lint) errors:\n" + messages(lint));
        Diagnostics pd = new Diagnostics();
        PolicyFile ast = PolicyParser.parse("imported.ward", text, pd).orElseThrow();
        assertEquals(text, Formatter.format(ast), "ward fmt changes the imported text");
        return loaded.policy().profiles();
    }

    /** What the profile's rules decide for a call, by Ward's first-match semantics. */
    static Action decide(Profile p, Arch abi, String syscall, long... args) {
        long[] a = new long[6];
        System.arraycopy(args, 0, a, 0, args.length);
        SyscallTable table = SyscallTable.standard();
        OptionalInt nr = table.number(abi, syscall);
        List<SeccompRule> rules = p.seccomp().rules().stream()
                .filter(r -> r.syscalls().stream().anyMatch(n -> nr.isPresent() && table.number(abi, n).equals(nr)))
                .toList();
        return RuleSemantics.decide(rules, a, DockerArch.is32Bit(abi)).orElse(p.seccomp().defaultAction());
    }
}
