package org.messagebank.bench.retention;

import org.junit.jupiter.api.Test;
import org.messagebank.store.MessageStore.CommitStats;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ReaperBenchTest {

    @Test
    void aWindowsCommitsAreDescribedPerCommit() {
        var before = new CommitStats(10, 300, Duration.ofMillis(10), Duration.ofMillis(20));
        var after = new CommitStats(14, 420, Duration.ofMillis(18), Duration.ofMillis(32));
        assertEquals("group commits: 4 of 30.0 messages each; per commit 2.00 ms committing, 3.00 ms syncing",
                ReaperBench.perCommit(after.since(before)));
    }

    @Test
    void aWindowWithoutCommitsIsAllZeroes() {
        var stats = new CommitStats(7, 70, Duration.ofMillis(7), Duration.ZERO);
        assertEquals("group commits: 0 of 0.0 messages each; per commit 0.00 ms committing, 0.00 ms syncing",
                ReaperBench.perCommit(stats.since(stats)));
    }
}
