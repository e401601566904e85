package dev.ward.cli;

import dev.ward.diag.Diagnostics;
import dev.ward.ir.Profile;
import dev.ward.lint.LintConfig;
import dev.ward.lint.Linter;
import dev.ward.lint.SourceText;
import dev.ward.resolve.PolicyLoader;
import dev.ward.seccomp.ExpectationRunner;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ward check FILE|DIR...}: parse, resolve, run expectations, lint. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Parse and resolve policies, run their expect lines and lint them.")
public final class CheckCommand implements Callable<Integer> {
    /** Into how many parts the profiles' expectations are split, so that the cores share them evenly. */
    private static final int EXPECTATION_TASKS = 16;

    @Parameters(arity = "1..*", paramLabel = "FILE|DIR", description = "Policy files, or directories to search for *.ward files.")
    List<Path> paths;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return check(paths, spec.commandLine().getErr());
    }

    /** The command; {@link Main} also runs it without picocli when given nothing but paths. */
    static int check(List<Path> paths, PrintWriter err) {
        Diagnostics d = new Diagnostics();
        PolicyLoader.Loaded loaded = PolicyLoader.load(paths, d);
        if (!d.hasErrors()) {
            // The expectations (profile by profile) and the lint rules are independent: they run side by side,
            // each into a collector of its own, and their diagnostics are added in the order a sequential run
            // adds them.
            List<Profile> profiles = loaded.policy().profiles();
            List<Runnable> tasks = new ArrayList<>();
            Diagnostics linted = new Diagnostics(Integer.MAX_VALUE);
            tasks.add(() -> Linter.lint(loaded.policy(), LintConfig.discover(Path.of(""), linted), // as `ward lint` does
                    file -> loaded.sources().text(file).map(SourceText::splitLines), linted));
            List<Diagnostics> expected = new ArrayList<>();
            int chunk = Math.max(1, (profiles.size() + EXPECTATION_TASKS - 1) / EXPECTATION_TASKS);
            for (int from = 0; from < profiles.size(); from += chunk) {
                List<Profile> part = profiles.subList(from, Math.min(profiles.size(), from + chunk));
                Diagnostics e = new Diagnostics(Integer.MAX_VALUE);
                expected.add(e);
                tasks.add(() -> part.forEach(p -> ExpectationRunner.run(p, e)));
            }
            SideBySide.run(tasks);
            expected.forEach(e -> e.all().forEach(d::add));
            linted.all().forEach(d::add);
        }
        Reporting.print(d, loaded.sources(), err);
        return d.hasErrors() ? Main.EXIT_FINDINGS : Main.EXIT_OK;
    }
}
