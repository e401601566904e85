package dev.ward.importer;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * LXC's network interfaces as Ward's network block: veth interfaces on one bridge are {@code veth bridge
 * "NAME"} (with {@code nics N} for several), {@code empty} is {@code none}, and {@code none} (the host's
 * network) is sharing the net namespace. The name ethN and flag up that Ward's lowering writes are implied;
 * other interface settings are noted.
 */
final class LxcNetwork {
    private final LxcSettings s;
    private final List<String> notes;

    LxcNetwork(LxcSettings s, List<String> notes) {
        this.s = s;
        this.notes = notes;
    }

    /** True when an interface has type none: the container uses the host's network namespace. */
    boolean hostNetwork() {
        return s.net.values().stream().anyMatch(n -> n.containsKey("type") && n.get("type").value().equals("none"));
    }

    void write(WardText b, String in) {
        if (s.net.isEmpty()) return;
        Set<String> types = new LinkedHashSet<>();
        Set<String> links = new LinkedHashSet<>();
        int veths = 0;
        for (Map.Entry<Integer, Map<String, LxcConfig.Entry>> nic : s.net.entrySet()) {
            Map<String, LxcConfig.Entry> keys = nic.getValue();
            String type = keys.containsKey("type") ? keys.get("type").value() : "";
            types.add(type);
            if (type.equals("veth")) {
                veths++;
                if (keys.containsKey("link")) links.add(keys.get("link").value());
            }
            for (Map.Entry<String, LxcConfig.Entry> k : keys.entrySet()) {
                String key = k.getKey();
                String v = k.getValue().value();
                boolean implied = key.equals("type") || (key.equals("link") && type.equals("veth"))
                        || (key.equals("name") && v.equals("eth" + nic.getKey())) || (key.equals("flags") && v.equals("up"));
                if (!implied) {
                    notes.add("lxc.net." + nic.getKey() + "." + key + " = " + v + " (" + LxcProfileWriter.where(k.getValue().span()) + ")");
                }
            }
        }
        String inner = in + WardText.INDENT;
        List<String> lines = new ArrayList<>();
        if (types.equals(Set.of("empty"))) {
            lines.add("none");
        } else if (types.equals(Set.of("veth")) && links.size() == 1 && validBridge(links.iterator().next())) {
            lines.add("veth bridge " + WardText.quoted(links.iterator().next()));
            if (veths > 1) lines.add("nics " + veths);
        } else if (!types.equals(Set.of("none"))) {
            notes.add("network interfaces of types " + String.join(", ", types) + " on links " + String.join(", ", links)
                    + " have no Ward form (Ward writes veth on one bridge, or none)");
        }
        if (lines.isEmpty()) return;
        b.blank();
        b.line(in, "network {");
        for (String l : lines) b.line(inner, l);
        b.line(in, "}");
    }

    private static boolean validBridge(String name) {
        return name.matches("[A-Za-z0-9_.-]{1,15}");
    }
}
