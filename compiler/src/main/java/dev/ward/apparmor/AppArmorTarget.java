package dev.ward.apparmor;

import dev.ward.backend.Artifacts;
import dev.ward.backend.CompileContext;
import dev.ward.backend.ProfileTarget;
import dev.ward.backend.text.TemplateEngine;
import dev.ward.ir.Profile;
import java.util.Optional;

/** {@code apparmor}: {@code NAME/apparmor.profile} for each profile Ward confines with AppArmor. */
public final class AppArmorTarget implements ProfileTarget {
    static final String TEMPLATE = "apparmor/profile.ftl";

    @Override
    public String name() {
        return "apparmor";
    }

    @Override
    public void render(CompileContext context, Profile p, Artifacts out) {
        render(p, context.diagnostics()).ifPresent(text -> out.put(p.name() + "/apparmor.profile", text));
    }

    /** The profile text, or empty when none is written (see {@link AppArmorCompiler#compile}). */
    public static Optional<String> render(Profile profile, dev.ward.diag.Diagnostics d) {
        return AppArmorCompiler.compile(profile, d).map(v -> TemplateEngine.render(TEMPLATE, v));
    }
}
