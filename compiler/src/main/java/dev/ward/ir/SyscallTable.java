package dev.ward.ir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;

/**
 * Syscall numbers per architecture, libseccomp's names. Loaded once from {@code syscalls.tsv}, which
 * {@code compiler/tables/gen_syscalls.py} generates from libseccomp's syscalls.csv. x32 numbers are
 * stored without {@link Arch#X32_SYSCALL_BIT}.
 */
public final class SyscallTable {
    private static final class Holder {
        static final SyscallTable STANDARD = load();
    }

    private final Map<String, Map<Arch, Integer>> byName;
    private final Map<Arch, Map<Integer, String>> byNumber;

    private SyscallTable(Map<String, Map<Arch, Integer>> byName) {
        this.byName = byName;
        Map<Arch, Map<Integer, String>> numbers = new EnumMap<>(Arch.class);
        for (Arch a : Arch.values()) numbers.put(a, new TreeMap<>());
        byName.forEach((name, perArch) -> perArch.forEach((arch, nr) -> numbers.get(arch).putIfAbsent(nr, name)));
        numbers.replaceAll((a, m) -> Collections.unmodifiableMap(m));
        this.byNumber = Collections.unmodifiableMap(numbers);
    }

    /** The table shipped with Ward. */
    public static SyscallTable standard() {
        return Holder.STANDARD;
    }

    /** The number of {@code name} on {@code arch}, if that ABI has the call. */
    public OptionalInt number(Arch arch, String name) {
        Map<Arch, Integer> perArch = byName.get(name);
        Integer nr = perArch == null ? null : perArch.get(arch);
        return nr == null ? OptionalInt.empty() : OptionalInt.of(nr);
    }

    /** The name of syscall number {@code nr} on {@code arch} (x32: without the x32 bit). */
    public Optional<String> name(Arch arch, int nr) {
        return Optional.ofNullable(byNumber.get(arch).get(nr));
    }

    /** True when some architecture (of all libseccomp knows) has this name. */
    public boolean known(String name) {
        return byName.containsKey(name);
    }

    /** Every known name, sorted. */
    public Set<String> names() {
        return byName.keySet();
    }

    /** Number to name for one architecture, sorted by number. */
    public Map<Integer, String> numbers(Arch arch) {
        return byNumber.get(arch);
    }

    private static SyscallTable load() {
        try (InputStream in = SyscallTable.class.getResourceAsStream("syscalls.tsv")) {
            if (in == null) throw new IllegalStateException("syscalls.tsv is missing from the build");
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            Map<String, Map<Arch, Integer>> table = new TreeMap<>();
            Arch[] columns = null;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isEmpty() || line.startsWith("#")) continue;
                String[] cells = line.split("\t");
                if (columns == null) {
                    columns = new Arch[cells.length - 1];
                    for (int i = 1; i < cells.length; i++) {
                        columns[i - 1] = Arch.byName(cells[i]).orElseThrow();
                    }
                    continue;
                }
                Map<Arch, Integer> perArch = new EnumMap<>(Arch.class);
                for (int i = 1; i < cells.length; i++) {
                    if (!cells[i].equals("-")) perArch.put(columns[i - 1], Integer.parseInt(cells[i]));
                }
                table.put(cells[0], Collections.unmodifiableMap(perArch));
            }
            return new SyscallTable(Collections.unmodifiableMap(table));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
