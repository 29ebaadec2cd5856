package org.messagebank.bench.web;

import org.messagebank.bench.LatencyStats;
import org.messagebank.config.DatabaseConfig;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;

/**
 * The messages of a run and their dispatches, read from the run's database (a connection of its
 * own, beside the nodes' pools) once the calls are over.
 *
 * @param messages     messages saved, warm-up calls' included
 * @param undispatched of those, messages with no dispatch sent (or delivered) yet
 * @param sent         dispatches sent or delivered
 * @param failed       dispatches failed for good
 * @param saveToSent   for the messages saved from the first measured call on, the time from the
 *                     message's save ({@code messages.created_at}) to its dispatch being sent
 *                     ({@code dispatches.updated_at}); both stamped by the nodes' clock, the same
 *                     wall clock for every node of the run, to the millisecond or better
 */
record Dispatches(long messages, long undispatched, long sent, long failed, LatencyStats saveToSent) {
    private static final String COUNTS = "SELECT (SELECT COUNT(*) FROM messages),"
            + " (SELECT COUNT(*) FROM messages m WHERE NOT EXISTS (SELECT 1 FROM dispatches d WHERE d.message_id = m.id"
            + " AND d.state IN ('SENT', 'DELIVERED'))),"
            + " (SELECT COUNT(*) FROM dispatches WHERE state IN ('SENT', 'DELIVERED')),"
            + " (SELECT COUNT(*) FROM dispatches WHERE state = 'FAILED')";
    private static final String SENT_AFTER_SAVE = "SELECT m.created_at, d.updated_at FROM dispatches d"
            + " JOIN messages m ON m.id = d.message_id WHERE d.state IN ('SENT', 'DELIVERED') AND m.created_at >= ?";

    /** Every message has a dispatch sent. */
    boolean allDispatched() {
        return messages > 0 && undispatched == 0;
    }

    /**
     * Reads the counts every half second until every message has a dispatch sent, or
     * {@code patience} has passed (the tail of the run is still being delivered), then the times.
     */
    static Dispatches await(DatabaseConfig database, Instant measuredFrom, Duration patience)
            throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        try (var c = DriverManager.getConnection(database.url(), database.user(), database.password())) {
            var counts = counts(c);
            while (counts[1] > 0 && System.nanoTime() < deadline) {
                Thread.sleep(500);
                counts = counts(c);
            }
            return new Dispatches(counts[0], counts[1], counts[2], counts[3], saveToSent(c, measuredFrom));
        }
    }

    private static long[] counts(Connection c) throws SQLException {
        try (var s = c.createStatement(); var rs = s.executeQuery(COUNTS)) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)};
        }
    }

    private static LatencyStats saveToSent(Connection c, Instant measuredFrom) throws SQLException {
        try (var s = c.prepareStatement(SENT_AFTER_SAVE)) {
            s.setObject(1, measuredFrom.atOffset(ZoneOffset.UTC));
            try (var rs = s.executeQuery()) {
                var nanos = new long[1024];
                int n = 0;
                while (rs.next()) {
                    if (n == nanos.length) {
                        nanos = Arrays.copyOf(nanos, n * 2);
                    }
                    nanos[n++] = Duration.between(rs.getObject(1, OffsetDateTime.class), rs.getObject(2, OffsetDateTime.class)).toNanos();
                }
                return LatencyStats.of(Arrays.copyOf(nanos, n));
            }
        }
    }
}
