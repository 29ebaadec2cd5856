package org.messagebank.store.jdbc;

import org.messagebank.store.StoreException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Group commit: concurrent writers hand their items to one thread, which commits whatever has
 * queued up (up to a bound) in one transaction and then releases every writer in it. A batch
 * that fails is retried writer by writer, so one bad item fails only its own writer. Each
 * commit is followed by {@code sync} before its writers are released (a sync that fails
 * fails them without a retry: their items are committed). After releasing them, the thread
 * hands everything the batch committed to {@code afterCommit} before it takes the next batch.
 * It counts what it commits and the time it spends committing and syncing ({@link #stats}).
 */
final class GroupCommitWriter<I, O> implements AutoCloseable {
    private record Pending<I, O>(List<I> items, CompletableFuture<List<O>> result) {
    }

    /**
     * Totals since the writer started: transactions committed and the items in them, and the
     * nanoseconds spent in commits (failed ones included) and in the syncs that followed them.
     */
    record Stats(long commits, long items, long commitNanos, long syncNanos) {
    }

    /** The {@code sync} of a writer whose database syncs on commit: nothing to do, nothing timed. */
    static final Runnable NO_SYNC = () -> { };

    private final LinkedBlockingQueue<Pending<I, O>> queue = new LinkedBlockingQueue<>();
    private final int maxBatch;
    private final Function<List<I>, List<O>> commit;
    private final Runnable sync;
    private final Consumer<List<O>> afterCommit;
    private final Thread thread;
    private volatile boolean closed;
    private final LongAdder commits = new LongAdder();
    private final LongAdder itemsCommitted = new LongAdder();
    private final LongAdder commitNanos = new LongAdder();
    private final LongAdder syncNanos = new LongAdder();

    GroupCommitWriter(String name, int maxBatch, Function<List<I>, List<O>> commit, Runnable sync, Consumer<List<O>> afterCommit) {
        this.maxBatch = maxBatch;
        this.commit = commit;
        this.sync = sync;
        this.afterCommit = afterCommit;
        this.thread = Thread.ofPlatform().name(name).daemon().start(this::run);
    }

    /** Commits the items and returns their results in order, after the commit. */
    List<O> write(List<I> items) {
        if (closed) {
            throw new StoreException("the store is closed");
        }
        var pending = new Pending<I, O>(List.copyOf(items), new CompletableFuture<>());
        queue.add(pending);
        try {
            return pending.result().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    /** What this writer has committed so far, and the time it took; readable from any thread. */
    Stats stats() {
        return new Stats(commits.sum(), itemsCommitted.sum(), commitNanos.sum(), syncNanos.sum());
    }

    private void run() {
        while (true) {
            Pending<I, O> first;
            try {
                first = queue.take();
            } catch (InterruptedException e) {
                break;
            }
            if (first.items().isEmpty()) {
                first.result().complete(List.of());
                if (closed) {
                    break;
                }
                continue;
            }
            var batch = new ArrayList<Pending<I, O>>();
            batch.add(first);
            int size = first.items().size();
            Pending<I, O> next;
            while (size < maxBatch && (next = queue.peek()) != null && !next.items().isEmpty()) {
                batch.add(queue.poll());
                size += next.items().size();
            }
            commitBatch(batch);
        }
        Pending<I, O> left;
        while ((left = queue.poll()) != null) {
            left.result().completeExceptionally(new StoreException("the store is closed"));
        }
    }

    private void commitBatch(List<Pending<I, O>> batch) {
        var committed = new ArrayList<O>();
        if (batch.size() == 1) {
            commitOne(batch.getFirst(), committed);
        } else {
            var items = new ArrayList<I>();
            batch.forEach(p -> items.addAll(p.items()));
            List<O> results = null;
            try {
                results = timedCommit(items);
            } catch (RuntimeException e) {
                batch.forEach(p -> commitOne(p, committed));
            }
            if (results != null && synced(batch)) {
                int at = 0;
                for (var p : batch) {
                    p.result().complete(List.copyOf(results.subList(at, at + p.items().size())));
                    at += p.items().size();
                }
                committed.addAll(results);
            }
        }
        if (!committed.isEmpty()) {
            afterCommit.accept(committed);
        }
    }

    private void commitOne(Pending<I, O> p, List<O> committed) {
        List<O> results;
        try {
            results = timedCommit(p.items());
        } catch (RuntimeException e) {
            p.result().completeExceptionally(e);
            return;
        }
        if (synced(List.of(p))) {
            p.result().complete(results);
            committed.addAll(results);
        }
    }

    private List<O> timedCommit(List<I> items) {
        long start = System.nanoTime();
        try {
            var results = commit.apply(items);
            commits.increment();
            itemsCommitted.add(items.size());
            return results;
        } finally {
            commitNanos.add(System.nanoTime() - start);
        }
    }

    /** Syncs what was just committed; when that fails, fails the writers (and returns false). */
    private boolean synced(List<Pending<I, O>> batch) {
        if (sync == NO_SYNC) {
            return true;
        }
        long start = System.nanoTime();
        try {
            sync.run();
            return true;
        } catch (RuntimeException e) {
            var failure = new StoreException("committed, but the database could not sync it to disk: " + e.getMessage(), e);
            batch.forEach(p -> p.result().completeExceptionally(failure));
            return false;
        } finally {
            syncNanos.add(System.nanoTime() - start);
        }
    }

    /** Commits everything already queued, then stops. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        queue.add(new Pending<>(List.of(), new CompletableFuture<>()));
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
