package org.messagebank.store.retention;

import org.messagebank.config.RetentionConfig;
import org.messagebank.store.AuditLog;
import org.messagebank.store.retention.RetentionStore.Cutoffs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Deletes what the retention policy says must go, in bounded batches, on one node at a time
 * (a lease in the database). Idempotent and crash-safe: each batch is its own transaction, so
 * a run that dies leaves whole batches done, and the next run (once the dead run's lease has
 * expired) finishes the job. Messages go first, so index replicas learn of each deletion from
 * the outbox; after a run that deleted messages, {@code afterMessageDeletes} lets the node
 * purge the index files.
 *
 * <p>Between batches the reaper rests so that deleting takes only {@code reaper.duty-percent}
 * of a run, the way PostgreSQL's autovacuum sleeps on its cost limit: a million expired
 * messages are then removed in minutes while captures keep most of the machine.
 */
public final class RetentionReaper {
    private static final Logger log = LoggerFactory.getLogger(RetentionReaper.class);
    static final String LEASE = "retention-reaper";
    static final Duration LEASE_TTL = Duration.ofMinutes(5);

    private final RetentionStore store;
    private final AuditLog audit;
    private final RetentionConfig policy;
    private final Clock clock;
    private final Runnable afterMessageDeletes;
    private final Pacing pacing;
    private final CountDownLatch stop = new CountDownLatch(1);
    /** The longest rest between batches, well inside the lease, which is renewed before each batch. */
    static final Duration MAX_REST = LEASE_TTL.dividedBy(5);
    private final String instance = "reaper-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID();
    private final java.util.concurrent.atomic.AtomicLong runs = new java.util.concurrent.atomic.AtomicLong();

    public RetentionReaper(RetentionStore store, AuditLog audit, RetentionConfig policy, Clock clock, Runnable afterMessageDeletes) {
        this(store, audit, policy, clock, afterMessageDeletes, Pacing.REAL);
    }

    RetentionReaper(RetentionStore store, AuditLog audit, RetentionConfig policy, Clock clock, Runnable afterMessageDeletes,
                    Pacing pacing) {
        this.store = store;
        this.audit = audit;
        this.policy = policy;
        this.clock = clock;
        this.afterMessageDeletes = afterMessageDeletes;
        this.pacing = pacing;
    }

    /** Measures a batch's work and rests after it; real time in the server, scripted in tests. */
    interface Pacing {
        long nanoTime();

        /** Rests for the pause or until {@code stop} opens; true if it opened. */
        boolean rest(Duration pause, CountDownLatch stop) throws InterruptedException;

        Pacing REAL = new Pacing() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public boolean rest(Duration pause, CountDownLatch stop) throws InterruptedException {
                return stop.await(pause.toNanos(), TimeUnit.NANOSECONDS);
            }
        };
    }

    /**
     * Ends a run in progress at its next pause, as a node does when it closes: the batches done
     * stay done and are audited, and the next run deletes the rest. No later run starts.
     */
    public void stop() {
        stop.countDown();
    }

    /** What a run did, or would do in a dry run. */
    public record Run(boolean dryRun, boolean ran, Map<RetentionCategory, Long> counts) {
        public long total() {
            return counts.values().stream().mapToLong(Long::longValue).sum();
        }

        @Override
        public String toString() {
            if (!ran) {
                return "skipped: another node holds the reaper lease";
            }
            return (dryRun ? "would delete " : "deleted ") + counts.entrySet().stream()
                    .map(e -> e.getKey().name().toLowerCase(java.util.Locale.ROOT) + "=" + e.getValue())
                    .collect(Collectors.joining(" "));
        }
    }

    /** Called after every batch; lets tests stop a run midway as a crash would. */
    @FunctionalInterface
    public interface BatchListener {
        void afterBatch(RetentionCategory category, int deleted);
    }

    public Run run(boolean dryRun) {
        return run(dryRun, (category, deleted) -> {
        });
    }

    public Run run(boolean dryRun, BatchListener listener) {
        var cutoffs = cutoffs(clock.instant());
        var counts = new EnumMap<RetentionCategory, Long>(RetentionCategory.class);
        if (dryRun) {
            for (var category : RetentionCategory.values()) {
                counts.put(category, store.due(category, cutoffs).count());
            }
            return new Run(true, true, counts);
        }
        // Each run holds the lease in its own name, so a run started by an admin while the
        // scheduled one is going on is turned away like a run on another node.
        String holder = instance + "-" + runs.incrementAndGet();
        if (!store.acquireLease(LEASE, holder, clock.instant(), LEASE_TTL)) {
            return new Run(false, false, counts);
        }
        boolean stopped = false;
        try {
            for (var category : RetentionCategory.values()) {
                long total = 0;
                int deleted;
                do {
                    if (stopped || stop.getCount() == 0) {
                        stopped = true;
                        break;
                    }
                    if (!store.acquireLease(LEASE, holder, clock.instant(), LEASE_TTL)) {
                        throw new IllegalStateException("the reaper lease was lost mid-run");
                    }
                    long started = pacing.nanoTime();
                    deleted = store.reapBatch(category, cutoffs, policy.reaperBatchSize());
                    total += deleted;
                    if (deleted > 0) {
                        listener.afterBatch(category, deleted);
                    }
                    if (deleted == policy.reaperBatchSize()) {
                        stopped = rest(Duration.ofNanos(pacing.nanoTime() - started));
                    }
                } while (deleted == policy.reaperBatchSize());
                counts.put(category, total);
            }
        } finally {
            store.releaseLease(LEASE, holder);
        }
        var run = new Run(false, true, counts);
        if (counts.get(RetentionCategory.MESSAGES) + counts.get(RetentionCategory.CEASED_CLIENT_MESSAGES) > 0) {
            afterMessageDeletes.run();
        }
        audit.append("system:reaper", "retention.reap", "retention", run.toString());
        log.info("retention reaper {}{}", run, stopped ? " (stopped before the end; the next run deletes the rest)" : "");
        return run;
    }

    /** How long to rest after a batch that took {@code work}: the duty's share, at most {@link #MAX_REST}. */
    static Duration restAfter(RetentionConfig policy, Duration work) {
        var pause = policy.reaperPauseAfter(work);
        return pause.compareTo(MAX_REST) > 0 ? MAX_REST : pause;
    }

    /** Rests after a batch; true if the reaper was stopped meanwhile. */
    private boolean rest(Duration work) {
        var pause = restAfter(policy, work);
        try {
            return pause.isZero() ? stop.getCount() == 0 : pacing.rest(pause, stop);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /**
     * Deletes every message of one client now, at the client's request (the caller has had the
     * request confirmed); audited with the count. Refused under a legal hold.
     *
     * @return how many messages were deleted
     */
    public long eraseClientMessages(String actor, long clientId) {
        long total = 0;
        int deleted;
        do {
            deleted = store.eraseClientMessages(clientId, policy.reaperBatchSize());
            total += deleted;
        } while (deleted == policy.reaperBatchSize());
        if (total > 0) {
            afterMessageDeletes.run();
        }
        audit.append(actor, "client.erase-messages", "client:" + clientId, "messages=" + total);
        return total;
    }

    /** Per category: records held, the oldest one's age, the limit, and how many are due now. */
    public record ReportLine(RetentionCategory category, long held, Duration oldestAge, Duration limit, long due) {
    }

    public Map<RetentionCategory, ReportLine> report() {
        Instant now = clock.instant();
        var cutoffs = cutoffs(now);
        var lines = new EnumMap<RetentionCategory, ReportLine>(RetentionCategory.class);
        for (var category : RetentionCategory.values()) {
            var held = store.held(category);
            var age = held.oldest().map(t -> Duration.between(t, now)).orElse(Duration.ZERO);
            lines.put(category, new ReportLine(category, held.count(), age, limit(category), store.due(category, cutoffs).count()));
        }
        return lines;
    }

    private Duration limit(RetentionCategory category) {
        return switch (category) {
            case MESSAGES, CALLS -> policy.messages();
            case CEASED_CLIENT_MESSAGES -> policy.ceasedClientMessages();
            case CEASED_CLIENT_ACCOUNTS -> policy.ceasedClientAccount();
            case CEASED_RESELLERS -> policy.ceasedReseller();
            case AUDIT -> policy.audit();
            case OUTBOX -> policy.outbox();
            case EMPTY_CLIENTS -> Duration.ZERO;
        };
    }

    private Cutoffs cutoffs(Instant now) {
        return new Cutoffs(now.minus(policy.messages()), now.minus(policy.ceasedClientMessages()),
                now.minus(policy.ceasedClientAccount()), now.minus(policy.ceasedReseller()), now.minus(policy.audit()),
                now.minus(policy.outbox()));
    }
}
