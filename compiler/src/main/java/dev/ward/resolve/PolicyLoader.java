package dev.ward.resolve;

import dev.ward.diag.Codes;
import dev.ward.diag.Diagnostics;
import dev.ward.diag.SourceFiles;
import dev.ward.diag.Span;
import dev.ward.ir.Policy;
import dev.ward.ir.SyscallTable;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The front end's entry point: reads policy files, parses them, resolves them into the IR. Problems go to
 * the given {@link Diagnostics}; the returned policy holds whatever resolved. Work runs on a thread with a
 * large stack so that no input can overflow it.
 */
public final class PolicyLoader {
    static final long STACK_BYTES = 64L << 20;

    /** The resolved policy and the text of every file read, for printing diagnostics. */
    public record Loaded(Policy policy, SourceFiles sources) {}

    private PolicyLoader() {}

    /** Loads files and directories (searched for *.ward) and everything they use. */
    public static Loaded load(List<Path> filesOrDirs, Diagnostics d) {
        return run(d, loader -> loader.loadArguments(filesOrDirs));
    }

    /** Loads policy text as if read from {@code fileName}; relative uses start at its directory. */
    public static Loaded loadString(String fileName, String text, Diagnostics d) {
        return run(d, loader -> loader.loadText(fileName, text));
    }

    private static Loaded run(Diagnostics d, Consumer<SourceLoader> read) {
        SourceFiles sources = new SourceFiles();
        AtomicReference<Policy> result = new AtomicReference<>(new Policy(List.of()));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread worker = new Thread(null, () -> {
            try {
                SourceLoader loader = new SourceLoader(d, sources);
                read.accept(loader);
                result.set(new Resolver(loader.units(), Constants.standard(), SyscallTable.standard(), d).resolve());
            } catch (StackOverflowError e) {
                d.error(Codes.TOO_DEEP, Span.file("<input>"), "input too deeply nested to process");
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "ward-loader", STACK_BYTES);
        worker.start();
        try {
            worker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading policies", e);
        }
        Throwable t = failure.get();
        if (t instanceof RuntimeException re) throw re;
        if (t instanceof Error err) throw err;
        if (t != null) throw new IllegalStateException(t);
        return new Loaded(result.get(), sources);
    }
}
