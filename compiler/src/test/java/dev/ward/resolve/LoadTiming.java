package dev.ward.resolve;

import dev.ward.diag.Diagnostics;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Measures parse and resolve of policy files in one process: the first (cold) load, then the median of
 * warm loads. Run: {@code java -cp cli/target/ward.jar:compiler/target/test-classes dev.ward.resolve.LoadTiming FILE}.
 */
public final class LoadTiming {
    private LoadTiming() {}

    public static void main(String[] args) {
        List<Path> files = Arrays.stream(args).map(Path::of).toList();
        long start = System.nanoTime();
        Diagnostics first = new Diagnostics();
        PolicyLoader.load(files, first);
        double cold = (System.nanoTime() - start) / 1e6;
        int runs = 200;
        double[] warm = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            PolicyLoader.load(files, new Diagnostics());
            warm[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(warm);
        System.out.printf("%s: first load %.1f ms, median of %d warm loads %.2f ms (%d errors)%n",
                String.join(" ", args), cold, runs, warm[runs / 2], first.errorCount());
    }
}
