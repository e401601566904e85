package dev.ward.resolve;

import dev.ward.ast.PolicyFile;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One loaded file: its syntax tree and where its relative {@code use} paths start: a directory on disk, or a
 * directory inside the shipped library ({@code stdDir}, such as "" for std/ itself).
 */
record Unit(PolicyFile ast, Optional<Path> dir, Optional<String> stdDir) {
    String label() {
        return ast.name();
    }
}
