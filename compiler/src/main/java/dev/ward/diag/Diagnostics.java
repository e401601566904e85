package dev.ward.diag;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The one collector every phase reports into. Nothing throws across phases: a phase adds what it found
 * and carries on. The number kept is capped so that a hopeless input cannot flood the output.
 */
public final class Diagnostics {
    /** How many diagnostics one run keeps; the rest are counted, not kept. */
    public static final int DEFAULT_CAP = 200;

    private final List<Diagnostic> items = new ArrayList<>();
    private final int cap;
    private int dropped;
    private int errors;

    public Diagnostics() {
        this(DEFAULT_CAP);
    }

    public Diagnostics(int cap) {
        this.cap = cap;
    }

    public void add(Diagnostic d) {
        if (d.severity() == Severity.ERROR) errors++;
        if (items.size() < cap) items.add(d);
        else dropped++;
    }

    public void error(String code, Span span, String message) {
        add(new Diagnostic(Severity.ERROR, code, span, message));
    }

    public void warning(String code, Span span, String message) {
        add(new Diagnostic(Severity.WARNING, code, span, message));
    }

    public void note(String code, Span span, String message) {
        add(new Diagnostic(Severity.NOTE, code, span, message));
    }

    public boolean hasErrors() {
        return errors > 0;
    }

    public int errorCount() {
        return errors;
    }

    /** How many diagnostics were past the cap and not kept. */
    public int dropped() {
        return dropped;
    }

    /** The kept diagnostics, in the order they were reported. */
    public List<Diagnostic> all() {
        return Collections.unmodifiableList(items);
    }
}
