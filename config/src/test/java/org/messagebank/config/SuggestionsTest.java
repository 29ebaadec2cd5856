package org.messagebank.config;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SuggestionsTest {

    private static final List<String> KEYS = List.of("http.host", "http.port", "agi.port", "database.pool-size");

    @Test
    void measuresEditDistance() {
        assertEquals(0, Suggestions.editDistance("port", "port"));
        assertEquals(2, Suggestions.editDistance("prot", "port"));
        assertEquals(3, Suggestions.editDistance("kitten", "sitting"));
        assertEquals(4, Suggestions.editDistance("", "port"));
    }

    @Test
    void suggestsTheNearestKey() {
        assertEquals(Optional.of("http.port"), Suggestions.closest("http.prot", KEYS));
        assertEquals(Optional.of("database.pool-size"), Suggestions.closest("database.poolsize", KEYS));
        assertEquals(Optional.of("http.port"), Suggestions.closest("HTTP.PORT", KEYS));
    }

    @Test
    void suggestsNothingWhenNoKeyIsClose() {
        assertEquals(Optional.empty(), Suggestions.closest("logging.level", KEYS));
    }
}
