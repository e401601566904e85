package dev.ward.runtime;

import dev.ward.ir.IdMapping;
import dev.ward.ir.Namespace;
import dev.ward.ir.Profile;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The namespaces a run creates: every one the profile does not share, except the user namespace, which
 * exists only with an id map (without one the command keeps the host's ids). A multithreaded process such as
 * the JVM cannot create a user or mount namespace, and a new pid or time namespace applies only to
 * children, so util-linux {@code unshare} creates them (with {@code newuidmap}/{@code newgidmap} for the id
 * map, as LXC does) and starts the JVM that becomes the command inside them.
 */
record NamespacePlan(Set<Namespace> created, List<IdMapping> uidMaps, List<IdMapping> gidMaps) {
    NamespacePlan {
        created = created.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(created));
        uidMaps = List.copyOf(uidMaps);
        gidMaps = List.copyOf(gidMaps);
    }

    /** The plan for a profile whose id maps (explicit or allocated) are {@code maps}. */
    static NamespacePlan of(Profile p, List<IdMapping> maps) throws RunFailure {
        EnumSet<Namespace> created = EnumSet.of(Namespace.MOUNT, Namespace.PID, Namespace.NET, Namespace.IPC,
                Namespace.UTS, Namespace.CGROUP, Namespace.TIME);
        created.removeAll(p.sharedNamespaces());
        List<IdMapping> uids = new ArrayList<>();
        List<IdMapping> gids = new ArrayList<>();
        for (IdMapping m : maps) (m.kind() == IdMapping.Kind.UID ? uids : gids).add(m);
        if (!uids.isEmpty() || !gids.isEmpty()) {
            if (p.sharedNamespaces().contains(Namespace.USER)) {
                throw new RunFailure("profile " + p.name() + " has an id map but shares the user namespace", 1);
            }
            if (uids.isEmpty() || gids.isEmpty()) {
                throw new RunFailure("profile " + p.name() + " maps only " + (uids.isEmpty() ? "gids" : "uids")
                        + "; a user namespace needs both", 1);
            }
            if (uids.size() > 1 || gids.size() > 1) {
                throw new RunFailure("profile " + p.name() + " has " + uids.size() + " uid and " + gids.size()
                        + " gid ranges; the native engine maps one of each (util-linux unshare); use --engine lxc", 1);
            }
            created.add(Namespace.USER);
        } else if (p.unprivileged()) {
            throw new RunFailure("profile " + p.name() + " is unprivileged but has no id map", 1);
        }
        return new NamespacePlan(created, uids, gids);
    }

    boolean needsHelper() {
        return !created.isEmpty();
    }

    /** The helper forks (the command becomes its child) when a pid or time namespace is new. */
    boolean forks() {
        return created.contains(Namespace.PID) || created.contains(Namespace.TIME);
    }

    /** The helpers' argv, up to the JVM's. */
    List<String> helperArgs(String unshare, String init, String name) {
        List<String> a = new ArrayList<>();
        a.add(unshare);
        if (forks()) a.add("--kill-child=SIGKILL");
        if (created.contains(Namespace.MOUNT)) a.add("--mount");
        if (created.contains(Namespace.PID)) {
            a.add("--pid");
            // A new pid namespace needs its own /proc, which only a new mount namespace can hold.
            if (created.contains(Namespace.MOUNT)) a.add("--mount-proc");
        }
        if (created.contains(Namespace.NET)) a.add("--net");
        if (created.contains(Namespace.IPC)) a.add("--ipc");
        if (created.contains(Namespace.UTS)) a.add("--uts");
        if (created.contains(Namespace.CGROUP)) a.add("--cgroup");
        if (created.contains(Namespace.TIME)) a.add("--time");
        // util-linux 2.38 syntax: OUTER,INNER,COUNT.
        for (IdMapping m : uidMaps) a.add("--map-users=" + m.host() + "," + m.inside() + "," + m.count());
        for (IdMapping m : gidMaps) a.add("--map-groups=" + m.host() + "," + m.inside() + "," + m.count());
        // The helper keeps its host ids, unmapped inside; become the mapped root (or the lowest mapped id).
        if (!uidMaps.isEmpty()) {
            a.add("--setuid=" + uidMaps.get(0).inside());
            a.add("--setgid=" + gidMaps.get(0).inside());
        }
        a.add("--");
        if (forks()) a.addAll(List.of(init, "-n", name, "-q", "--"));
        return a;
    }
}
