package dev.ward.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns the raw results of a benchmark run into the Markdown tables of BENCHMARKS.md.
 * {@code Report jmh RESULT.json}: JMH's JSON results of {@link CompileBenchmark}.
 * {@code Report process PEAK_RSS.tsv HYPERFINE.json...}: the peak resident set of each command (name, tab,
 * kilobytes) and hyperfine's JSON exports.
 */
public final class Report {
    private Report() {}

    public static void main(String[] args) throws IOException {
        switch (args[0]) {
            case "jmh" -> jmh(new ObjectMapper().readTree(Path.of(args[1]).toFile()), System.out);
            case "process" -> {
                List<JsonNode> runs = new ArrayList<>();
                for (int i = 2; i < args.length; i++) runs.add(new ObjectMapper().readTree(Path.of(args[i]).toFile()));
                process(runs, Files.readAllLines(Path.of(args[1])), System.out);
            }
            default -> throw new IllegalArgumentException("Report jmh FILE | Report process RSS_FILE FILE...");
        }
    }

    /**
     * One table: per policy and kernel, each benchmark's mean time with its 99.9% confidence half-width, and
     * Ward's seccomp time over libseccomp -O2's.
     */
    static void jmh(JsonNode results, PrintStream out) {
        Map<String, JsonNode> byKey = new LinkedHashMap<>();
        Set<String> policies = new LinkedHashSet<>();
        for (JsonNode r : results) {
            String method = r.path("benchmark").asText().replaceAll(".*\\.", "");
            String policy = r.path("params").path("policy").asText();
            policies.add(policy);
            byKey.put(method + "|" + policy + "|" + r.path("params").path("arch").asText(""), r.path("primaryMetric"));
        }
        out.println("| policy | kernel | ward: parse, resolve, all backends | ward: seccomp backend | libseccomp -O1 "
                + "| libseccomp -O2 | ward seccomp / libseccomp -O2 |");
        out.println("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
        for (String policy : policies) {
            for (String arch : List.of("x86_64", "aarch64")) {
                JsonNode all = arch.equals("x86_64") ? byKey.get("wardAll|" + policy + "|") : null;
                JsonNode ward = byKey.get("wardSeccomp|" + policy + "|" + arch);
                JsonNode o1 = byKey.get("libseccompO1|" + policy + "|" + arch);
                JsonNode o2 = byKey.get("libseccompO2|" + policy + "|" + arch);
                if (all == null && ward == null && o1 == null && o2 == null) continue;
                String ratio = ward == null || o2 == null ? ""
                        : String.format(Locale.ROOT, "%.3f", ward.path("score").asDouble() / o2.path("score").asDouble());
                out.println("| " + policy + " | " + arch + " | " + time(all) + " | " + time(ward) + " | " + time(o1)
                        + " | " + time(o2) + " | " + ratio + " |");
            }
        }
    }

    /** A JMH score in microseconds as {@code 16.91 ± 0.52 ms} or {@code 672.6 ± 12.0 µs}. */
    private static String time(JsonNode metric) {
        if (metric == null) return "";
        double us = metric.path("score").asDouble();
        double err = metric.path("scoreError").asDouble(Double.NaN);
        boolean ms = us >= 1000;
        double scale = ms ? 1000 : 1;
        String value = String.format(Locale.ROOT, ms ? "%.2f" : "%.1f", us / scale);
        String error = Double.isNaN(err) ? "" : String.format(Locale.ROOT, ms ? " ± %.2f" : " ± %.1f", err / scale);
        return value + error + (ms ? " ms" : " µs");
    }

    /** One row per command: median, mean ± σ, min, user and system time, peak memory. */
    static void process(List<JsonNode> hyperfine, List<String> rss, PrintStream out) {
        Map<String, String> peak = new LinkedHashMap<>();
        for (String line : rss) {
            int tab = line.lastIndexOf('\t');
            if (tab > 0) peak.put(line.substring(0, tab), line.substring(tab + 1).trim());
        }
        out.println("| command | median | mean ± σ | min | user | system | peak RSS |");
        out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (JsonNode r : hyperfine.stream().flatMap(h -> java.util.stream.StreamSupport.stream(
                h.path("results").spliterator(), false)).toList()) {
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
