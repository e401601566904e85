package dev.ward.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Command;

/**
 * The executable's start-up paths (one subcommand's model only; {@code check} without picocli) answer every
 * command line exactly as the full command line does.
 */
class CliStartupTest {
    @TempDir
    Path dir;

    static List<String> subcommandNames() {
        List<String> names = new ArrayList<>();
        for (Class<?> c : Main.class.getAnnotation(Command.class).subcommands()) {
            names.add(c.getAnnotation(Command.class).name());
        }
        return names;
    }

    @Test
    void everySubcommandAnswersUsageHelpVersionAndBadOptionsAsTheFullCommandLine() {
        List<String> names = subcommandNames();
        assertTrue(names.contains("check") && names.size() >= 5, names.toString());
        for (String name : names) {
            for (String[] args : List.of(new String[] {name}, new String[] {name, "--help"},
                    new String[] {name, "-h"}, new String[] {name, "-V"}, new String[] {name, "--no-such-option"},
                    new String[] {name, "--no-such-option", "x.ward"})) {
                CliRun expected = CliRun.full(args);
                assertEquals(expected, CliRun.executable(args), String.join(" ", args));
            }
        }
        CliRun help = CliRun.executable("check", "--help");
        assertTrue(help.out().startsWith("Usage: ward check "), help.out());
    }

    @Test
    void commandLinesWithoutASubcommandGetEverySubcommand() {
        for (String[] args : List.of(new String[] {}, new String[] {"--help"}, new String[] {"-V"},
                new String[] {"chekc", "x.ward"}, new String[] {"--no-such-option"})) {
            CliRun expected = CliRun.full(args);
            assertEquals(expected, CliRun.executable(args), String.join(" ", args));
        }
        assertTrue(CliRun.executable("--help").out().contains("compile"));
        assertTrue(CliRun.executable("chekc", "x.ward").err().contains("Did you mean"), CliRun.executable("chekc").err());
        assertEquals(subcommandNames().size(), Main.commandLineFor(new String[] {"--help"}).getSubcommands().size());
        assertEquals(List.of("compile"), List.copyOf(
                Main.commandLineFor(new String[] {"compile", "x.ward"}).getSubcommands().keySet()));
    }

    @Test
    void onlyPlainCheckCommandLinesSkipPicocli() {
        assertEquals(List.of(Path.of("a.ward"), Path.of("dir")), Main.plainCheckPaths(new String[] {"check", "a.ward", "dir"}));
        assertNull(Main.plainCheckPaths(new String[] {"check"}));
        assertNull(Main.plainCheckPaths(new String[] {"check", "--help"}));
        assertNull(Main.plainCheckPaths(new String[] {"check", "a.ward", "-h"}));
        assertNull(Main.plainCheckPaths(new String[] {"check", "--", "a.ward"}));
        assertNull(Main.plainCheckPaths(new String[] {"check", "@args.txt"}));
        assertNull(Main.plainCheckPaths(new String[] {"check", "bad\0path"}));
        assertNull(Main.plainCheckPaths(new String[] {"lint", "a.ward"}));
        assertNull(Main.plainCheckPaths(new String[] {"a.ward", "check"}));
    }

    @Test
    void plainCheckGivesTheFullCommandLinesExitCodeAndDiagnostics() throws IOException {
        Path clean = write("clean.ward", FrontendCommandsTest.CLEAN);
        Path broken = write("broken.ward", FrontendCommandsTest.CLEAN.replace("allow read, write", "allow read, opnat"));
        Path warned = write("warned.ward", FrontendCommandsTest.CLEAN.replace("allow read, write, exit_group",
                "allow read, write, exit_group\n        allow read"));
        Path examples = Path.of(System.getProperty("ward.repo"), "policies", "examples");
        for (String[] args : List.of(new String[] {"check", clean.toString()},
                new String[] {"check", broken.toString()}, new String[] {"check", warned.toString()},
                new String[] {"check", clean.toString(), broken.toString()},
                new String[] {"check", dir.resolve("missing.ward").toString()},
                new String[] {"check", examples.toString()},
                new String[] {"check", "bad\0path"})) {
            CliRun expected = CliRun.full(args);
            assertEquals(expected, CliRun.executable(args), String.join(" ", args));
        }
        assertEquals(0, CliRun.executable("check", clean.toString()).code());
        CliRun broke = CliRun.executable("check", broken.toString());
        assertEquals(1, broke.code());
        assertTrue(broke.err().contains("error[W0104]: unknown syscall 'opnat'"), broke.err());
        CliRun warn = CliRun.executable("check", warned.toString());
        assertEquals(0, warn.code());
        assertFalse(warn.err().isEmpty());
        assertNotEquals(0, CliRun.executable("check", "bad\0path").code());
    }

    @Test
    void trainingRunForTheClassArchiveCompletesQuietly() throws IOException {
        Path examples = Path.of(System.getProperty("ward.repo"), "policies", "examples");
        java.io.PrintStream stdout = System.out;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(captured, true));
        try {
            StartupTraining.main(new String[] {examples.toString(), dir.resolve("out").toString()});
        } finally {
            System.setOut(stdout);
        }
        assertEquals("", captured.toString());
        try (var files = Files.walk(dir.resolve("out"))) {
            assertTrue(files.anyMatch(p -> p.getFileName().toString().equals("apparmor.profile")));
        }
    }

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }
}
