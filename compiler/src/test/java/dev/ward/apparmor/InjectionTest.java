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
import dev.ward.ir.AppArmor;
import dev.ward.ir.AppArmorRule;
import dev.ward.ir.Capabilities;
import dev.ward.ir.Profile;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Hostile values in every place a policy string reaches an AppArmor profile. Each one either compiles to
 * exactly the rule it spells, as the real apparmor_parser reads it back (one profile, one rule, the value
 * unchanged), or is refused with a diagnostic at the rule that holds it.
 */
class InjectionTest {
    static final String LONG = "/" + "a".repeat(4999);

    /** Hostile path values; each is a Ward string after the Ward lexer decoded its escapes. */
    static final List<String> PATHS = List.of(
            "/a\"b", "/x\", /etc/shadow rw, \"/y", "/x\" rw,\n  /** rw, \"", "/a\\\\b", "/a\\b", "/x\\\" r, /** rw, #",
            "/x\\\\\" rw, /** rw, \"", "/a,b", "/a{b", "/a{b,c}", "/a}b", "/x} /** rw, {", "/x{,/**}", "/a#b",
            "/a # comment", "/a^b", "/a b", "/a\0b", "/a\nb", "/a\rb", "/a\tb", "/x\u0085y", "/\u00fc/\u2028/x", LONG,
            "/x[^a]", "/x[", "/x]", "/x[]", "@{HOME}/x", "@{HOME", "@{NOPE}/x", "etc/x", "", "/a\\*b", "/a\\,b",
            "/x\" } profile evil { /** rwx, \"", "/x r,\n}\nprofile evil {\n/**");

    /** Hostile profile labels (exec targets, peers). */
    static final List<String> LABELS = List.of("ward-web", "ward-\"x", "ward-x peer=unconfined", "ward,x",
            "ward-x}", "ward-x{a,b}", "ward#x", "ward^hat", "ward x", "ward\0x", "ward\nx", "unconfined", "ward\\x",
            "ward-*", "@{profile_name}", "a".repeat(5000), "ward-x) peer=(label=y");

    static Profile single(AppArmorRule r) {
        return new Profile("inj", Ir.FILE, List.of("inj"), Optional.empty(), Optional.empty(), dev.ward.ir.Trust.UNTRUSTED,
                Optional.empty(), List.of(dev.ward.ir.Arch.X86_64), dev.ward.ir.IdMaps.none(),
                new Capabilities(Capabilities.Style.KEEP, java.util.Set.of(), java.util.Set.of(), Ir.at(5)),
                new dev.ward.ir.Seccomp(dev.ward.ir.Action.ALLOW, List.of()),
                new AppArmor(true, Ir.placed(List.of(r)), Ir.at(9)), dev.ward.ir.Limits.none(), java.util.Map.of(),
                dev.ward.ir.Network.unspecified(), List.of(), java.util.Set.of(), dev.ward.ir.Filesystem.none(), List.of(),
                Ir.at(1));
    }

    /** Compiles one rule: the profile text, or empty after checking that the refusal is located at the rule. */
    static Optional<String> compile(AppArmorRule r) {
        Diagnostics d = new Diagnostics();
        Optional<String> text = AppArmorTarget.render(single(r), d);
        List<Diagnostic> errors = d.all().stream().filter(x -> x.severity() == Severity.ERROR).toList();
        if (text.isPresent()) {
            assertTrue(errors.isEmpty(), () -> "a profile was written despite errors " + errors);
            return text;
        }
        assertFalse(errors.isEmpty(), "no profile and no error");
        for (Diagnostic e : errors) {
            assertTrue(e.code().startsWith("W03"), e::headline);
            assertEquals(10, e.span().line(), () -> "diagnostic not at the rule: " + e.headline());
            assertFalse(e.message().contains("\n") || e.message().indexOf(0) >= 0, () -> "raw control characters in " + e.message());
        }
        return Optional.empty();
    }

    /** The parser's dump of a profile, checked to describe exactly one profile named ward-inj. */
    static String dump(String text) {
        assertEquals(List.of("ward-inj"), AppArmorParser.names(text), text);
        String dump = AppArmorParser.debug(text);
        String head = "----- Debugging built structures -----\nName:\t\tward-inj\n";
        assertTrue(dump.startsWith(head), dump);
        return dump.substring(head.length());
    }

    static List<String> entries(String dump) {
        return dump.lines().filter(l -> !l.isBlank() && !l.equals("--- Entries ---") && !l.equals("Mode: ")).toList();
    }

    static DynamicTest place(String where, String value, Function<String, AppArmorRule> rule, Function<String, String> expected) {
        String label = where + " " + printable(value);
        return DynamicTest.dynamicTest(label, () -> {
            Optional<String> text = compile(rule.apply(value));
            if (text.isEmpty()) return;
            assertEquals(List.of(expected.apply(value)), entries(dump(text.get())), text.get());
        });
    }

    static String printable(String s) {
        String t = s.length() > 40 ? s.substring(0, 40) + "...(" + s.length() + ")" : s;
        return t.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t").replace("\0", "\\0");
    }

    @TestFactory
    Stream<DynamicTest> pathsInEveryPlace() {
        List<DynamicTest> out = new ArrayList<>();
        for (String v : PATHS) {
            // the parser shows a path with its variables expanded
            Function<String, String> entry = x -> x.replace("@{HOME}", "{/home//*,/root}");
            out.add(place("file path", v, x -> rule("file", w("r"), q(x)), x -> "Mode:\tr:r\tName:\t(" + entry.apply(x) + ")"));
            out.add(place("deny path", v, x -> rule("deny file", w("w"), q(x)), x -> "Mode:\twa:wa\tName:\t(" + entry.apply(x) + ")"));
            out.add(place("raw path", v, x -> rule("raw", q("\"" + x.replace("\"", "\\\"") + "\" r,")),
                    x -> "Mode:\tr:r\tName:\t(" + entry.apply(x) + ")"));
            out.add(place("mount point", v, x -> rule("umount", q(x)), x -> "umount (0x1bffcff - 0x1bffcff)  -> "
                    + x.replace("@{HOME}", "{/home/*,/root}") + " (0x4/0x0),"));
        }
        return out.stream();
    }

    @TestFactory
    Stream<DynamicTest> labelsInEveryPlace() {
        List<DynamicTest> out = new ArrayList<>();
        for (String v : LABELS) {
            out.add(place("signal peer", v, x -> rule("signal", w("send"), opt("peer", q(x))), x -> "signal (send ) "
                    + x.replace("@{profile_name}", "ward-inj") + ","));
            out.add(place("ptrace peer", v, x -> rule("ptrace", w("read"), opt("peer", q(x))), x -> "ptrace (read ) "
                    + x.replace("@{profile_name}", "ward-inj") + ","));
            out.add(DynamicTest.dynamicTest("exec target " + printable(v), () -> {
                Optional<String> text = compile(rule("file", w("px"), q("/usr/bin/x"), arrow(), q(v)));
                if (text.isEmpty()) return;
                assertEquals(List.of("Mode:\t unsafex:x\tName:\t(/usr/bin/x)"), entries(dump(text.get())));
                String binary = AppArmorParser.binary(text.get());
                String target = new String(v.replace("@{profile_name}", "ward-inj").getBytes(StandardCharsets.UTF_8),
                        StandardCharsets.ISO_8859_1);
                assertTrue(binary.contains("\0" + target + "\0"), () -> "target not in the exec table: " + v);
            }));
        }
        for (String v : List.of("org.example.Member", "Hello\"x", "a b", "x,y", "x)", "x\0")) {
            out.add(place("dbus member", v, x -> rule("dbus", w("send"), opt("member", q(x))),
                    x -> "dbus ( send ) member=\"" + x + "\","));
        }
        return out.stream();
    }

    /** Raw text is AppArmor syntax, so it is the place an attacker would try first. */
    @TestFactory
    Stream<DynamicTest> rawRules() {
        List<DynamicTest> out = new ArrayList<>();
        record Raw(String text, String expected) {}
        List<Raw> cases = List.of(
                new Raw("/etc/** r,", "Mode:\tr:r\tName:\t(/etc/**)"),
                new Raw("/etc/** r", "Mode:\tr:r\tName:\t(/etc/**)"),
                new Raw("deny /{a,b}/** w,", "Mode:\twa:wa\tName:\t(/{a,b}/**)"),
                new Raw("\"/a b\" r,", "Mode:\tr:r\tName:\t(/a b)"),
                new Raw("\"/a,b\" r, /c r,", null),
                new Raw("/a r, /b w,", null),
                new Raw("/a r,,", null),
                new Raw("/a r\n/b w", null),
                new Raw("/a r # /b w", null),
                new Raw("/a r, }\nprofile evil {", null),
                new Raw("/a r} profile evil {", null),
                new Raw("profile evil { /** rwx, }", null),
                new Raw("^hat { /** rwx, }", null),
                new Raw("include <abstractions/base>", null),
                new Raw("#include <abstractions/base>", null),
                new Raw("@{HOME}=/", null),
                new Raw("alias / -> /x/,", null),
                new Raw("\"/a\\\" rw, /** rw, \\\"\" r,", "Mode:\tr:r\tName:\t(/a\" rw, /** rw, \")"),
                new Raw("\"/a\\n\" r,", null),
                new Raw("\"/a\\101\" r,", null),
                new Raw("\"/a r,", null),
                new Raw("signal (send) peer=ward-inj,", "signal (send ) ward-inj,"),
                new Raw("signal (send receive peer=x,", null),
                new Raw("set rlimit nproc <= 10,", null),
                new Raw("capability sys_admin, capability,", null),
                new Raw("deny", null),
                new Raw("", null),
                new Raw("/a\0 r,", null));
        for (Raw c : cases) {
            out.add(DynamicTest.dynamicTest("raw " + printable(c.text()), () -> {
                Optional<String> text = compile(rule("raw", q(c.text())));
                if (c.expected() == null) {
                    assertTrue(text.isEmpty(), () -> "expected a refusal, got:\n" + text.get());
                    return;
                }
                assertTrue(text.isPresent(), "expected a profile");
                assertEquals(List.of(c.expected()), entries(dump(text.get())), text.get());
            }));
        }
        return out.stream();
    }

    @Test
    void hostileProfileNamesBecomeOneSafeName() {
        for (String name : List.of("web", "we\"b", "web\n}\nprofile evil {", "a b", "x".repeat(5000), "ü", "web\0x")) {
            Profile p = single(rule("file", w("r"), q("/etc/hostname")));
            Profile named = new Profile(name, p.file(), List.of(name), p.description(), p.mode(), p.trust(), p.owner(),
                    p.arches(), p.idmap(), p.capabilities(), p.seccomp(), p.apparmor(), p.limits(), p.rlimits(),
                    p.network(), p.devices(), p.sharedNamespaces(), p.filesystem(), p.expectations(), p.origin());
            String aaName = AppArmorNames.profileName(named);
            assertTrue(aaName.matches("ward-[A-Za-z0-9._-]+") && aaName.length() <= AppArmorNames.MAX_BYTES, aaName);
            Diagnostics d = new Diagnostics();
            String text = AppArmorTarget.render(named, d).orElseThrow();
            assertEquals(List.of(aaName), AppArmorParser.names(text), text);
        }
        assertEquals("ward-web", AppArmorNames.forName("web"));
        assertTrue(!AppArmorNames.forName("we\"b").equals(AppArmorNames.forName("we_b")), "the hash keeps names apart");
    }
}
