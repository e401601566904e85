package dev.ward.parse;

import dev.ward.ast.PolicyFile;
import dev.ward.diag.Codes;
import dev.ward.diag.Diagnostics;
import dev.ward.diag.Span;
import dev.ward.grammar.WardLexer;
import dev.ward.grammar.WardParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.ListTokenSource;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.ParseCancellationException;

/**
 * Text to syntax tree. Lexical problems (stray characters, unterminated or malformed strings, nesting
 * deeper than {@link #MAX_NESTING}) are reported first and stop the file there; otherwise the parser
 * reports every syntax error it can recover from, and only an error-free parse becomes a tree.
 */
public final class PolicyParser {
    /** How deeply parentheses and {@code !} may nest in one condition. */
    public static final int MAX_NESTING = 100;
    private static final int MAX_LEXICAL_ERRORS = 25;

    private PolicyParser() {}

    /** Parses one file's text; empty when it had errors (all reported to {@code d}). */
    public static Optional<PolicyFile> parse(String file, String text, Diagnostics d) {
        return parseRecovering(file, text, d).filter(PolicyFile::complete);
    }

    /**
     * Parses one file's text, reporting every error; after syntax errors the tree keeps the items that parsed
     * cleanly (see {@link PolicyFile#complete()}). Empty after lexical errors.
     */
    public static Optional<PolicyFile> parseRecovering(String file, String text, Diagnostics d) {
        WardLexer lexer = new WardLexer(CharStreams.fromString(text, file));
        lexer.removeErrorListeners();
        List<Token> code = new ArrayList<>();
        List<Token> comments = new ArrayList<>();
        if (!lex(file, lexer, code, comments, d)) return Optional.empty();

        // The fast SLL mode decides almost every input; only when it fails does the full LL parse run, and
        // that one reports the errors.
        CommonTokenStream tokens = new CommonTokenStream(new ListTokenSource(code, file));
        WardParser parser = new WardParser(tokens);
        parser.removeErrorListeners();
        parser.setErrorHandler(new BailErrorStrategy());
        parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
        try {
            return Optional.of(new AstBuilder(file).build(parser.file(), comments));
        } catch (ParseCancellationException e) {
            tokens.seek(0);
            parser.reset();
        }
        SyntaxErrors errors = new SyntaxErrors(file, d);
        parser.setErrorHandler(errors);
        parser.getInterpreter().setPredictionMode(PredictionMode.LL);
        WardParser.FileContext tree;
        try {
            tree = parser.file();
        } catch (SyntaxErrors.TooMany tooMany) {
            return Optional.of(new PolicyFile(file, List.of(), List.of(), false, Set.of()));
        }
        if (errors.count() == 0) return Optional.of(new AstBuilder(file).build(tree, comments));
        return Optional.of(new AstBuilder(file).buildClean(tree, errors.tokenIndexes()));
    }

    /** Splits tokens into code and comments, reporting lexical errors; false if there were any. */
    private static boolean lex(String file, WardLexer lexer, List<Token> code, List<Token> comments, Diagnostics d) {
        int errors = 0;
        int depth = 0;
        int prefixRun = 0;
        for (Token t = lexer.nextToken(); ; t = lexer.nextToken()) {
            if (t.getType() == Token.EOF) {
                code.add(t);
                break;
            }
            if (errors >= MAX_LEXICAL_ERRORS) {
                d.error(Codes.TOO_MANY_ERRORS, span(file, t), "too many errors in this file; stopping here");
                return false;
            }
            switch (t.getType()) {
                case WardLexer.COMMENT -> comments.add(t);
                case WardLexer.BAD_CHAR -> {
                    d.error(Codes.BAD_CHARACTER, span(file, t), "unexpected character " + describeChar(t.getText()));
                    errors++;
                }
                case WardLexer.UNTERMINATED_STRING -> {
                    d.error(Codes.UNTERMINATED_STRING, span(file, t), "unterminated string (a string ends on its line)");
                    errors++;
                }
                case WardLexer.STRING -> {
                    Diagnostics local = new Diagnostics();
                    StringLiterals.decode(t.getText(), file, t.getLine(), t.getCharPositionInLine() + 1, local);
                    local.all().forEach(d::add);
                    errors += local.all().size();
                    code.add(t);
                }
                default -> code.add(t);
            }
            int type = t.getType();
            if (type == WardLexer.LPAREN) depth++;
            if (type == WardLexer.RPAREN) depth = Math.max(0, depth - 1);
            prefixRun = type == WardLexer.BANG || type == WardLexer.LPAREN ? prefixRun + 1
                    : type == WardLexer.COMMENT ? prefixRun : 0;
            if (depth > MAX_NESTING || prefixRun > MAX_NESTING) {
                d.error(Codes.TOO_DEEP, span(file, t),
                        "too deeply nested (more than " + MAX_NESTING + " levels of parentheses or '!')");
                return false;
            }
        }
        return errors == 0;
    }

    private static String describeChar(String text) {
        int c = text.codePointAt(0);
        if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0xfffd) return String.format("U+%04X", c);
        return String.format("'%s' (U+%04X)", text, c);
    }

    private static Span span(String file, Token t) {
        int col = t.getCharPositionInLine() + 1;
        int len = Math.max(1, t.getText().codePointCount(0, t.getText().length()));
        return new Span(file, t.getLine(), col, t.getLine(), col + len);
    }
}
