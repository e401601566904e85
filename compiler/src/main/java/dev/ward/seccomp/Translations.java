package dev.ward.seccomp;

import dev.ward.diag.Diagnostic;
import dev.ward.diag.Diagnostics;
import dev.ward.diag.Severity;
import dev.ward.ir.Profile;

/**
 * The libseccomp form of a profile for the OCI and LXC outputs. A syscall whose decision libseccomp's rules
 * cannot carry is left out of those files, so it gets the default action there (the BPF target still decides it
 * exactly): that is reported as a warning naming the file, not as an error that would stop every target.
 */
final class Translations {
    private Translations() {}

    static LibseccompRules.Translation of(Profile p, String file, Diagnostics d) {
        Diagnostics scratch = new Diagnostics();
        LibseccompRules.Translation t = LibseccompRules.translate(p.seccomp(), scratch);
        for (Diagnostic x : scratch.all()) {
            if (x.severity() == Severity.ERROR) {
                d.warning(x.code(), x.span(), x.message() + "; " + file + " of profile '" + p.name()
                        + "' leaves it to the default, " + p.seccomp().defaultAction());
            } else {
                d.add(x);
            }
        }
        return t;
    }
}
