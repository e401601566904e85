package dev.ward.runtime;

import dev.ward.ir.Filesystem;
import dev.ward.ir.Namespace;
import dev.ward.runtime.ExecPlan.MountStep;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The filesystem block as mount steps in the run's own mount namespace. proc and sys follow LXC's modes:
 * {@code mixed} makes /proc/sys and /proc/sysrq-trigger read-only (and /sys), {@code ro} the whole of
 * /proc (/sys), {@code rw} changes nothing. Paths missing on this host are skipped, as LXC and runc do.
 */
final class FilesystemPlan {
    private FilesystemPlan() {}

    static List<MountStep> steps(String profile, Filesystem fs, NamespacePlan ns) throws RunFailure {
        if (!fs.mounts().isEmpty()) {
            throw new RunFailure("profile " + profile + " has mount entries, which the native engine does not "
                    + "make; use --engine lxc or runc", 1);
        }
        List<MountStep> steps = new ArrayList<>();
        fs.proc().ifPresent(mode -> {
            if (mode == Filesystem.Mode.RO) readonly(steps, "/proc");
            if (mode == Filesystem.Mode.MIXED) {
                readonly(steps, "/proc/sys");
                readonly(steps, "/proc/sysrq-trigger");
            }
        });
        fs.sys().ifPresent(mode -> {
            if (mode != Filesystem.Mode.RW) readonly(steps, "/sys");
        });
        for (String p : fs.readonly()) readonly(steps, p);
        for (String p : fs.masked()) {
            Path path = Path.of(p);
            if (Files.isDirectory(path)) steps.add(new MountStep(MountStep.Kind.MASK_DIR, p));
            else if (Files.exists(path)) steps.add(new MountStep(MountStep.Kind.MASK_FILE, p));
        }
        if (!steps.isEmpty() && !ns.created().contains(Namespace.MOUNT)) {
            throw new RunFailure("profile " + profile + " shares the mount namespace, so its read-only and masked "
                    + "paths cannot be applied without changing the host", 1);
        }
        return steps;
    }

    private static void readonly(List<MountStep> steps, String p) {
        if (Files.exists(Path.of(p))) steps.add(new MountStep(MountStep.Kind.READONLY, p));
    }
}
