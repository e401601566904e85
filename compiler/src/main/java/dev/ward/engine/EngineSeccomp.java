package dev.ward.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ward.backend.CompileContext;
import dev.ward.diag.Diagnostic;
import dev.ward.diag.Diagnostics;
import dev.ward.ir.Action;
import dev.ward.ir.Arch;
import dev.ward.ir.Profile;
import dev.ward.seccomp.SeccompJson;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A profile's seccomp filter in the engine forms (oci.json's {@code linux.seccomp}, lxc.conf's
 * {@code lxc.seccomp.profile}, k8s.yaml's SeccompProfile), from the seccomp backend's OCI profile. It is built
 * once per compile run and profile, and its findings are reported once, however many targets use it.
 */
final class EngineSeccomp {
    private static final CompileContext.RunKey<Profiles> PROFILES =
            CompileContext.RunKey.of("engine seccomp", Profiles.class);

    /** The OCI seccomp profiles built in one run, by profile name. */
    private static final class Profiles {
        final Map<String, ObjectNode> byProfile = new ConcurrentHashMap<>();
    }

    private EngineSeccomp() {}

    /** Whether the profile has a filter; one without a seccomp block anywhere resolves to allow and no rules. */
    static boolean filters(Profile p) {
        return !(p.seccomp().defaultAction().equals(Action.ALLOW) && p.seccomp().rules().isEmpty());
    }

    /** The ABIs the filter is compiled for: {@code --arch} when given, else the profile's own. */
    static List<Arch> arches(CompileContext ctx, Profile p) {
        return ctx.options().arches().isEmpty() ? p.arches() : ctx.options().arches();
    }

    /** The OCI seccomp profile of a profile that {@link #filters} (a copy the caller may change). */
    static ObjectNode oci(CompileContext ctx, Profile p) {
        return ctx.shared(PROFILES, c -> new Profiles()).byProfile.computeIfAbsent(p.name(), n -> {
            Diagnostics own = new Diagnostics();
            ObjectNode json = SeccompJson.profile(ctx, p, arches(ctx, p), own);
            // The seccomp-json target reports the same findings when it runs too.
            for (Diagnostic d : own.all()) {
                if (!ctx.diagnostics().all().contains(d)) ctx.diagnostics().add(d);
            }
            return json;
        }).deepCopy();
    }
}
