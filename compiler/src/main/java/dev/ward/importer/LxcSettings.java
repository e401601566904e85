package dev.ward.importer;

import dev.ward.diag.Span;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An LXC config's entries folded the way LXC applies them: list keys accumulate and an empty value clears
 * them (id maps, capabilities, mount entries, device rules, namespaces to keep), other keys keep their last
 * value. Keys with no Ward form are kept, in order, for the output's notes.
 */
final class LxcSettings {
    final List<LxcConfig.Entry> idmaps = new ArrayList<>();
    final List<LxcConfig.Entry> capKeep = new ArrayList<>();
    final List<LxcConfig.Entry> capDrop = new ArrayList<>();
    Optional<LxcConfig.Entry> apparmor = Optional.empty();
    Optional<LxcConfig.Entry> seccomp = Optional.empty();
    Optional<LxcConfig.Entry> noNewPrivs = Optional.empty();
    /** cgroup v1 ({@code lxc.cgroup.}) and v2 ({@code lxc.cgroup2.}) settings, the last value of each file. */
    final Map<String, LxcConfig.Entry> cgroup1 = new LinkedHashMap<>();
    final Map<String, LxcConfig.Entry> cgroup2 = new LinkedHashMap<>();
    /** Device rules of each version, in order. */
    final List<LxcConfig.Entry> devices1 = new ArrayList<>();
    final List<LxcConfig.Entry> devices2 = new ArrayList<>();
    final Map<String, LxcConfig.Entry> prlimits = new LinkedHashMap<>();
    /** lxc.net.N.KEY, by N then KEY. */
    final Map<Integer, Map<String, LxcConfig.Entry>> net = new TreeMap<>();
    final List<LxcConfig.Entry> mountAuto = new ArrayList<>();
    final List<LxcConfig.Entry> mountEntries = new ArrayList<>();
    final List<LxcConfig.Entry> namespaceKeep = new ArrayList<>();
    /** Settings with no Ward form, in order. */
    final List<LxcConfig.Entry> other = new ArrayList<>();

    static LxcSettings fold(List<LxcConfig.Entry> entries, List<String> notes) {
        LxcSettings s = new LxcSettings();
        for (LxcConfig.Entry e : entries) s.apply(canonical(e, notes));
        return s;
    }

    // LXC 2's names of keys that LXC 3 renamed.
    private static LxcConfig.Entry canonical(LxcConfig.Entry e, List<String> notes) {
        String k = e.key();
        String renamed = switch (k) {
            case "lxc.id_map" -> "lxc.idmap";
            case "lxc.aa_profile" -> "lxc.apparmor.profile";
            case "lxc.seccomp" -> "lxc.seccomp.profile";
            default -> k.startsWith("lxc.network.") ? "lxc.net." + k.substring("lxc.network.".length()) : k;
        };
        if (renamed.equals(k)) return e;
        notes.add(k + " is LXC 2's name of " + renamed + " (read as that)");
        return new LxcConfig.Entry(renamed, e.value(), e.span());
    }

    private void apply(LxcConfig.Entry e) {
        String k = e.key();
        String v = e.value();
        switch (k) {
            case "lxc.idmap" -> list(idmaps, e);
            case "lxc.cap.keep" -> list(capKeep, e);
            case "lxc.cap.drop" -> list(capDrop, e);
            case "lxc.apparmor.profile" -> apparmor = Optional.of(e);
            case "lxc.seccomp.profile" -> seccomp = v.isEmpty() ? Optional.empty() : Optional.of(e);
            case "lxc.no_new_privs" -> noNewPrivs = Optional.of(e);
            case "lxc.mount.auto" -> list(mountAuto, e);
            case "lxc.mount.entry" -> list(mountEntries, e);
            case "lxc.namespace.keep" -> list(namespaceKeep, e);
            case "lxc.cgroup", "lxc.cgroup2" -> {
                if (v.isEmpty()) {
                    (k.equals("lxc.cgroup") ? cgroup1 : cgroup2).clear();
                    (k.equals("lxc.cgroup") ? devices1 : devices2).clear();
                } else {
                    other.add(e);
                }
            }
            case "lxc.net" -> {
                if (v.isEmpty()) net.clear();
                else other.add(e);
            }
            default -> {
                if (k.startsWith("lxc.cgroup.") || k.startsWith("lxc.cgroup2.")) {
                    boolean v2 = k.startsWith("lxc.cgroup2.");
                    String file = k.substring(v2 ? "lxc.cgroup2.".length() : "lxc.cgroup.".length());
                    if (file.equals("devices.allow") || file.equals("devices.deny")) {
                        (v2 ? devices2 : devices1).add(e);
                    } else if (!file.contains(".") || file.startsWith("dir") || file.equals("relative")) {
                        other.add(e);
                    } else {
                        (v2 ? cgroup2 : cgroup1).put(file, e);
                    }
                } else if (k.startsWith("lxc.prlimit.")) {
                    prlimits.put(k.substring("lxc.prlimit.".length()), e);
                } else if (k.matches("lxc\\.net\\.\\d{1,4}\\..+")) {
                    String rest = k.substring("lxc.net.".length());
                    int dot = rest.indexOf('.');
                    int index = Integer.parseInt(rest.substring(0, dot));
                    net.computeIfAbsent(index, x -> new LinkedHashMap<>()).put(rest.substring(dot + 1), e);
                } else if (k.matches("lxc\\.net\\.\\d{1,4}")) {
                    if (v.isEmpty()) net.remove(Integer.parseInt(k.substring("lxc.net.".length())));
                    else other.add(e);
                } else {
                    other.add(e);
                }
            }
        }
    }

    /** The other settings still in effect: an empty value resets its key, and what came before it. */
    List<LxcConfig.Entry> otherInEffect() {
        List<LxcConfig.Entry> out = new ArrayList<>();
        for (LxcConfig.Entry e : other) {
            if (e.value().isEmpty()) {
                out.removeIf(x -> x.key().equals(e.key()));
            } else {
                out.add(e);
            }
        }
        return out;
    }

    private static void list(List<LxcConfig.Entry> into, LxcConfig.Entry e) {
        if (e.value().isEmpty()) into.clear();
        else into.add(e);
    }

    /** The whitespace-separated words of a list setting's entries. */
    static List<Word> words(List<LxcConfig.Entry> entries) {
        List<Word> out = new ArrayList<>();
        for (LxcConfig.Entry e : entries) {
            for (String w : e.value().split("\\s+")) {
                if (!w.isEmpty()) out.add(new Word(w, e.span()));
            }
        }
        return out;
    }

    record Word(String text, Span span) {}
}
