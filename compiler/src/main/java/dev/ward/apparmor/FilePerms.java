package dev.ward.apparmor;

import dev.ward.diag.Diagnostics;
import dev.ward.ir.Origin;
import java.util.Optional;
import java.util.Set;

/**
 * File permissions: access letters {@code r w a l k m} and at most one exec mode ({@code ix px Px cx Cx ux
 * Ux pix Pix cix Cix pux PUx cux CUx}, or plain {@code x} in deny rules).
 */
public record FilePerms(String access, Optional<String> exec) {
    private static final String ORDER = "rwalkm";
    private static final Set<String> EXEC_MODES = Set.of("ix", "px", "Px", "cx", "Cx", "ux", "Ux", "pix", "Pix",
            "cix", "Cix", "pux", "PUx", "cux", "CUx");

    public static final FilePerms NONE = new FilePerms("", Optional.empty());

    /** The permissions in a canonical order ({@code rwlk} before the exec mode). */
    public String render() {
        return access + exec.orElse("");
    }

    public boolean isEmpty() {
        return access.isEmpty() && exec.isEmpty();
    }

    /** True when the exec mode changes profile and so may name a target ({@code px}, {@code cx}, ...). */
    public boolean transitions() {
        return exec.isPresent() && (exec.get().toLowerCase().startsWith("p") || exec.get().toLowerCase().startsWith("c"));
    }

    /** Whether these permissions include the letter (for {@code x}: any exec mode). */
    public boolean has(char letter) {
        if (letter == 'x') return exec.isPresent();
        return access.indexOf(letter) >= 0;
    }

    /** Letters of {@code w}, {@code a}: {@code w} implies append in AppArmor. */
    public boolean writes() {
        return access.indexOf('w') >= 0 || access.indexOf('a') >= 0;
    }

    /** Merges permission words ({@code rw}, {@code ix}, {@code mrix}) into one validated set. */
    public static Optional<FilePerms> parse(String text, boolean deny, Origin origin, Diagnostics d) {
        boolean[] seen = new boolean[ORDER.length()];
        String exec = null;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            int k = ORDER.indexOf(c);
            if (k >= 0) {
                seen[k] = true;
                i++;
                continue;
            }
            int j = i;
            while (j < text.length() && "ipPcCuU".indexOf(text.charAt(j)) >= 0) j++;
            if (j < text.length() && text.charAt(j) == 'x') {
                String mode = text.substring(i, j + 1);
                if (exec != null) {
                    d.error(Codes.PERMISSION, origin.span(), "more than one exec mode: " + exec + " and " + mode);
                    return Optional.empty();
                }
                if (deny ? !mode.equals("x") : !EXEC_MODES.contains(mode)) {
                    d.error(Codes.PERMISSION, origin.span(), deny
                            ? "a deny rule takes plain 'x', not the exec mode '" + mode + "'"
                            : "unknown exec mode '" + mode + "'; use one of ix, px, Px, cx, Cx, ux, Ux, pix, Pix, cix, Cix, pux, PUx, cux, CUx");
                    return Optional.empty();
                }
                exec = mode;
                i = j + 1;
                continue;
            }
            d.error(Codes.PERMISSION, origin.span(), "unknown file permission '" + Glob.printable(text.substring(i, i + 1))
                    + "' in '" + Glob.printable(text) + "'; use r, w, a, l, k, m and an exec mode such as ix or px");
            return Optional.empty();
        }
        if (seen[ORDER.indexOf('w')] && seen[ORDER.indexOf('a')]) {
            d.error(Codes.PERMISSION, origin.span(), "'w' and 'a' exclude each other ('w' includes appending)");
            return Optional.empty();
        }
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < ORDER.length(); k++) {
            if (seen[k]) sb.append(ORDER.charAt(k));
        }
        return Optional.of(new FilePerms(sb.toString(), Optional.ofNullable(exec)));
    }
}
