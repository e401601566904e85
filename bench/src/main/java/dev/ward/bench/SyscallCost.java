package dev.ward.bench;

import dev.ward.ir.Arch;
import dev.ward.ir.Profile;
import dev.ward.seccomp.BpfInterpreter;
import dev.ward.seccomp.BpfProgram;
import dev.ward.seccomp.SeccompBench;
import dev.ward.seccomp.SeccompData;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The cost of a syscall under Ward's filter and under libseccomp's (-O2, exported from the same rules) for one
 * corpus policy on this x86_64 kernel, beside no filter, measured in a small native loop
 * ({@code syscall_cost.c}, built with gcc at run time; thread CPU time, so that waiting for a core on a shared
 * machine does not count). Each repetition runs the loop once per filter, in
 * turn, each in a fresh process (a seccomp filter cannot be removed); the table gives medians over the
 * repetitions, and the extra cost of each filter as the median of its difference to no filter within a
 * repetition. {@code SyscallCost [POLICY [CALLS ROUNDS REPETITIONS]]}.
 */
public final class SyscallCost {
    /** The two calls the loop times: allowed without an argument check, and allowed for some arg0 values only. */
    static final String[] CALLS = {"getppid", "personality"};
    private static final int GETPPID = 110;
    private static final int PERSONALITY = 135;
    private static final long PERSONALITY_QUERY = 0xffffffffL;

    /** One filter of the comparison: its name and program (none for the unfiltered baseline). */
    record Filter(String name, BpfProgram program) {}

    /** ns per call of each call for each filter, one list entry per repetition. */
    record Timings(Map<String, Map<String, List<Double>>> byFilter) {}

    private SyscallCost() {}

    public static void main(String[] args) throws Exception {
        String policy = args.length > 0 ? args[0] : "docker-default";
        long calls = args.length > 1 ? Long.parseLong(args[1]) : 100_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 11;
        int repetitions = args.length > 3 ? Integer.parseInt(args[3]) : 7;
        List<Filter> filters = filters(policy);
        Path dir = Files.createTempDirectory("ward-syscall-cost");
        try {
            Path helper = buildHelper(dir);
            Timings t = measure(helper, dir, filters, calls, rounds, repetitions);
            print(policy, filters, t, calls, rounds, repetitions, System.out);
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) Files.delete(f);
            }
            Files.delete(dir);
        }
    }

    /** No filter, Ward's and libseccomp -O2's, for the policy's rules that libseccomp knows, on x86_64. */
    static List<Filter> filters(String policy) {
        Profile profile = SeccompBench.restrictToLibseccomp(Corpus.profile(policy, Arch.X86_64));
        BpfProgram ward = BpfQuality.ward(profile, Arch.X86_64);
        BpfProgram lib = SeccompBench.libseccomp(SeccompBench.translate(profile), profile, Arch.X86_64, 2);
        return List.of(new Filter("no filter", null), new Filter("ward", ward), new Filter("libseccomp -O2", lib));
    }

    /** Instructions {@code program} executes for one of the timed calls (through Ward's interpreter). */
    static int executed(BpfProgram program, String call) {
        SeccompData data = call.equals("getppid") ? SeccompData.of(GETPPID, Arch.X86_64.auditArch())
                : SeccompData.of(PERSONALITY, Arch.X86_64.auditArch(), PERSONALITY_QUERY);
        return BpfInterpreter.run(program, data).executed();
    }

    /** Writes the loop's source into {@code dir} and compiles it with gcc. */
    static Path buildHelper(Path dir) throws IOException, InterruptedException {
        Path source = dir.resolve("syscall_cost.c");
        try (InputStream in = SyscallCost.class.getResourceAsStream("/syscall_cost.c")) {
            if (in == null) throw new IllegalStateException("syscall_cost.c is missing from the jar");
            Files.write(source, in.readAllBytes());
        }
        Path helper = dir.resolve("syscall_cost");
        run(List.of("gcc", "-O2", "-Wall", "-o", helper.toString(), source.toString()));
        return helper;
    }

    /** Every repetition runs the loop once for each filter, in turn. */
    static Timings measure(Path helper, Path dir, List<Filter> filters, long calls, int rounds, int repetitions)
            throws IOException, InterruptedException {
        Map<String, Path> files = new LinkedHashMap<>();
        for (Filter f : filters) {
            if (f.program() == null) continue;
            Path file = dir.resolve(f.name().replaceAll("[^a-z0-9]+", "-") + ".bpf");
            Files.write(file, f.program().toBytes());
            files.put(f.name(), file);
        }
        Map<String, Map<String, List<Double>>> by = new LinkedHashMap<>();
        for (int r = 0; r < repetitions; r++) {
            for (Filter f : filters) {
                Path file = files.get(f.name());
                String out = run(List.of(helper.toString(), file == null ? "-" : file.toString(), Long.toString(calls),
                        Integer.toString(rounds)));
                for (String line : out.lines().toList()) {
                    String[] cells = line.split(" ");
                    by.computeIfAbsent(f.name(), k -> new LinkedHashMap<>())
                            .computeIfAbsent(cells[0], k -> new ArrayList<>()).add(Double.parseDouble(cells[1]));
                }
            }
        }
        return new Timings(by);
    }

    static void print(String policy, List<Filter> filters, Timings t, long calls, int rounds, int repetitions,
            PrintStream out) {
        out.println("Policy " + policy + " (names libseccomp knows), x86_64; ns of thread CPU time per call, median of "
                + repetitions + " alternating repetitions, each the median of " + rounds + " rounds of " + calls
                + " calls:");
        out.println();
        out.println("| filter | instructions | executed: getppid | executed: personality(0xffffffff) "
                + "| getppid | personality(0xffffffff) | getppid above no filter | personality above no filter |");
        out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        Map<String, List<Double>> none = t.byFilter().get(filters.get(0).name());
        for (Filter f : filters) {
            Map<String, List<Double>> mine = t.byFilter().get(f.name());
            StringBuilder row = new StringBuilder("| " + f.name());
            if (f.program() == null) {
                row.append(" |  |  | ");
            } else {
                row.append(" | ").append(f.program().length());
                for (String call : CALLS) row.append(" | ").append(executed(f.program(), call));
            }
            for (String call : CALLS) row.append(" | ").append(ns(median(mine.get(call))));
            for (String call : CALLS) {
                row.append(" | ").append(f.program() == null ? "" : signedNs(medianDifference(mine.get(call), none.get(call))));
            }
            out.println(row.append(" |"));
        }
    }

    static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** The median over repetitions of {@code a[i] - b[i]}: each filter against no filter in the same repetition. */
    static double medianDifference(List<Double> a, List<Double> b) {
        List<Double> d = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) d.add(a.get(i) - b.get(i));
        return median(d);
    }

    private static String ns(double v) {
        return String.format(Locale.ROOT, "%.1f ns", v);
    }

    private static String signedNs(double v) {
        return String.format(Locale.ROOT, "%+.1f ns", v);
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("timed out: " + String.join(" ", command));
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (" + p.exitValue() + "): " + out);
        }
        return out;
    }
}
