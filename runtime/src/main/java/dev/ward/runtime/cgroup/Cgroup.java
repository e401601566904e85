package dev.ward.runtime.cgroup;

import dev.ward.backend.CompileOptions;
import dev.ward.engine.CgroupSettings;
import dev.ward.ir.DeviceRule;
import dev.ward.ir.Limits;
import dev.ward.runtime.RunFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One run's cgroup: a directory per hierarchy (v1) or one directory (v2), created under this process's own
 * cgroup so the host's limits on ward still hold, holding the profile's limits. {@link #close()} kills what
 * is left in it and removes it.
 */
public final class Cgroup implements AutoCloseable {
    /** How long cleanup waits for the kernel to let go of a cgroup, on a loaded host. */
    private static final long CLEANUP_MS = 10_000;

    private final Map<String, Path> dirs;

    private Cgroup(Map<String, Path> dirs) {
        this.dirs = dirs;
    }

    /**
     * Creates the cgroup named {@code name} with the limits and the device allowlist (v1's devices files, or
     * on v2 an eBPF program attached to it); on failure nothing is left behind.
     */
    public static Cgroup create(CgroupLayout layout, String name, Limits limits, List<DeviceRule> devices)
            throws RunFailure {
        Map<String, Path> dirs = new LinkedHashMap<>();
        Cgroup cg = new Cgroup(dirs);
        try {
            if (layout.version() == CgroupLayout.Version.V1) createV1(layout, name, limits, devices, dirs);
            else createV2(layout, name, limits, devices, dirs);
        } catch (IOException e) {
            cg.close();
            throw new RunFailure("cannot create cgroup " + name + ": " + reason(e), 1);
        } catch (RunFailure e) {
            cg.close();
            throw e;
        }
        return cg;
    }

    // A directory per hierarchy: pids always (it holds every process of the run), plus those written to.
    private static void createV1(CgroupLayout layout, String name, Limits limits, List<DeviceRule> devices,
                                 Map<String, Path> dirs) throws IOException, RunFailure {
        List<CgroupSettings.Setting> writes = new ArrayList<>(CgroupSettings.limits(limits,
                CompileOptions.CgroupVersion.V1));
        writes.addAll(CgroupSettings.devices(devices));
        Set<String> needed = new java.util.LinkedHashSet<>();
        needed.add("pids");
        for (CgroupSettings.Setting w : writes) needed.add(controller(w));
        for (String controller : needed) {
            CgroupLayout.Hierarchy h = layout.hierarchyOf(controller).orElse(null);
            if (h == null) {
                if (controller.equals("pids") && writes.stream().noneMatch(w -> controller(w).equals("pids"))) {
                    continue;
                }
                throw new RunFailure("the " + controller + " cgroup controller is not available on this host", 1);
            }
            Path dir = h.current().resolve(name);
            if (!dirs.containsValue(dir)) Files.createDirectory(dir);
            dirs.put(controller, dir);
        }
        for (CgroupSettings.Setting w : writes) {
            write(dirs.get(controller(w)).resolve(w.file()), w.value(), w.file() + " " + w.value());
        }
    }

    // One directory; the controllers written to enabled in its parent; devices as an eBPF program.
    private static void createV2(CgroupLayout layout, String name, Limits limits, List<DeviceRule> devices,
                                 Map<String, Path> dirs) throws IOException, RunFailure {
        CgroupLayout.Hierarchy h = layout.hierarchies().get(0);
        List<CgroupSettings.Setting> writes = CgroupSettings.limits(limits, CompileOptions.CgroupVersion.V2);
        Set<String> needed = new java.util.LinkedHashSet<>();
        for (CgroupSettings.Setting w : writes) {
            String c = controller(w);
            if (layout.hierarchyOf(c).isEmpty()) {
                throw new RunFailure("the " + c + " cgroup controller is not available on this host", 1);
            }
            needed.add(c);
        }
        Path dir = v2Parent(h, needed).resolve(name);
        Files.createDirectory(dir);
        dirs.put("cgroup", dir);
        for (String c : needed) dirs.put(c, dir);
        for (CgroupSettings.Setting w : writes) {
            write(dir.resolve(w.file()), w.value(), w.file() + " " + w.value());
        }
        if (!devices.isEmpty()) DeviceFilter.attach(dir, devices);
    }

    // The controller of a setting's file, by its v1 name: memory.max -> memory, io.weight -> blkio.
    private static String controller(CgroupSettings.Setting s) {
        String prefix = s.file().substring(0, s.file().indexOf('.'));
        return prefix.equals("io") ? "blkio" : prefix;
    }

    /** Moves a process (every thread of it) into the cgroup. */
    public void join(long pid) throws RunFailure {
        for (Path dir : distinctDirs()) {
            write(dir.resolve("cgroup.procs"), Long.toString(pid), "moving process " + pid + " into " + dir);
        }
    }

    /** The cgroup directories, one per hierarchy. */
    public List<Path> directories() {
        return distinctDirs();
    }

    /** Kills every process left in the cgroup, then removes its directories. */
    @Override
    public void close() {
        for (Path dir : distinctDirs()) killAll(dir);
        for (Path dir : reversed(distinctDirs())) remove(dir);
    }

    private List<Path> distinctDirs() {
        return new ArrayList<>(new java.util.LinkedHashSet<>(dirs.values()));
    }

    private static void killAll(Path dir) {
        Path kill = dir.resolve("cgroup.kill");
        if (Files.exists(kill)) {
            try {
                Files.writeString(kill, "1");
            } catch (IOException e) {
                // An older v2 kernel: the loop below does the same.
            }
        }
        long deadline = System.currentTimeMillis() + CLEANUP_MS;
        while (System.currentTimeMillis() < deadline) {
            List<String> pids;
            try {
                pids = Files.readAllLines(dir.resolve("cgroup.procs"));
            } catch (IOException e) {
                return;
            }
            if (pids.isEmpty()) return;
            for (String pid : pids) {
                ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(ProcessHandle::destroyForcibly);
            }
            sleep(5);
        }
    }

    // rmdir of a v1 cgroup can report EBUSY for a moment after its last process died.
    private static void remove(Path dir) {
        long deadline = System.currentTimeMillis() + CLEANUP_MS;
        while (System.currentTimeMillis() < deadline) {
            try {
                Files.deleteIfExists(dir);
                return;
            } catch (IOException e) {
                sleep(5);
            }
        }
    }

    private static Path v2Parent(CgroupLayout.Hierarchy h, Set<String> needed) throws IOException {
        if (needed.isEmpty()) return h.current();
        // Controllers must be enabled in the parent's subtree_control. A cgroup with processes cannot enable
        // them (no internal processes), so fall back to the hierarchy's root, which always can.
        StringBuilder enable = new StringBuilder();
        for (String c : needed) enable.append('+').append(c.equals("blkio") ? "io" : c).append(' ');
        String request = enable.toString().trim();
        if (tryEnable(h.current(), request)) return h.current();
        if (tryEnable(h.mountPoint(), request)) return h.mountPoint();
        throw new IOException("cannot enable " + request + " in " + h.current().resolve("cgroup.subtree_control"));
    }

    private static boolean tryEnable(Path dir, String request) {
        try {
            Files.writeString(dir.resolve("cgroup.subtree_control"), request);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void write(Path file, String value, String what) throws RunFailure {
        try {
            Files.write(file, value.getBytes(StandardCharsets.UTF_8), StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new RunFailure("cannot write " + what + " (" + file + "): " + reason(e), 1);
        }
    }

    private static String reason(IOException e) {
        if (e instanceof FileSystemException fse && fse.getReason() != null) return fse.getReason();
        return e.getMessage();
    }

    private static <T> List<T> reversed(List<T> list) {
        List<T> r = new ArrayList<>(list);
        java.util.Collections.reverse(r);
        return r;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
