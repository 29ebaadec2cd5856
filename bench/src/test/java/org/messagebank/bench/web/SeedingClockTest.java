package org.messagebank.bench.web;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SeedingClockTest {

    @Test
    void showsThePinnedInstantUntilReleasedThenTheSystemTime() {
        var clock = new SeedingClock();
        var past = Instant.parse("2025-03-01T10:00:00Z");

        clock.pin(past);
        assertEquals(past, clock.instant());
        assertEquals(past.toEpochMilli(), clock.millis());

        clock.release();
        assertTrue(Duration.between(clock.instant(), Instant.now()).abs().toSeconds() < 5);
    }
}
