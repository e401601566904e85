package dev.ward.parse;

import dev.ward.diag.Codes;
import dev.ward.diag.Diagnostics;
import dev.ward.diag.Span;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/** Reads one policy file as text: a regular file, no larger than {@link #MAX_FILE_BYTES}, valid UTF-8. */
public final class SourceReader {
    /** Larger files are refused: no policy is anywhere near this size. */
    public static final long MAX_FILE_BYTES = 4L << 20;

    private SourceReader() {}

    /** The file's text, or empty after reporting why it cannot be read; {@code where} locates the report. */
    public static Optional<String> read(Path file, String label, Span where, Diagnostics d) {
        try {
            if (!Files.exists(file)) {
                d.error(Codes.CANNOT_READ, where, "cannot read " + label + ": no such file");
                return Optional.empty();
            }
            if (!Files.isRegularFile(file)) {
                d.error(Codes.CANNOT_READ, where, "cannot read " + label + ": not a regular file");
                return Optional.empty();
            }
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                d.error(Codes.FILE_TOO_LARGE, where, String.format("%s is too large (%d bytes; the limit is %d MiB)",
                        label, size, MAX_FILE_BYTES >> 20));
                return Optional.empty();
            }
            return SourceDecoder.decode(label, Files.readAllBytes(file), d);
        } catch (NoSuchFileException e) {
            d.error(Codes.CANNOT_READ, where, "cannot read " + label + ": no such file");
        } catch (IOException | SecurityException e) {
            d.error(Codes.CANNOT_READ, where, "cannot read " + label + ": " + e.getMessage());
        }
        return Optional.empty();
    }
}
