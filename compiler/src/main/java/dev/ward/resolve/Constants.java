package dev.ward.resolve;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/**
 * The named constants a policy may write in conditions and actions ({@code AF_VSOCK}, {@code CLONE_NEWUSER},
 * {@code EPERM}, ...). Loaded once from {@code constants.tsv}, which {@code compiler/tables/gen_constants.py}
 * generates from the kernel and libc headers. Values are x86_64's (Linux's generic numbering); the few that
 * differ on other architectures are listed at the top of the table and are not translated.
 */
public final class Constants {
    private static final class Holder {
        static final Constants STANDARD = load();
    }

    /** One row of the table: the value as a syscall argument sees it (unsigned 64-bit) and its kind. */
    private record Entry(long value, String kind) {}

    private static final String ERRNO = "errno";
    private static final String ERRNO_ALIAS = "errno-alias";
    private static final int ERRNO_MAX = 4095;

    private final Map<String, Entry> byName;
    private final Map<Integer, String> errnoNames;

    private Constants(Map<String, Entry> byName) {
        this.byName = Collections.unmodifiableMap(byName);
        Map<Integer, String> errnos = new TreeMap<>();
        byName.forEach((name, e) -> {
            if (e.kind().equals(ERRNO) && errnos.putIfAbsent((int) e.value(), name) != null) {
                throw new IllegalStateException("constants.tsv: two canonical names for errno " + e.value());
            }
        });
        this.errnoNames = Collections.unmodifiableMap(errnos);
    }

    /** The table shipped with Ward. */
    public static Constants standard() {
        return Holder.STANDARD;
    }

    /** The value of {@code name} (negative C values sign-extended to 64 bits), if Ward knows the name. */
    public OptionalLong value(String name) {
        Entry e = byName.get(name);
        return e == null ? OptionalLong.empty() : OptionalLong.of(e.value());
    }

    /** The kind of {@code name}: {@code errno}, {@code errno-alias}, {@code af}, {@code clone}, {@code o}, ... */
    public Optional<String> kind(String name) {
        Entry e = byName.get(name);
        return e == null ? Optional.empty() : Optional.of(e.kind());
    }

    /** Every known name, sorted. */
    public Set<String> names() {
        return byName.keySet();
    }

    /** The canonical errno name of {@code errno} ({@code EAGAIN} for 11, not {@code EWOULDBLOCK}). */
    public Optional<String> errnoName(int errno) {
        return Optional.ofNullable(errnoNames.get(errno));
    }

    /** The number of an errno name, aliases included; empty for names that are not errno names. */
    public OptionalInt errno(String name) {
        Entry e = byName.get(name);
        if (e == null || !(e.kind().equals(ERRNO) || e.kind().equals(ERRNO_ALIAS))) return OptionalInt.empty();
        return OptionalInt.of((int) e.value());
    }

    private static Constants load() {
        try (InputStream in = Constants.class.getResourceAsStream("constants.tsv")) {
            if (in == null) throw new IllegalStateException("constants.tsv is missing from the build");
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            Map<String, Entry> table = new TreeMap<>();
            boolean header = true;
            int lineNo = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNo++;
                if (line.isEmpty() || line.startsWith("#")) continue;
                if (header) {
                    header = false;
                    continue;
                }
                String[] cells = line.split("\t");
                if (cells.length != 3) throw new IllegalStateException("constants.tsv:" + lineNo + ": three columns expected");
                Entry e = new Entry(parse(cells[1]), cells[2]);
                boolean isErrno = e.kind().equals(ERRNO) || e.kind().equals(ERRNO_ALIAS);
                if (isErrno && (e.value() < 1 || e.value() > ERRNO_MAX)) {
                    throw new IllegalStateException("constants.tsv:" + lineNo + ": errno out of range");
                }
                if (table.put(cells[0], e) != null) {
                    throw new IllegalStateException("constants.tsv:" + lineNo + ": duplicate " + cells[0]);
                }
            }
            return new Constants(table);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // The table writes decimal (possibly negative) or 0x-prefixed hex, both up to 64 bits unsigned.
    private static long parse(String text) {
        if (text.startsWith("0x")) return Long.parseUnsignedLong(text.substring(2), 16);
        if (text.startsWith("-")) return Long.parseLong(text);
        return Long.parseUnsignedLong(text);
    }
}
