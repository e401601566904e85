package dev.ward.diff;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.List;

/** The diff for people (grouped by profile) and for tools (json). */
public final class DiffReport {
    private DiffReport() {}

    public static String text(List<Change> changes) {
        if (changes.isEmpty()) return "no changes\n";
        StringBuilder sb = new StringBuilder();
        String current = null;
        for (Change c : changes) {
            if (!c.profile().equals(current)) {
                current = c.profile();
                sb.append(current).append(":\n");
            }
            sb.append(String.format("  %-8s %-11s %s%n", c.direction().label(), c.aspect().label(), c.description()));
        }
        long looser = changes.stream().filter(c -> c.direction() == Change.Direction.LOOSER).count();
        long tighter = changes.stream().filter(c -> c.direction() == Change.Direction.TIGHTER).count();
        sb.append(looser).append(" looser, ").append(tighter).append(" tighter, ")
                .append(changes.size() - looser - tighter).append(" other\n");
        return sb.toString();
    }

    public static String json(List<Change> changes) {
        ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = m.createObjectNode();
        root.put("loosens", PolicyDiff.loosens(changes));
        ArrayNode arr = root.putArray("changes");
        for (Change c : changes) {
            ObjectNode o = arr.addObject();
            o.put("profile", c.profile());
            o.put("aspect", c.aspect().label());
            o.put("direction", c.direction().label());
            o.put("change", c.description());
        }
        try {
            return m.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
