package dev.ward.apparmor;

import static dev.ward.apparmor.Ir.arrow;
import static dev.ward.apparmor.Ir.opt;
import static dev.ward.apparmor.Ir.q;
import static dev.ward.apparmor.Ir.rule;
import static dev.ward.apparmor.Ir.w;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ward.diag.Diagnostic;
import dev.ward.diag.Diagnostics;
import dev.ward.diag.Severity;
import dev.ward.ir.Capabilities;
import dev.ward.ir.Capability;
import dev.ward.ir.Mode;
import dev.ward.ir.Profile;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AppArmorBackendTest {
    static String compile(Profile p) {
        Diagnostics d = new Diagnostics();
        Optional<String> text = AppArmorTarget.render(p, d);
        assertFalse(d.hasErrors(), () -> d.all().toString());
        assertTrue(text.isPresent(), "a profile was expected");
        return text.get();
    }

    static List<Diagnostic> errors(Profile p) {
        Diagnostics d = new Diagnostics();
        Optional<String> text = AppArmorTarget.render(p, d);
        assertTrue(d.hasErrors(), () -> "expected errors, got a profile:\n" + text.orElse(""));
        assertTrue(text.isEmpty(), "no profile may be written when there are errors");
        return d.all().stream().filter(x -> x.severity() == Severity.ERROR).toList();
    }

    @Test
    void everyFamilyCompilesAndTheParserAcceptsIt() {
        Profile p = Ir.profile("families", null,
                rule("include", q("abstractions/base")),
                rule("file", w("r"), q("/etc/nginx/**")),
                rule("owner file", w("rw"), q("@{HOME}/.cache/**")),
                rule("audit deny file", w("w"), q("/etc/shadow")),
                rule("file", w("px"), q("/usr/bin/helper"), arrow(), q("ward-helper")),
                rule("file", w("m"), w("ix"), q("/usr/lib/**.so*")),
                rule("capability", w("chown"), w("net_bind_service")),
                rule("deny capability", w("sys_admin")),
                rule("network", w("inet"), w("stream")),
                rule("network", w("inet6"), w("tcp")),
                rule("deny network", w("netlink"), w("raw")),
                rule("mount", opt("fstype", w("tmpfs"), w("proc")), opt("options", w("ro"), w("nosuid")), arrow(), q("/mnt/**")),
                rule("mount", q("/dev/sda1"), arrow(), q("/srv/")),
                rule("remount", opt("options", w("ro")), q("/srv/")),
                rule("umount", q("/srv/")),
                rule("deny mount"),
                rule("pivot_root", opt("oldroot", q("/old/")), q("/new/"), arrow(), q("ward-families")),
                rule("ptrace", w("read"), opt("peer", q("ward-families"))),
                rule("signal", w("send"), opt("set", w("hup"), w("term")), opt("peer", q("ward-web"))),
                rule("unix", w("send"), w("receive"), opt("type", w("stream")), opt("peer", q("ward-web"))),
                rule("unix", w("connect"), opt("addr", q("@ward-sock")), opt("peer", opt("label", q("ward-x")), opt("addr", q("@y")))),
                rule("dbus", w("send"), opt("bus", w("system")), opt("path", q("/org/freedesktop/DBus")),
                        opt("interface", q("org.freedesktop.DBus")), opt("member", q("Hello")), opt("peer", q("org.freedesktop.DBus"))),
                rule("dbus", w("bind"), opt("bus", w("session")), opt("name", q("org.example.App"))),
                rule("change_profile", arrow(), q("ward-other")),
                rule("change_profile", q("/usr/bin/su"), arrow(), q("ward-root")),
                rule("raw", q("deny /proc/kallsyms r,")),
                rule("raw", q("signal (send, receive) set=(usr1 usr2) peer=ward-families,")));
        String text = compile(p);
        AppArmorParser.assertAccepted(Map.of("families.profile", text));
        assertEquals(List.of("ward-families"), AppArmorParser.names(text));
        String dump = AppArmorParser.debug(text);
        assertTrue(dump.contains("Name:\t(/etc/nginx/**)"), dump);
        assertTrue(dump.contains("Deny Caps: sys_admin"), dump);
        assertTrue(dump.contains("signal (send ) set=(hup, term) ward-web,"), dump);
        assertTrue(text.contains("  include <abstractions/base>\n"), text);
        assertTrue(text.contains("  deny \"/proc/kallsyms\" r,\n"), text);
    }

    @Test
    void containerProfilesCompileAndTheParserAcceptsThem() {
        String priv = compile(Ir.profile("priv", Mode.PRIVILEGED));
        String unpriv = compile(Ir.profile("unpriv", Mode.UNPRIVILEGED, rule("deny file", w("w"), q("/etc/**"))));
        AppArmorParser.assertAccepted(Map.of("priv.profile", priv, "unpriv.profile", unpriv));
        assertTrue(priv.contains("profile \"ward-priv\" flags=(attach_disconnected,mediate_deleted) {"), priv);
        assertFalse(priv.contains("mount fstype"), priv);
        assertTrue(unpriv.contains("mount fstype=(proc,sysfs,tmpfs,devpts,mqueue,cgroup,cgroup2,ramfs,overlay,fuse),"), unpriv);
        assertTrue(priv.contains("abi <abi/3.0>,"), priv);
    }

    @Test
    void capabilitiesFollowTheCapabilitiesBlockUnlessTheApparmorBlockListsThem() {
        Profile kept = Ir.profile("caps", Optional.empty(), Ir.keep(Capability.KILL, Capability.CHOWN), true, List.of());
        assertTrue(compile(kept).contains("  capability chown kill,\n"));
        Profile own = Ir.profile("caps", Optional.empty(), Ir.keep(Capability.KILL), true, List.of(rule("capability", w("setuid"))));
        String text = compile(own);
        assertTrue(text.contains("  capability setuid,\n") && !text.contains("capability kill"), text);
        Profile all = Ir.profile("caps", Optional.empty(), Capabilities.unspecified(), true, List.of());
        assertTrue(compile(all).contains("  capability,\n"));
    }

    @Test
    void appArmor4RulesNeedAbi4() {
        Profile without = Ir.profile("four", null, rule("userns", w("create")), rule("io_uring", w("sqpoll")),
                rule("mqueue", w("create"), opt("type", w("posix")), q("/jobs")));
        List<Diagnostic> errors = errors(without);
        assertEquals(3, errors.size());
        for (Diagnostic e : errors) assertEquals(Codes.ABI, e.code());
        assertEquals(List.of(10, 11, 12), errors.stream().map(e -> e.span().line()).toList());

        Profile with = Ir.profile("four", null, rule("abi", w("4.0")), rule("userns", w("create")),
                rule("io_uring", w("sqpoll"), w("override_creds"), opt("label", q("ward-four"))),
                rule("mqueue", w("create"), w("delete"), opt("type", w("posix")), q("/jobs")), rule("file", w("r"), q("/etc/**")));
        String text = compile(with);
        assertTrue(text.startsWith("# AppArmor profile written by ward. Load it with: apparmor_parser -r apparmor.profile\n"
                + "abi <abi/4.0>,\n"), text);
        assertTrue(text.contains("\n  userns create,\n  io_uring (sqpoll override_creds) label=\"ward-four\",\n"
                + "  mqueue (create delete) type=posix \"/jobs\",\n"), text);
        if (AppArmorParser.majorVersion() >= 4) AppArmorParser.assertAccepted(Map.of("four.profile", text));
        assertEquals(Codes.ABI, errors(Ir.profile("x", null, rule("abi", w("5.0")))).get(0).code());
    }

    @Test
    void unconfinedWritesNoProfileAndEnginesNameUnconfined() {
        Profile p = Ir.profile("free", Mode.PRIVILEGED, rule("unconfined"), rule("file", w("r"), q("/etc/**")));
        Diagnostics d = new Diagnostics();
        assertTrue(AppArmorTarget.render(p, d).isEmpty());
        assertTrue(d.all().isEmpty(), d.all()::toString);
        assertEquals("unconfined", AppArmorNames.profileName(p));
        assertFalse(AppArmorNames.confines(p));
    }

    @Test
    void aProfileWithoutModeAndApparmorBlockGetsNoProfile() {
        Profile p = Ir.profile("plain", Optional.empty(), Capabilities.unspecified(), false, List.of());
        Diagnostics d = new Diagnostics();
        assertTrue(AppArmorTarget.render(p, d).isEmpty());
        assertEquals(List.of(Codes.NO_PROFILE), d.all().stream().map(Diagnostic::code).toList());
        assertEquals(Severity.NOTE, d.all().get(0).severity());
        assertFalse(AppArmorNames.confines(p));
        assertTrue(AppArmorNames.confines(Ir.profile("c", Optional.of(Mode.PRIVILEGED), Capabilities.unspecified(), false, List.of())));
    }

    @Test
    void theTargetWritesOneFilePerConfinedProfile() {
        dev.ward.ir.Policy policy = new dev.ward.ir.Policy(List.of(Ir.profile("a", Mode.UNPRIVILEGED),
                Ir.profile("b", null, rule("unconfined"))));
        dev.ward.backend.Artifacts out = new dev.ward.backend.Artifacts();
        Diagnostics d = new Diagnostics();
        dev.ward.backend.Targets.byName("apparmor").orElseThrow().render(new dev.ward.backend.CompileContext(policy,
                policy.profiles(), dev.ward.backend.CompileOptions.defaults(), d), out);
        assertEquals(java.util.Set.of("a/apparmor.profile"), out.files().keySet());
    }

    @Test
    void invalidRulesAreReportedAtTheirLine() {
        List<Diagnostic> errors = errors(Ir.profile("bad", null, rule("file", w("r"), q("/ok")),
                rule("owner network", w("inet")), rule("signal", opt("peer", q("a b"))), rule("dbus", w("bind"), opt("path", q("/x"))),
                rule("unix", w("listen"), opt("peer", q("ward-x"))), rule("unix", opt("addr", q("/run/x.sock"))),
                rule("network", w("inet6"), w("icmp")), rule("file", w("ix"), q("/a/b")), rule("file", w("px"), q("/a/b"))));
        assertEquals(List.of(11, 12, 13, 14, 15, 16, 18), errors.stream().map(e -> e.span().line()).toList(), errors::toString);
    }

    @Test
    void aBraceGroupWithOneItemIsRefusedAsTheParserRefusesIt() {
        for (String path : List.of("/{a}", "/x/{@^}", "/{}")) {
            List<Diagnostic> errors = errors(Ir.profile("brace", null, rule("file", w("r"), q(path))));
            assertEquals(1, errors.size(), errors::toString);
            assertTrue(errors.get(0).message().contains("alternative"), errors::toString);
        }
        String text = compile(Ir.profile("brace", null, rule("file", w("r"), q("/{a,}")), rule("file", w("r"), q("/{@^,x}"))));
        AppArmorParser.assertAccepted(Map.of("brace", text));
    }
}
