package org.messagebank.bench;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock a benchmark sets: the system's time, except while set to an instant, so that data can be
 * seeded in the past (the store dates what it saves by its clock) and measured in the present.
 */
public final class SettableClock extends Clock {
    private volatile Instant now;

    /** Stops the clock at {@code instant}; null lets it follow the system's time again. */
    public void set(Instant instant) {
        now = instant;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        var at = now;
        return at == null ? Instant.now() : at;
    }
}
