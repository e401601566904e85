package dev.ward.engine;

import dev.ward.diag.Diagnostics;
import dev.ward.ir.Origin;
import java.util.regex.Pattern;

/**
 * Checks and quotes policy values for the line-based files the engines read (LXC configs, fstab-style mount
 * entries, systemd units, /etc/subuid). A value that could end its line or field early is refused with a
 * located diagnostic instead of being written; what can be escaped is escaped here, never in a template.
 */
public final class ConfigValues {
    private ConfigValues() {}

    private static final Pattern USER_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,31}\\$?");

    /** True when {@code value} has no control character (newline, CR, NUL, DEL, ...). Reports otherwise. */
    public static boolean singleLine(String value, String what, Origin origin, Diagnostics d) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029' || c == '\u0085') {
                d.error(EngineCodes.UNSAFE_VALUE, origin.span(), what + " contains the control character U+"
                        + String.format("%04X", (int) c) + ", which would end the line it is written into");
                return false;
            }
        }
        return true;
    }

    /** True when {@code path} is absolute and single-line. Reports otherwise. */
    public static boolean absolutePath(String path, String what, Origin origin, Diagnostics d) {
        if (!singleLine(path, what, origin, d)) return false;
        if (!path.startsWith("/")) {
            d.error(EngineCodes.RELATIVE_PATH, origin.span(), what + " '" + path + "' must be an absolute path");
            return false;
        }
        return true;
    }

    /** True when {@code owner} is a user name, or {@code @group}, that the host files can carry. */
    public static boolean ownerName(String owner, Origin origin, Diagnostics d) {
        String name = owner.startsWith("@") ? owner.substring(1) : owner;
        if (USER_NAME.matcher(name).matches()) return true;
        d.error(EngineCodes.BAD_NAME, origin.span(), "owner '" + printable(owner)
                + "' is not a valid user or @group name for /etc/subuid and lxc-usernet");
        return false;
    }

    /** One field of an fstab-style line (lxc.mount.entry): space, tab and backslash as octal escapes. */
    public static String fstabField(String value) {
        StringBuilder b = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            switch (c) {
                case ' ' -> b.append("\\040");
                case '\t' -> b.append("\\011");
                case '\\' -> b.append("\\134");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** A word of a systemd setting: specifiers ({@code %}) doubled, quoted when it has spaces or quotes. */
    public static String systemdWord(String value) {
        String v = value.replace("%", "%%");
        boolean quote = v.isEmpty();
        for (char c : v.toCharArray()) {
            if (c == ' ' || c == '"' || c == '\'' || c == '\\' || c == '\t') quote = true;
        }
        if (!quote) return v;
        return '"' + v.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** The value with control characters shown as escapes, for messages. */
    public static String printable(String value) {
        StringBuilder b = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (c < 0x20 || c == 0x7f) b.append(String.format("\\x%02x", (int) c));
            else b.append(c);
        }
        return b.toString();
    }
}
