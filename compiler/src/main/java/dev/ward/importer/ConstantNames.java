package dev.ward.importer;

import dev.ward.resolve.Constants;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes the values a condition compares an argument with: by name where the argument's meaning is known and
 * the value is unambiguously one named constant ({@code AF_VSOCK} for socket's first argument) or, for flag
 * arguments, an OR of single-bit flags each with exactly one name ({@code CLONE_NEWNS | CLONE_NEWUSER});
 * otherwise as a number, hexadecimal from 10 up.
 */
final class ConstantNames {
    /** Which constants an argument takes: a table kind, a name prefix, and whether values are flag sets. */
    private record Meaning(String kind, String prefix, boolean flags) {}

    private static final Map<String, Map<Integer, Meaning>> ARGUMENTS = Map.ofEntries(
            Map.entry("socket", Map.of(0, new Meaning("af", "AF_", false), 1, new Meaning("sock", "SOCK_", false))),
            Map.entry("socketpair", Map.of(0, new Meaning("af", "AF_", false), 1, new Meaning("sock", "SOCK_", false))),
            Map.entry("clone", Map.of(0, new Meaning("clone", "CLONE_", true))),
            Map.entry("unshare", Map.of(0, new Meaning("clone", "CLONE_", true))),
            Map.entry("setns", Map.of(1, new Meaning("clone", "CLONE_", true))),
            Map.entry("personality", Map.of(0, new Meaning("per", "", false))),
            Map.entry("prctl", Map.of(0, new Meaning("pr", "PR_", false))),
            Map.entry("ptrace", Map.of(0, new Meaning("ptrace", "PTRACE_", false))),
            Map.entry("keyctl", Map.of(0, new Meaning("keyctl", "KEYCTL_", false))),
            Map.entry("futex", Map.of(1, new Meaning("futex", "FUTEX_", false))),
            Map.entry("ioctl", Map.of(1, new Meaning("ioctl", "", false))),
            Map.entry("mmap", Map.of(2, new Meaning("prot", "PROT_", true), 3, new Meaning("map", "MAP_", true))),
            Map.entry("mprotect", Map.of(2, new Meaning("prot", "PROT_", true))),
            Map.entry("pkey_mprotect", Map.of(2, new Meaning("prot", "PROT_", true))),
            Map.entry("open", Map.of(1, new Meaning("o", "O_", true))),
            Map.entry("openat", Map.of(2, new Meaning("o", "O_", true))),
            Map.entry("mount", Map.of(3, new Meaning("mount", "MS_", true))),
            Map.entry("umount2", Map.of(1, new Meaning("mount", "MNT_", true))));

    private final Constants constants;

    ConstantNames(Constants constants) {
        this.constants = constants;
    }

    /** The value as written in a condition on {@code syscall}'s argument {@code arg}. */
    String value(String syscall, int arg, long value) {
        Meaning m = ARGUMENTS.getOrDefault(syscall, Map.of()).get(arg);
        if (m == null || (m.flags() && value == 0)) return number(value);
        Optional<String> exact = unique(m, value);
        if (exact.isPresent()) return exact.get();
        if (m.flags()) return flags(m, value).orElse(number(value));
        return number(value);
    }

    /** A number: decimal below 10, otherwise hexadecimal. */
    static String number(long value) {
        return Long.compareUnsigned(value, 10) < 0 ? Long.toString(value) : "0x" + Long.toHexString(value);
    }

    private List<String> named(Meaning m, long value) {
        List<String> out = new ArrayList<>();
        for (String name : constants.names()) {
            if (!name.startsWith(m.prefix())) continue;
            if (!constants.kind(name).orElse("").equals(m.kind())) continue;
            if (constants.value(name).getAsLong() == value) out.add(name);
        }
        return out;
    }

    private Optional<String> unique(Meaning m, long value) {
        List<String> names = named(m, value);
        return names.size() == 1 ? Optional.of(names.get(0)) : Optional.empty();
    }

    private Optional<String> flags(Meaning m, long value) {
        List<String> parts = new ArrayList<>();
        for (int bit = 0; bit < 64; bit++) {
            long b = 1L << bit;
            if ((value & b) == 0) continue;
            Optional<String> name = unique(m, b);
            if (name.isEmpty()) return Optional.empty();
            parts.add(name.get());
        }
        return Optional.of(String.join(" | ", parts));
    }
}
