package dev.ward.apparmor;

import static dev.ward.apparmor.Ir.arrow;
import static dev.ward.apparmor.Ir.opt;
import static dev.ward.apparmor.Ir.q;
import static dev.ward.apparmor.Ir.rule;
import static dev.ward.apparmor.Ir.w;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ward.diag.Diagnostic;
import dev.ward.diag.Diagnostics;
import dev.ward.diag.Severity;
import dev.ward.ir.AppArmorRule;
import dev.ward.ir.AppArmorRule.Atom;
import dev.ward.ir.Capabilities;
import dev.ward.ir.Capability;
import dev.ward.ir.Mode;
import dev.ward.ir.Profile;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;

/**
 * Random policies through the backend and the real apparmor_parser: 10 batches of 60 profiles, each batch
 * compiled by one parser run. Profiles built from valid rules must compile and be accepted; profiles with a
 * hostile value must either be accepted too or be refused with a diagnostic at a rule.
 */
class RandomPolicyTest {
    static final int BATCH = 60;

    /** A generated profile and whether every rule in it was built to be valid. */
    record Case(Profile profile, boolean valid) {}

    @Property(tries = 10, shrinking = ShrinkingMode.OFF)
    void everyProfileWrittenIsAcceptedByApparmorParser(@ForAll("batches") List<Case> batch) {
        Map<String, String> written = new LinkedHashMap<>();
        int i = 0;
        for (Case c : batch) {
            Profile p = renamed(c.profile(), "rnd" + i++);
            Diagnostics d = new Diagnostics();
            Optional<String> text = AppArmorTarget.render(p, d);
            List<Diagnostic> errors = d.all().stream().filter(x -> x.severity() == Severity.ERROR).toList();
            if (c.valid()) {
                assertTrue(errors.isEmpty() && text.isPresent(), () -> "a valid profile was refused: " + errors + "\n" + p.apparmor());
            }
            if (text.isPresent()) {
                written.put(p.name() + ".profile", text.get());
            } else {
                for (Diagnostic e : errors) {
                    assertTrue(e.code().startsWith("W03") && e.span().line() >= 10, () -> "not located at a rule: " + e.headline());
                }
            }
        }
        assertTrue(written.size() >= BATCH / 2, "too few profiles were written: " + written.size());
        AppArmorParser.assertAccepted(written);
    }

    static Profile renamed(Profile p, String name) {
        return new Profile(name, p.file(), List.of(name), p.description(), p.mode(), p.trust(), p.owner(), p.arches(),
                p.idmap(), p.capabilities(), p.seccomp(), p.apparmor(), p.limits(), p.rlimits(), p.network(),
                p.devices(), p.sharedNamespaces(), p.filesystem(), p.expectations(), p.origin());
    }

    @Provide
    Arbitrary<List<Case>> batches() {
        return cases().list().ofSize(BATCH);
    }

    Arbitrary<Case> cases() {
        Arbitrary<Optional<Mode>> mode = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(2, Arbitraries.just(Optional.<Mode>empty())),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(Optional.of(Mode.PRIVILEGED))),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(Optional.of(Mode.UNPRIVILEGED))));
        Arbitrary<Capabilities> caps = Arbitraries.oneOf(Arbitraries.just(Capabilities.unspecified()),
                Arbitraries.of(Capability.class).set().ofMaxSize(6).map(s -> new Capabilities(Capabilities.Style.KEEP,
                        s, s, Ir.at(5))));
        Arbitrary<List<AppArmorRule>> valid = validRule().list().ofMaxSize(12);
        Arbitrary<Boolean> hostile = Arbitraries.of(true, false, false, false, false);
        return Combinators.combine(mode, caps, valid, hostile, hostileRule()).as((m, c, rules, h, bad) -> {
            List<AppArmorRule> all = new ArrayList<>(rules);
            if (h) all.add(bad);
            return new Case(Ir.profile("rnd", m, c, true, all), !h);
        });
    }

    // --- valid rules of every family (AppArmor 3.0)

    static final List<String> SEGMENTS = List.of("etc", "var", "log", "usr", "lib", "srv", "data", "a b", "x,y",
            "q\"t", "h#sh", "c^r", "*", "**", "?", "[a-z]", "[^0-9]", "{a,b}", "{,x}", "\\*", "\\{", "ü", "@{pid}",
            "@{multiarch}", "sp ace");

    static Arbitrary<String> path() {
        Arbitrary<String> head = Arbitraries.of("", "@{HOME}", "@{PROC}", "@{run}", "@{sys}", "@{etc_ro}");
        Arbitrary<List<String>> segs = Arbitraries.of(SEGMENTS).list().ofMinSize(1).ofMaxSize(5);
        Arbitrary<String> tail = Arbitraries.of("", "/", "/**", "{,/**}");
        return Combinators.combine(head, segs, tail).as((h, s, t) -> h + "/" + String.join("/", s) + t);
    }

    static Arbitrary<String> label() {
        return Arbitraries.oneOf(Arbitraries.of("unconfined", "ward-web", "ward-*", "@{profile_name}", "ward-{a,b}"),
                Arbitraries.strings().withChars("abcdefghij0123456789-_.").ofMinLength(1).ofMaxLength(20).map(s -> "ward-" + s));
    }

    static Arbitrary<Set<AppArmorRule.Qualifier>> quals(boolean owner) {
        Arbitrary<AppArmorRule.Qualifier> q = owner ? Arbitraries.of(AppArmorRule.Qualifier.class)
                : Arbitraries.of(AppArmorRule.Qualifier.AUDIT, AppArmorRule.Qualifier.DENY);
        return q.set().ofMaxSize(owner ? 3 : 2);
    }

    static AppArmorRule r(Set<AppArmorRule.Qualifier> qs, String family, List<Atom> atoms) {
        return new AppArmorRule(qs.isEmpty() ? Set.of() : EnumSet.copyOf(qs), family, atoms, dev.ward.ir.Origin.NONE);
    }

    static Arbitrary<AppArmorRule> validRule() {
        return Arbitraries.oneOf(fileRule(), capabilityRule(), networkRule(), mountRule(), ipcRule(), misc());
    }

    // Exec modes other than ix go to literal paths of their own (a mode with a target to another path than the
    // mode without), so that no two rules give one path two exec modes (apparmor_parser refuses that;
    // ExecConflictsTest covers it).
    static Arbitrary<AppArmorRule> fileRule() {
        Arbitrary<String> allowPerms = Arbitraries.of("r", "rw", "a", "rk", "l", "m", "rwk", "ix", "mr", "rix", "mix", "rwlk");
        Arbitrary<String> denyPerms = Arbitraries.of("r", "w", "rw", "wlkx", "x", "a", "rwlkx");
        Arbitrary<AppArmorRule> plain = Combinators.combine(quals(true), allowPerms, denyPerms, path())
                .as((qs, ap, dp, path) -> r(qs, "file", List.of(w(qs.contains(AppArmorRule.Qualifier.DENY) ? dp : ap), q(path))));
        Arbitrary<AppArmorRule> transition = Combinators.combine(Arbitraries.of("px", "Px", "cx", "Cx", "pix", "Cix",
                "pux", "CUx", "ux"), Arbitraries.of(true, false)).as((mode, withTarget) -> {
                    boolean target = withTarget && !mode.equals("ux");
                    List<Atom> atoms = new ArrayList<>(List.of(w(mode), q("/usr/bin/helper-" + mode + (target ? "-to" : ""))));
                    if (target) {
                        atoms.add(arrow());
                        atoms.add(q("ward-" + mode.toLowerCase()));
                    }
                    return r(Set.of(), "file", atoms);
                });
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, plain), net.jqwik.api.Tuple.of(1, transition));
    }

    static Arbitrary<AppArmorRule> capabilityRule() {
        return Combinators.combine(quals(false), Arbitraries.of(Capability.class).list().ofMaxSize(4))
                .as((qs, cs) -> r(qs, "capability", cs.stream().map(c -> (Atom) w(c.wardName())).toList()));
    }

    static Arbitrary<AppArmorRule> networkRule() {
        Arbitrary<List<Atom>> atoms = Arbitraries.oneOf(
                Arbitraries.of(RuleReader.DOMAINS).map(d -> List.<Atom>of(w(d))),
                Combinators.combine(Arbitraries.of(RuleReader.DOMAINS), Arbitraries.of(RuleReader.SOCKET_TYPES))
                        .as((d, t) -> List.<Atom>of(w(d), w(t))),
                Combinators.combine(Arbitraries.of("inet", "inet6"), Arbitraries.of("tcp", "udp"))
                        .as((d, p) -> List.<Atom>of(w(d), w(p))),
                Arbitraries.of(RuleReader.SOCKET_TYPES).map(t -> List.<Atom>of(w(t))),
                Arbitraries.just(List.<Atom>of()));
        return Combinators.combine(quals(false), atoms).as((qs, a) -> r(qs, "network", a));
    }

    static Arbitrary<AppArmorRule> mountRule() {
        Arbitrary<List<String>> fstypes = Arbitraries.of("tmpfs", "proc", "sysfs", "ext4", "fuse.*", "overlay").list().ofMaxSize(3);
        Arbitrary<List<String>> options = Arbitraries.of(RuleReader.MOUNT_OPTIONS).list().ofMaxSize(3);
        return Combinators.combine(quals(false), Arbitraries.of("mount", "remount", "umount"), fstypes, options, path(),
                Arbitraries.of(true, false)).as((qs, verb, fs, os, p, withPath) -> {
                    List<Atom> atoms = new ArrayList<>();
                    if (!fs.isEmpty() && !verb.equals("umount")) atoms.add(opt("fstype", fs.stream().map(x -> (Atom) w(x)).toArray(Atom[]::new)));
                    if (!os.isEmpty()) atoms.add(opt("options", os.stream().map(x -> (Atom) w(x)).toArray(Atom[]::new)));
                    if (withPath) {
                        if (verb.equals("mount")) atoms.add(arrow());
                        atoms.add(q(p));
                    }
                    return r(qs, verb, atoms);
                });
    }

    static Arbitrary<AppArmorRule> ipcRule() {
        Arbitrary<AppArmorRule> ptrace = Combinators.combine(quals(false),
                Arbitraries.of(RuleReader.PTRACE_ACCESS).list().ofMaxSize(3), label())
                .as((qs, acc, peer) -> {
                    List<Atom> atoms = new ArrayList<>(acc.stream().map(a -> (Atom) w(a)).toList());
                    atoms.add(opt("peer", q(peer)));
                    return r(qs, "ptrace", atoms);
                });
        Arbitrary<AppArmorRule> signal = Combinators.combine(quals(false),
                Arbitraries.of(RuleReader.SIGNAL_ACCESS).list().ofMaxSize(2),
                Arbitraries.of(RuleReader.SIGNALS).list().ofMaxSize(4), label())
                .as((qs, acc, sigs, peer) -> {
                    List<Atom> atoms = new ArrayList<>(acc.stream().map(a -> (Atom) w(a)).toList());
                    if (!sigs.isEmpty()) atoms.add(opt("set", sigs.stream().map(x -> (Atom) w(x)).toArray(Atom[]::new)));
                    atoms.add(opt("peer", q(peer)));
                    return r(qs, "signal", atoms);
                });
        Arbitrary<AppArmorRule> unix = Combinators.combine(quals(false),
                Arbitraries.of("connect", "accept", "send", "receive", "r", "w", "rw").list().ofMaxSize(3),
                Arbitraries.of(RuleReader.UNIX_TYPES), label(),
                Arbitraries.of("@ward-sock", "@ward-*", "none"))
                .as((qs, acc, type, peer, addr) -> {
                    List<Atom> atoms = new ArrayList<>(acc.stream().map(a -> (Atom) w(a)).toList());
                    atoms.add(opt("type", w(type)));
                    atoms.add(opt("peer", opt("label", q(peer)), opt("addr", q(addr))));
                    return r(qs, "unix", atoms);
                });
        Arbitrary<AppArmorRule> dbus = Combinators.combine(quals(false),
                Arbitraries.of("send", "receive", "r", "w", "rw").list().ofMaxSize(2), Arbitraries.of("system", "session"),
                Arbitraries.of("/org/freedesktop/DBus", "/org/example/**"), Arbitraries.of("org.freedesktop.DBus", "org.*"),
                label())
                .as((qs, acc, bus, path, iface, peer) -> {
                    List<Atom> atoms = new ArrayList<>(acc.stream().map(a -> (Atom) w(a)).toList());
                    atoms.add(opt("bus", w(bus)));
                    atoms.add(opt("path", q(path)));
                    atoms.add(opt("interface", q(iface)));
                    atoms.add(opt("member", q("Get*")));
                    atoms.add(opt("peer", opt("name", q(iface)), opt("label", q(peer))));
                    return r(qs, "dbus", atoms);
                });
        return Arbitraries.oneOf(ptrace, signal, unix, dbus);
    }

    static Arbitrary<AppArmorRule> misc() {
        Arbitrary<AppArmorRule> change = Combinators.combine(quals(false), path(), label(), Arbitraries.of(true, false))
                .as((qs, p, l, withExec) -> withExec ? r(qs, "change_profile", List.of(q(p), arrow(), q(l)))
                        : r(qs, "change_profile", List.of(arrow(), q(l))));
        Arbitrary<AppArmorRule> pivot = Combinators.combine(quals(false), path(), path(), label())
                .as((qs, a, b, l) -> r(qs, "pivot_root", List.of(opt("oldroot", q(a)), q(b), arrow(), q(l))));
        Arbitrary<AppArmorRule> include = Arbitraries.of("abstractions/base", "abstractions/nameservice",
                "abstractions/openssl", "abstractions/ssl_certs", "tunables/home").map(x -> rule("include", q(x)));
        Arbitrary<AppArmorRule> raw = Arbitraries.of("deny /proc/kallsyms r,", "owner @{HOME}/** rw,",
                "signal (send, receive) peer=ward-web,", "audit deny capability sys_module,", "network inet dgram",
                "\"/a b\" r,", "unix (connect) type=stream peer=(label=ward-db),", "mount fstype=tmpfs -> /tmp/,")
                .map(x -> rule("raw", q(x)));
        return Arbitraries.oneOf(change, pivot, include, raw);
    }

    // --- hostile rules: may be refused, never injected

    static Arbitrary<AppArmorRule> hostileRule() {
        Arbitrary<String> nasty = Arbitraries.strings().withChars("/a\"\\,{}#^ \n\0[]*?@-><()=!").ofMinLength(1).ofMaxLength(16);
        return Combinators.combine(nasty, Arbitraries.of(0, 1, 2, 3, 4)).as((s, where) -> switch (where) {
            case 0 -> rule("file", w("r"), q("/" + s));
            case 1 -> rule("signal", opt("peer", q(s)));
            case 2 -> rule("raw", q(s));
            case 3 -> rule("file", w("px"), q("/bin/x"), arrow(), q(s));
            default -> rule("dbus", opt("member", q(s)));
        });
    }

    @net.jqwik.api.Example
    void theBatchSizeGivesFiveHundredProfiles() {
        assertEquals(600, BATCH * 10);
    }
}
