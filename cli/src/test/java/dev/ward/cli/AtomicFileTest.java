package dev.ward.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
    @TempDir Path dir;

    @Test
    void createsMissingDirectoriesAndANewFileReadableByAll() throws IOException {
        Path target = dir.resolve("out/lxc/web.conf");
        AtomicFile.write(target, "lxc.arch = x86_64\n".getBytes(StandardCharsets.UTF_8));
        assertEquals("lxc.arch = x86_64\n", Files.readString(target));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
        assertEquals(1, entries(target.getParent()));
    }

    @Test
    void replacingAFileKeepsItsPermissionsAndLeavesNoTemporaryFile() throws IOException {
        Path target = dir.resolve("web.ward");
        Files.writeString(target, "old");
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-x---"));
        byte[] text = "profile web {}\n".getBytes(StandardCharsets.UTF_8);
        AtomicFile.write(target, text);
        assertArrayEquals(text, Files.readAllBytes(target));
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
        assertEquals(1, entries(dir));
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path target = dir.resolve("taken");
        Files.createDirectories(target.resolve("child"));
        assertThrows(IOException.class, () -> AtomicFile.write(target, new byte[] {1}));
        assertEquals(true, Files.isDirectory(target.resolve("child")));
        assertEquals(1, entries(dir));
    }

    private static long entries(Path directory) throws IOException {
        try (Stream<Path> s = Files.list(directory)) {
            return s.count();
        }
    }
}
