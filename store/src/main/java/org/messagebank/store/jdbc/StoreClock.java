package org.messagebank.store.jdbc;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The injected clock, truncated to the microsecond precision both databases keep. */
record StoreClock(Clock clock) {
    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
