package dev.ward.engine;

import java.util.List;

/**
 * The view a key/value template renders ({@code lxc.conf}, {@code systemd.conf}): a header comment and
 * sections of entries. Every key and value is already checked and escaped for the target file.
 */
public record ConfigText(List<String> header, List<Section> sections) {
    public ConfigText {
        header = List.copyOf(header);
        sections = List.copyOf(sections);
    }

    /** A commented group of entries; empty sections are left out by the templates. */
    public record Section(String comment, List<Entry> entries) {
        public Section {
            entries = List.copyOf(entries);
        }
    }

    public record Entry(String key, String value) {}
}
