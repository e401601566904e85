package dev.ward.parse;

import dev.ward.diag.Codes;
import dev.ward.diag.Diagnostics;
import dev.ward.diag.Span;
import dev.ward.grammar.WardLexer;
import dev.ward.grammar.WardParser;
import dev.ward.resolve.Suggest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.InputMismatchException;
import org.antlr.v4.runtime.NoViableAltException;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.Vocabulary;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * ANTLR's recovery with Ward's messages: {@code unexpected 'x', expected '}' or a name}, with a keyword
 * suggestion when the unexpected word is close to an expected keyword. Tokens the recovery conjures up
 * never appear in a message.
 */
final class SyntaxErrors extends DefaultErrorStrategy {
    /** Thrown to stop parsing a file once it has produced too many syntax errors. */
    static final class TooMany extends RuntimeException {
        TooMany() {
            super(null, null, false, false);
        }
    }

    private static final int MAX_PER_FILE = 25;

    private final String file;
    private final Diagnostics diagnostics;
    private int count;
    private final java.util.Set<Integer> tokenIndexes = new java.util.HashSet<>();

    SyntaxErrors(String file, Diagnostics diagnostics) {
        this.file = file;
        this.diagnostics = diagnostics;
    }

    int count() {
        return count;
    }

    /** The indexes of the tokens errors were reported at. */
    java.util.Set<Integer> tokenIndexes() {
        return tokenIndexes;
    }

    /** Never drop a brace to make the parse fit: with contextual keywords that turns one error into many. */
    @Override
    protected Token singleTokenDeletion(Parser p) {
        int type = p.getInputStream().LA(1);
        if (type == WardLexer.LBRACE || type == WardLexer.RBRACE) return null;
        return super.singleTokenDeletion(p);
    }

    @Override
    protected void reportNoViableAlternative(Parser p, NoViableAltException e) {
        report(e.getOffendingToken(), p.getExpectedTokens(), p);
    }

    @Override
    protected void reportInputMismatch(Parser p, InputMismatchException e) {
        report(e.getOffendingToken(), e.getExpectedTokens(), p);
    }

    @Override
    protected void reportFailedPredicate(Parser p, org.antlr.v4.runtime.FailedPredicateException e) {
        report(e.getOffendingToken(), p.getExpectedTokens(), p);
    }

    @Override
    protected void reportUnwantedToken(Parser p) {
        if (inErrorRecoveryMode(p)) return;
        beginErrorCondition(p);
        report(p.getCurrentToken(), getExpectedTokens(p), p);
    }

    @Override
    protected void reportMissingToken(Parser p) {
        if (inErrorRecoveryMode(p)) return;
        beginErrorCondition(p);
        report(p.getCurrentToken(), getExpectedTokens(p), p);
    }

    @Override
    public void reportError(Parser p, RecognitionException e) {
        if (inErrorRecoveryMode(p)) return;
        beginErrorCondition(p);
        if (e instanceof NoViableAltException nv) reportNoViableAlternative(p, nv);
        else if (e instanceof InputMismatchException im) reportInputMismatch(p, im);
        else report(e.getOffendingToken(), p.getExpectedTokens(), p);
    }

    private void report(Token at, IntervalSet expected, Parser p) {
        count++;
        tokenIndexes.add(at.getTokenIndex());
        if (count > MAX_PER_FILE) {
            diagnostics.error(Codes.TOO_MANY_ERRORS, span(at), "too many syntax errors in this file; stopping here");
            throw new TooMany();
        }
        diagnostics.error(Codes.SYNTAX, span(at), message(at, expected, p.getVocabulary()));
    }

    private Span span(Token t) {
        int col = t.getCharPositionInLine() + 1;
        int len = t.getType() == Token.EOF ? 1 : Math.max(1, t.getText().codePointCount(0, t.getText().length()));
        return new Span(file, t.getLine(), col, t.getLine(), col + len);
    }

    static String message(Token at, IntervalSet expected, Vocabulary vocabulary) {
        String found = describe(at);
        List<String> keywords = new ArrayList<>();
        Set<String> wanted = new LinkedHashSet<>();
        boolean anyName = expected.contains(WardLexer.IDENT);
        for (int type : expected.toArray()) {
            String literal = vocabulary.getLiteralName(type);
            boolean keyword = literal != null && Character.isLetter(literal.charAt(1));
            if (keyword) keywords.add(literal.substring(1, literal.length() - 1));
            if (keyword && anyName) continue;
            wanted.add(expectedName(type, literal));
        }
        if (at.getType() == WardLexer.IDENT && !anyName) {
            var suggestion = Suggest.closest(at.getText(), keywords);
            if (suggestion.isPresent()) {
                return "unexpected " + found + " (did you mean '" + suggestion.get() + "'?)";
            }
        }
        if (wanted.isEmpty()) return "unexpected " + found;
        List<String> list = new ArrayList<>(wanted);
        // punctuation and kinds of token first: '}' matters more than the tenth keyword
        list.sort(java.util.Comparator.comparingInt(w -> w.startsWith("'") && Character.isLetter(w.charAt(1)) ? 1 : 0));
        String shown;
        if (list.size() == 1) {
            shown = list.get(0);
        } else if (list.size() == 2) {
            shown = list.get(0) + " or " + list.get(1);
        } else if (list.size() <= 10) {
            shown = "one of " + String.join(", ", list.subList(0, list.size() - 1)) + " or " + list.get(list.size() - 1);
        } else {
            shown = "one of " + String.join(", ", list.subList(0, 10)) + ", ...";
        }
        return "unexpected " + found + ", expected " + shown;
    }

    private static String expectedName(int type, String literal) {
        return switch (type) {
            case Token.EOF -> "end of file";
            case WardLexer.IDENT -> "a name";
            case WardLexer.AT_NAME -> "a @group name";
            case WardLexer.NUMBER, WardLexer.HEX, WardLexer.OCTAL -> "a number";
            case WardLexer.DECIMAL -> "a decimal number";
            case WardLexer.SIZED -> "a size";
            case WardLexer.STRING -> "a string";
            default -> literal != null ? literal : WardParser.VOCABULARY.getDisplayName(type);
        };
    }

    static String describe(Token t) {
        if (t.getType() == Token.EOF) return "end of file";
        String text = t.getText();
        if (text.length() > 40) text = text.substring(0, 37) + "...";
        if (t.getType() == WardLexer.STRING) return "string " + text;
        return "'" + text + "'";
    }
}
