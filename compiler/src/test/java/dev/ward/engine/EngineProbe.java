package dev.ward.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The script the real-engine tests run inside a container, and the facts it prints as {@code key=value}
 * lines: capability masks, no_new_privs, seccomp mode, id map, rlimits, namespaces, limits, devices, paths.
 */
final class EngineProbe {
    private EngineProbe() {}

    /** POSIX sh; needs only coreutils, grep and iproute2 from the host. {@code /mnt} is a tmpfs of the profile. */
    static final String SCRIPT = """
            st() { grep "^$1:" /proc/self/status | cut -f2; }
            err() { out=$(cat); [ -z "$out" ] && echo "none" || echo "$out" | sed -n 's/.*: \\([A-Z][a-zA-Z -]*\\)$/\\1/p' | tail -n 1; }
            echo "capbnd=$(st CapBnd)"
            echo "capeff=$(st CapEff)"
            echo "nnp=$(st NoNewPrivs)"
            echo "seccomp=$(st Seccomp)"
            echo "uidmap=$(head -n 1 /proc/self/uid_map | tr -s ' ' | sed 's/^ //')"
            echo "nofile=$(ulimit -Sn):$(ulimit -Hn)"
            echo "hostname=$(hostname)"
            for n in pid net uts ipc mnt; do echo "ns_$n=$(readlink /proc/self/ns/$n)"; done
            echo "links=$(ip -o link show | cut -d: -f2 | tr -d ' ' | sort | tr '\\n' ' ')"
            echo hi > /dev/null && echo "devnull=ok"
            # A device the policy does not allow: mknod fails, or (runc always grants mknod) opening it does.
            dev() { if mknod "$1" $2 $3 $4 2>/dev/null; then head -c 1 "$1" 2>&1 >/dev/null | err;
                    else mknod "$1.2" $2 $3 $4 2>&1 | err; fi; }
            echo "block_device=$(dev /mnt/sda b 8 0)"
            echo "open_unallowed=$(dev /mnt/kmsg c 1 11)"
            echo "readonly=$( (echo x > /proc/sys/kernel/domainname) 2>&1 | err)"
            mkdir -m 755 /mnt/ok && echo "mkdir_allowed=ok"
            echo "mkdir_denied=$( (mkdir -m 700 /mnt/no) 2>&1 | err)"
            echo "masked_file=$(wc -c < /proc/version)"
            echo "masked_dir=$(ls -A /sys/firmware | wc -l)"
            head -c 8000000 /dev/zero | tail -c 8000000 > /dev/null; echo "mem_small=$?"
            head -c 200000000 /dev/zero | tail -c 200000000 > /dev/null; echo "mem_big=$?"
            # Only builtins while the pids limit is reached: the shell cannot fork then.
            ( i=0; while [ $i -lt 300 ]; do sleep 60 & echo $! >> /mnt/pids; i=$((i+1)); done ) 2>/dev/null
            while read p; do kill -9 $p; done < /mnt/pids
            echo "forked=$(wc -l < /mnt/pids)"
            echo "end=1"
            """;

    /** Runs a command, returns its stdout and stderr; fails when it does not end within the timeout. */
    static String run(List<String> command, Path dir, int timeoutSeconds) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        Path log = Files.createTempFile(dir, "out", ".log");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not finish in " + timeoutSeconds + "s: " + Files.readString(log));
        }
        return Files.readString(log, StandardCharsets.UTF_8) + "\nexit=" + p.exitValue();
    }

    /** The {@code key=value} lines of the probe's output (the last value of a key wins). */
    static Map<String, String> facts(String output) {
        Map<String, String> f = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0 && line.substring(0, eq).matches("[a-z_]+")) f.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return f;
    }

    /** What the same facts are on the host, for comparing namespaces and capability masks. */
    static Map<String, String> host() throws IOException, InterruptedException {
        String script = """
                echo "capbnd=$(grep '^CapBnd:' /proc/self/status | cut -f2)"
                prlimit --noheadings --raw -o RESOURCE,HARD | tr A-Z a-z | while read r h; do echo "hard_$r=$h"; done
                for n in pid net uts ipc mnt; do echo "ns_$n=$(readlink /proc/self/ns/$n)"; done
                echo "hostname=$(hostname)"
                echo "links=$(ip -o link show | cut -d: -f2 | tr -d ' ' | sort | tr '\\n' ' ')"
                """;
        return facts(run(List.of("sh", "-c", script), Path.of(System.getProperty("java.io.tmpdir")), 10));
    }
}
