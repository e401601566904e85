package dev.ward.seccomp;

import dev.ward.diag.Diagnostic;
import dev.ward.diag.Diagnostics;
import dev.ward.diag.Severity;
import dev.ward.ir.Profile;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * The libseccomp form of a profile for the OCI and LXC outputs. A syscall whose decision libseccomp's rules
 * cannot carry is left out of those files, so it gets the default action there (the BPF target still decides it
 * exactly): that is reported as a warning naming the file, not as an error that would stop every target.
 */
final class Translations {
    /** What each collector was already told: both outputs translate the same profile, it is reported once. */
    private static final Map<Diagnostics, Set<Diagnostic>> REPORTED = new WeakHashMap<>();

    private Translations() {}

    static LibseccompRules.Translation of(Profile p, Diagnostics d) {
        Diagnostics scratch = new Diagnostics();
        LibseccompRules.Translation t = LibseccompRules.translate(p.seccomp(), scratch);
        for (Diagnostic x : scratch.all()) {
            Diagnostic out = x.severity() != Severity.ERROR ? x : new Diagnostic(Severity.WARNING, x.code(), x.span(),
                    x.message() + "; the OCI and LXC seccomp files of profile '" + p.name()
                            + "' leave it to the default, " + p.seccomp().defaultAction());
            if (firstTime(d, out)) d.add(out);
        }
        return t;
    }

    private static boolean firstTime(Diagnostics d, Diagnostic x) {
        synchronized (REPORTED) {
            return REPORTED.computeIfAbsent(d, k -> new HashSet<>()).add(x);
        }
    }
}
