package dev.ward.apparmor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs the real {@code apparmor_parser} (Debian's apparmor package; test.sh installs it). The kernel of the
 * test machine need not have AppArmor: {@code -Q} compiles without loading, {@code -K -T} keep the cache
 * out of it, and includes resolve against /etc/apparmor.d.
 */
final class AppArmorParser {
    static final String PARSER = "/sbin/apparmor_parser";
    private static final Pattern FAILED_FILE = Pattern.compile("for (\\S+?\\.profile)");

    private AppArmorParser() {}

    record Result(int exit, byte[] out, String stderr) {
        /** stdout as UTF-8 text. */
        String stdout() {
            return new String(out, StandardCharsets.UTF_8);
        }

        /** stderr without the notice that the kernel has no AppArmor cache interface. */
        String errors() {
            return stderr.lines().filter(l -> !l.startsWith("Cache read/write disabled")).reduce("", (a, b) -> a + b + "\n");
        }
    }

    /** Compiles one profile text with the given extra options. */
    static Result run(String profile, String... options) {
        return runAll(Map.of("p.profile", profile), options);
    }

    /** Writes each named text to its own file and compiles them all in one parser run. */
    static Result runAll(Map<String, String> files, String... options) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("ward-aa");
            List<String> cmd = new ArrayList<>(List.of(PARSER, "-K", "-T"));
            cmd.addAll(List.of(options));
            for (Map.Entry<String, String> f : files.entrySet()) {
                Path p = dir.resolve(f.getKey());
                Files.writeString(p, f.getValue(), StandardCharsets.UTF_8);
                cmd.add(p.toString());
            }
            Process proc = new ProcessBuilder(cmd).start();
            proc.getOutputStream().close();
            byte[][] out = new byte[2][];
            Thread t = new Thread(() -> out[1] = readAll(proc.getErrorStream()));
            t.start();
            out[0] = readAll(proc.getInputStream());
            if (!proc.waitFor(120, TimeUnit.SECONDS)) {
                proc.destroyForcibly();
                throw new AssertionError("apparmor_parser did not finish in 120 s");
            }
            t.join();
            return new Result(proc.exitValue(), out[0], new String(out[1], StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("cannot run " + PARSER + " (test.sh installs Debian's apparmor package)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } finally {
            if (dir != null) delete(dir);
        }
    }

    /**
     * Checks that every text compiles ({@code -Q}); when the batch fails, reports the files the parser
     * named, with their texts, so the failure can be read without rerunning.
     */
    static void assertAccepted(Map<String, String> files) {
        Result r = runAll(files, "-Q");
        if (r.exit() == 0 && r.errors().isBlank()) return;
        StringBuilder sb = new StringBuilder("apparmor_parser rejected a profile (exit " + r.exit() + "):\n" + r.errors());
        Matcher m = FAILED_FILE.matcher(r.errors());
        Map<String, String> shown = new LinkedHashMap<>();
        while (m.find()) {
            String name = Path.of(m.group(1)).getFileName().toString();
            if (files.containsKey(name)) shown.put(name, files.get(name));
        }
        shown.forEach((k, v) -> sb.append("---- ").append(k).append('\n').append(v));
        throw new AssertionError(sb.toString());
    }

    /** The parser's dump of the built profile structures ({@code -d}), one line per rule. */
    static String debug(String profile) {
        Result r = run(profile, "-Q", "-d");
        if (r.exit() != 0) throw new AssertionError("apparmor_parser rejected:\n" + r.errors() + profile);
        return r.stdout();
    }

    /** The names of the profiles in the text ({@code -N}). */
    static List<String> names(String profile) {
        Result r = run(profile, "-N");
        if (r.exit() != 0) throw new AssertionError("apparmor_parser rejected:\n" + r.errors() + profile);
        return r.stdout().lines().toList();
    }

    /** The compiled binary policy ({@code -S}), as ISO-8859-1 text so that byte strings can be searched. */
    static String binary(String profile) {
        Result r = run(profile, "-S");
        if (r.exit() != 0) throw new AssertionError("apparmor_parser rejected:\n" + r.errors() + profile);
        return new String(r.out(), StandardCharsets.ISO_8859_1);
    }

    /** The parser's major version, from {@code --version}. */
    static int majorVersion() {
        Result r = run("", "--version");
        Matcher m = Pattern.compile("version (\\d+)").matcher(r.stdout() + r.stderr());
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory left behind is harmless
        }
    }
}
