package dev.ward.resolve;

import java.util.Collection;
import java.util.Optional;

/** "Did you mean": the closest candidate by edit distance (transpositions count once), if close enough. */
public final class Suggest {
    private Suggest() {}

    /** The closest candidate to {@code word}, if it is within a third of the word's length (at least 1 edit). */
    public static Optional<String> closest(String word, Collection<String> candidates) {
        if (word.length() > 64) return Optional.empty();
        int limit = Math.max(1, Math.min(3, word.length() / 3));
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            if (c.equals(word) || Math.abs(c.length() - word.length()) > limit) continue;
            int d = distance(word.toLowerCase(java.util.Locale.ROOT), c.toLowerCase(java.util.Locale.ROOT));
            if (d < bestDistance || (d == bestDistance && best != null && c.compareTo(best) < 0)) {
                best = c;
                bestDistance = d;
            }
        }
        return bestDistance <= limit ? Optional.of(best) : Optional.empty();
    }

    /**
     * The suffix " (did you mean 'x'?)" or the empty string; also empty once {@code d} keeps no more
     * diagnostics, so that a flood of unknown names does not cost a search each.
     */
    public static String hint(String word, Collection<String> candidates, dev.ward.diag.Diagnostics d) {
        return d.dropped() > 0 ? "" : hint(word, candidates);
    }

    /** The suffix " (did you mean 'x'?)" or the empty string. */
    public static String hint(String word, Collection<String> candidates) {
        return closest(word, candidates).map(s -> " (did you mean '" + s + "'?)").orElse("");
    }

    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
