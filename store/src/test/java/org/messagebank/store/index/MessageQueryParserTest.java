package org.messagebank.store.index;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.messagebank.store.PhoneNumbers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

class MessageQueryParserTest {
    private final MessageQueryParser parser = new MessageQueryParser(LuceneMessageIndex.analyzer(), new PhoneNumbers("GB"));

    @ParameterizedTest
    @ValueSource(strings = {"boiler", "Boiler", "boiler leak", "  boiler   leak  ", "reason:boiler", "name:Smith", "name:smith boiler",
            "flat 12", "status:NEW", "reason:Boiler leak", "and or not", "x123"})
    void plainWordsAreParsedExactlyAsTheClassicSyntaxParsesThem(String text) {
        var simple = parser.parseSimple(text);
        assertNotNull(simple, "handled without the full parser: " + text);
        assertEquals(parser.parse("(" + text + ")"), simple, text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"boiler AND leak", "boiler OR leak", "NOT boiler", "\"boiler leak\"", "boil*", "boiler~", "-boiler",
            "+boiler", "07700 900123", "caller:07700900123", "phone:abc", "o'brien", "café", "reason:(boiler leak)", "boiler^2"})
    void everythingElseGoesToTheFullParser(String text) {
        assertNull(parser.parseSimple(text), text);
    }
}
