package org.messagebank.store.index;

import org.messagebank.store.MessageStore;
import org.messagebank.store.Scope;
import org.messagebank.store.domain.Message;
import org.messagebank.store.domain.OutboxEntry;
import org.messagebank.store.domain.OutboxEntry.OutboxKind;
import org.messagebank.store.event.EventBus;
import org.messagebank.store.event.MessageChanged;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Keeps the index in step with the database by following the outbox. Woken by message events
 * and by a poll (which also covers changes made by other nodes); commits the index with the
 * applied outbox sequence at most once per commit interval, so after a crash it resumes from
 * the last commit and re-applies what followed: updates are idempotent.
 *
 * <p>Messages saved through the same store object are indexed as soon as they are committed,
 * on the committing thread ({@link MessageStore#onSaved}), so capture cannot run ahead of the
 * index; the follower then only marks their outbox entries applied instead of reading the rows
 * back. It still applies every other change (and every message saved elsewhere) from the
 * outbox, and refreshes at most twice per poll interval while changes keep coming.
 *
 * <p>Applying and committing run on two threads: a Lucene commit waits for the disk to sync
 * every new file, and applying (hence search visibility) must not stop while it does. A commit
 * records the sequence applied before it started, whose changes it is sure to hold; only a
 * rebuild, which clears the index first, keeps commits out until it is complete.
 */
public final class MessageIndexer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MessageIndexer.class);
    static final int BATCH = 1000;
    /** Beyond this many messages indexed on saving and not yet met in the outbox, saving stops indexing. */
    static final int MAX_WRITTEN_THROUGH = 200_000;

    private final MessageStore store;
    private final MessageIndex index;
    private final Duration pollInterval;
    private final Duration commitInterval;
    private final Semaphore wake = new Semaphore(0);
    private final Object stopping = new Object();
    private final Object applying = new Object();
    /** Held by a rebuild and by each commit, so that no commit holds a half-rebuilt index; taken after {@link #applying}. */
    private final Object committing = new Object();
    /** Held while documents are written and their sequence marked, by the follower per batch and by saving. */
    private final ReentrantLock writing = new ReentrantLock();
    /** Messages indexed on saving whose creation the follower has not met in the outbox yet. */
    private final Set<Long> writtenThrough = ConcurrentHashMap.newKeySet();
    private EventBus.Subscription subscription;
    private AutoCloseable saves;
    private Thread thread;
    private Thread committer;
    private volatile boolean running;
    private volatile boolean deletedSinceExpunge;
    private volatile boolean deletedSinceCommit;
    private volatile boolean indexedSinceRefresh;

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
                    refresh();
                    lastRefresh = System.nanoTime();
                }
            }
            if (index.appliedSeq() != before || indexedSinceRefresh) {
                refresh();
            }
            return index.appliedSeq();
        }
    }

    private void refresh() {
        indexedSinceRefresh = false;
        index.refresh();
    }

    /**
     * Applies a batch of outbox entries. A deleted message is gone for good (ids are never
     * reused), so it is not read back; nor is a message indexed on saving whose creation this is.
     */
    private void apply(List<OutboxEntry> entries) {
        writing.lock();
        try {
            var gone = new LinkedHashSet<Long>();
            var ids = new LinkedHashSet<Long>();
            for (var e : entries) {
                if (e.kind() == OutboxKind.MESSAGE_DELETED) {
                    gone.add(e.messageId());
                } else if (!(e.kind() == OutboxKind.MESSAGE_CREATED && writtenThrough.remove(e.messageId()))) {
                    ids.add(e.messageId());
                }
            }
            ids.removeAll(gone);
            if (!ids.isEmpty()) {
                var current = store.findAll(Scope.admin(), ids).stream()
                        .collect(Collectors.toMap(Message::id, Function.identity()));
                index.upsert(current.values());
                ids.stream().filter(id -> !current.containsKey(id)).forEach(gone::add);
            }
            if (!gone.isEmpty()) {
                index.delete(gone);
                deletedSinceExpunge = true;
                deletedSinceCommit = true;
            }
            index.markApplied(entries.getLast().seq());
        } finally {
            writing.unlock();
        }
    }

    /**
     * Indexes messages just saved, unless the follower has already applied their outbox entries
     * (it then read them from the database, perhaps with later changes). Only messages after the
     * applied sequence are written, so no later change to them can have been indexed yet.
     */
    private void indexSaved(List<MessageStore.Saved> saved) {
        if (writtenThrough.size() > MAX_WRITTEN_THROUGH) {
            return;
        }
        writing.lock();
        try {
            long applied = index.appliedSeq();
            var fresh = saved.stream().filter(s -> s.outboxSeq() > applied).map(MessageStore.Saved::message).toList();
            if (fresh.isEmpty()) {
                return;
            }
            index.upsert(fresh);
            fresh.forEach(m -> writtenThrough.add(m.id()));
            indexedSinceRefresh = true;
        } finally {
            writing.unlock();
        }
    }

    /**
     * Rebuilds the index from the database: every document dropped, every message added, then
     * committed with the outbox sequence read before the scan (later changes are re-applied).
     *
     * @return how many messages were indexed
     */
    public long rebuild() {
        synchronized (applying) {
            synchronized (committing) {
                return rebuildHoldingLocks();
            }
        }
    }

    private long rebuildHoldingLocks() {
        long seq = store.lastOutboxSeq();
        index.clear();
        writtenThrough.clear();
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

    /**
     * Applies every pending change (deletions included), then purges deleted documents from the
     * index files and commits.
     */
    public void purgeDeleted() {
        synchronized (applying) {
            catchUp();
            synchronized (committing) {
                index.expungeDeletes();
                deletedSinceExpunge = false;
            }
        }
    }

    /**
     * Commits what was applied. Deleted documents are purged from the index files (which waits
     * for applying to pause) once deletions pause, none since the previous commit, or when
     * {@code purgeNow}: a purge rewrites every segment holding a deleted document, so purging at
     * every commit of a long run of deletions would rewrite the same segments again and again.
     */
    private void commit(boolean purgeNow) {
        boolean stillDeleting = deletedSinceCommit;
        deletedSinceCommit = false;
        if (deletedSinceExpunge && (purgeNow || !stillDeleting)) {
            synchronized (applying) {
                synchronized (committing) {
                    index.expungeDeletes();
                    deletedSinceExpunge = false;
                }
            }
        } else {
            synchronized (committing) {
                index.commit();
            }
        }
    }

    /** Catches up now, then follows the outbox in the background. */
    public synchronized void start(EventBus bus) {
        if (running) {
            return;
        }
        catchUp();
        running = true;
        saves = store.onSaved(this::indexSaved);
        subscription = bus.subscribe(MessageChanged.TOPIC, bus.nodeGroup("indexer"),
                event -> wake.release());
        thread = Thread.ofPlatform().name("message-indexer").daemon().start(this::follow);
        committer = Thread.ofPlatform().name("message-index-committer").daemon().start(this::commitPeriodically);
    }

    private void follow() {
        while (running) {
            try {
                if (wake.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS)) {
                    wake.drainPermits();
                }
            } catch (InterruptedException e) {
                break;
            }
            long started = System.nanoTime();
            try {
                catchUp();
            } catch (RuntimeException e) {
                log.warn("indexing failed; retrying in {} ms", pollInterval.toMillis(), e);
            }
            LockSupport.parkNanos(pollInterval.toNanos() / 2 - (System.nanoTime() - started));
        }
    }

    private void commitPeriodically() {
        while (running) {
            synchronized (stopping) {
                try {
                    stopping.wait(commitInterval.toMillis());
                } catch (InterruptedException e) {
                    break;
                }
            }
            if (!running) {
                break;
            }
            try {
                if (index.appliedSeq() != index.committedSeq() || deletedSinceExpunge) {
                    commit(false);
                }
            } catch (RuntimeException e) {
                log.warn("committing the index failed; retrying in {} ms", commitInterval.toMillis(), e);
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
        try {
            saves.close();
        } catch (Exception e) {
            log.warn("could not stop indexing saved messages", e);
        }
        wake.release();
        synchronized (stopping) {
            stopping.notifyAll();
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
            committer.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        catchUp();
        commit(true);
    }
}
