package org.messagebank.bench.web;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PopLatenciesTest {
    private static final long MS = 1_000_000;

    @Test
    void matchesEachPopAndDialToItsCallByCallerNumber() {
        var latencies = new PopLatencies();
        latencies.sent("+447700900001", 100 * MS, true);
        latencies.sent("+447700900002", 200 * MS, true);
        latencies.dialled("+447700900002", 203 * MS);
        latencies.popped("+447700900002", 207 * MS);
        latencies.popped("+447700900001", 110 * MS);
        latencies.dialled("+447700900001", 104 * MS);

        var summary = latencies.summary();

        assertEquals(2, summary.placed());
        assertEquals(2, summary.popped());
        assertEquals(0, summary.popsMissing());
        assertEquals(10 * MS, summary.pop().max());
        assertEquals(7 * MS, summary.pop().p50());
        assertEquals(4 * MS, summary.routing().max());
        assertEquals(3 * MS, summary.routing().p50());
    }

    @Test
    void onlyTheFirstPopOfACallCountsAsAReconnectedConsoleGetsItAgain() {
        var latencies = new PopLatencies();
        latencies.sent("+447700900001", 0, true);
        latencies.popped("+447700900001", 5 * MS);
        latencies.popped("+447700900001", 900 * MS);

        var summary = latencies.summary();

        assertEquals(1, summary.pop().count());
        assertEquals(5 * MS, summary.pop().max());
    }

    @Test
    void warmUpCallsAreMatchedButLeftOutOfTheSummary() {
        var latencies = new PopLatencies();
        latencies.sent("+447700900001", 0, false);
        latencies.sent("+447700900002", 0, true);
        latencies.popped("+447700900001", 500 * MS);
        latencies.popped("+447700900002", 6 * MS);

        var summary = latencies.summary();

        assertEquals(1, summary.placed());
        assertEquals(6 * MS, summary.pop().max());
        assertEquals(0, summary.unmatched());
    }

    @Test
    void countsMissingPopsAndPopsOfUnknownCallers() {
        var latencies = new PopLatencies();
        latencies.sent("+447700900001", 0, true);
        latencies.sent("+447700900002", 0, true);
        latencies.dialled("+447700900001", 2 * MS);
        latencies.dialled("+447700900002", 2 * MS);
        latencies.popped("+447700900001", 3 * MS);
        latencies.popped("+447700999999", 3 * MS);
        latencies.popped(null, 3 * MS);

        var summary = latencies.summary();

        assertEquals(1, summary.popsMissing());
        assertEquals(2, summary.dialled());
        assertEquals(2, summary.unmatched());
    }

    @Test
    void refusesACallerNumberUsedTwice() {
        var latencies = new PopLatencies();
        latencies.sent("+447700900001", 0, true);
        assertThrows(IllegalArgumentException.class, () -> latencies.sent("+447700900001", 1, true));
    }
}
