package dev.ward.cli;

import dev.ward.diag.Diagnostics;
import dev.ward.lint.LintConfig;
import dev.ward.lint.Linter;
import dev.ward.resolve.PolicyLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
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
            dev.ward.seccomp.ExpectationRunner.run(loaded.policy(), d);
            // the same lint configuration as `ward lint`: ./.ward.yaml when there is one
            Linter.lint(loaded.policy(), LintConfig.discover(Path.of(""), d),
                    file -> loaded.sources().text(file).map(t -> List.of(t.split("\r?\n", -1))), d);
        }
        Reporting.print(d, loaded.sources(), err);
        return d.hasErrors() ? Main.EXIT_FINDINGS : Main.EXIT_OK;
    }
}
