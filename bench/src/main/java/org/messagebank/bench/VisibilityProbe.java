package org.messagebank.bench;

import org.messagebank.store.Scope;
import org.messagebank.store.domain.Message;
import org.messagebank.store.index.MessageIndex;
import org.messagebank.store.index.SearchQuery;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Measures how long after {@code save()} returned a message can be found through the store's search
 * API ({@link View#of}), with the client's tenant scope and a 1 ms window on its creation time. One
 * platform thread checks each sampled message when it arrives and again whenever the index's
 * document count moves (a refresh happened); resolution is 0.2 ms plus one search.
 *
 * <p>The indexer applies the outbox in sequence order, and ids rise with the sequence, so
 * messages become searchable in id order: after a refresh the probe checks pending samples from
 * the lowest id and stops at the first one not yet visible. That keeps its own load to a few
 * searches per refresh even when the index is far behind.
 */
final class VisibilityProbe {

    /** What the probe saw. */
    record Result(int sampled, long[] lagNanos, int notVisible) {
    }

    /** The two questions the probe asks of the index. */
    interface View {
        long documentCount();

        boolean finds(long clientId, Instant createdAt, long messageId);

        /** Through the store's search API: the client's scope, a 1 ms window on the creation time. */
        static View of(MessageIndex index) {
            return new View() {
                @Override
                public long documentCount() {
                    return index.documentCount();
                }

                @Override
                public boolean finds(long clientId, Instant createdAt, long messageId) {
                    var query = SearchQuery.all().between(createdAt, createdAt.plusMillis(1)).page(0, SearchQuery.MAX_LIMIT);
                    return index.search(Scope.tenant(clientId), query).messageIds().contains(messageId);
                }
            };
        }
    }

    private record Sample(long messageId, long clientId, Instant createdAt, long savedNanos) {
    }

    private final View index;
    private final Duration timeout;
    private final ConcurrentLinkedQueue<Sample> incoming = new ConcurrentLinkedQueue<>();
    private final TreeMap<Long, Sample> pending = new TreeMap<>();
    private final List<Long> lags = new ArrayList<>();
    private final Thread thread;
    private volatile boolean finishing;
    private int sampled;
    private int notVisible;

    VisibilityProbe(View index, Duration timeout) {
        this.index = index;
        this.timeout = timeout;
        this.thread = Thread.ofPlatform().name("visibility-probe").daemon().start(this::run);
    }

    /** Called by a writer right after {@code save()} returned the message. */
    void saved(Message m, long savedNanos) {
        incoming.add(new Sample(m.id(), m.clientId(), m.createdAt(), savedNanos));
    }

    /** Waits for every sample to be found or to time out, then reports. */
    Result finish() {
        finishing = true;
        try {
            thread.join(timeout.plusSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            throw new IllegalStateException("the visibility probe did not stop");
        }
        return new Result(sampled, lags.stream().mapToLong(Long::longValue).toArray(), notVisible);
    }

    private void run() {
        long lastCount = -1;
        while (!(finishing && incoming.isEmpty() && pending.isEmpty())) {
            var fresh = new ArrayList<Sample>();
            Sample s;
            while ((s = incoming.poll()) != null) {
                fresh.add(s);
                sampled++;
            }
            long count = index.documentCount();
            if (count != lastCount) {
                checkInIdOrder();
            }
            for (var f : fresh) {
                if (!found(f)) {
                    pending.put(f.messageId(), f);
                }
            }
            lastCount = count;
            expire();
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
        }
    }

    private void checkInIdOrder() {
        while (!pending.isEmpty() && found(pending.firstEntry().getValue())) {
            pending.pollFirstEntry();
        }
    }

    /** Records the lag and returns true if the sample can be found now. */
    private boolean found(Sample s) {
        boolean visible = index.finds(s.clientId(), s.createdAt(), s.messageId());
        if (visible) {
            lags.add(System.nanoTime() - s.savedNanos());
        }
        return visible;
    }

    private void expire() {
        long now = System.nanoTime();
        var it = pending.values().iterator();
        while (it.hasNext()) {
            if (now - it.next().savedNanos() > timeout.toNanos()) {
                notVisible++;
                it.remove();
            }
        }
    }
}
