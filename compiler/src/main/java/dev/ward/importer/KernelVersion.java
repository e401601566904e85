package dev.ward.importer;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A kernel version as Docker compares them: major and minor only ({@code "4.8"}). */
public record KernelVersion(int major, int minor) implements Comparable<KernelVersion> {
    private static final Pattern RELEASE = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})([^0-9].*)?");

    /** Parses {@code 4.8} or a release string such as {@code 6.1.0-18-amd64}. */
    public static Optional<KernelVersion> parse(String text) {
        Matcher m = RELEASE.matcher(text.trim());
        if (!m.matches()) return Optional.empty();
        KernelVersion v = new KernelVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        return v.major() == 0 && v.minor() == 0 ? Optional.empty() : Optional.of(v);
    }

    /** The kernel this machine runs, if its release string can be read. */
    public static Optional<KernelVersion> running() {
        String release = System.getProperty("os.version", "");
        return parse(release);
    }

    @Override
    public int compareTo(KernelVersion o) {
        return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
