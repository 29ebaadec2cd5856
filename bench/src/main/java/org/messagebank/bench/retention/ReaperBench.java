package org.messagebank.bench.retention;

import org.messagebank.bench.SettableClock;
import org.messagebank.config.DatabaseConfig;
import org.messagebank.config.RetentionConfig;
import org.messagebank.store.PhoneNumbers;
import org.messagebank.store.domain.NewMessage;
import org.messagebank.store.domain.Urgency;
import org.messagebank.store.event.InProcessEventBus;
import org.messagebank.store.index.LuceneMessageIndex;
import org.messagebank.store.index.MessageIndexer;
import org.messagebank.store.jdbc.Database;
import org.messagebank.store.jdbc.JdbcMessageBankStore;
import org.messagebank.store.retention.RetentionCategory;
import org.messagebank.store.retention.RetentionReaper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The retention reaper against a capture load, on the embedded default (H2 file + Lucene):
 * seeds {@code --expired} messages captured 101 days ago (indexed), measures capture
 * throughput with {@code --writers} virtual threads for {@code --baseline-seconds}, then
 * runs the reaper while the same capture load goes on, and reports the reaper's time and the
 * capture throughput during it. Loopback only; stops by itself.
 */
public final class ReaperBench {
    private ReaperBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i], args[i + 1]);
        }
        int expired = Integer.parseInt(opts.getOrDefault("--expired", "1000000"));
        int writers = Integer.parseInt(opts.getOrDefault("--writers", "32"));
        int baselineSeconds = Integer.parseInt(opts.getOrDefault("--baseline-seconds", "30"));
        int maxReapSeconds = Integer.parseInt(opts.getOrDefault("--max-seconds", "600"));
        Path dir = Files.createTempDirectory("mb-reaper-bench");

        var clock = new SettableClock();
        var db = new DatabaseConfig("jdbc:h2:file:" + dir.resolve("db/messagebank")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_ON_EXIT=FALSE", "", "", 10, true);
        var policy = new RetentionConfig(Duration.ofDays(100), Duration.ofDays(7), Duration.ofDays(100), Duration.ofDays(7),
                Duration.ofDays(2190), Duration.ofDays(7), Duration.ofHours(1), 1000);
        try (var bus = new InProcessEventBus();
             var store = new JdbcMessageBankStore(Database.open(db), clock, bus);
             var index = LuceneMessageIndex.open(dir.resolve("index"), new PhoneNumbers("GB"))) {
            var clients = new ArrayList<Long>();
            for (int c = 0; c < 50; c++) {
                clients.add(store.clients().create("Client " + c, "Hello").id());
            }
            var random = new Random(42);
            Instant realNow = Instant.now();
            clock.set(realNow.minus(Duration.ofDays(101)));
            long seedStart = System.nanoTime();
            for (int done = 0; done < expired; done += 1000) {
                var batch = new ArrayList<NewMessage>(1000);
                for (int i = 0; i < Math.min(1000, expired - done); i++) {
                    batch.add(message(clients.get(random.nextInt(clients.size())), random));
                }
                store.messages().saveAll(batch);
            }
            var indexer = new MessageIndexer(store.messages(), index, Duration.ofMillis(200), Duration.ofSeconds(5));
            indexer.catchUp();
            index.commit();
            System.out.printf(Locale.ROOT, "seeded and indexed %,d expired messages in %.1f s (%,d documents)%n",
                    expired, (System.nanoTime() - seedStart) / 1e9, index.documentCount());

            clock.set(realNow.minus(Duration.ofDays(93)));
            new RetentionReaper(store.retention(), store.audit(), policy, clock, () -> {
            }).run(false);
            System.out.println("outbox entries of the seeding pruned, as a live service would have long done");

            clock.set(null);
            indexer.start(bus);
            double baseline = capture(store, clients, writers, Duration.ofSeconds(baselineSeconds), null);
            System.out.printf(Locale.ROOT, "capture without reaping: %,.0f messages/s (%d writers, %d s)%n",
                    baseline, writers, baselineSeconds);

            var reaper = new RetentionReaper(store.retention(), store.audit(), policy, clock, indexer::purgeDeleted);
            var reaping = new AtomicBoolean(true);
            var result = new Object() {
                RetentionReaper.Run run;
                double seconds;
            };
            Thread reaperThread = Thread.ofPlatform().name("reaper").start(() -> {
                long start = System.nanoTime();
                result.run = reaper.run(false);
                result.seconds = (System.nanoTime() - start) / 1e9;
                reaping.set(false);
            });
            double during = capture(store, clients, writers, Duration.ofSeconds(maxReapSeconds), reaping);
            reaperThread.join();
            indexer.close();
            System.out.printf(Locale.ROOT, "reaper: deleted %,d messages from database and index in %.1f s%n",
                    result.run.counts().get(RetentionCategory.MESSAGES), result.seconds);
            System.out.printf(Locale.ROOT, "capture while reaping: %,.0f messages/s = %.0f%% of the baseline%n",
                    during, 100 * during / baseline);
            System.out.printf(Locale.ROOT, "index documents left: %,d (captured during the run); heap used %,d MB%n",
                    index.documentCount(), (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
        } finally {
            deleteTree(dir);
        }
    }

    private static NewMessage message(long clientId, Random random) {
        String caller = "+4477009" + String.format(Locale.ROOT, "%05d", random.nextInt(100_000));
        return new NewMessage(clientId, null, null, caller, "Caller " + random.nextInt(5000), 1,
                Map.of("reason", WORDS.get(random.nextInt(WORDS.size())) + " " + WORDS.get(random.nextInt(WORDS.size()))
                        + " please call back about the " + WORDS.get(random.nextInt(WORDS.size()))), Urgency.NORMAL);
    }

    private static final List<String> WORDS = List.of("boiler", "radiator", "leak", "invoice", "quote", "appointment",
            "kitchen", "bathroom", "tap", "pipe", "drain", "heating", "emergency", "booking", "delivery", "parcel");

    /** Runs the capture load until the time is up or {@code whileTrue} turns false; returns messages/s. */
    private static double capture(JdbcMessageBankStore store, List<Long> clients, int writers, Duration max, AtomicBoolean whileTrue)
            throws InterruptedException {
        var saved = new LongAdder();
        long start = System.nanoTime();
        long deadline = start + max.toNanos();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int w = 0; w < writers; w++) {
                int seed = w;
                pool.submit(() -> {
                    var random = new Random(seed);
                    while (System.nanoTime() < deadline && (whileTrue == null || whileTrue.get())) {
                        store.messages().save(message(clients.get(random.nextInt(clients.size())), random));
                        saved.increment();
                    }
                });
            }
        }
        return saved.sum() / ((System.nanoTime() - start) / 1e9);
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
