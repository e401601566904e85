package dev.ward.lint.report;

import dev.ward.diag.Diagnostic;
import dev.ward.diag.Severity;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * {@code --format junit}: one test suite per file and one failing test case per error or warning (notes are
 * kept as passing cases with their text in system-out); a clean file is one passing case.
 */
public final class JunitReport {
    private JunitReport() {}

    public static String render(LintReport r) {
        Map<String, List<Diagnostic>> byFile = new LinkedHashMap<>();
        r.files().forEach(f -> byFile.put(f, new java.util.ArrayList<>()));
        r.diagnostics().forEach(d -> byFile.computeIfAbsent(d.span().file(), f -> new java.util.ArrayList<>()).add(d));
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            w.writeStartDocument("UTF-8", "1.0");
            w.writeCharacters("\n");
            long failures = r.diagnostics().stream().filter(JunitReport::failing).count();
            long tests = byFile.values().stream().mapToLong(ds -> Math.max(1, ds.size())).sum();
            w.writeStartElement("testsuites");
            w.writeAttribute("name", "ward lint");
            w.writeAttribute("tests", Long.toString(tests));
            w.writeAttribute("failures", Long.toString(failures));
            w.writeCharacters("\n");
            for (Map.Entry<String, List<Diagnostic>> e : byFile.entrySet()) suite(w, e.getKey(), e.getValue());
            w.writeEndElement();
            w.writeCharacters("\n");
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    private static boolean failing(Diagnostic d) {
        return d.severity() != Severity.NOTE;
    }

    private static void suite(XMLStreamWriter w, String file, List<Diagnostic> ds) throws XMLStreamException {
        w.writeCharacters("  ");
        w.writeStartElement("testsuite");
        w.writeAttribute("name", clean(file));
        w.writeAttribute("tests", Integer.toString(Math.max(1, ds.size())));
        w.writeAttribute("failures", Long.toString(ds.stream().filter(JunitReport::failing).count()));
        w.writeAttribute("errors", "0");
        w.writeCharacters("\n");
        if (ds.isEmpty()) {
            w.writeCharacters("    ");
            w.writeEmptyElement("testcase");
            w.writeAttribute("classname", clean(file));
            w.writeAttribute("name", "lint");
            w.writeCharacters("\n");
        }
        for (Diagnostic d : ds) {
            w.writeCharacters("    ");
            w.writeStartElement("testcase");
            w.writeAttribute("classname", clean(file));
            w.writeAttribute("name", clean(d.code() + " " + d.span()));
            if (failing(d)) {
                w.writeStartElement("failure");
                w.writeAttribute("type", d.severity().label());
                w.writeAttribute("message", clean(d.message()));
                w.writeCharacters(clean(d.headline()));
                w.writeEndElement();
            } else {
                w.writeStartElement("system-out");
                w.writeCharacters(clean(d.headline()));
                w.writeEndElement();
            }
            w.writeEndElement();
            w.writeCharacters("\n");
        }
        w.writeCharacters("  ");
        w.writeEndElement();
        w.writeCharacters("\n");
    }

    /** XML 1.0 cannot carry most control characters at all, escaped or not: replace them. */
    static String clean(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            boolean ok = c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
                    || c >= 0x10000;
            sb.appendCodePoint(ok ? c : 0xFFFD);
        });
        return sb.toString();
    }
}
