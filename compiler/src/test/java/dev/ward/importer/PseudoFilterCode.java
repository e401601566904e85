package dev.ward.importer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * libseccomp's pseudo filter code ({@code seccomp_export_pfc}), read back and evaluated: its rule database
 * as libseccomp holds it, before code generation. The importer's tests use it to tell a difference in
 * libseccomp's rule resolution from a difference libseccomp's code generator makes on its own.
 */
final class PseudoFilterCode {
    private static final Pattern ARCH = Pattern.compile("if \\(\\$arch == (\\d+)\\)");
    private static final Pattern SYSCALL = Pattern.compile("if \\(\\$syscall == (\\d+)\\)");
    private static final Pattern COND = Pattern.compile(
            "if \\(\\$a(\\d)(?:\\.(hi32|lo32))? (==|>=|>|& 0x([0-9a-f]+) ==) (\\d+)\\)");
    private static final Pattern ACTION = Pattern.compile("action (\\w+)(?:\\((\\d+)\\))?;");

    private sealed interface Body {}

    private record Act(long ret) implements Body {}

    private record Level(List<Node> nodes) implements Body {}

    private record Node(int arg, int word, String op, long mask, long datum, Body onTrue, Body onFalse) {}

    private record Line(int indent, String text) {}

    /** Per AUDIT_ARCH value: syscall number to its decision. */
    private final Map<Long, Map<Long, Body>> syscalls = new HashMap<>();
    private final Map<Long, Long> defaults = new HashMap<>();
    private final List<Line> lines = new ArrayList<>();
    private int pos;

    private PseudoFilterCode(String text) {
        for (String l : text.split("\n")) {
            String t = l.strip();
            if (t.isEmpty() || t.startsWith("#")) continue;
            int hash = t.indexOf(" #");
            if (hash > 0) t = t.substring(0, hash).strip();
            lines.add(new Line((l.length() - l.stripLeading().length()) / 2, t));
        }
    }

    static PseudoFilterCode parse(String text) {
        PseudoFilterCode p = new PseudoFilterCode(text);
        p.read();
        return p;
    }

    private void read() {
        long arch = -1;
        while (pos < lines.size()) {
            Line l = lines.get(pos);
            Matcher a = ARCH.matcher(l.text());
            Matcher s = SYSCALL.matcher(l.text());
            Matcher act = ACTION.matcher(l.text());
            if (a.matches()) {
                arch = Long.parseLong(a.group(1));
                syscalls.computeIfAbsent(arch, k -> new HashMap<>());
                pos++;
            } else if (s.matches()) {
                pos++;
                syscalls.get(arch).put(Long.parseLong(s.group(1)), body(l.indent() + 1));
            } else if (act.matches() && l.indent() == 1) {
                defaults.put(arch, action(act));
                pos++;
            } else {
                pos++;
            }
        }
    }

    private Body body(int indent) {
        if (pos >= lines.size() || lines.get(pos).indent() != indent) return new Level(List.of());
        Matcher act = ACTION.matcher(lines.get(pos).text());
        if (act.matches()) {
            pos++;
            return new Act(action(act));
        }
        List<Node> nodes = new ArrayList<>();
        while (pos < lines.size() && lines.get(pos).indent() == indent) {
            Matcher c = COND.matcher(lines.get(pos).text());
            if (!c.matches()) break;
            pos++;
            Body t = body(indent + 1);
            Body f = new Level(List.of());
            if (pos < lines.size() && lines.get(pos).indent() == indent && lines.get(pos).text().equals("else")) {
                pos++;
                f = body(indent + 1);
            }
            int word = c.group(2) == null ? 0 : c.group(2).equals("hi32") ? 2 : 1;
            String op = c.group(4) != null ? "&" : c.group(3);
            long mask = c.group(4) != null ? Long.parseLong(c.group(4), 16) : 0xffffffffL;
            nodes.add(new Node(Integer.parseInt(c.group(1)), word, op, mask, Long.parseLong(c.group(5)), t, f));
        }
        return new Level(nodes);
    }

    private static long action(Matcher m) {
        long data = m.group(2) == null ? 0 : Long.parseLong(m.group(2));
        return switch (m.group(1)) {
            case "KILL_PROCESS" -> 0x80000000L;
            case "KILL" -> 0;
            case "TRAP" -> 0x00030000L;
            case "ERRNO" -> 0x00050000L | data;
            case "TRACE" -> 0x7ff00000L | data;
            case "LOG" -> 0x7ffc0000L;
            case "ALLOW" -> 0x7fff0000L;
            default -> Long.decode(m.group(1));
        };
    }

    /** The decision for a call of ABI {@code audit} with wire number {@code nr}; empty for an ABI not in the filter. */
    Optional<Long> decide(long audit, long nr, long[] args) {
        Map<Long, Body> byNr = syscalls.get(audit);
        if (byNr == null) return Optional.empty();
        Body b = byNr.get(nr);
        if (b == null) return Optional.of(defaults.get(audit));
        return Optional.of(eval(b, args).orElse(defaults.get(audit)));
    }

    private static Optional<Long> eval(Body b, long[] args) {
        if (b instanceof Act a) return Optional.of(a.ret());
        for (Node n : ((Level) b).nodes()) {
            long a = args[n.arg()];
            long w = n.word() == 2 ? a >>> 32 : a & 0xffffffffL;
            boolean holds = switch (n.op()) {
                case "==" -> w == n.datum();
                case ">=" -> w >= n.datum();
                case ">" -> w > n.datum();
                default -> (w & n.mask()) == n.datum();
            };
            Optional<Long> r = eval(holds ? n.onTrue() : n.onFalse(), args);
            if (r.isPresent()) return r;
        }
        return Optional.empty();
    }
}
