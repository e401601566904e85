package dev.ward.ast;

import java.util.List;

/** The syntax tree of one .ward file: its items in order and its comments. */
public record PolicyFile(String name, List<Item> items, List<Comment> comments) {
    public PolicyFile {
        items = List.copyOf(items);
        comments = List.copyOf(comments);
    }
}
