package dev.ward.resolve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConstantsTest {
    private final Constants constants = Constants.standard();

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        "EPERM, 1", "ENOENT, 2", "EAGAIN, 11", "EACCES, 13", "ENOSYS, 38", "EAFNOSUPPORT, 97",
        "EOPNOTSUPP, 95", "EHWPOISON, 133",
        "AF_UNIX, 1", "AF_INET, 2", "AF_INET6, 10", "AF_NETLINK, 16", "AF_PACKET, 17", "AF_ALG, 38",
        "AF_VSOCK, 40",
        "SOCK_STREAM, 1", "SOCK_DGRAM, 2", "SOCK_RAW, 3", "SOCK_NONBLOCK, 0x800", "SOCK_CLOEXEC, 0x80000",
        "CLONE_VM, 0x100", "CLONE_NEWTIME, 0x80", "CLONE_NEWNS, 0x20000", "CLONE_NEWCGROUP, 0x2000000",
        "CLONE_NEWUTS, 0x4000000", "CLONE_NEWIPC, 0x8000000", "CLONE_NEWUSER, 0x10000000",
        "CLONE_NEWPID, 0x20000000", "CLONE_NEWNET, 0x40000000", "CLONE_INTO_CGROUP, 0x200000000",
        "O_RDONLY, 0", "O_WRONLY, 1", "O_RDWR, 2", "O_CREAT, 0x40", "O_DIRECTORY, 0x10000",
        "O_LARGEFILE, 0x8000", "O_CLOEXEC, 0x80000", "O_PATH, 0x200000", "O_TMPFILE, 0x410000",
        "MNT_FORCE, 1", "MNT_DETACH, 2", "MNT_EXPIRE, 4", "UMOUNT_NOFOLLOW, 8",
        "MS_RDONLY, 1", "MS_REMOUNT, 0x20", "MS_BIND, 0x1000", "MS_MOVE, 0x2000", "MS_REC, 0x4000",
        "MS_NOUSER, 0x80000000",
        "PR_SET_NO_NEW_PRIVS, 38", "PR_CAPBSET_DROP, 24", "PR_SET_SECCOMP, 22", "PR_SET_DUMPABLE, 4",
        "PER_LINUX, 0", "PER_LINUX32, 8", "UNAME26, 0x20000", "ADDR_NO_RANDOMIZE, 0x40000",
        "READ_IMPLIES_EXEC, 0x400000", "PER_MASK, 0xff",
        "SECCOMP_SET_MODE_FILTER, 1", "SECCOMP_RET_ALLOW, 0x7fff0000", "SECCOMP_RET_KILL_PROCESS, 0x80000000",
        "SECCOMP_FILTER_FLAG_NEW_LISTENER, 8",
        "TIOCSTI, 0x5412", "TIOCLINUX, 0x541c",
        "MAP_SHARED, 1", "MAP_PRIVATE, 2", "MAP_FIXED, 0x10", "MAP_ANONYMOUS, 0x20", "MAP_HUGETLB, 0x40000",
        "PROT_NONE, 0", "PROT_READ, 1", "PROT_WRITE, 2", "PROT_EXEC, 4",
        "FUTEX_WAIT, 0", "FUTEX_WAKE, 1", "FUTEX_PRIVATE_FLAG, 128",
        "NETLINK_ROUTE, 0", "NETLINK_AUDIT, 9", "NETLINK_KOBJECT_UEVENT, 15",
        "KEYCTL_JOIN_SESSION_KEYRING, 1", "KEYCTL_RESTRICT_KEYRING, 29",
        "PTRACE_TRACEME, 0", "PTRACE_ATTACH, 16", "PTRACE_SEIZE, 0x4206",
        "S_IFMT, 0xf000", "S_IFREG, 0x8000", "S_IFCHR, 0x2000", "S_IFBLK, 0x6000",
        "AT_SYMLINK_NOFOLLOW, 0x100", "AT_EMPTY_PATH, 0x1000", "AT_RECURSIVE, 0x8000",
    })
    void knownValues(String name, String value) {
        assertEquals(OptionalLong.of(Long.decode(value)), constants.value(name), name);
    }

    @Test
    void negativeValuesAreSignExtended() {
        assertEquals(OptionalLong.of(-100L), constants.value("AT_FDCWD"));
        assertEquals(OptionalLong.of(-1L), constants.value("KEY_SPEC_THREAD_KEYRING"));
        assertEquals(OptionalLong.of(-1L), constants.value("PR_SET_PTRACER_ANY"));
    }

    @Test
    void errnoNamesBothWays() {
        assertEquals(OptionalInt.of(1), constants.errno("EPERM"));
        assertEquals(OptionalInt.of(133), constants.errno("EHWPOISON"));
        assertEquals(OptionalInt.of(11), constants.errno("EWOULDBLOCK"));
        assertEquals(Optional.of("EAGAIN"), constants.errnoName(11));
        assertEquals(Optional.of("EDEADLK"), constants.errnoName(35));
        assertEquals(Optional.of("EOPNOTSUPP"), constants.errnoName(95));
        assertEquals(Optional.of("EHWPOISON"), constants.errnoName(133));
        assertEquals(Optional.empty(), constants.errnoName(0));
        assertEquals(Optional.empty(), constants.errnoName(41));
        assertEquals(Optional.empty(), constants.errnoName(134));
        assertEquals(OptionalInt.empty(), constants.errno("AF_INET"));
        assertEquals(OptionalInt.empty(), constants.errno("EBOGUS"));
    }

    @Test
    void everyErrnoFromEpermToEhwpoisonRoundTrips() {
        int named = 0;
        for (int n = 1; n <= 133; n++) {
            Optional<String> name = constants.errnoName(n);
            if (name.isPresent()) {
                named++;
                assertEquals(OptionalInt.of(n), constants.errno(name.get()));
            }
        }
        // 41 and 58 are unused in Linux's generic numbering.
        assertEquals(131, named);
    }

    @Test
    void unknownNamesAndKinds() {
        assertEquals(OptionalLong.empty(), constants.value("AF_VSOK"));
        assertEquals(OptionalLong.empty(), constants.value("af_vsock"));
        assertEquals(Optional.of("af"), constants.kind("AF_VSOCK"));
        assertEquals(Optional.of("errno-alias"), constants.kind("ENOTSUP"));
        assertFalse(constants.names().contains("AF_MAX"));
        assertTrue(constants.names().containsAll(List.of("CLONE_NEWUSER", "EPERM", "TIOCSTI")));
        List<String> sorted = new ArrayList<>(constants.names());
        sorted.sort(null);
        assertEquals(sorted, new ArrayList<>(constants.names()));
    }

    /**
     * Runs the checked-in generator against this host's headers: every name both know has the same value.
     * The table holds x86_64's values, so only an x86_64 host with gcc, python3 and the headers can check it.
     */
    @Test
    void tableAgreesWithThisHostsHeaders() throws IOException, InterruptedException {
        assumeTrue(System.getProperty("os.arch").equals("amd64"), "the table holds x86_64's values");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/gcc")) && Files.isExecutable(Path.of("/usr/bin/python3"))
                && Files.exists(Path.of("/usr/include/linux/sched.h")),
                "gcc, python3 and the kernel headers are needed to regenerate the table");
        Path repo = Path.of(System.getProperty("ward.repo"));
        Path out = Files.createTempFile("constants", ".tsv");
        try {
            Process p = new ProcessBuilder("/usr/bin/python3", repo.resolve("compiler/tables/gen_constants.py").toString(),
                    out.toString()).redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes());
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "generator timed out");
            assertEquals(0, p.exitValue(), log);
            Map<String, Long> host = new HashMap<>();
            boolean header = true;
            for (String line : Files.readAllLines(out)) {
                if (line.startsWith("#") || line.isEmpty()) continue;
                if (header) {
                    header = false;
                    continue;
                }
                String[] cells = line.split("\t");
                String v = cells[1];
                host.put(cells[0], v.startsWith("0x") ? Long.parseUnsignedLong(v.substring(2), 16)
                        : v.startsWith("-") ? Long.parseLong(v) : Long.parseUnsignedLong(v));
            }
            assertTrue(host.size() > 800, "the generator found only " + host.size() + " constants");
            int compared = 0;
            for (String name : constants.names()) {
                Long expected = host.get(name);
                if (expected == null) continue;
                assertEquals(OptionalLong.of(expected), constants.value(name), name);
                compared++;
            }
            assertTrue(compared > 800, "only " + compared + " names in common with this host's headers");
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
