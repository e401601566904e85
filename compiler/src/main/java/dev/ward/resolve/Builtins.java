package dev.ward.resolve;

import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/** The named constants resolution uses by default. */
final class Builtins implements NamedConstants {
    static final Builtins INSTANCE = new Builtins();

    private static final Map<String, Long> TABLE = Map.ofEntries(
            Map.entry("EPERM", 1L), Map.entry("ENOENT", 2L), Map.entry("EACCES", 13L), Map.entry("EINVAL", 22L),
            Map.entry("ENOSYS", 38L), Map.entry("EAFNOSUPPORT", 97L), Map.entry("AF_UNIX", 1L), Map.entry("AF_INET", 2L),
            Map.entry("AF_INET6", 10L), Map.entry("AF_NETLINK", 16L), Map.entry("AF_ALG", 38L), Map.entry("AF_VSOCK", 40L),
            Map.entry("CLONE_NEWNS", 0x20000L), Map.entry("CLONE_NEWUSER", 0x10000000L), Map.entry("CLONE_NEWNET", 0x40000000L));

    @Override
    public OptionalLong value(String name) {
        Long v = TABLE.get(name);
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }

    @Override
    public Set<String> names() {
        return TABLE.keySet();
    }
}
