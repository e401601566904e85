package dev.ward.resolve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ward.diag.Diagnostic;
import dev.ward.diag.Diagnostics;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Broken policies and the exact diagnostics they produce: {@code file:line:col: severity[CODE]: message}. */
class BrokenInputsTest {
    /** A profile body around {@code body}, so most cases are one line of interest (line 2). */
    static String in(String body) {
        return "profile p {\n" + body + "\n}\n";
    }

    static String seccomp(String rules) {
        return "profile p {\n    seccomp {\n        default allow\n" + rules + "\n    }\n}\n";
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // syntax
                Arguments.of(in("    seccom {\n    }"), "t.ward:2:5: error[W0008]: unexpected 'seccom' (did you mean 'seccomp'?)"),
                Arguments.of("profile p {\n    mode unprivileged\n", "t.ward:3:1: error[W0008]: unexpected end of file, expected one of '}', "
                        + "'description', 'mode', 'trust', 'owner', 'arch', 'idmap', 'capabilities', 'seccomp', 'apparmor', ..."),
                Arguments.of("profile {\n}\n", "t.ward:1:9: error[W0008]: unexpected '{', expected a name"),
                Arguments.of(seccomp("        allow read if arg0 =="), "t.ward:5:5: error[W0008]: unexpected '}', expected one of '-', a number or a name"),
                Arguments.of(in("    limits { memory }"), "t.ward:2:21: error[W0008]: unexpected '}', expected one of a number, a size, a decimal number or 'max'"),
                Arguments.of(in("    idmap { uid 0 -> 1 }"), "t.ward:2:24: error[W0008]: unexpected '}', expected 'count'"),
                Arguments.of(seccomp("        allow read if (arg0 == 1"), "t.ward:5:5: error[W0008]: unexpected '}', expected ')'"),
                Arguments.of("use std/groups.ward\n", "t.ward:1:8: error[W0005]: unexpected character '/' (U+002F)"),
                Arguments.of(in("    description \"bad \\q escape\""), "t.ward:2:22: error[W0007]: unknown escape '\\q' (use \\\" \\\\ \\n \\t or \\xHH)"),
                Arguments.of(in("    description \"\\x4\""), "t.ward:2:18: error[W0007]: \\x needs two hex digits"),
                Arguments.of(in("    description \"tab\there\""), "t.ward:2:21: error[W0007]: control character U+0009 in a string (write it as \\x09)"),
                Arguments.of(in("    description \"unterminated"), "t.ward:2:17: error[W0006]: unterminated string (a string ends on its line)"),
                Arguments.of(in("    $"), "t.ward:2:5: error[W0005]: unexpected character '$' (U+0024)"),
                Arguments.of(in("    \u0001"), "t.ward:2:5: error[W0005]: unexpected character U+0001"),
                Arguments.of(seccomp("        allow read if " + "(".repeat(101) + "arg0 == 1" + ")".repeat(101)),
                        "t.ward:4:123: error[W0009]: too deeply nested (more than 100 levels of parentheses or '!')"),
                Arguments.of(seccomp("        allow read if " + "!".repeat(150) + "arg0 == 1"),
                        "t.ward:4:123: error[W0009]: too deeply nested (more than 100 levels of parentheses or '!')"),
                // names
                Arguments.of(seccomp("        allow opnat"), "t.ward:4:15: error[W0104]: unknown syscall 'opnat' (did you mean 'openat'?)"),
                Arguments.of(in("    capabilities { keep net_bind_servce }"),
                        "t.ward:2:25: error[W0116]: unknown capability 'net_bind_servce' (did you mean 'net_bind_service'?)"),
                Arguments.of(in("    seccomp { default errno(EPRM) }"), "t.ward:2:29: error[W0108]: unknown constant 'EPRM' (did you mean 'EPERM'?)"),
                Arguments.of("profile base { }\nprofile p extends bse { }\n", "t.ward:2:19: error[W0102]: unknown profile 'bse' (did you mean 'base'?)"),
                Arguments.of(in("    mode unprivilegd"),
                        "t.ward:2:10: error[W0112]: unknown mode 'unprivilegd' (did you mean 'unprivileged'?); expected privileged or unprivileged"),
                Arguments.of(in("    trust trustd"), "t.ward:2:11: error[W0112]: unknown trust level 'trustd' (did you mean 'trusted'?); expected untrusted or trusted"),
                Arguments.of(in("    arch x86-64"), "t.ward:2:10: error[W0111]: unknown architecture 'x86-64' (did you mean 'x86_64'?); "
                        + "expected one of x86_64, x86, x32, aarch64, arm, riscv64, ppc64le, s390x"),
                Arguments.of(in("    seccomp { defualt allow }"), "t.ward:2:15: error[W0114]: unknown action 'defualt' (did you mean 'default'?)"),
                Arguments.of(in("    seccomp { default alow }"), "t.ward:2:23: error[W0114]: unknown action 'alow' (did you mean 'allow'?)"),
                Arguments.of("use \"std/groups.ward\"\n" + seccomp("        allow @sytem-service"), "t.ward:5:15: error[W0106]: unknown group '@sytem-service' (did you mean '@system-service'?)"),
                Arguments.of("group @a = read, @b\ngroup @b = write, @a\n", "t.ward:2:19: error[W0107]: group '@a' contains itself (@a -> @b -> @a)"),
                Arguments.of(in("    rlimits { nofiles 10 }"), "t.ward:2:15: error[W0117]: unknown rlimit 'nofiles' (did you mean 'nofile'?)"),
                Arguments.of(in("    limits { memroy 1GiB }"),
                        "t.ward:2:14: error[W0118]: unknown limit 'memroy' (did you mean 'memory'?); limits are memory, swap, cpu, cpu-weight, pids, io-weight"),
                Arguments.of(in("    namespaces { share utc }"),
                        "t.ward:2:24: error[W0119]: unknown namespace 'utc' (did you mean 'uts'?); namespaces are mount, pid, net, ipc, uts, cgroup, time, user"),
                Arguments.of("const A = B\nconst B = A | 1\n", "t.ward:2:11: error[W0120]: constant 'A' is defined in terms of itself (A -> B -> A)"),
                Arguments.of("profile a extends b { }\nprofile b extends a { }\n", "t.ward:1:19: error[W0103]: extends cycle: a -> b -> a"),
                Arguments.of("profile p { }\nprofile p { }\n", "t.ward:2:9: error[W0109]: profile 'p' is already defined at t.ward:1:9"),
                Arguments.of("use \"nothere.ward\"\n", "t.ward:1:5: error[W0101]: cannot find 'nothere.ward' (looked for nothere.ward)"),
                Arguments.of("use \"std/nothere.ward\"\n", "t.ward:1:5: error[W0101]: cannot find 'std/nothere.ward' in the shipped library"),
                Arguments.of(in("    mode privileged\n    mode unprivileged"), "t.ward:3:5: error[W0110]: 'mode' is already given in this profile at line 2"),
                // numbers, units, ranges
                Arguments.of(in("    limits { memory 512MB }"), "t.ward:2:21: error[W0404]: unknown unit 'MB' (did you mean 'MiB'?); sizes take B, KiB, MiB, GiB or TiB"),
                Arguments.of(in("    limits { memory 1.3B }"), "t.ward:2:21: error[W0404]: size 1.3B is not a whole number of bytes"),
                Arguments.of(in("    limits { cpu-weight 20000 }"), "t.ward:2:25: error[W0406]: cpu-weight must be 1..10000, not 20000"),
                Arguments.of(in("    limits { cpu 0 }"), "t.ward:2:18: error[W0406]: cpu must be more than 0 and at most 4096 cores, not 0"),
                Arguments.of(in("    limits { pids 1GiB }"), "t.ward:2:19: error[W0404]: pids takes a whole number, not 1GiB"),
                Arguments.of(seccomp("        errno(EPERM) read if arg0 == 0x10000000000000000"),
                        "t.ward:4:38: error[W0115]: number 0x10000000000000000 does not fit in 64 bits"),
                Arguments.of(seccomp("        errno(EPERM) read if arg0 == 18446744073709551616"),
                        "t.ward:4:38: error[W0115]: number 18446744073709551616 does not fit in 64 bits"),
                Arguments.of(seccomp("        errno(EPERM) read if arg0 == 09"), "t.ward:4:38: error[W0115]: invalid octal number 09 (a leading 0 means octal)"),
                Arguments.of(seccomp("        errno(EPERM) read if arg6 == 0"), "t.ward:4:30: error[W0203]: argument index 6 is out of range: syscalls have arg0..arg5"),
                Arguments.of(seccomp("        errno(EPERM) read if fd == 0"), "t.ward:4:30: error[W0203]: expected a syscall argument arg0..arg5, found 'fd'"),
                Arguments.of(seccomp("        errno(EPERM) clone if arg0 & 0xff == 0x100"),
                        "t.ward:4:46: error[W0204]: value 0x100 has bits outside the mask 0xff, so the comparison can never hold"),
                Arguments.of(seccomp("        errno(EPERM) clone if arg0 & 0xff > 1"),
                        "t.ward:4:31: error[W0207]: a masked argument can only be compared with == or !=, not >"),
                Arguments.of(in("    seccomp { default errno(4096) }"), "t.ward:2:29: error[W0205]: errno takes 0..4095, not 4096"),
                Arguments.of(in("    seccomp { default errno }"), "t.ward:2:23: error[W0205]: errno needs a value, such as errno(EPERM)"),
                Arguments.of(in("    seccomp { default trace(70000) }"), "t.ward:2:29: error[W0205]: trace takes 0..65535, not 70000"),
                Arguments.of(in("    seccomp { default allow(1) }"), "t.ward:2:29: error[W0205]: allow takes no value"),
                Arguments.of(in("    seccomp { default allow\n default log }"), "t.ward:3:2: error[W0202]: the seccomp default is already given at line 2"),
                Arguments.of(in("    seccomp { allow read }"), "t.ward:1:9: error[W0201]: profile 'p' has seccomp rules but no 'default' action anywhere in its extends chain"),
                Arguments.of(in("    expect allow read(1, 2, 3, 4, 5, 6, 7)"), "t.ward:2:41: error[W0208]: a syscall has at most six arguments"),
                Arguments.of(in("    expect allow read on x86-64"), "t.ward:2:26: error[W0111]: unknown architecture 'x86-64' (did you mean 'x86_64'?)"),
                // engines
                Arguments.of(in("    capabilities {\n        keep chown, kill\n        drop kill\n    }"),
                        "t.ward:4:14: error[W0401]: capability 'kill' is both kept and dropped (see line 3)"),
                Arguments.of(in("    mode unprivileged\n    idmap {\n        uid 0 -> 0 count 65536\n        gid 0 -> 100000 count 65536\n    }"),
                        "t.ward:4:9: error[W0402]: unprivileged profile 'p' maps container uid 0 to host uid 0, which makes it privileged"),
                Arguments.of(in("    mode unprivileged"), "t.ward:1:9: error[W0402]: unprivileged profile 'p' needs an idmap that maps container uid 0 "
                        + "to an unprivileged host uid"),
                Arguments.of(in("    idmap {\n        uid 0 -> 100000 count 65536\n        uid 1000 -> 300000 count 10\n    }"),
                        "t.ward:4:9: error[W0403]: uid range overlaps the container ids of the mapping at line 3"),
                Arguments.of(in("    idmap {\n        gid 0 -> 100000 count 10\n        gid 10 -> 100005 count 10\n    }"),
                        "t.ward:4:9: error[W0403]: gid range overlaps the host ids of the mapping at line 3"),
                Arguments.of(in("    idmap { uid 0 -> 4294967295 count 2 }"), "t.ward:2:13: error[W0412]: the range ends past the largest id 4294967295"),
                Arguments.of(in("    idmap { isolated\n uid 0 -> 1 count 1 }"), "t.ward:2:5: error[W0412]: an idmap is either 'isolated' or explicit mappings, not both"),
                Arguments.of(in("    rlimits { nofile 4096 1024 }"), "t.ward:2:22: error[W0405]: soft limit 4096 is above the hard limit 1024"),
                Arguments.of(in("    network { veth bridge \"a bridge name that is too long\" }"),
                        "t.ward:2:27: error[W0409]: 'a bridge name that is too long' is not a valid bridge name (1..15 letters, digits, '_', '.', '-')"),
                Arguments.of(in("    network { veth bridge per-user }"),
                        "t.ward:2:27: error[W0409]: expected a bridge name in quotes or per-owner, found 'per-user'"),
                Arguments.of(in("    devices { allow x 1:3 rwm }"), "t.ward:2:21: error[W0407]: device type must be c (character), b (block) or a (all), not 'x'"),
                Arguments.of(in("    devices { allow c 1:3 rwx }"), "t.ward:2:27: error[W0407]: device access is some of r, w, m (each once), not 'rwx'"),
                Arguments.of(in("    filesystem { readonly \"proc/sys\" }"),
                        "t.ward:2:27: error[W0408]: expected an absolute path without control characters, found \"proc/sys\""),
                Arguments.of(in("    filesystem { proc rx }"), "t.ward:2:23: error[W0112]: expected rw, ro or mixed, found 'rx' (did you mean 'ro'?)"),
                Arguments.of(in("    mode unprivileged\n    idmap { isolated }\n    namespaces { share user }"),
                        "t.ward:4:5: error[W0411]: unprivileged profile 'p' cannot share the host's user namespace"),
                Arguments.of(in("    owner \"alice;rm\""), "t.ward:2:11: error[W0410]: 'alice;rm' is not a valid user or group name"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void firstDiagnostic(String source, String expected) {
        Diagnostics d = new Diagnostics();
        PolicyLoader.loadString("t.ward", source, d);
        List<String> got = d.all().stream().map(Diagnostic::headline).toList();
        assertEquals(expected, got.isEmpty() ? "(no diagnostics)" : got.get(0), () -> String.join("\n", got));
    }
}
