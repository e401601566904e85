package dev.ward.apparmor;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The AppArmor variables that {@code tunables/global} of AppArmor 3.0 defines, which every Ward profile
 * includes. Each has an approximation as a Ward pattern, used only to decide whether rules overlap.
 */
final class Variables {
    private Variables() {}

    /** Variable name -> alternatives it expands to (approximated where AppArmor's value is long). */
    private static final Map<String, List<String>> VALUES = Map.ofEntries(
            Map.entry("HOMEDIRS", List.of("/home")),
            Map.entry("HOME", List.of("/home/*", "/root")),
            Map.entry("PROC", List.of("/proc")),
            Map.entry("sys", List.of("/sys")),
            Map.entry("run", List.of("/run", "/var/run")),
            Map.entry("etc_ro", List.of("/etc", "/usr/etc")),
            Map.entry("etc_rw", List.of("/etc")),
            Map.entry("securityfs", List.of("/sys/kernel/security")),
            Map.entry("apparmorfs", List.of("/sys/kernel/security/apparmor")),
            Map.entry("user_share_dirs", List.of("/home/*/.local/**", "/root/.local/**")),
            Map.entry("system_share_dirs", List.of("/usr/**", "/var/lib/**")),
            Map.entry("multiarch", List.of("*-linux-gnu*")),
            Map.entry("pid", List.of("[1-9]*")),
            Map.entry("pids", List.of("[1-9]*")),
            Map.entry("tid", List.of("[1-9]*")),
            Map.entry("uid", List.of("[0-9]*")),
            Map.entry("uids", List.of("[0-9]*")),
            Map.entry("XDG_DESKTOP_DIR", List.of("*")),
            Map.entry("XDG_DOCUMENTS_DIR", List.of("*")),
            Map.entry("XDG_DOWNLOAD_DIR", List.of("*")),
            Map.entry("XDG_MUSIC_DIR", List.of("*")),
            Map.entry("XDG_PICTURES_DIR", List.of("*")),
            Map.entry("XDG_PUBLICSHARE_DIR", List.of("*")),
            Map.entry("XDG_TEMPLATES_DIR", List.of("*")),
            Map.entry("XDG_VIDEOS_DIR", List.of("*")),
            Map.entry("profile_name", List.of("*")));

    /** Variables that expand to absolute paths, so a path may start with them. */
    private static final Set<String> ABSOLUTE = Set.of("HOMEDIRS", "HOME", "PROC", "sys", "run", "etc_ro", "etc_rw",
            "securityfs", "apparmorfs", "user_share_dirs", "system_share_dirs");

    static boolean known(String name) {
        return VALUES.containsKey(name);
    }

    static boolean absolute(String name) {
        return ABSOLUTE.contains(name);
    }

    static List<String> values(String name) {
        return VALUES.get(name);
    }

    static String names() {
        return String.join(", ", new TreeSet<>(VALUES.keySet()));
    }
}
