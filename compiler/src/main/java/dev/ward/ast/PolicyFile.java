package dev.ward.ast;

import java.util.List;
import java.util.Set;

/**
 * The syntax tree of one .ward file: its items in order and its comments. After syntax errors the tree is
 * {@code complete == false} and holds only the items that parsed cleanly; {@code damaged} names the
 * profiles, groups and constants whose definitions did not, so that resolution does not call them unknown
 * ({@code *} when a {@code use} did not parse: any name may be missing).
 */
public record PolicyFile(String name, List<Item> items, List<Comment> comments, boolean complete, Set<String> damaged) {
    public PolicyFile {
        items = List.copyOf(items);
        comments = List.copyOf(comments);
        damaged = Set.copyOf(damaged);
    }

    /** A tree parsed without errors. */
    public PolicyFile(String name, List<Item> items, List<Comment> comments) {
        this(name, items, comments, true, Set.of());
    }
}
