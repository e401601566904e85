package dev.ward.lint;

import dev.ward.diag.Severity;
import java.util.Optional;

/**
 * The lint rules. Codes are stable (configs and inline ignores name them); each rule says why its finding
 * matters and how to fix it, which the text message, SARIF's rule metadata and the docs all use.
 */
public enum LintRule {
    // W100x: privileged containers (container root is host root)
    PRIVILEGED_UNTRUSTED("W1001", Severity.ERROR, "privileged-untrusted", "Privileged container runs an untrusted workload",
            "a privileged container's root is host root, so it is not root-safe and must only run trusted workloads",
            "make the profile unprivileged (`extends unprivileged` with an id map), or declare `trust trusted` if the workload is trusted"),
    PRIVILEGED_WITHOUT_APPARMOR("W1002", Severity.ERROR, "privileged-without-apparmor", "Privileged container without AppArmor confinement",
            "in a privileged container mandatory access control is one of the few things keeping host root from damaging the host",
            "add an `apparmor { ... }` block (for example by extending std `privileged`) and do not make it `unconfined`"),
    PRIVILEGED_WITHOUT_SECCOMP("W1003", Severity.ERROR, "privileged-without-seccomp", "Privileged container without a seccomp filter",
            "in a privileged container a seccomp filter is one of the few layers between host root and kernel interfaces such as module loading and kexec",
            "give the profile a seccomp block that denies at least LXC's baseline (kexec_load, open_by_handle_at, init_module, finit_module, delete_module)"),
    PRIVILEGED_DANGEROUS_CAPABILITY("W1004", Severity.ERROR, "privileged-dangerous-capability", "Privileged container keeps a dangerous capability",
            "a privileged container's capabilities act on the host itself",
            "drop the capability (`capabilities { drop ... }`, or leave it out of `keep`)"),

    // W101x: id maps (unprivileged containers)
    IDMAP_HOST_ROOT("W1010", Severity.ERROR, "idmap-host-root", "Id map gives the container host root",
            "mapping host id 0 into the container makes container processes host root, which undoes what an unprivileged container is for",
            "map container ids to a subordinate range from /etc/subuid and /etc/subgid, such as `uid 0 -> 100000 count 65536`, or use `idmap isolated`"),
    IDMAP_LOW_HOST_IDS("W1011", Severity.ERROR, "idmap-low-host-ids", "Id map uses host ids below 65536",
            "host ids below 65536 belong to real users and system accounts of the host; a container mapped onto them owns their files",
            "map onto a subordinate range at or above 65536 (see /etc/subuid and /etc/subgid), or use `idmap isolated`"),
    IDMAP_SMALL("W1012", Severity.WARNING, "idmap-small", "Id map smaller than 65536 ids",
            "a map of fewer than 65536 ids leaves the ids a distribution uses (up to nobody, 65534) unmapped, so files and setuid calls fail inside the container",
            "map 65536 uids and 65536 gids (`count 65536`), or use `idmap isolated`"),
    IDMAP_OVERLAP("W1013", Severity.ERROR, "idmap-overlap", "Untrusted containers share host ids",
            "rlimits are counted per kernel uid, so untrusted containers whose host ranges overlap share limits (nproc, ...) and one can starve the other; they can also reach each other's files",
            "give every untrusted profile its own disjoint range, or use `idmap isolated` to have one allocated"),

    // W102x: denial of service
    NO_MEMORY_LIMIT("W1020", Severity.WARNING, "no-memory-limit", "No memory limit",
            "without a memory limit one container can exhaust the host's memory; LXC does not limit it by default",
            "add `limits { memory 512MiB }` (and `swap 0`)"),
    NO_PIDS_LIMIT("W1021", Severity.WARNING, "no-pids-limit", "No pids limit",
            "without a pids limit a fork bomb in the container exhausts the host's process table",
            "add `limits { pids 256 }`"),
    NO_CPU_LIMIT("W1022", Severity.WARNING, "no-cpu-limit", "No cpu limit",
            "without a cpu limit or weight one container can starve the host and its neighbours of CPU time",
            "add `limits { cpu 1.5 }` (cores) or a `cpu-weight`"),
    RLIMIT_SOFT_ABOVE_HARD("W1023", Severity.ERROR, "rlimit-soft-above-hard", "Rlimit soft value above its hard value",
            "a soft limit above its hard limit is rejected by setrlimit(2), so the container fails to start or runs without the limit",
            "write the soft value first and make it at most the hard value: `nofile 1024 4096`"),

    // W103x: seccomp
    SECCOMP_DEFAULT_ALLOW("W1030", Severity.WARNING, "seccomp-default-allow", "Seccomp filter allows by default",
            "a default-allow filter only blocks what it lists, so every syscall added to the kernel later is allowed, and any forgotten one is too",
            "use `default errno(EPERM)` (or kill-process) and allow what the workload needs, for example `allow @system-service`"),
    SECCOMP_MISSING_BASELINE("W1031", Severity.WARNING, "seccomp-missing-baseline", "Default-allow filter misses LXC's baseline denials",
            "LXC's default filter denies these calls to every container because they reach the host kernel directly (kexec, module loading, open_by_handle_at file handle escapes)",
            "add `errno(EPERM) kexec_load, open_by_handle_at, init_module, finit_module, delete_module` before the broad rules"),
    SECCOMP_SHADOWED_RULE("W1032", Severity.WARNING, "seccomp-shadowed-rule", "Seccomp rule never matches",
            "rules match first to last and the first match decides, so a rule that earlier rules always pre-empt has no effect and misleads the reader",
            "remove the rule, or move it above the rules that shadow it"),
    SECCOMP_RULE_EQUALS_DEFAULT("W1033", Severity.WARNING, "seccomp-rule-equals-default", "Seccomp rule has no effect",
            "the rule decides exactly what the filter would decide without it, so it has no effect",
            "remove the rule, or change its action if it was meant to differ from the default"),
    SECCOMP_ALLOW_DENY_OVERLAP("W1034", Severity.WARNING, "seccomp-allow-deny-overlap", "Seccomp allow and deny rules overlap",
            "where both conditions hold only the earlier rule decides; tools such as libseccomp resolve such overlaps differently, so the intent is unclear",
            "make the conditions disjoint, or merge the two into one rule with `if ... else ...`"),
    SECCOMP_DANGEROUS_SYSCALL("W1035", Severity.ERROR, "seccomp-dangerous-syscall", "Dangerous syscall allowed to an untrusted workload",
            "these calls reach kernel interfaces with a long record of container escapes and privilege escalations, and untrusted workloads seldom need them",
            "deny them with an explicit rule before the broad allows (`errno(EPERM) NAME`), or allow them only under an argument condition"),
    SECCOMP_USERNS_CREATION("W1036", Severity.WARNING, "seccomp-userns-creation", "Untrusted workload can create user namespaces",
            "a new user namespace gives the untrusted workload full capabilities over new namespaces and exposes kernel code that is only reachable that way",
            "allow clone and unshare only `if arg0 & CLONE_NEWUSER == 0 else errno(EPERM)` and answer clone3 with `errno(ENOSYS)`"),

    // W104x: AppArmor
    APPARMOR_UNCONFINED("W1040", Severity.ERROR, "apparmor-unconfined", "AppArmor profile is unconfined",
            "an unconfined AppArmor profile confines nothing",
            "remove `unconfined` and write the file, network and capability rules the workload needs"),
    APPARMOR_DENY_OVERRIDES_ALLOW("W1041", Severity.WARNING, "apparmor-deny-overrides-allow", "AppArmor deny overrides an allow",
            "in AppArmor a deny rule wins over every allow rule whatever their order, so an allow entirely covered by a deny grants nothing",
            "remove the allow, or narrow the deny so that it no longer covers it"),
    APPARMOR_WRITABLE_KERNEL_PATHS("W1042", Severity.WARNING, "apparmor-writable-kernel-paths", "AppArmor allows writes to /proc/sys or /sys",
            "writes under /proc/sys and /sys change kernel settings for the whole host where the files are not namespaced",
            "narrow the rule, or add `deny file w \"/proc/sys/**\"` and `deny file w \"/sys/**\"`"),

    // W105x: devices and the filesystem view
    PRIVILEGED_WITHOUT_DEVICES("W1050", Severity.ERROR, "privileged-without-devices", "Privileged container without a device allowlist",
            "without a device allowlist a privileged container can open host disks and memory devices directly",
            "add a `devices { ... }` allowlist (std `privileged` carries LXC's default list)"),
    DEVICES_TOO_BROAD("W1051", Severity.WARNING, "devices-too-broad", "Device allowlist too broad",
            "allowing every device, or writing to block devices, lets the container read and modify host disks beneath the filesystem",
            "allow only the character devices the workload needs (null, zero, full, random, urandom, tty, ptys)"),
    PROC_SYS_WRITABLE("W1052", Severity.ERROR, "proc-sys-writable", "Writable /proc or /sys for an untrusted workload",
            "a read-write /proc or /sys lets the container change kernel settings and reach host interfaces that are not namespaced",
            "use `proc mixed` and `sys mixed` (or `ro`)"),

    // W106x: namespaces
    UNTRUSTED_SHARES_NAMESPACE("W1060", Severity.ERROR, "untrusted-shares-namespace", "Untrusted workload shares a host namespace",
            "sharing the host's net, pid or ipc namespace gives the workload the host's network interfaces, processes or shared memory",
            "remove the `share`; give the container its own network (`network { veth bridge ... }`) instead of the host's"),
    PRIVILEGED_SHARES_PID("W1061", Severity.ERROR, "privileged-shares-pid", "Privileged container shares the host pid namespace",
            "with the host's pid namespace and host root, every host process becomes visible and signalable, and traceable with sys_ptrace",
            "remove `share pid`"),
    SHARED_NET_WITHOUT_REASON("W1062", Severity.WARNING, "shared-net-without-reason", "Host network shared without a reason",
            "host networking bypasses the container's network isolation (firewalling, bridges, loopback services of the host)",
            "write why on the `share net` line or the line above as a comment, or give the container its own network"),

    // W107x: network
    SHARED_BRIDGE("W1070", Severity.WARNING, "shared-bridge", "Untrusted workloads of different owners share a bridge",
            "containers on one bridge can spoof each other's MAC and IP addresses, so untrusted workloads of different owners must not share one",
            "give each owner its own bridge (`veth bridge per-owner`)"),
    UNPRIVILEGED_NON_VETH("W1071", Severity.ERROR, "unprivileged-non-veth", "Unprivileged container with a non-veth network",
            "an unprivileged container gets host NICs only through lxc-user-nic, which creates veth pairs; other network types need host root",
            "use `veth bridge \"NAME\"` or `veth bridge per-owner`, or `none`"),
    BRIDGE_WITHOUT_GRANT("W1072", Severity.WARNING, "bridge-without-grant", "Bridge without an lxc-usernet grant",
            "lxc-user-nic attaches a container to a bridge only for a user granted it in /etc/lxc/lxc-usernet, and Ward writes that grant for the profile's owner",
            "name the host user or @group that runs the container: `owner \"alice\"`"),

    // W19xx: the linter's own configuration and suppressions
    IGNORE_WITHOUT_REASON("W1900", Severity.WARNING, "ignore-without-reason", "Suppression without a reason",
            "a suppression must say why the finding does not apply, so that reviewers can judge it",
            "write the reason after the code: `# ward:ignore W1012 the image maps only 1000 ids`"),
    IGNORE_UNKNOWN_CODE("W1901", Severity.WARNING, "ignore-unknown-code", "Suppression names no lint rule",
            "the suppression names no lint rule, so it suppresses nothing",
            "use a code from `ward lint --help` or the README's rule table"),
    IGNORE_UNUSED("W1902", Severity.NOTE, "ignore-unused", "Suppression matches nothing",
            "the suppression matches no finding, perhaps because the problem was fixed or the code is wrong",
            "remove the comment"),
    BAD_CONFIG("W1910", Severity.ERROR, "bad-config", "Invalid lint configuration",
            "the lint configuration could not be applied",
            "fix .ward.yaml as the message says");

    private final String code;
    private final Severity severity;
    private final String slug;
    private final String title;
    private final String why;
    private final String fix;

    LintRule(String code, Severity severity, String slug, String title, String why, String fix) {
        this.code = code;
        this.severity = severity;
        this.slug = slug;
        this.title = title;
        this.why = why;
        this.fix = fix;
    }

    public String code() {
        return code;
    }

    /** The severity without configuration. */
    public Severity defaultSeverity() {
        return severity;
    }

    /** A short kebab-case name. */
    public String slug() {
        return slug;
    }

    /** A one-line summary of what the rule finds. */
    public String title() {
        return title;
    }

    /** Why the finding matters. */
    public String why() {
        return why;
    }

    /** How to fix it. */
    public String fix() {
        return fix;
    }

    public static Optional<LintRule> byCode(String code) {
        for (LintRule r : values()) {
            if (r.code.equalsIgnoreCase(code)) return Optional.of(r);
        }
        return Optional.empty();
    }
}
