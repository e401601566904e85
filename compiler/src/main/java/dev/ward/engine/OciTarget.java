package dev.ward.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ward.backend.Artifacts;
import dev.ward.backend.CompileContext;
import dev.ward.backend.ProfileTarget;
import dev.ward.ir.Profile;
import java.util.Optional;

/** {@code NAME/oci.json}: the OCI runtime-spec fragment, to merge into a bundle's config.json. */
public final class OciTarget implements ProfileTarget {
    @Override
    public String name() {
        return "oci";
    }

    @Override
    public void render(CompileContext ctx, Profile p, Artifacts out) {
        IdMapPlan ids = IdMapPlan.of(ctx);
        if (!EngineChecks.valid(ctx, p)) return;
        Optional<ObjectNode> seccomp = EngineSeccomp.filters(p) ? Optional.of(EngineSeccomp.oci(ctx, p)) : Optional.empty();
        out.put(p.name() + "/oci.json", OciFragment.text(OciFragment.of(p, ids.mappings(p), seccomp)));
    }
}
