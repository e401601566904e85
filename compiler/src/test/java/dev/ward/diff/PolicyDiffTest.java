package dev.ward.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ward.diag.Diagnostics;
import dev.ward.ir.Policy;
import dev.ward.resolve.PolicyLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyDiffTest {
    private static final String BASE = """
            profile app {
                mode unprivileged
                idmap {
                    uid 0 -> 200000 count 65536
                    gid 0 -> 200000 count 65536
                }
                seccomp {
                    default errno(EPERM)
                    allow read, write
                }
                network { veth bridge "br-app" }
                devices {
                    allow c 1:3 rwm
                    deny c 1:5 rwm
                }
                filesystem {
                    proc mixed
                    sys ro
                    readonly "/proc/sys"
                    masked "/proc/kcore"
                }
            }
            """;

    private static Policy load(String text) {
        Diagnostics d = new Diagnostics();
        Policy p = PolicyLoader.loadString("app.ward", text, d).policy();
        assertFalse(d.hasErrors(), d.all()::toString);
        return p;
    }

    private static List<String> diff(String old, String neu) {
        return PolicyDiff.diff(load(old), load(neu)).stream()
                .map(c -> c.direction().label() + " " + c.aspect().label() + " " + c.description()).toList();
    }

    @Test
    void identicalPoliciesHaveNoChanges() {
        assertEquals(List.of(), diff(BASE, BASE));
        // layout and comments are not changes
        assertEquals(List.of(), diff(BASE, BASE.replace("allow read, write", "allow read,   write   # io")));
    }

    @Test
    void devicesFilesystemNetworkIdmapAndMode() {
        String neu = BASE.replace("mode unprivileged", "mode privileged")
                .replace("allow c 1:3 rwm", "allow c 1:3 rwm\n        allow b 8:* rw")
                .replace("deny c 1:5 rwm", "")
                .replace("proc mixed", "proc rw")
                .replace("sys ro", "sys mixed")
                .replace("readonly \"/proc/sys\"", "readonly \"/proc/sys\", \"/proc/bus\"")
                .replace("masked \"/proc/kcore\"", "")
                .replace("veth bridge \"br-app\"", "none")
                .replace("uid 0 -> 200000", "uid 0 -> 1000");
        List<String> got = diff(BASE, neu);
        for (String expected : List.of(
                "looser mode mode unprivileged -> privileged",
                "looser device added `allow b 8:* rw`",
                "looser device removed `deny c 1:5 rwm`",
                "looser filesystem proc mixed -> rw",
                "looser filesystem sys ro -> mixed",
                "tighter filesystem read-only /proc/bus",
                "looser filesystem no longer masked: /proc/kcore",
                "tighter network network veth bridge br-app -> none",
                "looser idmap id map uid 0 -> 200000 count 65536, gid 0 -> 200000 count 65536 -> "
                        + "uid 0 -> 1000 count 65536, gid 0 -> 200000 count 65536")) {
            assertTrue(got.contains(expected), () -> "missing " + expected + " in\n" + String.join("\n", got));
        }
    }

    @Test
    void defaultActionAndProfilesAddedOrRemoved() {
        String neu = BASE.replace("default errno(EPERM)", "default allow")
                + "profile extra {\n    seccomp { default errno(EPERM) }\n}\n";
        List<String> got = diff(BASE, neu);
        assertTrue(got.contains("looser syscall default: errno(1) -> allow for every call no rule names"), got::toString);
        assertTrue(got.contains("changed profile profile added"), got::toString);
        assertTrue(PolicyDiff.loosens(PolicyDiff.diff(load(BASE), load(neu))));
        assertTrue(diff(neu, BASE).contains("changed profile profile removed"));
        assertFalse(PolicyDiff.loosens(PolicyDiff.diff(load(neu), load(BASE))));
    }

    @Test
    void argumentConditionsAreComparedCellByCell() {
        String old = BASE.replace("allow read, write", "allow read, write\n        allow socket if arg0 == 1 || arg0 == 2");
        String neu = BASE.replace("allow read, write", "allow read, write\n        allow socket if arg0 == 2 || arg0 == 10");
        List<String> got = diff(old, neu);
        assertEquals(1, got.size(), got::toString);
        assertTrue(got.get(0).startsWith("changed syscall socket: conditional"), got.get(0));
        assertTrue(got.get(0).contains("looser for socket(0xa)") && got.get(0).contains("tighter for socket(1)"), got.get(0));
    }
}
