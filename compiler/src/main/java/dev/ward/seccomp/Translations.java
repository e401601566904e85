package dev.ward.seccomp;

import dev.ward.diag.Diagnostic;
import dev.ward.diag.Diagnostics;
import dev.ward.diag.Severity;
import dev.ward.ir.Profile;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * The libseccomp form of a profile for the OCI and LXC outputs. A syscall whose decision libseccomp's rules
 * cannot carry is left out of those files, so it gets the default action there (the BPF target still decides it
 * exactly): that is reported as a warning naming the file, not as an error that would stop every target.
 *
 * <p>The outputs of one compile run render a profile into one collector (the run's, or the profile's own when
 * the profiles render apart), and it is all the LXC target hands over; so the translation of each profile is
 * kept with that collector and made once, however many outputs ask for it.
 */
final class Translations {
    /** Per collector: what it was already told, and the translations made for it. */
    private static final Map<Diagnostics, Collector> COLLECTORS = new WeakHashMap<>();

    private static final class Collector {
        final Set<Diagnostic> reported = new HashSet<>();
        /** By profile instance: hashing a profile would hash its whole IR. */
        final Map<Profile, Translated> byProfile = new IdentityHashMap<>();
    }

    /** A translation and the findings it makes, to report into each collector once. */
    private record Translated(LibseccompRules.Translation translation, List<Diagnostic> findings) {}

    private Translations() {}

    /** The translation of {@code p}, kept with {@code d}, its findings reported into {@code d}. */
    static LibseccompRules.Translation of(Profile p, Diagnostics d) {
        return of(p, d, d);
    }

    /** The translation of {@code p} kept with the run's collector {@code run}, its findings reported into {@code d}. */
    static LibseccompRules.Translation of(Profile p, Diagnostics run, Diagnostics d) {
        Collector kept = collector(run);
        Translated t;
        synchronized (kept) {
            t = kept.byProfile.computeIfAbsent(p, Translations::translate);
        }
        for (Diagnostic x : t.findings()) {
            if (firstTime(d, x)) d.add(x);
        }
        return t.translation();
    }

    private static Translated translate(Profile p) {
        Diagnostics scratch = new Diagnostics();
        LibseccompRules.Translation t = LibseccompRules.translate(p.seccomp(), scratch);
        List<Diagnostic> findings = new ArrayList<>();
        for (Diagnostic x : scratch.all()) {
            findings.add(x.severity() != Severity.ERROR ? x : new Diagnostic(Severity.WARNING, x.code(), x.span(),
                    x.message() + "; the OCI and LXC seccomp files of profile '" + p.name()
                            + "' leave it to the default, " + p.seccomp().defaultAction()));
        }
        return new Translated(t, List.copyOf(findings));
    }

    private static Collector collector(Diagnostics d) {
        synchronized (COLLECTORS) {
            return COLLECTORS.computeIfAbsent(d, k -> new Collector());
        }
    }

    private static boolean firstTime(Diagnostics d, Diagnostic x) {
        Collector c = collector(d);
        synchronized (c.reported) {
            return c.reported.add(x);
        }
    }
}
