package dev.ward.apparmor;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Compiles "deny everything under DIR except these entries" into deny patterns. AppArmor has no
 * exceptions: a deny always wins over an allow, so the exceptions must be left out of the denied
 * patterns themselves. Each directory level becomes a walk over the characters of the allowed names,
 * denying at every step the names that leave the allowed ones: with {@code kernel} and {@code net} allowed
 * under {@code /proc/sys}, {@code /proc/sys/[^kn/]*{,/**}} denies every name that starts with another letter,
 * {@code /proc/sys/k{,[^e/]*}{,/**}} the names {@code k} and {@code kX...}, and so on.
 */
public final class NegatedGlobs {
    private NegatedGlobs() {}

    /**
     * Patterns matching every path below {@code dir} except the {@code allowed} entries and what lies below
     * them. An entry is a relative path ({@code kernel/hostname}, {@code net}); its last component may end
     * with {@code *} to allow every name with that prefix ({@code kernel/shm*}). Names may not contain glob
     * characters.
     */
    public static List<String> denyExcept(String dir, List<String> allowed) {
        Dir root = new Dir();
        for (String entry : allowed) {
            Dir cur = root;
            String[] parts = entry.split("/");
            for (int i = 0; i < parts.length; i++) {
                String part = parts[i];
                boolean prefix = part.endsWith("*");
                String name = prefix ? part.substring(0, part.length() - 1) : part;
                if (name.isEmpty() || name.chars().anyMatch(c -> "*?[]{}\\,@^\"".indexOf(c) >= 0)) {
                    throw new IllegalArgumentException("exception entries are plain names: " + entry);
                }
                Node node = cur.names.computeIfAbsent(name, n -> new Node());
                if (i == parts.length - 1) {
                    if (prefix) node.prefix = true;
                    else node.whole = true;
                } else {
                    if (node.sub == null) node.sub = new Dir();
                    cur = node.sub;
                }
            }
        }
        List<String> out = new ArrayList<>();
        walk(dir.endsWith("/") ? dir : dir + "/", root, out);
        return out;
    }

    /** An allowed name: wholly allowed, allowed as a prefix, or a directory with allowed entries below. */
    private static final class Node {
        boolean whole;
        boolean prefix;
        Dir sub;
    }

    private static final class Dir {
        final TreeMap<String, Node> names = new TreeMap<>();
    }

    private static void walk(String dir, Dir d, List<String> out) {
        walkChars(dir, "", d, out);
    }

    // Every name in d is reached through its prefixes; at prefix p, the names continuing with a character
    // outside `next` are denied, and so is p itself when p is not an allowed name.
    private static void walkChars(String dir, String p, Dir d, List<String> out) {
        Node here = d.names.get(p);
        if (here != null && here.prefix) return;
        TreeMap<Character, Boolean> next = new TreeMap<>();
        for (String name : d.names.keySet()) {
            if (name.length() > p.length() && name.startsWith(p)) next.put(name.charAt(p.length()), true);
        }
        String longer = next.isEmpty() ? "?*" : "[^" + chars(next.keySet()) + "/]*";
        if (p.isEmpty()) {
            out.add(dir + longer + "{,/**}");
        } else if (here == null) {
            out.add(dir + p + "{," + longer + "}{,/**}");
        } else {
            out.add(dir + p + longer + "{,/**}");
            if (!here.whole && here.sub != null) walk(dir + p + "/", here.sub, out);
        }
        for (char c : next.keySet()) {
            walkChars(dir, p + c, d, out);
        }
    }

    private static String chars(Iterable<Character> cs) {
        StringBuilder sb = new StringBuilder();
        for (char c : cs) sb.append(c == '-' || c == '^' || c == ']' || c == '\\' ? "\\" + c : String.valueOf(c));
        return sb.toString();
    }
}
