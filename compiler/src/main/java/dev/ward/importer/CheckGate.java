package dev.ward.importer;

import dev.ward.diag.Diagnostic;
import dev.ward.diag.Diagnostics;
import dev.ward.diag.Severity;
import dev.ward.diag.Span;
import dev.ward.lint.Finding;
import dev.ward.lint.LintConfig;
import dev.ward.lint.Linter;
import dev.ward.resolve.PolicyLoader;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Makes an imported source pass {@code ward check}. An import keeps the imported profile's meaning, so what
 * Ward's lint calls an error in it (no memory limit, ptrace allowed) is kept too: each such line gets a
 * {@code # ward:ignore} comment naming the finding, and the import reports it as a warning. The source must
 * load without errors; if it does not, that is the importer's own fault and is reported as one.
 */
final class CheckGate {
    private static final String LABEL = "imported.ward";

    private CheckGate() {}

    /** The text with suppressions added; empty (with an error) when Ward cannot load what was generated. */
    static Optional<String> pass(String text, String inputFile, Diagnostics diagnostics) {
        Diagnostics load = new Diagnostics();
        PolicyLoader.Loaded loaded = PolicyLoader.loadString(LABEL, text, load);
        if (load.hasErrors()) {
            Diagnostic first = load.all().stream().filter(d -> d.severity() == Severity.ERROR).findFirst().orElseThrow();
            diagnostics.error(ImportCodes.NOT_EXPRESSIBLE, Span.file(inputFile), "the generated source does not load: "
                    + first.span().line() + ":" + first.span().column() + ": " + first.message());
            return Optional.empty();
        }
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        List<Finding> findings = Linter.findings(loaded.policy(), LintConfig.defaults(),
                file -> Optional.of(List.of(text.split("\r?\n", -1))));
        Map<Integer, Set<String>> codes = new TreeMap<>();
        Map<Integer, List<String>> what = new TreeMap<>();
        for (Finding f : findings) {
            if (f.severity() != Severity.ERROR || !f.span().hasPosition()) continue;
            codes.computeIfAbsent(f.span().line(), k -> new LinkedHashSet<>()).add(f.rule().code());
            what.computeIfAbsent(f.span().line(), k -> new ArrayList<>()).add(f.what());
            diagnostics.warning(f.rule().code(), Span.file(inputFile), "kept as imported, with a ward:ignore: " + f.what());
        }
        List<Integer> targets = new ArrayList<>(codes.keySet());
        for (int i = targets.size() - 1; i >= 0; i--) {
            int line = targets.get(i);
            String target = lines.get(line - 1);
            String indent = target.substring(0, target.length() - target.stripLeading().length());
            lines.add(line - 1, indent + "# ward:ignore " + String.join(", ", codes.get(line))
                    + " kept as imported (" + String.join("; ", new LinkedHashSet<>(reasons(what.get(line)))) + ")");
        }
        return Optional.of(String.join("\n", lines));
    }

    // What the first finding says, shortened, and how many more there are.
    private static List<String> reasons(List<String> whats) {
        String first = WardText.printable(whats.get(0));
        if (first.length() > 90) first = first.substring(0, 87) + "...";
        return List.of(whats.size() > 1 ? first + ", and " + (whats.size() - 1) + " more" : first);
    }
}
