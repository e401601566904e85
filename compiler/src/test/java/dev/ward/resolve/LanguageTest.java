package dev.ward.resolve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ward.diag.Diagnostic;
import dev.ward.diag.Diagnostics;
import dev.ward.ir.Action;
import dev.ward.ir.AppArmorRule;
import dev.ward.ir.Arch;
import dev.ward.ir.Capabilities;
import dev.ward.ir.Capability;
import dev.ward.ir.Condition;
import dev.ward.ir.Condition.Compare;
import dev.ward.ir.Condition.Op;
import dev.ward.ir.DeviceRule;
import dev.ward.ir.Expectation;
import dev.ward.ir.Filesystem;
import dev.ward.ir.Limits;
import dev.ward.ir.Namespace;
import dev.ward.ir.Network;
import dev.ward.ir.Policy;
import dev.ward.ir.Profile;
import dev.ward.ir.Rlimit;
import dev.ward.ir.RlimitValue;
import dev.ward.ir.Seccomp;
import dev.ward.ir.SeccompRule;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The language's forms and how they resolve, one aspect per test. */
class LanguageTest {
    static Policy load(String text, Diagnostics d) {
        Policy p = PolicyLoader.loadString("t.ward", text, d).policy();
        assertFalse(d.hasErrors(), () -> d.all().stream().map(Diagnostic::headline).toList().toString());
        return p;
    }

    static Profile profile(String text, String name) {
        return load(text, new Diagnostics()).profile(name).orElseThrow();
    }

    static List<SeccompRule> rules(String rules) {
        return profile("profile p { seccomp {\n default allow\n" + rules + "\n} }", "p").seccomp().rules();
    }

    static Condition condition(String cond) {
        return rules("errno(EPERM) read if " + cond).get(0).condition().orElseThrow();
    }

    @Test
    void numbersInEveryNotation() {
        assertEquals(new Compare(0, Op.EQ, 0x1f), condition("arg0 == 0x1f"));
        assertEquals(new Compare(0, Op.EQ, 15), condition("arg0 == 017"));
        assertEquals(new Compare(0, Op.EQ, 15), condition("arg0 == 0o17"));
        assertEquals(new Compare(0, Op.EQ, -1L), condition("arg0 == -1"));
        assertEquals(new Compare(0, Op.EQ, 0xfffffffffffffff6L), condition("arg0 == -10"));
        assertEquals(new Compare(0, Op.EQ, -1L), condition("arg0 == 0xffffffffffffffff"));
        assertEquals(new Compare(5, Op.GE, 0x10000000L | 0x20000L), condition("arg5 >= CLONE_NEWUSER | CLONE_NEWNS"));
    }

    @Test
    void precedenceAndForms() {
        Condition a = new Compare(0, Op.EQ, 1);
        Condition b = new Compare(1, Op.NE, 2);
        Condition c = new Compare(2, Op.LT, 3);
        assertEquals(new Condition.Or(a, new Condition.And(b, c)), condition("arg0 == 1 || arg1 != 2 && arg2 < 3"));
        assertEquals(new Condition.And(new Condition.Or(a, b), c), condition("(arg0 == 1 || arg1 != 2) && arg2 < 3"));
        assertEquals(new Condition.And(new Condition.Not(a), b), condition("!arg0 == 1 && arg1 != 2"));
        assertEquals(new Condition.Not(new Condition.MaskedEquals(3, 0xf0, 0x10)), condition("arg3 & 0xf0 != 0x10"));
        assertEquals(new Condition.In(4, List.of(1L, 2L, 40L)), condition("arg4 in (1, 2, AF_VSOCK)"));
        assertEquals(new Compare(0, Op.LE, 5), condition("arg0 <= 5"));
        assertEquals(new Compare(0, Op.GT, 5), condition("arg0 > 5"));
    }

    @Test
    void actionsAndElse() {
        List<SeccompRule> r = rules("""
                trap ptrace
                trap(3) kill
                trace(5) time
                notify mount
                log umount2
                kill-thread signal
                allow socket if arg0 == AF_INET else errno(EAFNOSUPPORT)
                """);
        assertEquals(List.of(new Action(Action.Kind.TRAP, 0), new Action(Action.Kind.TRAP, 3), new Action(Action.Kind.TRACE, 5),
                Action.NOTIFY, Action.LOG, Action.KILL_THREAD, Action.ALLOW), r.stream().map(SeccompRule::action).toList());
        assertEquals(List.of("ptrace", "kill", "time", "mount", "umount2", "signal", "socket"),
                r.stream().map(x -> x.syscalls().get(0)).toList(), "keywords stay usable as syscall names");
        assertEquals(Action.errno(97), r.get(6).elseAction().orElseThrow());
    }

    @Test
    void constantsAndNestedGroups() {
        List<SeccompRule> r = rules("""
                errno(MY_ERR) @outer if arg0 == FLAGS
                """.replace("@outer", "@outer") + "}}\nconst MY_ERR = EACCES\nconst FLAGS = A | 0x4\nconst A = 0x1\n"
                + "group @outer = write, @inner, read\ngroup @inner = read, openat\nprofile unused { seccomp { default allow");
        assertEquals(Action.errno(13), r.get(0).action());
        assertEquals(List.of("write", "read", "openat"), r.get(0).syscalls(), "groups expand in order, without repeats");
        assertEquals(new Compare(0, Op.EQ, 5), r.get(0).condition().orElseThrow());
    }

    @Test
    void noSeccompBlockMeansNoFilterAndDefaultArchIsX86_64() {
        Profile p = profile("profile p { }", "p");
        assertEquals(new Seccomp(Action.ALLOW, List.of()), p.seccomp());
        assertEquals(List.of(Arch.X86_64), p.arches());
        assertTrue(p.mode().isEmpty());
        assertTrue(p.untrusted());
        assertEquals(Capabilities.unspecified(), p.capabilities());
        assertEquals(Network.unspecified(), p.network());
    }

    @Test
    void inheritance() {
        Policy policy = load("""
                profile base {
                    arch x86_64, aarch64
                    trust trusted
                    capabilities { drop sys_admin }
                    seccomp {
                        default errno(EPERM)
                        allow read
                    }
                    apparmor { file r "/etc/**" }
                    limits { memory 1GiB pids 100 }
                    rlimits { nofile 10 20
                              nproc 5 }
                    network { none }
                    devices { allow c 1:3 rwm }
                    namespaces { share uts }
                    filesystem {
                        proc ro
                        sys ro
                        readonly "/a"
                    }
                    expect allow read
                }
                profile child extends base {
                    capabilities { keep chown }
                    seccomp { allow write }
                    apparmor { deny file w "/etc/**" }
                    limits { pids 50 }
                    rlimits { nofile 30 }
                    devices { deny c 1:3 m }
                    filesystem {
                        proc mixed
                        readonly "/b", "/a"
                    }
                }
                """, new Diagnostics());
        Profile c = policy.profile("child").orElseThrow();
        assertEquals(List.of("child", "base"), c.lineage());
        assertEquals(List.of(Arch.X86_64, Arch.AARCH64), c.arches());
        assertFalse(c.untrusted());
        assertEquals(Set.of(Capability.CHOWN), c.capabilities().kept(), "capabilities are replaced per block");
        assertEquals(Action.errno(1), c.seccomp().defaultAction(), "the nearest default");
        assertEquals(List.of(List.of("write"), List.of("read")), c.seccomp().rules().stream().map(SeccompRule::syscalls).toList());
        assertEquals(List.of(Set.of(), Set.of(AppArmorRule.Qualifier.DENY)),
                c.apparmor().rules().stream().map(AppArmorRule::qualifiers).toList(), "the parent's rules, then the child's");
        assertEquals(1L << 30, c.limits().memoryBytes().getAsLong(), "limits per key");
        assertEquals(50, c.limits().pids().getAsLong());
        assertEquals(new RlimitValue(30, 30, dev.ward.ir.Origin.NONE), c.rlimits().get(Rlimit.NOFILE), "rlimits per key");
        assertEquals(5, c.rlimits().get(Rlimit.NPROC).soft());
        assertEquals(Network.Kind.NONE, c.network().kind());
        assertEquals(List.of(true, false), c.devices().stream().map(DeviceRule::allow).toList());
        assertEquals(Set.of(Namespace.UTS), c.sharedNamespaces());
        assertEquals(Optional.of(Filesystem.Mode.MIXED), c.filesystem().proc(), "modes override");
        assertEquals(Optional.of(Filesystem.Mode.RO), c.filesystem().sys());
        assertEquals(List.of("/a", "/b"), c.filesystem().readonly(), "lists are united");
        assertEquals(List.of(), c.expectations(), "expectations are the profile's own");
        assertEquals(1, policy.profile("base").orElseThrow().expectations().size());
    }

    @Test
    void engineBlocks() {
        Profile p = profile("""
                profile p {
                    owner @devs
                    idmap { isolated 1000 }
                    capabilities { drop sys_admin, CAP_NET_RAW }
                    limits {
                        memory max
                        swap 1.5GiB
                        cpu 0.25
                        cpu-weight 200
                        io-weight 300
                        pids max
                    }
                    rlimits {
                        core unlimited
                        stack 8MiB unlimited
                    }
                    network {
                        veth bridge per-owner
                        nics 2
                    }
                    devices { allow a *:* rwm
                              allow b 8:* mr }
                    namespaces { share net, ipc }
                    filesystem { mount "tmpfs" "/run" tmpfs options "nosuid, size=64m" }
                    expect errno(EPERM) mount on x32
                    expect allow write(1, -1), read
                }
                """, "p");
        assertEquals("@devs", p.owner().orElseThrow());
        assertEquals(1000, p.idmap().isolatedCount().getAsLong());
        assertEquals(Capability.values().length - 2, p.capabilities().kept().size());
        Limits l = p.limits();
        assertEquals(Limits.MAX, l.memoryBytes().getAsLong());
        assertEquals(3L << 29, l.swapBytes().getAsLong());
        assertEquals(0.25, l.cpuCores().getAsDouble());
        assertEquals(200, l.cpuWeight().getAsLong());
        assertEquals(300, l.ioWeight().getAsLong());
        assertEquals(Limits.MAX, l.pids().getAsLong());
        assertEquals(RlimitValue.UNLIMITED, p.rlimits().get(Rlimit.CORE).hard());
        assertEquals(8L << 20, p.rlimits().get(Rlimit.STACK).soft());
        assertEquals(new Network(Network.Kind.VETH, Optional.empty(), true, 2, dev.ward.ir.Origin.NONE), p.network());
        assertEquals(new DeviceRule(true, 'a', DeviceRule.ANY, DeviceRule.ANY, "rwm", dev.ward.ir.Origin.NONE), p.devices().get(0));
        assertEquals("rm", p.devices().get(1).access(), "access letters in rwm order");
        assertEquals(Set.of(Namespace.NET, Namespace.IPC), p.sharedNamespaces());
        assertEquals(List.of("nosuid", "size=64m"), p.filesystem().mounts().get(0).options());
        Expectation x32 = p.expectations().get(0);
        assertEquals(Optional.of(Arch.X32), x32.on());
        assertEquals(List.of(1L, -1L, 0L, 0L, 0L, 0L), p.expectations().get(1).args());
        assertEquals("read", p.expectations().get(2).syscall());
    }

    @Test
    void apparmorRules() {
        List<AppArmorRule> rules = profile("""
                profile p { apparmor {
                    audit deny owner file rw "/home/**",
                    file px "/usr/bin/x" -> "other"
                    mount fstype=(tmpfs, proc) options=(ro, nosuid) -> "/mnt/**"
                    signal send set=(hup, term) peer="ward-web"
                    network unix stream
                    deny network raw
                    capability chown, setuid
                    raw "capability sys_nice,"
                    abi 4.0
                    unconfined
                } }
                """, "p").apparmor().rules();
        assertEquals(List.of("file", "file", "mount", "signal", "network", "network", "capability", "raw", "abi", "unconfined"),
                rules.stream().map(AppArmorRule::family).toList());
        assertEquals(Set.of(AppArmorRule.Qualifier.AUDIT, AppArmorRule.Qualifier.DENY, AppArmorRule.Qualifier.OWNER),
                rules.get(0).qualifiers());
        assertTrue(rules.get(1).atoms().get(2) instanceof AppArmorRule.Atom.Arrow);
        AppArmorRule.Atom.Option fstype = (AppArmorRule.Atom.Option) rules.get(2).atoms().get(0);
        assertEquals("fstype", fstype.key());
        assertEquals(2, fstype.values().size());
        assertEquals(List.of("unix", "stream"), words(rules.get(4)));
        assertEquals(List.of("raw"), words(rules.get(5)));
        assertEquals(List.of("chown", "setuid"), words(rules.get(6)), "commas between atoms are dropped");
        assertEquals(List.of("4.0"), words(rules.get(8)));
    }

    private static List<String> words(AppArmorRule r) {
        return r.atoms().stream().map(a -> ((AppArmorRule.Atom.Word) a).text()).toList();
    }

    @Test
    void syscallMissingOnAnArchitectureIsANote() {
        Diagnostics d = new Diagnostics();
        load("profile p {\n    arch x86_64, aarch64\n    seccomp { default allow errno(EPERM) open, @x }\n}\ngroup @x = creat\n", d);
        assertEquals(List.of("t.ward:3:42: note[W0105]: syscall 'open' does not exist on aarch64; it is skipped there"),
                d.all().stream().map(Diagnostic::headline).toList(), "named syscalls get a note, group members do not");
    }

    @Test
    void networkWordOnALaterLineIsAWarning() {
        Diagnostics d = new Diagnostics();
        load("profile p { apparmor {\n    network\n    unix\n} }\n", d);
        assertEquals(List.of("t.ward:3:5: warning[W0012]: 'unix' continues the network rule of line 2 (network unix); "
                + "to start a separate unix rule, put it before the network rule"), d.all().stream().map(Diagnostic::headline).toList());
    }
}
