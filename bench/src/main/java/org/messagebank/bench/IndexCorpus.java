package org.messagebank.bench;

import org.messagebank.store.domain.Message;
import org.messagebank.store.index.LuceneMessageIndex;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Fills the store's Lucene index with the generated messages through {@code upsert} in batches
 * (one batch per task, as many tasks at once as there are cores), then commits and refreshes. A
 * marker file lets a later run with the same seed and size reuse the directory.
 */
final class IndexCorpus {
    private static final String MARKER = "bench-corpus.txt";

    record Build(boolean reused, long millis, long bytes) {
    }

    private IndexCorpus() {
    }

    static Build ensureBuilt(LuceneMessageIndex index, Path dir, DataGenerator data, long seed, int batch) {
        String marker = "seed=" + seed + ",messages=" + data.messageCount() + ",clients=" + data.clients().size();
        Path markerFile = dir.resolve(MARKER);
        try {
            if (Files.exists(markerFile) && Files.readString(markerFile).equals(marker)
                    && index.documentCount() == data.messageCount()) {
                return new Build(true, 0, TempDirs.sizeBytes(dir));
            }
            Files.deleteIfExists(markerFile);
            long t0 = System.nanoTime();
            index.clear();
            upsertAll(index, data, batch);
            index.commit();
            index.refresh();
            long millis = (System.nanoTime() - t0) / 1_000_000;
            if (index.documentCount() != data.messageCount()) {
                throw new IllegalStateException("index holds " + index.documentCount() + " documents, expected " + data.messageCount());
            }
            Files.writeString(markerFile, marker);
            return new Build(false, millis, TempDirs.sizeBytes(dir));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void upsertAll(LuceneMessageIndex index, DataGenerator data, int batch) {
        int threads = Runtime.getRuntime().availableProcessors();
        try (var pool = Executors.newFixedThreadPool(threads)) {
            var pending = new ArrayList<Future<?>>();
            for (long from = 0; from < data.messageCount(); from += batch) {
                long start = from;
                long end = Math.min(data.messageCount(), from + batch);
                pending.add(pool.submit(() -> {
                    var messages = new ArrayList<Message>((int) (end - start));
                    for (long seq = start; seq < end; seq++) {
                        var m = data.message(seq);
                        messages.add(m.toMessage(m.clientIndex() + 1L));
                    }
                    index.upsert(messages);
                }));
                if (pending.size() >= 2 * threads) {
                    Waits.get(pending.removeFirst(), "indexing");
                }
            }
            pending.forEach(f -> Waits.get(f, "indexing"));
        }
    }
}
