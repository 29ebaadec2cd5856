package org.messagebank.bench.web;

import org.junit.jupiter.api.Test;
import org.messagebank.store.PhoneNumbers;

import java.util.HashSet;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CallPlacerTest {

    @Test
    void everyCallHasItsOwnCallerNumberInTheFormThePopCarries() {
        var phones = new PhoneNumbers("GB");
        var seen = new HashSet<String>();
        IntStream.of(0, 1, 9_999, 50_000, 99_999).forEach(n -> {
            String e164 = CallPlacer.callerNumber(n);
            assertEquals(e164, phones.toE164("0" + e164.substring(3)).orElseThrow(), "the national form sent over FastAGI");
            seen.add(e164);
        });
        assertEquals(5, seen.size());
        assertEquals("+447700900000", CallPlacer.callerNumber(0));
        assertEquals("+447700999999", CallPlacer.callerNumber(99_999));
    }

    @Test
    void refusesCallsBeyondTheRangeOfNumbers() {
        assertThrows(IllegalArgumentException.class, () -> CallPlacer.callerNumber(100_000));
        assertThrows(IllegalArgumentException.class, () -> CallPlacer.callerNumber(-1));
    }
}
