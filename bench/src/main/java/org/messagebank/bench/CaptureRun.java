package org.messagebank.bench;

import org.messagebank.store.MessageStore;
import org.messagebank.store.PhoneNumbers;
import org.messagebank.store.domain.NewMessage;
import org.messagebank.store.event.InProcessEventBus;
import org.messagebank.store.index.LuceneMessageIndex;
import org.messagebank.store.index.MessageIndex;
import org.messagebank.store.index.MessageIndexer;
import org.messagebank.store.jdbc.Database;
import org.messagebank.store.jdbc.JdbcMessageBankStore;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * One capture measurement: a fresh store and index with the indexer following the outbox, then
 * {@code writers} virtual threads calling {@code save()} until the messages or the time run out.
 * A warm-up batch goes first through the same store and is not counted.
 */
final class CaptureRun {
    /** The indexer's poll interval and commit interval, as configured for the benchmark. */
    static final Duration POLL = Duration.ofMillis(200);
    static final Duration COMMIT = Duration.ofSeconds(5);

    record Settings(int writers, int warmup, int messages, Duration maxTime, int sampleEvery, Duration visibilityTimeout) {
    }

    record Result(String target, int writers, int saved, double seconds, LatencyStats save, VisibilityProbe.Result visibility,
                  LatencyStats lag, long catchUpMillis, boolean timedOut, double otherCores, long cpuNanos) {
        double perSecond() {
            return saved / seconds;
        }

        /** CPU time of the whole JVM (writers, embedded database, indexer, GC) per saved message. */
        double cpuMicrosPerMessage() {
            return cpuNanos / 1e3 / Math.max(1, saved);
        }
    }

    private record Phase(int saved, double seconds, long[] saveNanos, boolean timedOut, double otherCores, long cpuNanos) {
    }

    private CaptureRun() {
    }

    static Result run(StoreTarget target, DataGenerator data, Settings settings) {
        var dir = TempDirs.create("mb-capture-");
        try {
            var config = target.create(dir);
            var bus = new InProcessEventBus();
            try (var store = new JdbcMessageBankStore(Database.open(config), Clock.systemUTC(), bus);
                 var index = LuceneMessageIndex.open(dir.resolve("index"), new PhoneNumbers("GB"))) {
                long[] clientIds = data.clients().stream()
                        .mapToLong(c -> store.clients().create(c.name(), "Good morning, " + c.name() + ", how can I help?").id())
                        .toArray();
                var messages = new ArrayList<NewMessage>(settings.warmup() + settings.messages());
                for (int seq = 0; seq < settings.warmup() + settings.messages(); seq++) {
                    var m = data.message(seq);
                    messages.add(m.toNewMessage(clientIds[m.clientIndex()]));
                }
                try (var indexer = new MessageIndexer(store.messages(), index, POLL, COMMIT)) {
                    indexer.start(bus);
                    write(store.messages(), messages.subList(0, settings.warmup()), settings, null);
                    awaitIndexed(index, settings.warmup(), settings.visibilityTimeout());

                    var probe = new VisibilityProbe(VisibilityProbe.View.of(index), settings.visibilityTimeout());
                    var phase = write(store.messages(), messages.subList(settings.warmup(), messages.size()), settings, probe);
                    long writersDone = System.nanoTime();
                    boolean indexed = awaitIndexed(index, settings.warmup() + phase.saved(), settings.visibilityTimeout());
                    long catchUp = indexed ? (System.nanoTime() - writersDone) / 1_000_000 : -1;
                    var visibility = probe.finish();
                    return new Result(target.name(), settings.writers(), phase.saved(), phase.seconds(),
                            LatencyStats.of(phase.saveNanos()), visibility, LatencyStats.of(visibility.lagNanos()), catchUp,
                            phase.timedOut(), phase.otherCores(), phase.cpuNanos());
                }
            } finally {
                bus.close();
            }
        } finally {
            target.drop();
            TempDirs.delete(dir);
        }
    }

    private static Phase write(MessageStore store, List<NewMessage> messages, Settings settings, VisibilityProbe probe) {
        var next = new AtomicInteger();
        long[] saveNanos = new long[messages.size()];
        var cpu = CpuMeter.sample();
        long deadline = cpu.wallNanos() + settings.maxTime().toNanos();
        var futures = new ArrayList<Future<?>>();
        try (var writers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int w = 0; w < settings.writers(); w++) {
                futures.add(writers.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < messages.size() && System.nanoTime() < deadline) {
                        long t0 = System.nanoTime();
                        var saved = store.save(messages.get(i));
                        long t1 = System.nanoTime();
                        saveNanos[i] = t1 - t0;
                        if (probe != null && i % settings.sampleEvery() == 0) {
                            probe.saved(saved, t1);
                        }
                    }
                    return null;
                }));
            }
        }
        var cpuAfter = CpuMeter.sample();
        double seconds = (cpuAfter.wallNanos() - cpu.wallNanos()) / 1e9;
        futures.forEach(f -> Waits.get(f, "a writer"));
        long[] done = Arrays.stream(saveNanos).filter(n -> n > 0).toArray();
        return new Phase(done.length, seconds, done, done.length < messages.size(), CpuMeter.otherCores(cpu, cpuAfter),
                CpuMeter.ownCpuNanos(cpu, cpuAfter));
    }

    /** Waits until the index shows {@code count} documents; false if it did not within the timeout. */
    private static boolean awaitIndexed(MessageIndex index, long count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (index.documentCount() < count) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
        }
        return true;
    }
}
