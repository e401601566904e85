package dev.ward.resolve;

import dev.ward.ast.Item;
import dev.ward.ast.PolicyFile;
import dev.ward.diag.Codes;
import dev.ward.diag.Diagnostics;
import dev.ward.diag.SourceFiles;
import dev.ward.diag.Span;
import dev.ward.parse.PolicyParser;
import dev.ward.parse.SourceDecoder;
import dev.ward.parse.SourceReader;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Reads the files of one run: those named (directories are searched for *.ward files), then everything they
 * {@code use}, each once. {@code use "std/..."} reads the shipped library: the {@code policies/std} resources
 * on the class path, or the repository's policies/std when running from source.
 */
final class SourceLoader {
    private static final String STD_PREFIX = "std/";
    private static final java.util.Map<String, PolicyFile> STD_TREES = new java.util.concurrent.ConcurrentHashMap<>();

    private final Diagnostics d;
    private final SourceFiles sources;
    private final List<Unit> units = new ArrayList<>();
    private final Set<String> seen = new HashSet<>();
    private final Deque<Unit> pending = new ArrayDeque<>();

    SourceLoader(Diagnostics d, SourceFiles sources) {
        this.d = d;
        this.sources = sources;
    }

    List<Unit> units() {
        return units;
    }

    /** Loads the named files and directories and, transitively, what they use. */
    void loadArguments(List<Path> paths) {
        for (Path p : paths) {
            String label = p.toString();
            if (Files.isDirectory(p)) {
                List<Path> found = findPolicies(p);
                if (found.isEmpty()) d.error(Codes.NO_POLICIES, Span.file(label), "no .ward files in directory " + label);
                Map<Path, Future<Prepared>> prepared = ParallelReader.prepare(found);
                for (Path f : found) loadDisk(f, f.toString(), Optional.empty(), prepared.get(f));
            } else {
                loadDisk(p, label, Optional.empty(), null);
            }
        }
        drain();
    }

    /** Loads policy text given directly; relative uses start at the directory of {@code name}. */
    void loadText(String name, String text) {
        sources.add(name, text);
        Path base = Optional.ofNullable(Paths.get(name).getParent()).orElse(Paths.get(""));
        seen.add("text:" + name);
        PolicyParser.parseRecovering(name, text, d).ifPresent(ast -> add(new Unit(ast, Optional.of(base), Optional.empty())));
        drain();
    }

    private void drain() {
        while (!pending.isEmpty()) {
            Unit u = pending.poll();
            for (Item item : u.ast().items()) {
                if (item instanceof Item.Use use) resolveUse(u, use);
            }
        }
    }

    // use "std/REL" reads the shipped library; any other path is relative to the using file.
    private void resolveUse(Unit from, Item.Use use) {
        String path = use.path().value();
        if (path.isEmpty() || path.indexOf('\0') >= 0) {
            d.error(Codes.MISSING_USE, use.path().span(), "use needs a file name");
            return;
        }
        if (path.startsWith(STD_PREFIX) || from.stdDir().isPresent() && !path.startsWith("/")) {
            String rel = path.startsWith(STD_PREFIX) ? path.substring(STD_PREFIX.length())
                    : joinStd(from.stdDir().get(), path);
            if (rel == null || !loadStd(rel)) {
                d.error(Codes.MISSING_USE, use.path().span(), "cannot find '" + path + "' in the shipped library");
            }
            return;
        }
        Path base = from.dir().orElse(Paths.get(""));
        Path target;
        try {
            target = base.resolve(path).normalize();
        } catch (java.nio.file.InvalidPathException e) {
            d.error(Codes.MISSING_USE, use.path().span(), "invalid file name '" + path + "'");
            return;
        }
        if (!Files.isRegularFile(target)) {
            d.error(Codes.MISSING_USE, use.path().span(), "cannot find '" + path + "' (looked for " + target + ")");
            return;
        }
        loadDisk(target, target.toString(), Optional.of(use.path().span()), null);
    }

    private static String joinStd(String dir, String path) {
        Path joined = Paths.get(dir).resolve(path).normalize();
        String s = joined.toString().replace('\\', '/');
        return s.startsWith("..") ? null : s;
    }

    private boolean loadStd(String rel) {
        if (Paths.get(rel).normalize().startsWith("..") || rel.startsWith("/")) return false;
        String key = "std:" + rel;
        if (seen.contains(key)) return true;
        Optional<byte[]> bytes = stdBytes(rel);
        if (bytes.isEmpty()) return false;
        seen.add(key);
        String label = STD_PREFIX + rel;
        String dir = Optional.ofNullable(Paths.get(rel).getParent()).map(Path::toString).orElse("");
        parse(label, bytes.get(), Optional.empty(), Optional.of(dir));
        return true;
    }

    /** The text and tree of a file outside the shipped library, read and parsed ahead on another thread. */
    record Prepared(String key, Optional<String> text, Diagnostics read, Optional<PolicyFile> ast, Diagnostics parsed) {}

    /** Reads and parses a file as {@link #loadDisk} would, into diagnostics of its own; null for the library. */
    static Prepared prepare(Path file) throws IOException {
        String label = file.toString();
        String key = file.toRealPath().toString();
        if (stdRelative(Paths.get(key)).isPresent()) return null;
        Diagnostics read = new Diagnostics(Integer.MAX_VALUE);
        Optional<String> text = SourceReader.read(file, label, Span.file(label), read);
        Diagnostics parsed = new Diagnostics(Integer.MAX_VALUE);
        Optional<PolicyFile> ast = text.flatMap(t -> PolicyParser.parseRecovering(label, t, parsed));
        return new Prepared(key, text, read, ast, parsed);
    }

    // `ahead`, when given, holds the file read and parsed ahead; the result is the same as reading it here.
    private void loadDisk(Path file, String label, Optional<Span> usedAt, Future<Prepared> ahead) {
        Prepared p = ahead == null ? null : ParallelReader.await(ahead);
        if (p != null) {
            if (!seen.add(p.key())) return;
            p.read().all().forEach(d::add);
            if (p.text().isEmpty()) return;
            sources.add(label, p.text().get());
            p.parsed().all().forEach(d::add);
            Optional<Path> dir = Optional.of(Optional.ofNullable(file.getParent()).orElse(Paths.get("")));
            p.ast().ifPresent(a -> add(new Unit(a, dir, Optional.empty())));
            return;
        }
        Span where = usedAt.orElse(Span.file(label));
        String key;
        try {
            key = file.toRealPath().toString();
        } catch (NoSuchFileException e) {
            d.error(Codes.CANNOT_READ, where, "cannot read " + label + ": no such file");
            return;
        } catch (IOException e) {
            d.error(Codes.CANNOT_READ, where, "cannot read " + label + ": " + e.getMessage());
            return;
        }
        Optional<String> stdRel = stdRelative(Paths.get(key));
        if (stdRel.isPresent()) key = "std:" + stdRel.get();
        if (!seen.add(key)) return;
        Optional<String> text = SourceReader.read(file, label, where, d);
        if (text.isEmpty()) return;
        Optional<Path> dir = Optional.of(Optional.ofNullable(file.getParent()).orElse(Paths.get("")));
        parseText(label, text.get(), dir, stdRel.map(r -> Optional.ofNullable(Paths.get(r).getParent())
                .map(Path::toString).orElse("")));
    }

    private void parse(String label, byte[] bytes, Optional<Path> dir, Optional<String> stdDir) {
        SourceDecoder.decode(label, bytes, d).ifPresent(text -> parseText(label, text, dir, stdDir));
    }

    private void parseText(String label, String text, Optional<Path> dir, Optional<String> stdDir) {
        sources.add(label, text);
        Optional<PolicyFile> ast;
        if (stdDir.isPresent()) {
            // The shipped library is parsed once per process; its trees are immutable.
            String key = label + "\0" + text;
            PolicyFile cached = STD_TREES.get(key);
            ast = cached != null ? Optional.of(cached) : PolicyParser.parseRecovering(label, text, d);
            if (cached == null && ast.isPresent() && ast.get().complete() && STD_TREES.size() < 64) STD_TREES.put(key, ast.get());
        } else {
            ast = PolicyParser.parseRecovering(label, text, d);
        }
        ast.ifPresent(a -> add(new Unit(a, dir, stdDir)));
    }

    private void add(Unit u) {
        units.add(u);
        pending.add(u);
    }

    /** A file on disk that is the shipped library's own copy (the repository's policies/std/REL). */
    private static Optional<String> stdRelative(Path real) {
        for (Path p = real.getParent(); p != null; p = p.getParent()) {
            if (p.getFileName() != null && p.getFileName().toString().equals("std") && p.getParent() != null
                    && p.getParent().getFileName() != null && p.getParent().getFileName().toString().equals("policies")) {
                String rel = p.relativize(real).toString().replace('\\', '/');
                return stdBytes(rel).isPresent() ? Optional.of(rel) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    static Optional<byte[]> stdBytes(String rel) {
        URL url = SourceLoader.class.getResource("/policies/std/" + rel);
        if (url != null) {
            try (InputStream in = url.openStream()) {
                return Optional.of(in.readAllBytes());
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        return repoStd().map(std -> std.resolve(rel).normalize()).filter(Files::isRegularFile).flatMap(p -> {
            try {
                return Optional.of(Files.readAllBytes(p));
            } catch (IOException e) {
                return Optional.empty();
            }
        });
    }

    private static Optional<Path> repoStd() {
        String repo = System.getProperty("ward.repo");
        if (repo == null) return Optional.empty();
        Path std = Paths.get(repo, "policies", "std");
        return Files.isDirectory(std) ? Optional.of(std) : Optional.empty();
    }

    private List<Path> findPolicies(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> p.getFileName().toString().endsWith(".ward") && Files.isRegularFile(p))
                    .sorted().toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            d.error(Codes.CANNOT_READ, Span.file(dir.toString()), "cannot read directory " + dir + ": " + e.getMessage());
            return List.of();
        }
    }
}
