package dev.ward.apparmor;

import dev.ward.apparmor.AaRule.Qualifiers;
import dev.ward.diag.Diagnostics;
import dev.ward.ir.AppArmorRule;
import dev.ward.ir.AppArmorRule.Atom;
import dev.ward.ir.Capability;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the generic rules of an apparmor block into validated {@link AaRule}s, one family at a time.
 * {@code abi}, {@code unconfined} and {@code raw} are handled by the caller; every other family is here.
 */
final class RuleReader {
    static final Set<String> DOMAINS = Set.of("unix", "inet", "ax25", "ipx", "appletalk", "netrom", "bridge",
            "atmpvc", "x25", "inet6", "rose", "netbeui", "security", "key", "netlink", "packet", "ash", "econet",
            "atmsvc", "rds", "sna", "irda", "pppox", "wanpipe", "llc", "ib", "mpls", "can", "tipc", "bluetooth",
            "iucv", "rxrpc", "isdn", "phonet", "ieee802154", "caif", "alg", "nfc", "vsock", "kcm", "qipcrtr", "smc",
            "xdp", "mctp");
    static final Set<String> SOCKET_TYPES = Set.of("stream", "dgram", "seqpacket", "rdm", "raw", "packet");
    static final Set<String> PROTOCOLS = Set.of("tcp", "udp", "icmp");
    static final Set<String> MOUNT_OPTIONS = Set.of("ro", "rw", "nosuid", "suid", "nodev", "dev", "noexec", "exec",
            "sync", "async", "remount", "mand", "nomand", "dirsync", "noatime", "atime", "nodiratime", "diratime",
            "bind", "rbind", "move", "verbose", "silent", "loud", "acl", "noacl", "unbindable", "runbindable",
            "private", "rprivate", "slave", "rslave", "shared", "rshared", "relatime", "norelatime", "iversion",
            "noiversion", "strictatime", "nouser", "user");
    static final Set<String> PTRACE_ACCESS = Set.of("r", "w", "rw", "read", "readby", "trace", "tracedby");
    static final Set<String> SIGNAL_ACCESS = Set.of("r", "w", "rw", "read", "write", "send", "receive");
    static final Set<String> SIGNALS = signals();
    static final Set<String> UNIX_ACCESS = Set.of("create", "bind", "listen", "accept", "connect", "shutdown",
            "getattr", "setattr", "getopt", "setopt", "send", "receive", "r", "w", "rw");
    static final Set<String> UNIX_TYPES = Set.of("stream", "dgram", "seqpacket");
    /** Unix socket accesses on the local socket only, which AppArmor refuses together with a peer. */
    static final Set<String> UNIX_LOCAL_ACCESS = Set.of("create", "shutdown", "setattr", "getattr", "bind", "listen",
            "setopt", "getopt");
    static final Set<String> DBUS_ACCESS = Set.of("send", "receive", "bind", "eavesdrop", "r", "read", "w",
            "write", "rw");
    static final Set<String> IO_URING_ACCESS = Set.of("sqpoll", "override_creds");
    static final Set<String> MQUEUE_ACCESS = Set.of("r", "w", "rw", "read", "write", "create", "open", "delete",
            "getattr", "setattr");

    private final Diagnostics d;

    RuleReader(Diagnostics d) {
        this.d = d;
    }

    private static Set<String> signals() {
        List<String> s = new ArrayList<>(List.of("hup", "int", "quit", "ill", "trap", "abrt", "bus", "fpe", "kill",
                "usr1", "segv", "usr2", "pipe", "alrm", "term", "stkflt", "chld", "cont", "stop", "stp", "ttin", "ttou",
                "urg", "xcpu", "xfsz", "vtalrm", "prof", "winch", "io", "pwr", "sys", "emt", "exists"));
        for (int i = 0; i <= 32; i++) s.add("rtmin+" + i);
        return Set.copyOf(s);
    }

    /** Validates one rule of a rule family (not abi, unconfined or raw). */
    Optional<AaRule> read(AppArmorRule rule) {
        Operands ops = new Operands(rule, d);
        Qualifiers q = new Qualifiers(rule.qualifiers().contains(AppArmorRule.Qualifier.AUDIT),
                rule.qualifiers().contains(AppArmorRule.Qualifier.DENY),
                rule.qualifiers().contains(AppArmorRule.Qualifier.OWNER));
        if (q.owner() && !rule.family().equals("file")) {
            ops.error(rule.origin(), "'owner' applies to file rules only");
        }
        Optional<AaRule> out = switch (rule.family()) {
            case "file" -> file(q, ops);
            case "capability" -> capability(q, ops);
            case "network" -> network(q, ops);
            case "mount" -> mount(q, ops);
            case "remount", "umount" -> remount(q, ops, rule.family());
            case "pivot_root" -> pivotRoot(q, ops);
            case "ptrace" -> ptrace(q, ops);
            case "signal" -> signal(q, ops);
            case "unix" -> unix(q, ops);
            case "dbus" -> dbus(q, ops);
            case "change_profile" -> changeProfile(q, ops);
            case "include" -> include(q, ops);
            case "userns" -> userns(q, ops);
            case "io_uring" -> ioUring(q, ops);
            case "mqueue" -> mqueue(q, ops);
            default -> {
                ops.error(rule.origin(), "unknown AppArmor rule family '" + Glob.printable(rule.family()) + "'");
                yield Optional.empty();
            }
        };
        return ops.finish() ? out : Optional.empty();
    }

    // file [PERMS] ["PATH"] [-> TARGET]; no operands at all means every file
    private Optional<AaRule> file(Qualifiers q, Operands ops) {
        if (ops.words.isEmpty() && ops.values.isEmpty() && ops.target == null && ops.options.isEmpty()) {
            return Optional.of(new AaRule.FileRule(q, Optional.empty(), FilePerms.NONE, Optional.empty(), ops.origin));
        }
        StringBuilder letters = new StringBuilder();
        for (Atom.Word w : ops.words) letters.append(w.text());
        ops.words.clear();
        if (ops.values.size() != 1) {
            ops.error(ops.origin, ops.values.isEmpty()
                    ? "a file rule with permissions needs a path (write 'file' alone for every file)"
                    : "a file rule takes one path; write one rule per path or use {a,b} alternatives");
            ops.values.clear();
            return Optional.empty();
        }
        Atom pathAtom = ops.values.remove(0);
        Optional<Aare> path = ops.pattern(pathAtom, Aare.Kind.PATH, "path");
        if (letters.length() == 0) {
            ops.error(Codes.PERMISSION, ops.origin, "missing permissions before the path (r, w, a, l, k, m, ix, px, ...)");
            return Optional.empty();
        }
        Optional<FilePerms> perms = FilePerms.parse(letters.toString(), q.deny(), ops.origin, d);
        if (perms.isEmpty()) {
            ops.ok = false;
            return Optional.empty();
        }
        Optional<Aare> target = Optional.empty();
        if (ops.target != null) {
            if (!perms.get().transitions()) {
                ops.error(ops.target.origin(), "'->' names the profile of a px/cx transition; '" + perms.get().render()
                        + "' has none");
            } else {
                target = ops.pattern(ops.target, Aare.Kind.LABEL, "exec target");
            }
            ops.target = null;
        }
        if (path.isEmpty()) return Optional.empty();
        return Optional.of(new AaRule.FileRule(q, path, perms.get(), target, ops.origin));
    }

    // capability [NAME...]
    private Optional<AaRule> capability(Qualifiers q, Operands ops) {
        List<Capability> caps = new ArrayList<>();
        for (Atom.Word w : ops.words) {
            Optional<Capability> c = w.text().startsWith("CAP_") || w.text().startsWith("cap_")
                    ? Optional.empty() : Capability.byName(w.text());
            if (c.isEmpty()) {
                ops.error(Codes.KEYWORD, w.origin(), "unknown capability '" + Glob.printable(w.text())
                        + "' (lower case, without CAP_, as in capabilities(7))");
            } else if (!caps.contains(c.get())) {
                caps.add(c.get());
            }
        }
        ops.words.clear();
        return Optional.of(new AaRule.CapabilityRule(q, caps, ops.origin));
    }

    // network [DOMAIN] [TYPE | PROTOCOL]
    private Optional<AaRule> network(Qualifiers q, Operands ops) {
        Optional<String> domain = Optional.empty();
        Optional<String> kind = Optional.empty();
        List<Atom> words = new ArrayList<>(ops.words);
        words.addAll(ops.values);
        ops.values.clear();
        for (Atom w : words) {
            String t = Operands.text(w);
            if (DOMAINS.contains(t) && domain.isEmpty() && kind.isEmpty()) {
                domain = Optional.of(t);
            } else if ((SOCKET_TYPES.contains(t) || PROTOCOLS.contains(t)) && kind.isEmpty()) {
                kind = Optional.of(t);
            } else if (DOMAINS.contains(t) || SOCKET_TYPES.contains(t) || PROTOCOLS.contains(t)) {
                ops.error(w.origin(), "write 'network [domain] [type or protocol]', in that order and at most one of each");
            } else {
                ops.error(Codes.KEYWORD, w.origin(), "unknown network domain, type or protocol '" + Glob.printable(t) + "'");
            }
        }
        ops.words.clear();
        if (kind.isPresent() && PROTOCOLS.contains(kind.get()) && domain.isPresent()
                && !(domain.get().equals("inet") || domain.get().equals("inet6") && !kind.get().equals("icmp"))) {
            ops.error(Codes.KEYWORD, ops.origin, "protocol " + kind.get() + " goes with the inet"
                    + (kind.get().equals("icmp") ? "" : " and inet6") + " domain only; name a socket type instead");
        }
        return Optional.of(new AaRule.NetworkRule(q, domain, kind, ops.origin));
    }

    // mount [fstype=(...)] [options=(...)] [SOURCE] [-> MOUNTPOINT]
    private Optional<AaRule> mount(Qualifiers q, Operands ops) {
        List<String> fstypes = fstypes(ops);
        List<String> options = ops.option("options").map(o -> ops.keywords(o, MOUNT_OPTIONS, "mount option")).orElse(List.of());
        Optional<Aare> source = Optional.empty();
        List<Atom> sources = new ArrayList<>(ops.words);
        sources.addAll(ops.values);
        ops.words.clear();
        ops.values.clear();
        if (sources.size() > 1) ops.error(sources.get(1).origin(), "a mount rule takes one source");
        if (!sources.isEmpty()) {
            Atom s = sources.get(0);
            String t = Operands.text(s);
            source = ops.pattern(s, t.startsWith("/") || t.startsWith("@{") ? Aare.Kind.PATH : Aare.Kind.TOKEN, "source");
        }
        Optional<Aare> mountpoint = Optional.empty();
        if (ops.target != null) {
            mountpoint = ops.pattern(ops.target, Aare.Kind.PATH, "mount point");
            ops.target = null;
        }
        return Optional.of(new AaRule.MountRule(q, "mount", fstypes, options, source, mountpoint, ops.origin));
    }

    private List<String> fstypes(Operands ops) {
        Optional<Atom.Option> o = ops.option("fstype").or(() -> ops.option("vfstype"));
        if (o.isEmpty()) return List.of();
        List<String> out = new ArrayList<>();
        for (Atom v : o.get().values()) {
            String t = Operands.text(v);
            if (!t.matches("[a-z0-9][a-z0-9._+*?-]{0,63}")) {
                ops.error(Codes.KEYWORD, v.origin(), "'" + Glob.printable(t) + "' is not a filesystem type name");
            } else if (!out.contains(t)) {
                out.add(t);
            }
        }
        if (o.get().values().isEmpty()) ops.error(o.get().origin(), "fstype= needs at least one value");
        return out;
    }

    // remount|umount [options=(...)] [MOUNTPOINT]
    private Optional<AaRule> remount(Qualifiers q, Operands ops, String verb) {
        List<String> fstypes = fstypes(ops);
        List<String> options = ops.option("options").map(o -> ops.keywords(o, MOUNT_OPTIONS, "mount option")).orElse(List.of());
        Optional<Aare> mountpoint = Optional.empty();
        if (!ops.values.isEmpty()) {
            mountpoint = ops.pattern(ops.values.remove(0), Aare.Kind.PATH, "mount point");
        }
        return Optional.of(new AaRule.MountRule(q, verb, fstypes, options, Optional.empty(), mountpoint, ops.origin));
    }

    // pivot_root [oldroot="OLD"] ["NEW"] [-> PROFILE]
    private Optional<AaRule> pivotRoot(Qualifiers q, Operands ops) {
        Optional<Aare> old = ops.option("oldroot").flatMap(o -> ops.single(o, Aare.Kind.PATH, "oldroot"));
        Optional<Aare> newRoot = Optional.empty();
        if (!ops.values.isEmpty()) newRoot = ops.pattern(ops.values.remove(0), Aare.Kind.PATH, "new root");
        Optional<Aare> target = Optional.empty();
        if (ops.target != null) {
            target = ops.pattern(ops.target, Aare.Kind.LABEL, "target profile");
            ops.target = null;
        }
        return Optional.of(new AaRule.PivotRootRule(q, old, newRoot, target, ops.origin));
    }

    // ptrace [ACCESS...] [peer=LABEL]
    private Optional<AaRule> ptrace(Qualifiers q, Operands ops) {
        List<String> access = ops.access(PTRACE_ACCESS);
        Optional<Aare> peer = ops.option("peer").flatMap(o -> ops.single(o, Aare.Kind.LABEL, "peer"));
        return Optional.of(new AaRule.PtraceRule(q, access, peer, ops.origin));
    }

    // signal [ACCESS...] [set=(SIGNAL...)] [peer=LABEL]
    private Optional<AaRule> signal(Qualifiers q, Operands ops) {
        List<String> access = ops.access(SIGNAL_ACCESS);
        List<String> set = ops.option("set").map(o -> ops.keywords(o, SIGNALS, "signal")).orElse(List.of());
        Optional<Aare> peer = ops.option("peer").flatMap(o -> ops.single(o, Aare.Kind.LABEL, "peer"));
        return Optional.of(new AaRule.SignalRule(q, access, set, peer, ops.origin));
    }

    // unix [ACCESS...] [type=T] [addr=A] [peer=LABEL | peer=(label=L addr=A)]
    private Optional<AaRule> unix(Qualifiers q, Operands ops) {
        List<String> access = ops.access(UNIX_ACCESS);
        Optional<String> type = ops.option("type").flatMap(o -> oneKeyword(ops, o, UNIX_TYPES, "socket type"));
        Optional<Aare> addr = ops.option("addr").flatMap(o -> ops.single(o, Aare.Kind.TOKEN, "addr"));
        Optional<Aare> peerLabel = Optional.empty();
        Optional<Aare> peerAddr = Optional.empty();
        Optional<Atom.Option> peer = ops.option("peer");
        if (peer.isPresent()) {
            Operands inner = nested(ops, peer.get());
            if (inner == null) {
                peerLabel = ops.single(peer.get(), Aare.Kind.LABEL, "peer");
            } else {
                peerLabel = inner.option("label").flatMap(o -> ops.single(o, Aare.Kind.LABEL, "peer label"));
                peerAddr = inner.option("addr").flatMap(o -> ops.single(o, Aare.Kind.TOKEN, "peer addr"));
                if (!inner.finish()) ops.ok = false;
            }
        }
        for (Optional<Aare> a : List.of(addr, peerAddr)) {
            if (a.isPresent() && !a.get().pattern().startsWith("@") && !a.get().pattern().equals("none")) {
                ops.error(Codes.KEYWORD, ops.origin, "addr= names an abstract socket ('@name') or none; sockets in the"
                        + " file system are covered by file rules");
            }
        }
        if (peerLabel.isPresent() || peerAddr.isPresent()) {
            List<String> local = access.stream().filter(UNIX_LOCAL_ACCESS::contains).toList();
            if (!local.isEmpty()) {
                ops.error(ops.origin, "access " + String.join(", ", local) + " concerns the local socket and cannot be"
                        + " combined with peer=");
            }
        }
        return Optional.of(new AaRule.UnixRule(q, access, type, addr, peerLabel, peerAddr, ops.origin));
    }

    // dbus [ACCESS...] [bus=B] [path=P] [interface=I] [member=M] [name=N] [peer=NAME | peer=(name=N label=L)]
    private Optional<AaRule> dbus(Qualifiers q, Operands ops) {
        List<String> access = ops.access(DBUS_ACCESS);
        Optional<Aare> bus = ops.option("bus").flatMap(o -> ops.single(o, Aare.Kind.TOKEN, "bus"));
        Optional<Aare> path = ops.option("path").flatMap(o -> ops.single(o, Aare.Kind.TOKEN, "path"));
        Optional<Aare> iface = ops.option("interface").flatMap(o -> ops.single(o, Aare.Kind.TOKEN, "interface"));
        Optional<Aare> member = ops.option("member").flatMap(o -> ops.single(o, Aare.Kind.TOKEN, "member"));
        Optional<Aare> name = ops.option("name").flatMap(o -> ops.single(o, Aare.Kind.TOKEN, "name"));
        Optional<Aare> peerName = Optional.empty();
        Optional<Aare> peerLabel = Optional.empty();
        Optional<Atom.Option> peer = ops.option("peer");
        if (peer.isPresent()) {
            Operands inner = nested(ops, peer.get());
            if (inner == null) {
                peerName = ops.single(peer.get(), Aare.Kind.TOKEN, "peer");
            } else {
                peerName = inner.option("name").flatMap(o -> ops.single(o, Aare.Kind.TOKEN, "peer name"));
                peerLabel = inner.option("label").flatMap(o -> ops.single(o, Aare.Kind.LABEL, "peer label"));
                if (!inner.finish()) ops.ok = false;
            }
        }
        boolean message = path.isPresent() || iface.isPresent() || member.isPresent() || peer.isPresent();
        boolean sendReceive = access.stream().anyMatch(a -> !a.equals("bind") && !a.equals("eavesdrop"));
        if (name.isPresent() && message) {
            ops.error(ops.origin, "name= (a bind rule) cannot be combined with path, interface, member or peer");
        } else if (access.contains("bind") && message) {
            ops.error(ops.origin, "bind takes name= and bus= only, not path, interface, member or peer");
        } else if (access.contains("eavesdrop") && (message || name.isPresent())) {
            ops.error(ops.origin, "eavesdrop takes bus= only");
        } else if (sendReceive && name.isPresent()) {
            ops.error(ops.origin, "send and receive take path, interface, member and peer, not name= (that is bind)");
        }
        return Optional.of(new AaRule.DbusRule(q, access, bus, path, iface, member, name, peerName, peerLabel, ops.origin));
    }

    private static Optional<String> oneKeyword(Operands ops, Atom.Option o, Set<String> allowed, String what) {
        List<String> values = ops.keywords(o, allowed, what);
        if (o.values().size() > 1) ops.error(o.origin(), o.key() + "= takes one value");
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** The options inside {@code peer=(label=... addr=...)}, or null when the peer is a single value. */
    private Operands nested(Operands outer, Atom.Option peer) {
        if (peer.values().stream().noneMatch(v -> v instanceof Atom.Option)) return null;
        return new Operands(new AppArmorRule(Set.of(), outer.family + " peer", peer.values(), peer.origin()), d);
    }

    // change_profile ["EXEC"] [-> PROFILE]
    private Optional<AaRule> changeProfile(Qualifiers q, Operands ops) {
        Optional<Aare> exec = Optional.empty();
        if (!ops.values.isEmpty()) exec = ops.pattern(ops.values.remove(0), Aare.Kind.PATH, "exec path");
        Optional<Aare> target = Optional.empty();
        if (ops.target != null) {
            target = ops.pattern(ops.target, Aare.Kind.LABEL, "target profile");
            ops.target = null;
        }
        return Optional.of(new AaRule.ChangeProfileRule(q, exec, target, ops.origin));
    }

    // include "abstractions/NAME" | "tunables/NAME"
    private Optional<AaRule> include(Qualifiers q, Operands ops) {
        if (!q.equals(Qualifiers.NONE)) ops.error(ops.origin, "an include takes no qualifiers");
        if (ops.values.size() != 1 || !(ops.values.get(0) instanceof Atom.Quoted)) {
            ops.error(Codes.INCLUDE, ops.origin, "write include \"abstractions/NAME\" or include \"tunables/NAME\"");
            ops.values.clear();
            return Optional.empty();
        }
        Atom a = ops.values.remove(0);
        String path = Operands.text(a);
        if (!path.matches("(abstractions|tunables)(/[A-Za-z0-9_+-][A-Za-z0-9._+-]*)+") || path.contains("..")) {
            d.error(Codes.INCLUDE, ops.at(a).span(), "include \"" + Glob.printable(path)
                    + "\": only abstractions/NAME and tunables/NAME of /etc/apparmor.d can be included");
            ops.ok = false;
            return Optional.empty();
        }
        return Optional.of(new AaRule.IncludeRule(path, ops.origin));
    }

    // userns [create]
    private Optional<AaRule> userns(Qualifiers q, Operands ops) {
        List<String> access = ops.access(Set.of("create"));
        return Optional.of(new AaRule.UsernsRule(q, !access.isEmpty(), ops.origin));
    }

    // io_uring [sqpoll] [override_creds] [label=LABEL]
    private Optional<AaRule> ioUring(Qualifiers q, Operands ops) {
        List<String> access = ops.access(IO_URING_ACCESS);
        Optional<Aare> label = ops.option("label").flatMap(o -> ops.single(o, Aare.Kind.LABEL, "label"));
        return Optional.of(new AaRule.IoUringRule(q, access, label, ops.origin));
    }

    // mqueue [ACCESS...] [type=posix|sysv] [label=LABEL] ["NAME"]
    private Optional<AaRule> mqueue(Qualifiers q, Operands ops) {
        List<String> access = ops.access(MQUEUE_ACCESS);
        Optional<String> type = ops.option("type").flatMap(o -> oneKeyword(ops, o, Set.of("posix", "sysv"), "mqueue type"));
        Optional<Aare> label = ops.option("label").flatMap(o -> ops.single(o, Aare.Kind.LABEL, "label"));
        Optional<Aare> name = Optional.empty();
        if (!ops.values.isEmpty()) name = ops.pattern(ops.values.remove(0), Aare.Kind.TOKEN, "queue name");
        return Optional.of(new AaRule.MqueueRule(q, access, type, label, name, ops.origin));
    }
}
