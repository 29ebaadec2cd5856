package org.messagebank.store.jdbc;

import java.util.Locale;

/** LIKE patterns from user text, with the wildcards escaped (use with {@code ESCAPE '\\'}). */
final class Like {
    private Like() {
    }

    /** A lower-case pattern matching any text that contains {@code text}. */
    static String containing(String text) {
        return "%" + text.strip().toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }
}
