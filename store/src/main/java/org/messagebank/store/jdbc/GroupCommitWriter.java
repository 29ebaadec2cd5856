package org.messagebank.store.jdbc;

import org.messagebank.store.StoreException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;

/**
 * Group commit: concurrent writers hand their items to one thread, which commits whatever has
 * queued up (up to a bound) in one transaction and then releases every writer in it. A batch
 * that fails is retried writer by writer, so one bad item fails only its own writer.
 */
final class GroupCommitWriter<I, O> implements AutoCloseable {
    private record Pending<I, O>(List<I> items, CompletableFuture<List<O>> result) {
    }

    private final LinkedBlockingQueue<Pending<I, O>> queue = new LinkedBlockingQueue<>();
    private final int maxBatch;
    private final Function<List<I>, List<O>> commit;
    private final Thread thread;
    private volatile boolean closed;

    GroupCommitWriter(String name, int maxBatch, Function<List<I>, List<O>> commit) {
        this.maxBatch = maxBatch;
        this.commit = commit;
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
        if (batch.size() == 1) {
            commitOne(batch.getFirst());
            return;
        }
        var items = new ArrayList<I>();
        batch.forEach(p -> items.addAll(p.items()));
        List<O> results;
        try {
            results = commit.apply(items);
        } catch (RuntimeException e) {
            batch.forEach(this::commitOne);
            return;
        }
        int at = 0;
        for (var p : batch) {
            p.result().complete(List.copyOf(results.subList(at, at + p.items().size())));
            at += p.items().size();
        }
    }

    private void commitOne(Pending<I, O> p) {
        try {
            p.result().complete(commit.apply(p.items()));
        } catch (RuntimeException e) {
            p.result().completeExceptionally(e);
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
