package dev.ward.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns the raw results of a benchmark run into the Markdown tables of BENCHMARKS.md.
 * {@code Report jmh RESULT.json}: JMH's JSON results of {@link CompileBenchmark}.
 * {@code Report process HYPERFINE.json PEAK_RSS.tsv}: hyperfine's JSON export and the peak resident set of
 * each command (command, tab, kilobytes).
 */
public final class Report {
    private Report() {}

    public static void main(String[] args) throws IOException {
        switch (args[0]) {
            case "jmh" -> jmh(new ObjectMapper().readTree(Path.of(args[1]).toFile()), System.out);
            case "process" -> process(new ObjectMapper().readTree(Path.of(args[1]).toFile()),
                    Files.readAllLines(Path.of(args[2])), System.out);
            default -> throw new IllegalArgumentException("Report jmh FILE | Report process FILE RSS_FILE");
        }
    }

    /** One table: per policy and kernel, each benchmark's mean time, and Ward's seccomp time over libseccomp's. */
    static void jmh(JsonNode results, PrintStream out) {
        Map<String, Map<String, Double>> byRow = new LinkedHashMap<>();
        Map<String, Double> all = new LinkedHashMap<>();
        for (JsonNode r : results) {
            String method = r.path("benchmark").asText().replaceAll(".*\\.", "");
            String policy = r.path("params").path("policy").asText();
            double score = r.path("primaryMetric").path("score").asDouble();
            if (method.equals("wardAll")) {
                all.put(policy, score);
            } else {
                byRow.computeIfAbsent(policy + "|" + r.path("params").path("arch").asText(), k -> new LinkedHashMap<>())
                        .put(method, score);
            }
        }
        Set<String> policies = new LinkedHashSet<>(all.keySet());
        byRow.keySet().forEach(k -> policies.add(k.split("\\|")[0]));
        out.println("| policy | kernel | ward: parse, resolve, all backends | ward: seccomp backend | libseccomp -O1 "
                + "| libseccomp -O2 | ward seccomp / libseccomp -O2 |");
        out.println("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
        for (String policy : policies) {
            for (String arch : List.of("x86_64", "aarch64")) {
                Map<String, Double> row = byRow.getOrDefault(policy + "|" + arch, Map.of());
                if (row.isEmpty() && !(arch.equals("x86_64") && all.containsKey(policy))) continue;
                Double ward = row.get("wardSeccomp");
                Double o2 = row.get("libseccompO2");
                out.println("| " + policy + " | " + arch + " | " + (arch.equals("x86_64") ? micros(all.get(policy)) : "")
                        + " | " + micros(ward) + " | " + micros(row.get("libseccompO1")) + " | " + micros(o2) + " | "
                        + (ward == null || o2 == null ? "" : String.format(Locale.ROOT, "%.3f", ward / o2)) + " |");
            }
        }
    }

    private static String micros(Double us) {
        if (us == null) return "";
        return us >= 1000 ? String.format(Locale.ROOT, "%.2f ms", us / 1000) : String.format(Locale.ROOT, "%.1f µs", us);
    }

    /** One row per command: median, mean ± σ, min, user and system time, peak memory. */
    static void process(JsonNode hyperfine, List<String> rss, PrintStream out) {
        Map<String, String> peak = new LinkedHashMap<>();
        for (String line : rss) {
            int tab = line.lastIndexOf('\t');
            if (tab > 0) peak.put(line.substring(0, tab), line.substring(tab + 1).trim());
        }
        out.println("| command | median | mean ± σ | min | user | system | peak RSS |");
        out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (JsonNode r : hyperfine.path("results")) {
            String command = r.path("command").asText();
            String kb = peak.get(command);
            out.println(String.format(Locale.ROOT, "| `%s` | %.0f ms | %.0f ± %.0f ms | %.0f ms | %.0f ms | %.0f ms | %s |",
                    command, ms(r, "median"), ms(r, "mean"), ms(r, "stddev"), ms(r, "min"), ms(r, "user"),
                    ms(r, "system"), kb == null ? "" : String.format(Locale.ROOT, "%.0f MiB", Long.parseLong(kb) / 1024.0)));
        }
    }

    private static double ms(JsonNode r, String field) {
        return r.path(field).asDouble() * 1000;
    }
}
