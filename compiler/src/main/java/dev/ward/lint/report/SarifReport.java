package dev.ward.lint.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ward.diag.Diagnostic;
import dev.ward.diag.Severity;
import dev.ward.lint.LintRule;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code --format sarif}: SARIF 2.1.0 with every lint rule's metadata (title, why, how to fix) in the driver,
 * so that code-scanning UIs can show the help next to each result.
 */
public final class SarifReport {
    static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

    private SarifReport() {}

    public static String render(LintReport r, String version) {
        ObjectNode root = JsonReport.MAPPER.createObjectNode();
        root.put("$schema", SCHEMA);
        root.put("version", "2.1.0");
        ObjectNode run = root.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", "ward");
        driver.put("version", version);
        ArrayNode rules = driver.putArray("rules");
        Map<String, Integer> index = new LinkedHashMap<>();
        for (LintRule rule : LintRule.values()) {
            index.put(rule.code(), index.size());
            ObjectNode o = rules.addObject();
            o.put("id", rule.code());
            o.put("name", rule.slug());
            o.putObject("shortDescription").put("text", rule.title());
            o.putObject("fullDescription").put("text", capitalise(rule.why()) + ".");
            ObjectNode help = o.putObject("help");
            help.put("text", "Why: " + rule.why() + ".\nFix: " + rule.fix() + ".");
            help.put("markdown", "**Why:** " + rule.why() + ".\n\n**Fix:** " + rule.fix() + ".");
            o.putObject("defaultConfiguration").put("level", level(rule.defaultSeverity()));
            o.putObject("properties").putArray("tags").add("security");
        }
        // codes from the front end (syntax, resolution) get a bare entry so every result has a rule
        for (Diagnostic d : r.diagnostics()) {
            if (index.containsKey(d.code())) continue;
            index.put(d.code(), index.size());
            ObjectNode o = rules.addObject();
            o.put("id", d.code());
            o.putObject("shortDescription").put("text", "Ward diagnostic " + d.code());
        }
        ArrayNode results = run.putArray("results");
        for (Diagnostic d : r.diagnostics()) {
            ObjectNode res = results.addObject();
            res.put("ruleId", d.code());
            res.put("ruleIndex", index.get(d.code()));
            res.put("level", level(d.severity()));
            res.putObject("message").put("text", d.message());
            ObjectNode phys = res.putArray("locations").addObject().putObject("physicalLocation");
            phys.putObject("artifactLocation").put("uri", uri(d.span().file()));
            if (d.span().hasPosition()) {
                ObjectNode region = phys.putObject("region");
                region.put("startLine", d.span().line());
                region.put("startColumn", Math.max(1, d.span().column()));
                if (d.span().endLine() >= d.span().line()) {
                    region.put("endLine", d.span().endLine());
                    if (d.span().endColumn() >= 1) region.put("endColumn", d.span().endColumn());
                }
            }
        }
        ArrayNode artifacts = run.putArray("artifacts");
        for (String f : r.files()) artifacts.addObject().putObject("location").put("uri", uri(f));
        return JsonReport.write(root);
    }

    static String level(Severity s) {
        return switch (s) {
            case ERROR -> "error";
            case WARNING -> "warning";
            case NOTE -> "note";
        };
    }

    /** A relative path stays relative (to the repository root, as code scanning expects); an absolute one becomes a file URI. */
    static String uri(String file) {
        try {
            Path p = Path.of(file);
            if (p.isAbsolute()) return p.toUri().toString();
        } catch (RuntimeException e) {
            return file;
        }
        StringBuilder sb = new StringBuilder();
        for (String seg : file.replace('\\', '/').split("/", -1)) {
            if (sb.length() > 0) sb.append('/');
            sb.append(java.net.URLEncoder.encode(seg, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return sb.toString();
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
