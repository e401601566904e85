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
            // The expectations and the lint rules are independent: they run side by side, each into its own
            // collector, and their diagnostics are added in the order a sequential run adds them.
            Diagnostics expected = new Diagnostics(Integer.MAX_VALUE);
            Diagnostics linted = new Diagnostics(Integer.MAX_VALUE);
            alongside(() -> dev.ward.seccomp.ExpectationRunner.run(loaded.policy(), expected), () ->
                    // the same lint configuration as `ward lint`: ./.ward.yaml when there is one
                    Linter.lint(loaded.policy(), LintConfig.discover(Path.of(""), linted),
                            file -> loaded.sources().text(file).map(t -> List.of(t.split("\r?\n", -1))), linted));
            expected.all().forEach(d::add);
            linted.all().forEach(d::add);
        }
        Reporting.print(d, loaded.sources(), err);
        return d.hasErrors() ? Main.EXIT_FINDINGS : Main.EXIT_OK;
    }

    /**
     * Runs {@code background} on a thread of its own while {@code foreground} runs on this one, and returns when
     * both are done; what either throws is thrown here. Both must be safe to run at the same time.
     */
    static void alongside(Runnable background, Runnable foreground) {
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        Thread worker = new Thread(() -> {
            try {
                background.run();
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "ward-alongside");
        worker.start();
        try {
            foreground.run();
        } finally {
            boolean interrupted = false;
            while (true) {
                try {
                    worker.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) Thread.currentThread().interrupt();
        }
        Throwable t = failure.get();
        if (t instanceof RuntimeException re) throw re;
        if (t instanceof Error e) throw e;
        if (t != null) throw new IllegalStateException(t);
    }
}
