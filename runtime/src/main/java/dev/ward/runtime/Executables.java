package dev.ward.runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Looks programs up the way execvp does: a name with a slash as is, otherwise along PATH. */
public final class Executables {
    private static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private Executables() {}

    /**
     * A program ward itself runs, searched along ward's PATH (the standard directories without one), then
     * /usr/sbin and /sbin, where init.lxc and runc live but a user's PATH may not reach.
     */
    public static Optional<Path> find(String name) {
        return find(name, System.getenv().getOrDefault("PATH", DEFAULT_PATH) + ":/usr/sbin:/sbin");
    }

    /** The command of a run, searched along the command's own PATH. */
    public static Optional<Path> command(String name, Map<String, String> env) {
        if (name.contains("/")) {
            Path p = Path.of(name).toAbsolutePath().normalize();
            return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
        }
        return find(name, env.getOrDefault("PATH", DEFAULT_PATH));
    }

    private static Optional<Path> find(String name, String path) {
        for (String dir : path.split(":", -1)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir).resolve(name).toAbsolutePath().normalize();
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return Optional.of(p);
        }
        return Optional.empty();
    }
}
