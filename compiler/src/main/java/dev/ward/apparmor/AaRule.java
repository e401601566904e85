package dev.ward.apparmor;

import dev.ward.ir.Capability;
import dev.ward.ir.Origin;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A validated AppArmor rule. Every text a rule renders is built from keywords Ward knows and from
 * {@link Aare#quoted()} values, so one rule is always exactly one line of one AppArmor rule.
 */
public sealed interface AaRule {
    Qualifiers qualifiers();

    Origin origin();

    /** The rule as one line of profile text, with its terminating comma. */
    String render();

    /** {@code audit}, {@code deny}, {@code owner}, in the order AppArmor wants them. */
    record Qualifiers(boolean audit, boolean deny, boolean owner) {
        public static final Qualifiers NONE = new Qualifiers(false, false, false);
        public static final Qualifiers DENY = new Qualifiers(false, true, false);

        String prefix() {
            return (audit ? "audit " : "") + (deny ? "deny " : "") + (owner ? "owner " : "");
        }
    }

    /** {@code file,} (every file) or {@code PATH PERMS [-> TARGET],}. */
    record FileRule(Qualifiers qualifiers, Optional<Aare> path, FilePerms perms, Optional<Aare> target, Origin origin)
            implements AaRule {
        public String render() {
            if (path.isEmpty()) return qualifiers.prefix() + "file,";
            return qualifiers.prefix() + path.get().quoted() + " " + perms.render()
                    + target.map(t -> " -> " + t.quoted()).orElse("") + ",";
        }
    }

    /** {@code capability [NAME...],}; no names means every capability. */
    record CapabilityRule(Qualifiers qualifiers, List<Capability> capabilities, Origin origin) implements AaRule {
        public CapabilityRule {
            capabilities = List.copyOf(capabilities);
        }

        public String render() {
            return qualifiers.prefix() + "capability"
                    + capabilities.stream().map(c -> " " + c.wardName()).collect(Collectors.joining()) + ",";
        }
    }

    /** {@code network [DOMAIN] [TYPE|PROTOCOL],}. */
    record NetworkRule(Qualifiers qualifiers, Optional<String> domain, Optional<String> kind, Origin origin)
            implements AaRule {
        public String render() {
            return qualifiers.prefix() + "network" + domain.map(d -> " " + d).orElse("")
                    + kind.map(k -> " " + k).orElse("") + ",";
        }
    }

    /** {@code mount}, {@code remount} or {@code umount} with conditions, source and mount point. */
    record MountRule(Qualifiers qualifiers, String verb, List<String> fstypes, List<String> options,
                     Optional<Aare> source, Optional<Aare> mountpoint, Origin origin) implements AaRule {
        public MountRule {
            fstypes = List.copyOf(fstypes);
            options = List.copyOf(options);
        }

        public String render() {
            StringBuilder sb = new StringBuilder(qualifiers.prefix()).append(verb);
            if (!fstypes.isEmpty()) sb.append(" fstype=(").append(String.join(",", fstypes)).append(')');
            if (!options.isEmpty()) sb.append(" options=(").append(String.join(",", options)).append(')');
            source.ifPresent(s -> sb.append(' ').append(s.quoted()));
            if (mountpoint.isPresent()) {
                sb.append(verb.equals("mount") ? " -> " : " ").append(mountpoint.get().quoted());
            }
            return sb.append(',').toString();
        }
    }

    /** {@code pivot_root [oldroot=OLD] [NEW] [-> PROFILE],}. */
    record PivotRootRule(Qualifiers qualifiers, Optional<Aare> oldroot, Optional<Aare> newroot,
                         Optional<Aare> target, Origin origin) implements AaRule {
        public String render() {
            return qualifiers.prefix() + "pivot_root" + oldroot.map(o -> " oldroot=" + o.quoted()).orElse("")
                    + newroot.map(n -> " " + n.quoted()).orElse("")
                    + target.map(t -> " -> " + t.quoted()).orElse("") + ",";
        }
    }

    /** {@code ptrace [(ACCESS...)] [peer=LABEL],}. */
    record PtraceRule(Qualifiers qualifiers, List<String> access, Optional<Aare> peer, Origin origin)
            implements AaRule {
        public PtraceRule {
            access = List.copyOf(access);
        }

        public String render() {
            return qualifiers.prefix() + "ptrace" + accessList(access) + peer.map(p -> " peer=" + p.quoted()).orElse("") + ",";
        }
    }

    /** {@code signal [(ACCESS...)] [set=(SIGNAL...)] [peer=LABEL],}. */
    record SignalRule(Qualifiers qualifiers, List<String> access, List<String> signals, Optional<Aare> peer,
                      Origin origin) implements AaRule {
        public SignalRule {
            access = List.copyOf(access);
            signals = List.copyOf(signals);
        }

        public String render() {
            return qualifiers.prefix() + "signal" + accessList(access)
                    + (signals.isEmpty() ? "" : " set=(" + String.join(" ", signals) + ")")
                    + peer.map(p -> " peer=" + p.quoted()).orElse("") + ",";
        }
    }

    /** {@code unix [(ACCESS...)] [type=T] [addr=A] [peer=(label=L addr=A)],}. */
    record UnixRule(Qualifiers qualifiers, List<String> access, Optional<String> type, Optional<Aare> addr,
                    Optional<Aare> peerLabel, Optional<Aare> peerAddr, Origin origin) implements AaRule {
        public UnixRule {
            access = List.copyOf(access);
        }

        public String render() {
            StringBuilder sb = new StringBuilder(qualifiers.prefix()).append("unix").append(accessList(access));
            type.ifPresent(t -> sb.append(" type=").append(t));
            addr.ifPresent(a -> sb.append(" addr=").append(a.quoted()));
            if (peerLabel.isPresent() || peerAddr.isPresent()) {
                sb.append(" peer=(");
                peerLabel.ifPresent(l -> sb.append("label=").append(l.quoted()));
                if (peerLabel.isPresent() && peerAddr.isPresent()) sb.append(' ');
                peerAddr.ifPresent(a -> sb.append("addr=").append(a.quoted()));
                sb.append(')');
            }
            return sb.append(',').toString();
        }
    }

    /** {@code dbus [(ACCESS...)] [bus=B] [path=P] [interface=I] [member=M] [name=N] [peer=(name=N label=L)],}. */
    record DbusRule(Qualifiers qualifiers, List<String> access, Optional<Aare> bus, Optional<Aare> path,
                    Optional<Aare> iface, Optional<Aare> member, Optional<Aare> name, Optional<Aare> peerName,
                    Optional<Aare> peerLabel, Origin origin) implements AaRule {
        public DbusRule {
            access = List.copyOf(access);
        }

        public String render() {
            StringBuilder sb = new StringBuilder(qualifiers.prefix()).append("dbus").append(accessList(access));
            bus.ifPresent(v -> sb.append(" bus=").append(v.quoted()));
            path.ifPresent(v -> sb.append(" path=").append(v.quoted()));
            iface.ifPresent(v -> sb.append(" interface=").append(v.quoted()));
            member.ifPresent(v -> sb.append(" member=").append(v.quoted()));
            name.ifPresent(v -> sb.append(" name=").append(v.quoted()));
            if (peerName.isPresent() || peerLabel.isPresent()) {
                sb.append(" peer=(");
                peerName.ifPresent(v -> sb.append("name=").append(v.quoted()));
                if (peerName.isPresent() && peerLabel.isPresent()) sb.append(' ');
                peerLabel.ifPresent(v -> sb.append("label=").append(v.quoted()));
                sb.append(')');
            }
            return sb.append(',').toString();
        }
    }

    /** {@code change_profile [EXEC] [-> PROFILE],}. */
    record ChangeProfileRule(Qualifiers qualifiers, Optional<Aare> exec, Optional<Aare> target, Origin origin)
            implements AaRule {
        public String render() {
            return qualifiers.prefix() + "change_profile" + exec.map(e -> " " + e.quoted()).orElse("")
                    + target.map(t -> " -> " + t.quoted()).orElse("") + ",";
        }
    }

    /** {@code include <abstractions/NAME>} inside the profile (tunables go to the preamble). */
    record IncludeRule(String path, Origin origin) implements AaRule {
        public Qualifiers qualifiers() {
            return Qualifiers.NONE;
        }

        public boolean tunable() {
            return path.startsWith("tunables/");
        }

        public String render() {
            return "include <" + path + ">";
        }
    }

    /** {@code userns [create],} (AppArmor 4). */
    record UsernsRule(Qualifiers qualifiers, boolean create, Origin origin) implements AaRule {
        public String render() {
            return qualifiers.prefix() + "userns" + (create ? " create" : "") + ",";
        }
    }

    /** {@code io_uring [(sqpoll override_creds)] [label=L],} (AppArmor 4). */
    record IoUringRule(Qualifiers qualifiers, List<String> access, Optional<Aare> label, Origin origin)
            implements AaRule {
        public IoUringRule {
            access = List.copyOf(access);
        }

        public String render() {
            return qualifiers.prefix() + "io_uring" + accessList(access) + label.map(l -> " label=" + l.quoted()).orElse("") + ",";
        }
    }

    /** {@code mqueue [(ACCESS...)] [type=posix|sysv] [label=L] [NAME],} (AppArmor 4). */
    record MqueueRule(Qualifiers qualifiers, List<String> access, Optional<String> type, Optional<Aare> label,
                      Optional<Aare> name, Origin origin) implements AaRule {
        public MqueueRule {
            access = List.copyOf(access);
        }

        public String render() {
            return qualifiers.prefix() + "mqueue" + accessList(access) + type.map(t -> " type=" + t).orElse("")
                    + label.map(l -> " label=" + l.quoted()).orElse("") + name.map(n -> " " + n.quoted()).orElse("") + ",";
        }
    }

    private static String accessList(List<String> access) {
        return access.isEmpty() ? "" : " (" + String.join(" ", access) + ")";
    }
}
