package dev.ward.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ward.ir.Namespace;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Merges a profile's OCI fragment into an existing bundle's config.json. The fragment decides the members it
 * carries (capabilities, rlimits, noNewPrivileges, apparmorProfile, id mappings, the namespace set, the
 * resources it names, seccomp); read-only and masked paths are added to the bundle's; mounts replace those
 * with the same destination. Everything else the bundle has stays as it is.
 */
public final class OciBundle {
    private OciBundle() {}

    /** The merged config for a profile sharing {@code shared} with the host; {@code config} is not modified. */
    public static ObjectNode merge(ObjectNode config, ObjectNode fragment, Set<Namespace> shared) {
        ObjectNode out = config.deepCopy();
        ObjectNode process = object(out, "process");
        fragment.path("process").fields().forEachRemaining(e -> process.set(e.getKey(), e.getValue().deepCopy()));
        if (fragment.has("mounts")) mergeMounts(array(out, "mounts"), (ArrayNode) fragment.get("mounts"));
        JsonNode fl = fragment.path("linux");
        ObjectNode linux = object(out, "linux");
        for (String key : new String[] {"uidMappings", "gidMappings", "seccomp"}) {
            if (fl.has(key)) linux.set(key, fl.get(key).deepCopy());
        }
        if (fl.has("namespaces")) {
            linux.set("namespaces", namespaces(linux.path("namespaces"), fl.get("namespaces"), shared));
        }
        if (fl.has("resources")) {
            ObjectNode resources = object(linux, "resources");
            for (Iterator<Map.Entry<String, JsonNode>> it = fl.get("resources").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isObject() && resources.path(e.getKey()).isObject()) {
                    ((ObjectNode) resources.get(e.getKey())).setAll((ObjectNode) e.getValue().deepCopy());
                } else {
                    resources.set(e.getKey(), e.getValue().deepCopy());
                }
            }
        }
        for (String key : new String[] {"maskedPaths", "readonlyPaths"}) {
            if (!fl.has(key)) continue;
            Set<String> paths = new LinkedHashSet<>();
            linux.path(key).forEach(p -> paths.add(p.asText()));
            fl.get(key).forEach(p -> paths.add(p.asText()));
            ArrayNode a = linux.putArray(key);
            paths.forEach(a::add);
        }
        return out;
    }

    /**
     * The bundle's namespaces (with their paths) less the ones the profile shares with the host, plus the
     * fragment's that the bundle lacks (the user namespace, when the profile has id maps).
     */
    private static ArrayNode namespaces(JsonNode existing, JsonNode wanted, Set<Namespace> shared) {
        Set<String> sharedTypes = new HashSet<>();
        shared.forEach(n -> sharedTypes.add(OciFragment.typeName(n)));
        ArrayNode out = OciFragment.JSON.createArrayNode();
        Set<String> present = new HashSet<>();
        for (JsonNode e : existing) {
            String type = e.path("type").asText();
            if (sharedTypes.contains(type) || !present.add(type)) continue;
            out.add(e.deepCopy());
        }
        for (JsonNode w : wanted) {
            if (present.add(w.path("type").asText())) out.add(w.deepCopy());
        }
        return out;
    }

    private static void mergeMounts(ArrayNode mounts, ArrayNode add) {
        for (JsonNode m : add) {
            String dest = m.path("destination").asText();
            boolean replaced = false;
            for (int i = 0; i < mounts.size(); i++) {
                if (mounts.get(i).path("destination").asText().equals(dest)) {
                    mounts.set(i, m.deepCopy());
                    replaced = true;
                }
            }
            if (!replaced) mounts.add(m.deepCopy());
        }
    }

    private static ObjectNode object(ObjectNode parent, String key) {
        JsonNode n = parent.get(key);
        if (n instanceof ObjectNode o) return o;
        return parent.putObject(key);
    }

    private static ArrayNode array(ObjectNode parent, String key) {
        JsonNode n = parent.get(key);
        if (n instanceof ArrayNode a) return a;
        return parent.putArray(key);
    }
}
