package org.messagebank.bench.web;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The system clock, except while pinned to an instant: seeding pins it to each batch's time so
 * that the store dates the messages across the corpus's span, then lets it run on.
 */
final class SeedingClock extends Clock {
    private volatile Instant pinned;

    void pin(Instant instant) {
        pinned = instant;
    }

    void release() {
        pinned = null;
    }

    @Override
    public Instant instant() {
        var at = pinned;
        return at != null ? at : Instant.now();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
