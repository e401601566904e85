package dev.ward.apparmor;

import java.util.List;

/**
 * What {@code templates/apparmor/profile.ftl} renders: every string is final profile text, quoted and
 * escaped by the backend. {@code name} is the quoted profile name, {@code preamble} the tunables includes,
 * {@code sections} commented groups of rule lines.
 */
public record ProfileView(String name, String abi, List<String> preamble, String flags, List<Section> sections) {
    public ProfileView {
        preamble = List.copyOf(preamble);
        sections = List.copyOf(sections);
    }

    /** A group of rule lines under a comment written by Ward (never policy text), wrapped into lines. */
    public record Section(List<String> comment, List<String> rules) {
        public Section {
            comment = List.copyOf(comment);
            rules = List.copyOf(rules);
        }

        public Section(String comment, List<String> rules) {
            this(wrap(comment, 96), rules);
        }

        private static List<String> wrap(String text, int width) {
            List<String> lines = new java.util.ArrayList<>();
            StringBuilder line = new StringBuilder();
            for (String word : text.split(" ")) {
                if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                    lines.add(line.toString());
                    line.setLength(0);
                }
                if (line.length() > 0) line.append(' ');
                line.append(word);
            }
            if (line.length() > 0) lines.add(line.toString());
            return lines;
        }
    }
}
