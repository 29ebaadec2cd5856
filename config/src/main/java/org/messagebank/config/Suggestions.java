package org.messagebank.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** Finds the known name a mistyped one was probably meant to be. */
final class Suggestions {

    private Suggestions() {
    }

    /**
     * The candidate nearest to {@code input} by edit distance, ignoring case, if it is close
     * enough; on a tie the earliest candidate wins.
     */
    static Optional<String> closest(String input, Collection<String> candidates) {
        String typed = input.toLowerCase(Locale.ROOT);
        int allowed = Math.max(2, typed.length() / 3);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int distance = editDistance(typed, candidate.toLowerCase(Locale.ROOT));
            if (distance <= allowed && distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Levenshtein distance: the fewest single-character insertions, deletions and substitutions. */
    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
