package dev.ward.runtime;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import dev.ward.ir.Capability;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JVM that becomes the command ({@link Exec}). It may start inside a user namespace whose root cannot
 * read ward's jars (under /root, say), so the parent opens them as O_PATH descriptors before the exec and
 * the child names them {@code /proc/self/fd/N}. JNA's native library is unpacked once by the parent into
 * the run's directory and loaded from there; the child writes no file (no perf data either), since a
 * process that ends in execve never runs its exit-time cleanup.
 */
final class ChildJvm {
    private static final Set<String> JVM_ENVIRONMENT = Set.of("JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS",
            "JDK_JAVA_OPTIONS", "CLASSPATH");

    private ChildJvm() {}

    /** The directories and jars holding the classes Exec loads: the runtime, the IR enums, JNA. */
    static List<Path> classPath() throws RunFailure {
        Set<Path> entries = new LinkedHashSet<>();
        for (Class<?> c : List.of(Exec.class, Capability.class, Native.class)) {
            try {
                entries.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()));
            } catch (URISyntaxException | RuntimeException e) {
                throw new RunFailure("cannot locate the classes of " + c.getName() + ": " + e.getMessage(), 3);
            }
        }
        return new ArrayList<>(entries);
    }

    /** Unpacks JNA's dispatch library into {@code dir} (made readable to any user), returning the directory. */
    static Path unpackJna(Path dir) throws IOException {
        String name = System.mapLibraryName("jnidispatch");
        String resource = "/com/sun/jna/" + Platform.RESOURCE_PREFIX + "/" + name;
        Path jna = Files.createDirectory(dir.resolve("jna"));
        Files.setPosixFilePermissions(jna, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (InputStream in = Native.class.getResourceAsStream(resource)) {
            if (in == null) throw new IOException("JNA has no native library for " + Platform.RESOURCE_PREFIX);
            Path lib = jna.resolve(name);
            Files.copy(in, lib, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(lib, PosixFilePermissions.fromString("rw-r--r--"));
        }
        return jna;
    }

    /** The java command line; {@code jnaFd} and {@code classPathFds} are the child's O_PATH descriptors. */
    static List<String> command(int jnaFd, List<Integer> classPathFds) {
        List<String> a = new ArrayList<>();
        a.add(javaBinary().toString());
        a.add("-XX:-UsePerfData");
        // No JVM message may reach the command's stderr; a thread the pids limit refuses is not fatal.
        a.add("-Xlog:disable");
        a.add("-XX:+UseSerialGC");
        a.add("-XX:TieredStopAtLevel=1");
        a.add("-Xshare:auto");
        a.add("-Xms8m");
        a.add("-Xmx64m");
        a.add("-Djna.boot.library.path=/proc/self/fd/" + jnaFd);
        a.add("-Djna.nosys=true");
        a.add("-Djna.noclasspath=true");
        StringBuilder cp = new StringBuilder();
        for (int fd : classPathFds) {
            if (cp.length() > 0) cp.append(':');
            cp.append("/proc/self/fd/").append(fd);
        }
        a.add("-cp");
        a.add(cp.toString());
        a.add(Exec.class.getName());
        return a;
    }

    static Path javaBinary() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        try {
            return java.toRealPath();
        } catch (IOException e) {
            return java;
        }
    }

    /** The child JVM's environment: ward's, without the variables that would change how a JVM starts. */
    static List<String> environment() {
        List<String> env = new ArrayList<>();
        for (Map.Entry<String, String> e : System.getenv().entrySet()) {
            if (!JVM_ENVIRONMENT.contains(e.getKey())) env.add(e.getKey() + "=" + e.getValue());
        }
        return env;
    }
}
