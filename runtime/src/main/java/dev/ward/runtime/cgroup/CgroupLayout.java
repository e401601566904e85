package dev.ward.runtime.cgroup;

import dev.ward.runtime.RunFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where this host's cgroup controllers live and which cgroup this process is in. A host is {@link Version#V1}
 * when a v1 hierarchy carries memory, pids or cpu (the hybrid layout counts as v1: the limits live there),
 * otherwise {@link Version#V2} when a cgroup2 hierarchy is mounted.
 */
public record CgroupLayout(Version version, List<Hierarchy> hierarchies) {
    public enum Version { V1, V2 }

    /** The controllers the runtime writes limits to, by their v1 names. */
    public static final Set<String> CONTROLLERS = Set.of("memory", "cpu", "pids", "devices", "blkio");

    /**
     * One mounted hierarchy: its controllers (for v2, those the root offers), its mount point, and this
     * process's cgroup in it as a directory under the mount point.
     */
    public record Hierarchy(Set<String> controllers, Path mountPoint, Path current) {
        public Hierarchy {
            controllers = Set.copyOf(controllers);
        }
    }

    public CgroupLayout {
        hierarchies = List.copyOf(hierarchies);
    }

    /** The version as the compile targets name it. */
    public dev.ward.backend.CompileOptions.CgroupVersion cgroupVersion() {
        return version == Version.V1 ? dev.ward.backend.CompileOptions.CgroupVersion.V1
                : dev.ward.backend.CompileOptions.CgroupVersion.V2;
    }

    /** The hierarchy that carries a controller (a v1 name; v2's "io" is found as "blkio"). */
    public Optional<Hierarchy> hierarchyOf(String controller) {
        String v2Name = controller.equals("blkio") ? "io" : controller;
        for (Hierarchy h : hierarchies) {
            if (h.controllers().contains(version == Version.V1 ? controller : v2Name)) return Optional.of(h);
        }
        return Optional.empty();
    }

    /** This machine's layout, or a run failure saying why there is none to confine a run with. */
    public static CgroupLayout require() throws RunFailure {
        try {
            return detect().orElseThrow(() -> new RunFailure("no cgroup hierarchy is mounted", 2));
        } catch (IOException e) {
            throw new RunFailure("cannot read the cgroup layout: " + e.getMessage(), 2);
        }
    }

    /** Reads /proc/self/mountinfo and /proc/self/cgroup; empty when no usable hierarchy is mounted. */
    public static Optional<CgroupLayout> detect() throws IOException {
        return detect(Files.readAllLines(Path.of("/proc/self/mountinfo")),
                Files.readAllLines(Path.of("/proc/self/cgroup")), CgroupLayout::readControllers);
    }

    /** The detection itself, over the two files' lines and a reader of a v2 root's cgroup.controllers. */
    static Optional<CgroupLayout> detect(List<String> mountinfo, List<String> procCgroup,
                                         java.util.function.Function<Path, Set<String>> v2Controllers) {
        Map<String, String> v1Paths = new LinkedHashMap<>();
        String v2Path = null;
        for (String line : procCgroup) {
            String[] f = line.split(":", 3);
            if (f.length != 3) continue;
            if (f[0].equals("0") && f[1].isEmpty()) v2Path = f[2];
            else for (String c : f[1].split(",")) v1Paths.put(c, f[2]);
        }
        List<Hierarchy> v1 = new ArrayList<>();
        Hierarchy v2 = null;
        for (String line : mountinfo) {
            int dash = line.indexOf(" - ");
            if (dash < 0) continue;
            String[] pre = line.substring(0, dash).split(" ");
            String[] post = line.substring(dash + 3).split(" ");
            if (pre.length < 5 || post.length < 3) continue;
            String root = unescape(pre[3]);
            Path mountPoint = Path.of(unescape(pre[4]));
            if (post[0].equals("cgroup")) {
                Set<String> controllers = new java.util.TreeSet<>();
                for (String opt : post[2].split(",")) {
                    if (v1Paths.containsKey(opt)) controllers.add(opt);
                }
                if (controllers.isEmpty()) continue;
                String path = v1Paths.get(controllers.iterator().next());
                v1.add(new Hierarchy(controllers, mountPoint, under(mountPoint, root, path)));
            } else if (post[0].equals("cgroup2") && v2Path != null && v2 == null) {
                v2 = new Hierarchy(v2Controllers.apply(mountPoint), mountPoint, under(mountPoint, root, v2Path));
            }
        }
        boolean v1Limits = v1.stream().anyMatch(h -> h.controllers().contains("memory")
                || h.controllers().contains("pids") || h.controllers().contains("cpu"));
        if (v1Limits) return Optional.of(new CgroupLayout(Version.V1, v1));
        if (v2 != null) return Optional.of(new CgroupLayout(Version.V2, List.of(v2)));
        return Optional.empty();
    }

    // A cgroup path is relative to the hierarchy's root; the mount may show only a subtree of it.
    private static Path under(Path mountPoint, String mountRoot, String cgroupPath) {
        String rel = cgroupPath;
        if (!mountRoot.equals("/") && (rel.equals(mountRoot) || rel.startsWith(mountRoot + "/"))) {
            rel = rel.substring(mountRoot.length());
        }
        rel = rel.replaceFirst("^/+", "");
        return rel.isEmpty() ? mountPoint : mountPoint.resolve(rel);
    }

    private static String unescape(String s) {
        return s.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
    }

    private static Set<String> readControllers(Path mountPoint) {
        try {
            return Set.of(Files.readString(mountPoint.resolve("cgroup.controllers")).trim().split("\\s+"));
        } catch (IOException e) {
            return Set.of();
        }
    }
}
