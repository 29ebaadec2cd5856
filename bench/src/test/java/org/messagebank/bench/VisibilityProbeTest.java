package org.messagebank.bench;

import org.junit.jupiter.api.Test;
import org.messagebank.store.domain.Message;
import org.messagebank.store.domain.Urgency;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class VisibilityProbeTest {

    /** Messages become searchable up to a watermark id, as a refresh after applying the outbox makes them. */
    private static final class Watermark implements VisibilityProbe.View {
        private volatile long visibleUpTo;

        @Override
        public long documentCount() {
            return visibleUpTo;
        }

        @Override
        public boolean finds(long clientId, Instant createdAt, long messageId) {
            return messageId <= visibleUpTo;
        }
    }

    private static Message message(long id) {
        return new Message(id, 1 + id % 3, null, null, Instant.parse("2025-01-01T00:00:00Z").plusMillis(id), "+447700900123",
                "Ann Smith", 1, Map.of("reason", "boiler"), Urgency.NORMAL, null, null);
    }

    @Test
    void samplesAreFoundOnceARefreshShowsThemAndTheRestTimeOut() {
        var index = new Watermark();
        var probe = new VisibilityProbe(index, Duration.ofMillis(300));
        for (long id = 1; id <= 10; id++) {
            probe.saved(message(id), System.nanoTime());
        }
        index.visibleUpTo = 4;
        var result = probe.finish();
        assertEquals(10, result.sampled());
        assertEquals(4, result.lagNanos().length);
        assertEquals(6, result.notVisible());
    }
}
