package org.messagebank.store.index;

import org.messagebank.store.MessageStore;
import org.messagebank.store.Scope;
import org.messagebank.store.domain.Message;
import org.messagebank.store.domain.OutboxEntry;
import org.messagebank.store.event.EventBus;
import org.messagebank.store.event.MessageChanged;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Keeps the index in step with the database by following the outbox. Woken by message events
 * and by a poll (which also covers changes made by other nodes); commits the index with the
 * applied outbox sequence at most once per commit interval, so after a crash it resumes from
 * the last commit and re-applies what followed: updates are idempotent.
 */
public final class MessageIndexer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MessageIndexer.class);
    static final int BATCH = 1000;

    private final MessageStore store;
    private final MessageIndex index;
    private final Duration pollInterval;
    private final Duration commitInterval;
    private final Semaphore wake = new Semaphore(0);
    private final Object applying = new Object();
    private EventBus.Subscription subscription;
    private Thread thread;
    private volatile boolean running;
    private boolean deletedSinceExpunge;
    private boolean deletedSinceCommit;

    public MessageIndexer(MessageStore store, MessageIndex index, Duration pollInterval, Duration commitInterval) {
        this.store = store;
        this.index = index;
        this.pollInterval = pollInterval;
        this.commitInterval = commitInterval;
    }

    /**
     * Applies every outbox entry after the index's sequence and refreshes; returns the new
     * sequence. While writers keep the outbox from draining, it also refreshes every poll
     * interval, so new messages become searchable within about that time under load too.
     */
    public long catchUp() {
        synchronized (applying) {
            long before = index.appliedSeq();
            long lastRefresh = System.nanoTime();
            while (true) {
                var entries = store.outboxAfter(index.appliedSeq(), BATCH);
                if (entries.isEmpty()) {
                    break;
                }
                if (entries.getFirst().seq() > index.appliedSeq() + 1) {
                    log.warn("the outbox no longer holds entries {} to {} that the index has not applied; rebuilding the index",
                            index.appliedSeq() + 1, entries.getFirst().seq() - 1);
                    rebuild();
                    continue;
                }
                apply(entries);
                if (System.nanoTime() - lastRefresh >= pollInterval.toNanos()) {
                    index.refresh();
                    lastRefresh = System.nanoTime();
                }
            }
            if (index.appliedSeq() != before) {
                index.refresh();
            }
            return index.appliedSeq();
        }
    }

    /**
     * Applies a batch of outbox entries. A deleted message is gone for good (ids are never
     * reused), so only the others are read back from the database.
     */
    private void apply(List<OutboxEntry> entries) {
        var gone = entries.stream().filter(e -> e.kind() == OutboxEntry.OutboxKind.MESSAGE_DELETED).map(OutboxEntry::messageId)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        var ids = entries.stream().map(OutboxEntry::messageId).filter(id -> !gone.contains(id))
                .collect(Collectors.toCollection(LinkedHashSet::new));
        var current = store.findAll(Scope.admin(), ids).stream()
                .collect(Collectors.toMap(Message::id, Function.identity()));
        for (Long id : ids) {
            if (!current.containsKey(id)) {
                gone.add(id);
            }
        }
        index.upsert(current.values());
        index.delete(gone);
        if (!gone.isEmpty()) {
            deletedSinceExpunge = true;
            deletedSinceCommit = true;
        }
        index.markApplied(entries.getLast().seq());
    }

    /**
     * Rebuilds the index from the database: every document dropped, every message added, then
     * committed with the outbox sequence read before the scan (later changes are re-applied).
     *
     * @return how many messages were indexed
     */
    public long rebuild() {
        synchronized (applying) {
            long seq = store.lastOutboxSeq();
            index.clear();
            long count = 0;
            long after = 0;
            while (true) {
                var page = store.scan(Scope.admin(), after, BATCH);
                if (page.isEmpty()) {
                    break;
                }
                index.upsert(page);
                count += page.size();
                after = page.getLast().id();
            }
            index.markApplied(Math.max(seq, index.appliedSeq()));
            index.commit();
            index.refresh();
            return count;
        }
    }

    /**
     * Applies every pending change (deletions included), then purges deleted documents from the
     * index files and commits.
     */
    public void purgeDeleted() {
        synchronized (applying) {
            catchUp();
            index.expungeDeletes();
            deletedSinceExpunge = false;
        }
    }

    /**
     * Commits what was applied. Deleted documents are purged from the index files once deletions
     * pause (none since the previous commit) or when {@code purgeNow}: a purge rewrites every
     * segment holding a deleted document, so purging at every commit of a long run of deletions
     * would rewrite the same segments again and again.
     */
    private void commit(boolean purgeNow) {
        synchronized (applying) {
            if (deletedSinceExpunge && (purgeNow || !deletedSinceCommit)) {
                index.expungeDeletes();
                deletedSinceExpunge = false;
            } else {
                index.commit();
            }
            deletedSinceCommit = false;
        }
    }

    /** Catches up now, then follows the outbox in the background. */
    public synchronized void start(EventBus bus) {
        if (running) {
            return;
        }
        catchUp();
        running = true;
        subscription = bus.subscribe(MessageChanged.TOPIC, "indexer-" + ProcessHandle.current().pid() + "-" + System.identityHashCode(this),
                event -> wake.release());
        thread = Thread.ofVirtual().name("message-indexer").start(this::follow);
    }

    private void follow() {
        long lastCommit = System.nanoTime();
        while (running) {
            try {
                if (wake.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS)) {
                    wake.drainPermits();
                }
            } catch (InterruptedException e) {
                break;
            }
            try {
                catchUp();
                if ((index.appliedSeq() != index.committedSeq() || deletedSinceExpunge)
                        && System.nanoTime() - lastCommit >= commitInterval.toNanos()) {
                    commit(false);
                    lastCommit = System.nanoTime();
                }
            } catch (RuntimeException e) {
                log.warn("indexing failed; retrying in {} ms", pollInterval.toMillis(), e);
            }
        }
    }

    /**
     * Stops following and commits what was applied; the index itself stays open. The follower
     * is woken, never interrupted: an interrupt inside a database call can close an embedded
     * database's files.
     */
    @Override
    public synchronized void close() {
        if (!running) {
            return;
        }
        running = false;
        if (subscription != null) {
            subscription.close();
        }
        wake.release();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        catchUp();
        commit(true);
    }
}
