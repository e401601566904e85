package dev.ward.bench;

import dev.ward.diag.DiagnosticPrinter;
import dev.ward.diag.Diagnostics;
import dev.ward.lint.LintConfig;
import dev.ward.lint.Linter;
import dev.ward.resolve.PolicyLoader;
import dev.ward.seccomp.ExpectationRunner;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where a cold {@code ward check FILE...} spends its time inside the JVM: reading, parsing and resolving,
 * running the expect lines through the compiled filters, linting, printing, each timed once in a fresh process, and the process's CPU time so far; prints one row of
 * a Markdown table. Run it with the launcher's JVM options and archive (bench/run.sh does) to see what the
 * executable sees.
 */
public final class StartupPhases {
    private StartupPhases() {}

    public static void main(String[] args) {
        List<Path> paths = new ArrayList<>();
        for (String a : args) paths.add(Path.of(a));
        long t0 = System.nanoTime();
        Diagnostics d = new Diagnostics();
        PolicyLoader.Loaded loaded = PolicyLoader.load(paths, d);
        long t1 = System.nanoTime();
        long t1e = t1;
        if (!d.hasErrors()) {
            ExpectationRunner.run(loaded.policy(), d);
            t1e = System.nanoTime();
            Linter.lint(loaded.policy(), LintConfig.discover(Path.of(""), d),
                    file -> loaded.sources().text(file).map(t -> List.of(t.split("\r?\n", -1))), d);
        }
        long t2 = System.nanoTime();
        new DiagnosticPrinter(loaded.sources()).print(d, new PrintWriter(Writer.nullWriter()));
        long t3 = System.nanoTime();
        Duration cpu = ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO);
        System.out.println(String.format(Locale.ROOT, "| %.0f ms | %.0f ms | %.0f ms | %.0f ms | %d ms |",
                (t1 - t0) / 1e6, (t1e - t1) / 1e6, (t2 - t1e) / 1e6, (t3 - t2) / 1e6, cpu.toMillis()));
    }
}
