package dev.ward.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ward.diag.Span;
import dev.ward.ir.IdMapping;
import dev.ward.ir.Origin;
import dev.ward.ir.Policy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SuppressionTest {
    private static List<String> lint(String source) {
        // the uid map is written on line 3 and maps only 1000 ids (W1012)
        var b = new ProfileBuilder("web").idmap(
                new IdMapping(IdMapping.Kind.UID, 0, 200000, 1000, Origin.of(Span.at(ProfileBuilder.FILE, 3, 5))),
                new IdMapping(IdMapping.Kind.GID, 0, 200000, 65536, ProfileBuilder.at(9)));
        return Linter.findings(new Policy(List.of(b.build())), LintConfig.defaults(),
                        SourceText.of(Map.of(ProfileBuilder.FILE, source)))
                .stream().map(f -> f.rule().code() + "@" + f.span().line()).toList();
    }

    @Test
    void unsuppressed() {
        assertEquals(List.of("W1012@3"), lint("profile web {\n  idmap {\n    uid 0 -> 200000 count 1000\n"));
    }

    @Test
    void onTheLineOrAbove() {
        assertEquals(List.of(), lint("profile web {\n  idmap {\n    uid 0 -> 200000 count 1000 # ward:ignore W1012 the image uses 1000 ids\n"));
        assertEquals(List.of(), lint("profile web {\n  # ward:ignore W1012 the image uses 1000 ids\n    uid 0 -> 200000 count 1000\n"));
        // several codes, comma-separated; a comment between the ignore and its line is skipped over
        assertEquals(List.of(), lint("# ward:ignore W1001, W1012 legacy image\n# more words\n    uid 0 -> 200000 count 1000\n"));
    }

    @Test
    void aReasonIsRequired() {
        assertEquals(List.of("W1900@2", "W1012@3"), lint("profile web {\n  # ward:ignore W1012\n    uid 0 -> 200000 count 1000\n"));
    }

    @Test
    void unknownAndUnusedIgnores() {
        assertEquals(List.of("W1901@1", "W1902@2", "W1012@3"), lint(
                "# ward:ignore W1999 no such rule\n# ward:ignore W1013 wrong code\n    uid 0 -> 200000 count 1000\n"));
        // a # inside a string is not a comment
        assertEquals(List.of("W1012@3"), lint("\n\"# ward:ignore W1012 x\"\n    uid 0 -> 200000 count 1000\n"));
    }
}
