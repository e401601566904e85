package dev.ward.lint.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.ward.diag.Diagnostic;
import dev.ward.diag.Severity;
import dev.ward.diag.Span;
import dev.ward.lint.LintRule;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class ReportsTest {
    private static final LintReport REPORT = new LintReport(List.of(
            new Diagnostic(Severity.ERROR, "W1001", new Span("policies/my web.ward", 3, 5, 3, 20),
                    "profile 'web' is privileged: 100% bad, really\nsecond line"),
            new Diagnostic(Severity.WARNING, "W1012", Span.at("policies/web.ward", 7, 9), "maps only 1000 uids, gids"),
            new Diagnostic(Severity.NOTE, "W1902", Span.at("policies/web.ward", 9, 1), "unused"),
            new Diagnostic(Severity.ERROR, "W0104", Span.file("policies/broken.ward"), "unknown syscall 'opnat' \u0001")),
            List.of("policies/my web.ward", "policies/web.ward", "policies/clean.ward"), List.of());

    @Test
    void sarifIsValidAgainstTheSchema() throws Exception {
        String sarif = SarifReport.render(REPORT, "0.1.0");
        JsonNode doc = new ObjectMapper().readTree(sarif);
        JsonSchema schema;
        try (InputStream in = getClass().getResourceAsStream("sarif-schema-2.1.0.json")) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(in);
        }
        Set<ValidationMessage> errors = schema.validate(doc);
        assertEquals(Set.of(), errors);
        // the validator does catch a broken document
        ((com.fasterxml.jackson.databind.node.ObjectNode) doc.get("runs").get(0).get("results").get(0)).put("level", "fatal");
        assertTrue(!schema.validate(doc).isEmpty());

        JsonNode run = new ObjectMapper().readTree(sarif).get("runs").get(0);
        assertEquals(LintRule.values().length + 1, run.get("tool").get("driver").get("rules").size());
        JsonNode first = run.get("results").get(0);
        assertEquals("W1001", first.get("ruleId").asText());
        assertEquals("policies/my%20web.ward",
                first.get("locations").get(0).get("physicalLocation").get("artifactLocation").get("uri").asText());
        JsonNode rule = run.get("tool").get("driver").get("rules").get(first.get("ruleIndex").asInt());
        assertEquals("W1001", rule.get("id").asText());
        assertTrue(rule.get("help").get("text").asText().contains("Fix: make the profile unprivileged"));
    }

    @Test
    void githubAnnotationsAreEscaped() {
        List<String> lines = GithubReport.render(REPORT).lines().toList();
        assertEquals("::error file=policies/my web.ward,line=3,col=5,endLine=3,endColumn=20,title=W1001::[W1001] profile "
                + "'web' is privileged: 100%25 bad, really%0Asecond line", lines.get(0));
        assertEquals("::notice file=policies/web.ward,line=9,col=1,endLine=9,endColumn=2,title=W1902::[W1902] unused",
                lines.get(2));
        assertEquals("::error file=policies/broken.ward,title=W0104::[W0104] unknown syscall 'opnat' \u0001", lines.get(3));
        assertEquals("policies%3Aa%2Cb", GithubReport.property("policies:a,b"));
    }

    @Test
    void junitIsWellFormed() throws Exception {
        String xml = JunitReport.render(REPORT);
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        Element root = doc.getDocumentElement();
        assertEquals("testsuites", root.getTagName());
        assertEquals("3", root.getAttribute("failures"));
        assertEquals(4, root.getElementsByTagName("testsuite").getLength());
        assertEquals(3, root.getElementsByTagName("failure").getLength());
        Element clean = (Element) root.getElementsByTagName("testsuite").item(2);
        assertEquals("policies/clean.ward", clean.getAttribute("name"));
        assertEquals("0", clean.getAttribute("failures"));
    }

    @Test
    void jsonCarriesFindingsAndSummary() throws Exception {
        JsonNode doc = new ObjectMapper().readTree(JsonReport.render(REPORT));
        assertEquals(4, doc.get("findings").size());
        assertEquals("privileged-untrusted", doc.get("findings").get(0).get("rule").asText());
        assertEquals(2, doc.get("summary").get("errors").asInt());
        assertEquals(1, doc.get("summary").get("notes").asInt());
        assertTrue(doc.get("findings").get(3).get("line") == null);
    }
}
