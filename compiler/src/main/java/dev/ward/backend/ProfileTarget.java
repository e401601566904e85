package dev.ward.backend;

import dev.ward.ir.Profile;

/**
 * A target whose files and findings for each profile come from that profile alone (and what the run shares
 * through the context): it renders profile by profile, so a run may render profiles one at a time, on
 * several threads ({@link Renderer}).
 */
public interface ProfileTarget extends Target {
    /** Renders this target's files for one selected profile. */
    void render(CompileContext context, Profile profile, Artifacts out);

    @Override
    default void render(CompileContext context, Artifacts out) {
        for (Profile p : context.selected()) render(context, p, out);
    }

    @Override
    default boolean rendersProfilesAlone() {
        return true;
    }
}
