package dev.ward.cli;

import dev.ward.ast.PolicyFile;
import dev.ward.diag.Diagnostics;
import dev.ward.diag.SourceFiles;
import dev.ward.diag.Span;
import dev.ward.fmt.Formatter;
import dev.ward.parse.PolicyParser;
import dev.ward.parse.SourceReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ward fmt [--check] FILE...}: rewrites policies in the canonical layout. */
@Command(name = "fmt", mixinStandardHelpOptions = true,
        description = "Rewrite policy files in the canonical layout (comments kept).")
public final class FmtCommand implements Callable<Integer> {
    @Option(names = "--check", description = "Change nothing; list the files that are not formatted and exit 1 if any.")
    boolean check;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Policy files (directories are searched for *.ward).")
    List<Path> paths;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Diagnostics d = new Diagnostics();
        SourceFiles sources = new SourceFiles();
        boolean unformatted = false;
        for (Path file : files(d)) {
            String label = file.toString();
            Optional<String> text = SourceReader.read(file, label, Span.file(label), d);
            if (text.isEmpty()) continue;
            sources.add(label, text.get());
            Optional<PolicyFile> ast = PolicyParser.parse(label, text.get(), d);
            if (ast.isEmpty()) continue;
            String formatted = Formatter.format(ast.get());
            if (formatted.equals(text.get())) continue;
            if (check) {
                out.println(label + ": not formatted");
                unformatted = true;
            } else {
                write(file, formatted, d);
            }
        }
        Reporting.print(d, sources, err);
        out.flush();
        return d.hasErrors() || unformatted ? Main.EXIT_FINDINGS : Main.EXIT_OK;
    }

    private List<Path> files(Diagnostics d) {
        return paths.stream().flatMap(p -> {
            if (!Files.isDirectory(p)) return Stream.of(p);
            try (Stream<Path> walk = Files.walk(p)) {
                return walk.filter(f -> f.toString().endsWith(".ward") && Files.isRegularFile(f)).sorted().toList().stream();
            } catch (IOException | java.io.UncheckedIOException e) {
                d.error(dev.ward.diag.Codes.CANNOT_READ, Span.file(p.toString()), "cannot read directory " + p + ": " + e.getMessage());
                return Stream.empty();
            }
        }).toList();
    }

    /** Replaces the file with its formatted text; a failure is a diagnostic naming the file. */
    private static void write(Path file, String text, Diagnostics d) {
        try {
            AtomicFile.write(file, text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            d.error(dev.ward.diag.Codes.CANNOT_WRITE, Span.file(file.toString()), "cannot write " + file + ": " + e.getMessage());
        }
    }
}
