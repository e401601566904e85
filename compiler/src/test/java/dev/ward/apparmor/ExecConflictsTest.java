package dev.ward.apparmor;

import static dev.ward.apparmor.Ir.arrow;
import static dev.ward.apparmor.Ir.q;
import static dev.ward.apparmor.Ir.rule;
import static dev.ward.apparmor.Ir.w;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ward.diag.Diagnostics;
import dev.ward.ir.AppArmorRule;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Ward refuses two exec rules exactly when apparmor_parser would. */
class ExecConflictsTest {
    record Pair(AppArmorRule a, AppArmorRule b) {}

    static AppArmorRule exec(String mode, String path) {
        return rule("file", w(mode), q(path));
    }

    @Test
    void agreesWithTheParser() {
        List<Pair> pairs = List.of(
                new Pair(exec("ix", "/a/*"), exec("px", "/a/b")),
                new Pair(exec("ix", "/a/b"), exec("px", "/a/b")),
                new Pair(exec("ix", "/a/{b,c}"), exec("px", "/a/b")),
                new Pair(exec("ix", "/a/b*"), exec("px", "/a/*b")),
                new Pair(exec("ix", "/a/b*"), exec("ix", "/a/*b")),
                new Pair(exec("ix", "/a/**"), exec("px", "/a/b/**")),
                new Pair(exec("ix", "/**"), exec("Px", "/usr/bin/x")),
                new Pair(exec("ix", "/usr/**"), exec("px", "/var/**")),
                new Pair(rule("file", w("px"), q("/a/b"), arrow(), q("x")), rule("file", w("px"), q("/a/b"), arrow(), q("y"))),
                new Pair(exec("ix", "@{HOME}/bin/*"), exec("ux", "/root/bin/tool")),
                new Pair(exec("ix", "@{HOME}/bin/*"), exec("ux", "/root/bin/t*")));
        for (Pair pair : pairs) {
            Diagnostics d = new Diagnostics();
            Optional<String> ours = AppArmorTarget.render(Ir.profile("p", null, pair.a(), pair.b()), d);
            // the same two rules written without Ward's check
            String a = new RuleReader(new Diagnostics()).read(pair.a()).orElseThrow().render();
            String b = new RuleReader(new Diagnostics()).read(pair.b()).orElseThrow().render();
            String text = "abi <abi/3.0>,\ninclude <tunables/global>\nprofile p {\n  " + a + "\n  " + b + "\n}\n";
            boolean parserAccepts = AppArmorParser.run(text, "-Q").exit() == 0;
            assertEquals(parserAccepts, ours.isPresent(), () -> a + " / " + b + ": " + d.all());
        }
    }
}
