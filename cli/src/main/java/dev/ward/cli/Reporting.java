package dev.ward.cli;

import dev.ward.diag.DiagnosticPrinter;
import dev.ward.diag.Diagnostics;
import dev.ward.diag.SourceFiles;
import java.io.PrintWriter;

/** How commands show diagnostics: the SPEC.md format with source excerpts. */
final class Reporting {
    private Reporting() {}

    static void print(Diagnostics d, SourceFiles sources, PrintWriter err) {
        new DiagnosticPrinter(sources).print(d, err);
    }
}
