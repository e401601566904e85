package dev.ward.resolve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ward.diag.Diagnostics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A directory read ahead on several threads loads exactly as its files named one by one (read in order). */
class ParallelReaderTest {
    @TempDir
    Path dir;

    @Test
    void aDirectoryLoadsAsItsFilesOneByOne() throws IOException {
        for (int i = 0; i < 40; i++) {
            Files.writeString(dir.resolve(String.format("p%02d.ward", i)), """
                    use "std/unprivileged.ward"
                    use "shared.inc"
                    profile svc-%d extends unprivileged {
                        owner "u%d"
                        seccomp { allow bind, listen }
                        expect allow bind
                    }
                    """.formatted(i, i));
        }
        Files.writeString(dir.resolve("shared.inc"), "const PORT = 80\n");
        // broken files among them: a syntax error, a bad character, invalid UTF-8, an unknown parent, a duplicate
        Files.writeString(dir.resolve("p05.ward"), "profile broken {\n  limits { memory 1GiB\n");
        Files.writeString(dir.resolve("p11.ward"), "profile odd { seccomp { allow read \u0001 } }\n");
        Files.write(dir.resolve("p17.ward"), new byte[] {(byte) 0xff, (byte) 0xfe, 'x', '\n'});
        Files.writeString(dir.resolve("p23.ward"), "profile orphan extends nowhere { }\n");
        Files.writeString(dir.resolve("p29.ward"), "profile svc-3 { }\n");
        Files.createSymbolicLink(dir.resolve("p30-link.ward"), dir.resolve("p30.ward"));

        Diagnostics ahead = new Diagnostics();
        PolicyLoader.Loaded a = PolicyLoader.load(List.of(dir), ahead);
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> p.toString().endsWith(".ward")).sorted().forEach(files::add);
        }
        assertTrue(files.size() >= ParallelReader.MIN_FILES);
        Diagnostics oneByOne = new Diagnostics();
        PolicyLoader.Loaded b = PolicyLoader.load(files, oneByOne);

        assertFalse(ahead.all().isEmpty());
        assertEquals(oneByOne.all(), ahead.all());
        assertEquals(oneByOne.dropped(), ahead.dropped());
        assertEquals(b.policy(), a.policy());
        assertEquals(List.copyOf(b.sources().names()), List.copyOf(a.sources().names()));
        for (String name : b.sources().names()) assertEquals(b.sources().text(name), a.sources().text(name), name);
        assertTrue(a.policy().profiles().size() > 30);
        assertTrue(new String(Files.readAllBytes(dir.resolve("p00.ward")), StandardCharsets.UTF_8).contains("svc-0"));
    }
}
