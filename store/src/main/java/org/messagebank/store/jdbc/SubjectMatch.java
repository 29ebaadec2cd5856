package org.messagebank.store.jdbc;

import java.util.ArrayList;
import java.util.Optional;

/**
 * The WHERE of a data-subject search: the caller number equal to an E.164 number, or any of
 * the text columns containing a text (case-insensitive, wildcards escaped).
 */
record SubjectMatch(String sql, Object[] params) {

    /** Empty when there is nothing to search by. */
    static Optional<SubjectMatch> of(String e164, String text, String... textColumns) {
        var conditions = new ArrayList<String>();
        var params = new ArrayList<Object>();
        if (e164 != null) {
            conditions.add("caller_number = ?");
            params.add(e164);
        }
        if (text != null && !text.isBlank()) {
            String like = Like.containing(text);
            for (String column : textColumns) {
                conditions.add("LOWER(" + column + ") LIKE ? ESCAPE '\\'");
                params.add(like);
            }
        }
        return conditions.isEmpty() ? Optional.empty()
                : Optional.of(new SubjectMatch(" WHERE " + String.join(" OR ", conditions), params.toArray()));
    }
}
