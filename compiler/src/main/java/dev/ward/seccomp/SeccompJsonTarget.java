package dev.ward.seccomp;

import dev.ward.backend.Artifacts;
import dev.ward.backend.CompileContext;
import dev.ward.backend.ProfileTarget;
import dev.ward.ir.Profile;

/** {@code NAME/seccomp.json}: the OCI / Docker seccomp profile ({@link SeccompJson}). */
public final class SeccompJsonTarget implements ProfileTarget {
    @Override
    public String name() {
        return "seccomp-json";
    }

    @Override
    public void render(CompileContext ctx, Profile p, Artifacts out) {
        out.put(p.name() + "/seccomp.json", SeccompJson.render(p, TargetArches.of(p, ctx.options()), ctx.diagnostics()));
    }
}
