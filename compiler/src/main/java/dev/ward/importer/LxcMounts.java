package dev.ward.importer;

import java.util.ArrayList;
import java.util.List;

/**
 * LXC's lxc.mount.auto and lxc.mount.entry as Ward's filesystem block. proc and sys modes come from the
 * auto mounts; entries of the forms Ward's lowering writes are read back as read-only and masked paths
 * (a path bound read-only over itself; /dev/null bound over it together with a read-only tmpfs); the rest
 * become mount statements, or notes when Ward cannot write them.
 */
final class LxcMounts {
    private static final String IN = WardText.INDENT;
    private static final String INNER = IN + WardText.INDENT;

    private final LxcSettings s;
    private final List<String> notes;

    LxcMounts(LxcSettings s, List<String> notes) {
        this.s = s;
        this.notes = notes;
    }

    /** One lxc.mount.entry's six fstab fields, decoded. */
    private record Fstab(String source, String target, String type, String options, LxcConfig.Entry entry) {}

    void filesystem(WardText b) {
        String proc = null;
        String sys = null;
        for (LxcSettings.Word w : LxcSettings.words(s.mountAuto)) {
            String t = w.text();
            switch (t) {
                case "proc", "proc:mixed" -> proc = "mixed";
                case "proc:rw" -> proc = "rw";
                case "sys", "sys:mixed" -> sys = "mixed";
                case "sys:ro" -> sys = "ro";
                case "sys:rw" -> sys = "rw";
                default -> notes.add("lxc.mount.auto " + t + " (" + LxcProfileWriter.where(w.span()) + ") has no Ward form");
            }
        }
        List<Fstab> entries = new ArrayList<>();
        for (LxcConfig.Entry e : s.mountEntries) {
            String[] f = e.value().trim().split("[ \t]+");
            if (f.length < 4 || f.length > 6) {
                notes.add("lxc.mount.entry = " + e.value() + " (" + LxcProfileWriter.where(e.span()) + ") is not an fstab line");
                continue;
            }
            entries.add(new Fstab(unescape(f[0]), unescape(f[1]), f[2], f[3], e));
        }
        List<String> readonly = new ArrayList<>();
        List<String> masked = new ArrayList<>();
        List<String> mounts = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Fstab m = entries.get(i);
            if (m.source().equals("proc") && m.target().equals("proc") && m.options().equals("bind,ro,relative")
                    && "mixed".equals(proc)) {
                proc = "ro";
                continue;
            }
            if (m.source().equals(m.target()) && m.type().equals("none") && m.options().equals("bind,ro,relative,optional")) {
                readonly.add(WardText.quoted(absolute(m.target())));
                continue;
            }
            if (m.source().equals("/dev/null") && m.type().equals("none") && m.options().equals("bind,optional")
                    && i + 1 < entries.size()) {
                Fstab t = entries.get(i + 1);
                if (t.source().equals("tmpfs") && t.target().equals(m.target()) && t.type().equals("tmpfs")
                        && t.options().equals("ro,nosuid,nodev,noexec,optional")) {
                    masked.add(WardText.quoted(absolute(m.target())));
                    i++;
                    continue;
                }
            }
            if (!writable(m)) {
                notes.add("lxc.mount.entry = " + m.entry().value() + " (" + LxcProfileWriter.where(m.entry().span())
                        + ") has no Ward form");
                continue;
            }
            String options = m.options().equals("defaults") ? "" : " options " + WardText.quoted(m.options());
            String type = m.type().matches("[a-zA-Z_][a-zA-Z0-9_]*(-[a-zA-Z0-9_]+)*") ? m.type() : WardText.quoted(m.type());
            mounts.add("mount " + WardText.quoted(m.source()) + " " + WardText.quoted(absolute(m.target())) + " "
                    + type + options);
        }
        if (proc == null && sys == null && readonly.isEmpty() && masked.isEmpty() && mounts.isEmpty()) return;
        b.blank();
        b.line(IN, "filesystem {");
        if (proc != null) b.line(INNER, "proc " + proc);
        if (sys != null) b.line(INNER, "sys " + sys);
        if (!readonly.isEmpty()) b.list(INNER, "readonly ", readonly, "");
        if (!masked.isEmpty()) b.list(INNER, "masked ", masked, "");
        for (String m : mounts) b.line(INNER, m);
        b.line(IN, "}");
    }

    // What Ward's mount statement accepts: a source without spaces or control characters, an absolute
    // target, a filesystem type word and comma-separated option words.
    private static boolean writable(Fstab m) {
        boolean source = !m.source().isEmpty() && m.source().chars().noneMatch(c -> c < 0x20 || c == ' ' || c == 0x7f);
        boolean target = m.target().chars().noneMatch(c -> c < 0x20 || c == 0x7f) && !m.target().isEmpty();
        boolean type = m.type().matches("[A-Za-z0-9_.-]{1,64}");
        boolean options = m.options().equals("defaults") || java.util.Arrays.stream(m.options().split(",", -1))
                .allMatch(o -> o.matches("[A-Za-z0-9_.:/=+@-]{1,256}"));
        return source && target && type && options;
    }

    // LXC mount targets are relative to the container's root.
    private static String absolute(String target) {
        String t = target.replaceFirst("^/+", "");
        return t.equals(".") || t.isEmpty() ? "/" : "/" + t;
    }

    // fstab's octal escapes: \040 is a space.
    private static String unescape(String field) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length() && field.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                sb.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
