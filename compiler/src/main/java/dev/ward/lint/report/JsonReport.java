package dev.ward.lint.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ward.diag.Diagnostic;
import dev.ward.diag.Severity;
import dev.ward.lint.Exposure;
import dev.ward.lint.LintRule;
import java.io.UncheckedIOException;

/** {@code --format json}: findings with rule names, a summary, and every profile's exposure score. */
public final class JsonReport {
    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {}

    public static String render(LintReport r) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("version", 1);
        ArrayNode findings = root.putArray("findings");
        for (Diagnostic d : r.diagnostics()) {
            ObjectNode f = findings.addObject();
            f.put("code", d.code());
            LintRule.byCode(d.code()).ifPresent(rule -> f.put("rule", rule.slug()));
            f.put("severity", d.severity().label());
            f.put("file", d.span().file());
            if (d.span().hasPosition()) {
                f.put("line", d.span().line());
                f.put("column", d.span().column());
                f.put("endLine", d.span().endLine());
                f.put("endColumn", d.span().endColumn());
            }
            f.put("message", d.message());
        }
        ObjectNode summary = root.putObject("summary");
        summary.put("errors", r.count(Severity.ERROR));
        summary.put("warnings", r.count(Severity.WARNING));
        summary.put("notes", r.count(Severity.NOTE));
        ArrayNode files = root.putArray("files");
        r.files().forEach(files::add);
        ArrayNode profiles = root.putArray("profiles");
        for (Exposure e : r.exposures()) profiles.add(exposure(e));
        return write(root);
    }

    /** One profile's exposure as a JSON object (also used by {@code ward explain --format json}). */
    public static ObjectNode exposure(Exposure e) {
        ObjectNode p = MAPPER.createObjectNode();
        p.put("name", e.profile());
        ObjectNode x = p.putObject("exposure");
        x.put("score", e.score());
        x.put("rating", e.rating());
        ArrayNode cs = x.putArray("contributions");
        for (Exposure.Contribution c : e.contributions()) {
            ObjectNode o = cs.addObject();
            o.put("setting", c.setting());
            o.put("value", c.value());
            o.put("weight", c.weight());
            o.put("exposure", c.exposure());
            o.put("points", c.points());
        }
        return p;
    }

    static String write(Object tree) {
        try {
            return MAPPER.writeValueAsString(tree) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
