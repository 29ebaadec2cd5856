package org.messagebank.bench;

import org.junit.jupiter.api.Test;

import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LatencyStatsTest {

    @Test
    void percentilesAreNearestRank() {
        var stats = LatencyStats.of(LongStream.rangeClosed(1, 1000).map(i -> 1001 - i).toArray());
        assertEquals(1000, stats.count());
        assertEquals(500, stats.p50());
        assertEquals(900, stats.p90());
        assertEquals(990, stats.p99());
        assertEquals(999, stats.p999());
        assertEquals(1000, stats.max());
        assertEquals(500.5, stats.mean(), 1e-9);
    }

    @Test
    void noSamplesGiveZeroes() {
        assertEquals(LatencyStats.EMPTY, LatencyStats.of(new long[0]));
    }
}
