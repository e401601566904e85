package dev.ward.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.ward.diag.Diagnostics;
import dev.ward.diag.Span;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The id allocation file, {@code ward-idmap.yaml} next to the policies: the pool of host ids that
 * {@code idmap isolated} ranges come from, and the range each profile holds. The same range serves as uid
 * and gid range. Kept in version control, it keeps ranges stable as profiles come and go.
 */
public record IdAllocation(Range pool, Map<String, Range> profiles) {
    public static final String FILE_NAME = "ward-idmap.yaml";

    /** The default pool: above the ids distributions hand out (system and login users, subuid defaults). */
    public static final Range DEFAULT_POOL = new Range(1_000_000, 999_000_000);

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    /** Host ids [start, start + count). */
    public record Range(long start, long count) {
        public Range {
            if (start < 0 || count <= 0) throw new IllegalArgumentException("range " + start + " count " + count);
        }

        /** One past the last id. */
        public long end() {
            return start + count;
        }

        public boolean overlaps(Range o) {
            return start < o.end() && o.start < end();
        }
    }

    public IdAllocation {
        profiles = Collections.unmodifiableMap(new TreeMap<>(profiles));
    }

    public static IdAllocation empty() {
        return new IdAllocation(DEFAULT_POOL, Map.of());
    }

    /** Reads the file, or an empty allocation when it does not exist; a malformed file is reported. */
    public static Optional<IdAllocation> read(Path file, Diagnostics d) {
        if (!Files.exists(file)) return Optional.of(empty());
        String name = file.toString();
        try {
            JsonNode root = YAML.readTree(file.toFile());
            if (root == null || root.isMissingNode() || root.isNull()) return Optional.of(empty());
            if (!root.isObject()) throw new IllegalArgumentException("the file must be a mapping");
            Range pool = root.has("pool") ? range(root.get("pool"), "pool") : DEFAULT_POOL;
            Map<String, Range> profiles = new TreeMap<>();
            JsonNode ps = root.path("profiles");
            if (!ps.isMissingNode() && !ps.isNull()) {
                if (!ps.isObject()) throw new IllegalArgumentException("'profiles' must be a mapping");
                for (Iterator<Map.Entry<String, JsonNode>> it = ps.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    profiles.put(e.getKey(), range(e.getValue(), "profiles." + e.getKey()));
                }
            }
            return Optional.of(new IdAllocation(pool, profiles));
        } catch (IOException | IllegalArgumentException e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            d.error(EngineCodes.ALLOCATION_FILE, Span.file(name), "cannot read the id allocation file: " + why);
            return Optional.empty();
        }
    }

    private static Range range(JsonNode n, String where) {
        if (!n.isObject() || !n.path("start").canConvertToLong() || !n.path("count").canConvertToLong()
                || !n.path("start").isIntegralNumber() || !n.path("count").isIntegralNumber()) {
            throw new IllegalArgumentException("'" + where + "' needs integer 'start' and 'count'");
        }
        long start = n.get("start").asLong();
        long count = n.get("count").asLong();
        if (start < 0 || count <= 0 || start + count > (1L << 32) - 1) {
            throw new IllegalArgumentException("'" + where + "' is not a range of 32-bit ids");
        }
        return new Range(start, count);
    }

    /** The file's text: a comment saying what it is, then the pool and the ranges in profile order. */
    public String toYaml() {
        ObjectNode root = YAML.createObjectNode();
        root.set("pool", node(pool));
        ObjectNode ps = root.putObject("profiles");
        profiles.forEach((name, r) -> ps.set(name, node(r)));
        try {
            return "# Host id ranges of `idmap isolated` profiles, kept by `ward compile`: each profile keeps its\n"
                    + "# range as others are added or removed. Each range maps container uid/gid 0 upwards.\n"
                    + YAML.writeValueAsString(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode node(Range r) {
        ObjectNode n = YAML.createObjectNode();
        n.put("start", r.start());
        n.put("count", r.count());
        return n;
    }
}
