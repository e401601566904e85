package dev.ward.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Block-style YAML written directly for the plain trees of k8s.yaml: the text that {@link K8sDocuments#YAML}
 * (Jackson over SnakeYAML, quotes minimized, no document marker) gives for them, at a fraction of its cost.
 * A tree holding anything this writer does not know to be written plainly (an empty mapping or list, a list in a
 * list, a null, a fraction, a string that needs quotes or that YAML could read as a boolean, null or number, a
 * line long enough for SnakeYAML to fold) is not written here; the caller leaves it to Jackson.
 */
final class BlockYaml {
    /** Past this column SnakeYAML (80 columns wide) may fold a plain string at a space; stay well below it. */
    private static final int FOLD_COLUMN = 76;
    /** SnakeYAML writes keys longer than 128 characters as complex keys. */
    private static final int MAX_KEY = 100;
    /** Words YAML 1.1 reads as booleans or null, compared in lower case. */
    private static final Set<String> RESERVED = Set.of("y", "n", "yes", "no", "true", "false", "on", "off", "null");
    private static final int MAX_RESERVED = 5;
    /** The characters of a plain string: ASCII letters and digits, space, {@code _ . / * ' -}. */
    private static final boolean[] PLAIN = new boolean[128];
    private static final String SPACES = " ".repeat(64);

    static {
        for (char c = 'a'; c <= 'z'; c++) PLAIN[c] = true;
        for (char c = 'A'; c <= 'Z'; c++) PLAIN[c] = true;
        for (char c = '0'; c <= '9'; c++) PLAIN[c] = true;
        for (char c : "_./*'- ".toCharArray()) PLAIN[c] = true;
    }

    private BlockYaml() {}

    /** The YAML of {@code root}, or empty when it holds something this writer leaves to Jackson. */
    static Optional<String> write(ObjectNode root) {
        StringBuilder b = new StringBuilder(4096);
        return mapping(root, 0, false, b) ? Optional.of(b.toString()) : Optional.empty();
    }

    /** A mapping at {@code indent}; {@code afterDash}: its first key goes on the line of a list item's dash. */
    private static boolean mapping(ObjectNode m, int indent, boolean afterDash, StringBuilder b) {
        if (m.isEmpty()) return false;
        boolean first = true;
        for (Iterator<Map.Entry<String, JsonNode>> it = m.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            if (key.length() > MAX_KEY || !plain(key)) return false;
            if (!(first && afterDash)) spaces(indent, b);
            first = false;
            b.append(key).append(':');
            JsonNode v = e.getValue();
            if (v instanceof ObjectNode o) {
                b.append('\n');
                if (!mapping(o, indent + 2, false, b)) return false;
            } else if (v instanceof ArrayNode a) {
                b.append('\n');
                // a list under a key starts at the key's column
                if (!sequence(a, indent, b)) return false;
            } else {
                b.append(' ');
                if (!scalar(v, indent + key.length() + 2, b)) return false;
                b.append('\n');
            }
        }
        return true;
    }

    private static boolean sequence(ArrayNode a, int indent, StringBuilder b) {
        if (a.isEmpty()) return false;
        for (JsonNode item : a) {
            spaces(indent, b);
            b.append("- ");
            if (item instanceof ObjectNode o) {
                if (!mapping(o, indent + 2, true, b)) return false;
            } else if (item instanceof ArrayNode) {
                return false;
            } else {
                if (!scalar(item, indent + 2, b)) return false;
                b.append('\n');
            }
        }
        return true;
    }

    private static boolean scalar(JsonNode v, int column, StringBuilder b) {
        if (v.isTextual()) {
            String s = v.textValue();
            if (!plain(s) || (s.indexOf(' ') >= 0 && column + s.length() > FOLD_COLUMN)) return false;
            b.append(s);
            return true;
        }
        if (v.isIntegralNumber() || v.isBoolean()) {
            b.append(v.asText());
            return true;
        }
        return false;
    }

    /**
     * Whether YAML writes {@code s} without quotes and reads it back as that string: it starts with a letter,
     * {@code _} or {@code /}, holds only letters, digits, spaces and {@code _ . / * ' -}, does not end in a
     * space and is no boolean or null word.
     */
    static boolean plain(String s) {
        int n = s.length();
        if (n == 0) return false;
        char first = s.charAt(0);
        if (first >= PLAIN.length || !PLAIN[first] || first == ' ' || first == '.' || first == '*' || first == '\''
                || first == '-' || (first >= '0' && first <= '9')) {
            return false;
        }
        if (s.charAt(n - 1) == ' ') return false;
        for (int i = 1; i < n; i++) {
            char c = s.charAt(i);
            if (c >= PLAIN.length || !PLAIN[c]) return false;
        }
        return n > MAX_RESERVED || !RESERVED.contains(s.toLowerCase(Locale.ROOT));
    }

    private static void spaces(int n, StringBuilder b) {
        for (int left = n; left > 0; left -= SPACES.length()) b.append(SPACES, 0, Math.min(left, SPACES.length()));
    }
}
