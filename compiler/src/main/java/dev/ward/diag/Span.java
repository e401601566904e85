package dev.ward.diag;

/**
 * A place in a source file: 1-based line and column of the first character, and of the last line and
 * the column after the last character.
 */
public record Span(String file, int line, int column, int endLine, int endColumn) {
    public Span {
        if (file == null) throw new IllegalArgumentException("file");
    }

    /** A span covering one point. */
    public static Span at(String file, int line, int column) {
        return new Span(file, line, column, line, column + 1);
    }

    /** A span for a whole file (no position inside it). */
    public static Span file(String file) {
        return new Span(file, 0, 0, 0, 0);
    }

    public boolean hasPosition() {
        return line > 0;
    }

    @Override
    public String toString() {
        return hasPosition() ? file + ":" + line + ":" + column : file;
    }
}
