package dev.ward.cli;

import dev.ward.diag.Diagnostic;
import dev.ward.diag.DiagnosticPrinter;
import dev.ward.diag.Diagnostics;
import dev.ward.diag.Severity;
import dev.ward.lint.Exposure;
import dev.ward.lint.LintConfig;
import dev.ward.lint.LintRule;
import dev.ward.lint.Linter;
import dev.ward.lint.SourceText;
import dev.ward.lint.report.GithubReport;
import dev.ward.lint.report.JsonReport;
import dev.ward.lint.report.JunitReport;
import dev.ward.lint.report.LintReport;
import dev.ward.lint.report.SarifReport;
import dev.ward.resolve.PolicyLoader;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ward lint FILE|DIR... [--format ...] [--config .ward.yaml] [--fail-on ...]}: the lint rules, for CI. */
@Command(name = "lint", mixinStandardHelpOptions = true,
        description = "Lint policies: the LXC security notes as rules (W1xxx), in formats for people and CI.",
        footer = {"", "Exit status: 0 clean, 1 input errors or findings at or above --fail-on, 2 usage, 3 internal error.",
                "Suppress a finding with `# ward:ignore CODE reason` on its line or the line above."})
public final class LintCommand implements Callable<Integer> {
    /** The output formats. */
    public enum Format { TEXT, JSON, SARIF, GITHUB, JUNIT }

    @Parameters(arity = "0..*", paramLabel = "FILE|DIR",
            description = "Policy files, or directories to search for *.ward files (default: the config's paths).")
    List<Path> paths = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT", converter = FormatConverter.class, defaultValue = "text",
            description = "text, json, sarif, github or junit (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--config", paramLabel = "FILE", description = "Lint configuration (default: ./.ward.yaml if present).")
    Path config;

    @Option(names = "--fail-on", paramLabel = "SEVERITY", converter = SeverityConverter.class,
            description = "Exit 1 when a finding is at least this severe: error, warning or note (default: error, "
                    + "or the config's fail-on).")
    Severity failOn;

    @Option(names = "--list-rules", description = "List the lint rules (code, default severity, title) and exit.")
    boolean listRules;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (listRules) {
            out.print(ruleTable());
            out.flush();
            return Main.EXIT_OK;
        }
        Diagnostics d = new Diagnostics();
        LintConfig cfg;
        if (config != null) {
            if (!Files.isRegularFile(config)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--config: no such file: " + config);
            }
            cfg = LintConfig.load(config, d);
        } else {
            cfg = LintConfig.discover(Path.of(""), d);
        }
        List<Path> inputs = new ArrayList<>(paths);
        if (inputs.isEmpty()) cfg.paths().forEach(p -> inputs.add(cfg.baseDir().resolve(p)));
        if (inputs.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "no FILE or DIR given, and no paths in " + LintConfig.FILE_NAME);
        }
        PolicyLoader.Loaded loaded = PolicyLoader.load(inputs, d);
        List<Exposure> exposures = new ArrayList<>();
        if (!d.hasErrors()) {
            // exposure scores are independent of the lint rules: computed alongside them
            SideBySide.run(List.of(
                    () -> Linter.lint(loaded.policy(), cfg,
                            file -> loaded.sources().text(file).map(SourceText::splitLines), d),
                    () -> loaded.policy().profiles().forEach(p -> exposures.add(Exposure.of(p)))));
        }
        List<Diagnostic> all = new DiagnosticPrinter(loaded.sources()).sorted(d);
        List<String> files = new ArrayList<>(loaded.sources().names());
        LintReport report = new LintReport(all, files, exposures);
        switch (format) {
            case TEXT -> text(out, loaded, all, report);
            case JSON -> out.print(JsonReport.render(report));
            case SARIF -> out.print(SarifReport.render(report, version()));
            case GITHUB -> out.print(GithubReport.render(report));
            case JUNIT -> out.print(JunitReport.render(report));
        }
        if (d.dropped() > 0) spec.commandLine().getErr().println("ward: " + d.dropped() + " more diagnostics not shown");
        out.flush();
        Severity threshold = failOn != null ? failOn : cfg.failOn().orElse(Severity.ERROR);
        return d.hasErrors() || report.fails(threshold) ? Main.EXIT_FINDINGS : Main.EXIT_OK;
    }

    private void text(PrintWriter out, PolicyLoader.Loaded loaded, List<Diagnostic> all, LintReport report) {
        DiagnosticPrinter printer = new DiagnosticPrinter(loaded.sources());
        boolean colour = CommandLine.Help.Ansi.AUTO.enabled() && System.console() != null;
        for (Diagnostic x : all) {
            String rendered = printer.render(x);
            out.print(colour ? Colour.headline(rendered, x.severity()) : rendered);
        }
        if (!all.isEmpty()) {
            out.printf(Locale.ROOT, "errors: %d, warnings: %d, notes: %d%n", report.count(Severity.ERROR),
                    report.count(Severity.WARNING), report.count(Severity.NOTE));
        }
    }

    private static String version() {
        return Optional.ofNullable(LintCommand.class.getPackage().getImplementationVersion()).orElse("0.1.0");
    }

    /** ANSI colour for the severity word of a headline; used only on a terminal. */
    static final class Colour {
        private Colour() {}

        static String headline(String rendered, Severity s) {
            String code = switch (s) {
                case ERROR -> "\u001b[1;31m";
                case WARNING -> "\u001b[1;33m";
                case NOTE -> "\u001b[1;36m";
            };
            String label = ": " + s.label() + "[";
            int i = rendered.indexOf(label);
            if (i < 0) return rendered;
            return rendered.substring(0, i + 2) + code + s.label() + "\u001b[0m" + rendered.substring(i + 2 + s.label().length());
        }
    }

    static final class FormatConverter implements CommandLine.ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            try {
                return Format.valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a format (text, json, sarif, github, junit)");
            }
        }
    }

    static final class SeverityConverter implements CommandLine.ITypeConverter<Severity> {
        @Override
        public Severity convert(String value) {
            try {
                return Severity.valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a severity (error, warning, note)");
            }
        }
    }

    /** The rule table {@code --list-rules} prints: code, default severity, title. */
    static String ruleTable() {
        StringBuilder sb = new StringBuilder();
        for (LintRule r : LintRule.values()) {
            sb.append(String.format(Locale.ROOT, "%s  %-7s  %s%n", r.code(), r.defaultSeverity().label(), r.title()));
        }
        return sb.toString();
    }
}
