package org.messagebank.bench;

import org.messagebank.store.domain.MessageStatus;

import java.time.Instant;
import java.util.List;
import java.util.StringJoiner;

/**
 * One search of the benchmark mix, independent of the engine: {@link StoreSearch} turns it into a
 * store {@code SearchQuery}, {@link SqlSearch} into SQL. Every search asks for the newest 20 matches.
 *
 * @param clientIndex  the client whose messages are searched (tenant scope), or null for an admin
 *                     search across all clients
 * @param terms        words that must all match, each anywhere in the text or in one field
 * @param caller       a caller number to match, or null
 * @param callerAsText whether the caller is typed into the search box (national format) rather
 *                     than given as the caller filter
 * @param from         created at or after, or null
 * @param to           created before, or null
 * @param status       or null
 */
public record QuerySpec(Kind kind, Integer clientIndex, List<Term> terms, Caller caller, boolean callerAsText, Instant from,
                 Instant to, MessageStatus status) {

    public static final int LIMIT = 20;

    public QuerySpec {
        terms = List.copyOf(terms);
    }

    public enum Kind {
        WORD, TWO_WORDS, REASON_FIELD, NAME_FIELD, CALLER_FILTER, CALLER_TEXT, DATE_RANGE, STATUS, WORD_STATUS_RANGE,
        NAME_DATE_RANGE
    }

    /** Where a word must occur. */
    public enum Field {
        ANY(null), REASON("reason"), NAME("name");

        final String queryPrefix;

        Field(String queryPrefix) {
            this.queryPrefix = queryPrefix;
        }
    }

    public record Term(Field field, String word) {
    }

    public boolean admin() {
        return clientIndex == null;
    }

    /** The search box text in the store's query syntax, or null when there is none. */
    public String text() {
        var text = new StringJoiner(" ");
        for (Term t : terms) {
            text.add(t.field() == Field.ANY ? t.word() : t.field().queryPrefix + ":" + t.word());
        }
        if (caller != null && callerAsText) {
            text.add(caller.national());
        }
        return text.length() == 0 ? null : text.toString();
    }

    @Override
    public String toString() {
        return kind + (admin() ? "[admin" : "[client " + (clientIndex + 1)) + ", text=" + text()
                + (caller != null && !callerAsText ? ", caller=" + caller.national() : "")
                + (from != null ? ", " + from + ".." + to : "") + (status != null ? ", " + status : "") + "]";
    }
}
