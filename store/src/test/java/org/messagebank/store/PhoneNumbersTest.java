package org.messagebank.store;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PhoneNumbersTest {
    private final PhoneNumbers phones = new PhoneNumbers("GB");

    @Test
    void findsANumberThatIsTheWholeText() {
        assertEquals(List.of(new PhoneNumbers.Found(0, 13, "+442079460123")), phones.findIn("020 7946 0123"));
        assertEquals(List.of(new PhoneNumbers.Found(0, 15, "+442079460123")), phones.findIn("(020) 7946 0123"));
        assertEquals(List.of(new PhoneNumbers.Found(0, 16, "+447700900123")), phones.findIn("+44 7700 900 123"));
    }

    @Test
    void findsAWholeTextNumberAtItsPositionWithoutTheSurroundingSpace() {
        assertEquals(List.of(new PhoneNumbers.Found(2, 14, "+447700900123")), phones.findIn("  07700 900123 "));
    }

    @Test
    void findsEveryNumberInsideText() {
        var found = phones.findIn("call 07700 900123 or 0161 496 0000 after six");
        assertEquals(List.of("+447700900123", "+441614960000"), found.stream().map(PhoneNumbers.Found::e164).toList());
        assertEquals("07700 900123", "call 07700 900123 or 0161 496 0000 after six".substring(found.getFirst().start(), found.getFirst().end()));
    }

    @Test
    void findsBothOfTwoNumbersWrittenSideBySide() {
        assertEquals(List.of("+447700900123", "+441614960000"),
                phones.findIn("07700 900123, 0161 496 0000").stream().map(PhoneNumbers.Found::e164).toList());
    }

    @Test
    void findsNothingInTextWithTooFewDigitsOrInDates() {
        assertEquals(List.of(), phones.findIn("boiler leak, flat 12"));
        assertEquals(List.of(), phones.findIn("31/12/2025"));
    }
}
