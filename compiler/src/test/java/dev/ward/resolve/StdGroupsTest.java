package dev.ward.resolve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ward.ir.SyscallTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The syscall groups of policies/std/groups.ward against the syscall table Ward ships. */
class StdGroupsTest {
    private static final Pattern GROUP = Pattern.compile("group\\s+(@[a-z-]+)\\s*=\\s*([^=]*?)(?=\\bgroup\\b|\\z)",
            Pattern.DOTALL);

    /** Group name to its members as written (syscall names and @group references), in file order. */
    private static Map<String, List<String>> groups;

    private final SyscallTable table = SyscallTable.standard();

    @BeforeAll
    static void read() throws IOException {
        Path file = Path.of(System.getProperty("ward.repo"), "policies/std/groups.ward");
        // The file holds only comments and `group @NAME = a, b, ...` statements.
        String text = String.join("\n", Files.readAllLines(file).stream().map(l -> l.replaceAll("#.*", "")).toList());
        groups = new LinkedHashMap<>();
        Matcher m = GROUP.matcher(text);
        int end = 0;
        while (m.find()) {
            assertEquals("", text.substring(end, m.start()).trim(), "text between groups");
            List<String> members = new ArrayList<>();
            for (String member : m.group(2).split(",")) members.add(member.trim());
            if (groups.put(m.group(1), members) != null) fail("group " + m.group(1) + " defined twice");
            end = m.end();
        }
        assertEquals("", text.substring(end).trim(), "text after the last group");
    }

    /** The syscalls of a group, groups expanded. */
    private static Set<String> expand(String group) {
        Set<String> out = new TreeSet<>();
        for (String member : groups.get(group)) {
            if (member.startsWith("@")) out.addAll(expand(member));
            else out.add(member);
        }
        return out;
    }

    @Test
    void everyGroupOfSystemdsSetIsDefined() {
        for (String name : List.of("@system-service", "@basic-io", "@file-system", "@io-event", "@ipc",
                "@network-io", "@process", "@signal", "@timer", "@mount", "@module", "@raw-io", "@reboot", "@swap",
                "@clock", "@cpu-emulation", "@debug", "@obsolete", "@privileged", "@resources", "@setuid",
                "@keyring", "@memlock", "@aio", "@sync", "@chown", "@pkey", "@known", "@default")) {
            assertTrue(groups.containsKey(name), name + " is missing");
        }
    }

    @Test
    void everyMemberIsAKnownSyscallOrAnEarlierGroup() {
        Set<String> defined = new LinkedHashSet<>();
        groups.forEach((group, members) -> {
            Set<String> seen = new LinkedHashSet<>();
            for (String member : members) {
                assertTrue(seen.add(member), group + " lists " + member + " twice");
                if (member.startsWith("@")) {
                    assertTrue(defined.contains(member), group + " uses " + member + " before it is defined");
                } else {
                    assertTrue(table.known(member), group + ": '" + member + "' is not in libseccomp's table");
                }
            }
            defined.add(group);
        });
    }

    @Test
    void knownIsTheWholeTable() {
        Set<String> known = expand("@known");
        Set<String> missing = new TreeSet<>(table.names());
        missing.removeAll(known);
        Set<String> extra = new TreeSet<>(known);
        extra.removeAll(table.names());
        assertEquals(Set.of(), missing, "in the table but not in @known");
        assertEquals(Set.of(), extra, "in @known but not in the table");
    }

    @Test
    void systemServiceHasWhatServicesNeedAndNothingDangerous() {
        Set<String> service = expand("@system-service");
        assertTrue(service.containsAll(List.of("read", "write", "openat", "close", "execve", "exit_group", "mmap",
                "brk", "futex", "clone", "socket", "epoll_wait", "rt_sigaction", "getrandom", "ioctl")));
        for (String risky : List.of("@mount", "@module", "@reboot", "@swap", "@clock", "@raw-io", "@debug",
                "@obsolete", "@cpu-emulation", "@sandbox")) {
            Set<String> overlap = new TreeSet<>(expand(risky));
            overlap.retainAll(service);
            assertEquals(Set.of(), overlap, "@system-service overlaps " + risky);
        }
        assertFalse(service.contains("open_by_handle_at"));
        assertFalse(service.contains("userfaultfd"), "userfaultfd is left out of systemd's set");
        assertFalse(service.containsAll(expand("@keyring")), "@keyring is left out of systemd's set");
        assertFalse(service.contains("bpf"));
        assertFalse(service.contains("kexec_load"));
    }

    @Test
    void privilegedHasTheCapabilityGuardedCalls() {
        Set<String> privileged = expand("@privileged");
        assertTrue(privileged.containsAll(List.of("open_by_handle_at", "init_module", "kexec_load", "reboot",
                "bpf", "chown", "settimeofday", "iopl", "swapon", "pivot_root", "setuid")));
        assertFalse(privileged.contains("setgid"), "setgid to one's own groups needs no privilege");
    }

    @Test
    void everyNamedGroupHasACallOnX86_64OrAnotherShippedArchitecture() {
        for (String group : groups.keySet()) {
            boolean somewhere = expand(group).stream().anyMatch(name -> table.number(dev.ward.ir.Arch.X86_64, name)
                    .isPresent() || table.number(dev.ward.ir.Arch.AARCH64, name).isPresent());
            assertTrue(somewhere, group + " has no call on x86_64 or aarch64");
        }
    }
}
