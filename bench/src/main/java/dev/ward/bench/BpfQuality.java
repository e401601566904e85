package dev.ward.bench;

import dev.ward.diag.Diagnostics;
import dev.ward.ir.Arch;
import dev.ward.ir.Profile;
import dev.ward.seccomp.BpfCompiler;
import dev.ward.seccomp.BpfProgram;
import dev.ward.seccomp.LibseccompRules;
import dev.ward.seccomp.SeccompBench;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * BPF quality tables, Ward against libseccomp at optimize levels 1 and 2, per kernel architecture: program
 * length, instructions executed per syscall number of the native ABI (average and maximum, all arguments
 * zero), and the share of argument-independent allows the kernel's action cache answers. Prints Markdown.
 * {@code BpfQuality [NAME...]} limits the corpus.
 */
public final class BpfQuality {
    /** One row: a compiler's program for one corpus entry on one kernel. */
    public record Row(String policy, Arch kernel, String compiler, SeccompBench.Quality quality) {}

    private BpfQuality() {}

    public static void main(String[] args) {
        List<String> names = args.length == 0 ? Corpus.NAMES : List.of(args);
        print(rows(names), System.out);
    }

    /** Every row for {@code names} on both kernels. */
    public static List<Row> rows(List<String> names) {
        List<Row> rows = new ArrayList<>();
        for (Arch kernel : Corpus.kernels()) {
            for (String name : names) {
                Profile full = Corpus.profile(name, kernel);
                Profile comparable = SeccompBench.restrictToLibseccomp(full);
                LibseccompRules.Translation rules = SeccompBench.translate(comparable);
                rows.add(new Row(name, kernel, "ward", measure(full, ward(full, kernel))));
                if (!comparable.seccomp().equals(full.seccomp())) {
                    rows.add(new Row(name, kernel, "ward, names libseccomp knows",
                            measure(comparable, ward(comparable, kernel))));
                }
                for (int level : new int[] {1, 2}) {
                    rows.add(new Row(name, kernel, "libseccomp -O" + level,
                            measure(comparable, SeccompBench.libseccomp(rules, comparable, kernel, level))));
                }
            }
        }
        return rows;
    }

    static BpfProgram ward(Profile p, Arch kernel) {
        Diagnostics d = new Diagnostics();
        BpfProgram program = BpfCompiler.compile(p, kernel, d);
        if (d.hasErrors()) throw new IllegalStateException(p.name() + " on " + kernel.wardName() + ": " + d.all());
        return program;
    }

    static SeccompBench.Quality measure(Profile p, BpfProgram program) {
        return SeccompBench.measure(p, program);
    }

    /** One table per kernel, then Ward's figures as ratios of libseccomp -O2's. */
    static void print(List<Row> rows, PrintStream out) {
        for (Arch kernel : Corpus.kernels()) {
            out.println("#### " + kernel.wardName());
            out.println();
            out.println("| policy | compiler | instructions | executed, average | executed, max | cacheable allows |");
            out.println("| --- | --- | ---: | ---: | ---: | ---: |");
            for (Row r : rows) {
                if (r.kernel() != kernel) continue;
                SeccompBench.Quality q = r.quality();
                out.println(String.format(Locale.ROOT, "| %s | %s | %d | %.2f | %d | %.1f%% |", r.policy(),
                        r.compiler(), q.length(), q.average(), q.max(), q.cacheable() * 100));
            }
            out.println();
        }
        out.println("#### Ward as a share of libseccomp -O2 (same rules)");
        out.println();
        out.println("| policy | kernel | length | executed, average | executed, max (difference) |");
        out.println("| --- | --- | ---: | ---: | ---: |");
        for (Row lib : rows) {
            if (!lib.compiler().equals("libseccomp -O2")) continue;
            Row ward = rows.stream().filter(r -> r.policy().equals(lib.policy()) && r.kernel() == lib.kernel()
                    && r.compiler().startsWith("ward")).reduce((a, b) -> b).orElseThrow();
            SeccompBench.Quality w = ward.quality();
            SeccompBench.Quality l = lib.quality();
            out.println(String.format(Locale.ROOT, "| %s | %s | %.2f | %.2f | %+d |", lib.policy(),
                    lib.kernel().wardName(), (double) w.length() / l.length(), w.average() / l.average(),
                    w.max() - l.max()));
        }
        out.println();
    }
}
