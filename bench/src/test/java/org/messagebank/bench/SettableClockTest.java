package org.messagebank.bench;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SettableClockTest {

    @Test
    void showsTheInstantItWasSetToUntilSetToNullThenTheSystemTime() {
        var clock = new SettableClock();
        var past = Instant.parse("2025-03-01T10:00:00Z");

        clock.set(past);
        assertEquals(past, clock.instant());
        assertEquals(past.toEpochMilli(), clock.millis());

        clock.set(null);
        assertTrue(Duration.between(clock.instant(), Instant.now()).abs().toSeconds() < 5);
    }
}
