package org.messagebank.bench.web;

import org.junit.jupiter.api.Test;
import org.messagebank.bench.LatencyStats;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClusterPopBenchTest {
    private static final long MS = 1_000_000;

    @Test
    void tablesBothRunsSideBySideInOneRowEach() {
        var rows = List.of(row("one node", 8 * MS, dispatches(0)), row("two nodes", 12 * MS, dispatches(0)));

        var lines = ClusterPopBench.table(rows).toString().lines().toList();

        assertEquals(4, lines.size());
        assertTrue(lines.get(0).startsWith("| run | calls placed/s | calls done/s | cores used | pops received | pops missing | pop p50 ms |"));
        assertEquals("| one node | 100.0 | 95.0 | 1.50 | 1 | 1 | 8.00 | 8.00 | 8.00 | 3.00 | 2 | 2 | 0 | 40.0 | 40.0 |", lines.get(2));
        assertEquals("| two nodes | 100.0 | 95.0 | 1.50 | 1 | 1 | 12.0 | 12.0 | 12.0 | 3.00 | 2 | 2 | 0 | 40.0 | 40.0 |", lines.get(3));
    }

    @Test
    void targetsNeedEveryPopInTimeAndEveryMessageDispatched() {
        var allPopped = onePop(8 * MS);
        assertTrue(new ClusterPopBench.Row("r", 100, 95, 1.5, allPopped, 1, dispatches(0)).targetsMet());
        assertFalse(new ClusterPopBench.Row("r", 100, 95, 1.5, allPopped, 1, dispatches(1)).targetsMet(), "a message not dispatched");
        assertFalse(new ClusterPopBench.Row("r", 100, 95, 1.5, onePop(26 * MS), 1, dispatches(0))
                .targetsMet(), "pop p99 over 25 ms");
    }

    private static ClusterPopBench.Row row(String run, long popNanos, Dispatches dispatches) {
        var latencies = new PopLatencies();
        latencies.sent("+447700900001", 0, true);
        latencies.sent("+447700900002", 0, true);
        latencies.dialled("+447700900001", 3 * MS);
        latencies.popped("+447700900001", popNanos);
        return new ClusterPopBench.Row(run, 100, 95, 1.5, latencies.summary(), 2, dispatches);
    }

    private static PopLatencies.Summary onePop(long popNanos) {
        var latencies = new PopLatencies();
        latencies.sent("+447700900001", 0, true);
        latencies.popped("+447700900001", popNanos);
        return latencies.summary();
    }

    private static Dispatches dispatches(long undispatched) {
        return new Dispatches(2, undispatched, 2 - undispatched, 0, LatencyStats.of(new long[] {40 * MS}));
    }
}
