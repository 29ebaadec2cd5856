package org.messagebank.bench.retention;

import org.messagebank.bench.CpuMeter;
import org.messagebank.bench.Machine;
import org.messagebank.bench.SettableClock;
import org.messagebank.config.ConfigKeys;
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
 * capture throughput during it, then captures for the baseline period again: the baseline is
 * taken on both sides of the reaping. Loopback only; stops by itself.
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
        int warmupSeconds = Integer.parseInt(opts.getOrDefault("--warmup-seconds", "45"));
        int baselineSeconds = Integer.parseInt(opts.getOrDefault("--baseline-seconds", "30"));
        int maxReapSeconds = Integer.parseInt(opts.getOrDefault("--max-seconds", "600"));
        Path seedDir = opts.containsKey("--data-dir") ? Path.of(opts.get("--data-dir")) : null;
        extraSettings = opts.getOrDefault("--h2-settings", "");
        int duty = Integer.parseInt(opts.getOrDefault("--duty", ConfigKeys.REAPER_DUTY_PERCENT.defaultValue()));
        batchSize = Integer.parseInt(opts.getOrDefault("--batch-size", ConfigKeys.REAPER_BATCH_SIZE.defaultValue()));
        System.out.println(Machine.describe());
        System.out.println("load average at start: " + Machine.loadAverage());

        Path dir = Files.createTempDirectory("mb-reaper-bench");
        try {
            if (seedDir == null) {
                seed(dir, expired);
            } else {
                if (!SeededCorpus.matches(seedDir, expired)) {
                    seed(seedDir, expired);
                } else {
                    System.out.printf(Locale.ROOT, "reusing the %,d seeded messages in %s%n", expired, seedDir);
                }
                if (Boolean.parseBoolean(opts.getOrDefault("--seed-only", "false"))) {
                    return;
                }
                SeededCorpus.copy(seedDir, dir);
            }
            measure(dir, writers, warmupSeconds, baselineSeconds, maxReapSeconds, duty);
        } finally {
            deleteTree(dir);
        }
        System.out.println("load average at end: " + Machine.loadAverage());
    }

    /** H2 settings appended to the embedded default's URL for a diagnostic run (for example {@code ;CACHE_SIZE=262144}). */
    private static String extraSettings = "";

    private static DatabaseConfig database(Path dir) {
        return new DatabaseConfig("jdbc:h2:file:" + dir.resolve("db/messagebank")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_ON_EXIT=FALSE" + extraSettings, "", "",
                10, true);
    }

    /** Reaper batch size: the configuration's default unless {@code --batch-size} overrides it. */
    private static int batchSize;

    /** The default policy, with the batch size and the duty given (both the configuration's defaults unless overridden). */
    private static RetentionConfig policy(int dutyPercent) {
        return new RetentionConfig(Duration.ofDays(100), Duration.ofDays(7), Duration.ofDays(100), Duration.ofDays(7),
                Duration.ofDays(2190), Duration.ofDays(7), Duration.ofHours(1), batchSize, dutyPercent);
    }

    /**
     * Creates 50 clients and {@code expired} messages captured 101 days ago in {@code dir},
     * indexes them, prunes the seeding's outbox rows (as a live service long would have) and
     * closes everything, then writes the marker that lets a later run reuse the directory.
     */
    private static void seed(Path dir, int expired) throws java.io.IOException {
        if (Files.exists(dir)) {
            deleteTree(dir);
        }
        Files.createDirectories(dir);
        var clock = new SettableClock();
        try (var bus = new InProcessEventBus();
             var store = new JdbcMessageBankStore(Database.open(database(dir)), clock, bus);
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
            new RetentionReaper(store.retention(), store.audit(), policy(100), clock, () -> {
            }).run(false);
            System.out.println("outbox entries of the seeding pruned, as a live service would have long done");
        }
        SeededCorpus.mark(dir, expired);
    }

    private static void measure(Path dir, int writers, int warmupSeconds, int baselineSeconds, int maxReapSeconds, int duty)
            throws InterruptedException {
        var clock = new SettableClock();
        clock.set(null);
        var policy = policy(duty);
        System.out.printf(Locale.ROOT, "reaper batches of %,d, duty %d%%%n", policy.reaperBatchSize(), duty);
        try (var bus = new InProcessEventBus();
             var store = new JdbcMessageBankStore(Database.open(database(dir)), clock, bus);
             var index = LuceneMessageIndex.open(dir.resolve("index"), new PhoneNumbers("GB"))) {
            var clients = store.clients().list().stream().map(c -> c.id()).toList();
            long expired = new RetentionReaper(store.retention(), store.audit(), policy, clock, () -> {
            }).report().get(RetentionCategory.MESSAGES).due();
            System.out.printf(Locale.ROOT, "%,d messages due for deletion, %,d index documents%n", expired, index.documentCount());

            var indexer = new MessageIndexer(store.messages(), index, Duration.ofMillis(200), Duration.ofSeconds(5));
            indexer.start(bus);
            double warmup = capture(store, clients, writers, Duration.ofSeconds(warmupSeconds), null);
            System.out.printf(Locale.ROOT, "capture warm-up: %,.0f messages/s (%d s, not counted)%n", warmup, warmupSeconds);
            var baselineFrom = CpuMeter.sample();
            double baseline = capture(store, clients, writers, Duration.ofSeconds(baselineSeconds), null);
            var baselineTo = CpuMeter.sample();
            System.out.printf(Locale.ROOT, "capture without reaping: %,.0f messages/s (%d writers, %d s; this JVM %.2f cores,"
                            + " other processes %.2f cores)%n", baseline, writers, baselineSeconds,
                    cores(baselineFrom, baselineTo), CpuMeter.otherCores(baselineFrom, baselineTo));

            var result = new Object() {
                RetentionReaper.Run run;
                double seconds;
                double purgeSeconds;
            };
            var reaper = new RetentionReaper(store.retention(), store.audit(), policy, clock, () -> {
                long purgeStart = System.nanoTime();
                indexer.purgeDeleted();
                result.purgeSeconds = (System.nanoTime() - purgeStart) / 1e9;
            });
            var reaping = new AtomicBoolean(true);
            var reapFrom = CpuMeter.sample();
            Thread reaperThread = Thread.ofPlatform().name("reaper").start(() -> {
                long start = System.nanoTime();
                try {
                    result.run = reaper.run(false);
                } finally {
                    result.seconds = (System.nanoTime() - start) / 1e9;
                    reaping.set(false);
                }
            });
            double during = capture(store, clients, writers, Duration.ofSeconds(maxReapSeconds), reaping);
            reaperThread.join();
            var reapTo = CpuMeter.sample();
            if (result.run == null) {
                indexer.close();
                throw new IllegalStateException("the reaper failed");
            }
            System.out.printf(Locale.ROOT, "reaper: deleted %,d messages from database and index in %.1f s"
                            + " (of which the final index purge %.1f s; this JVM %.2f cores, other processes %.2f cores)%n",
                    result.run.counts().get(RetentionCategory.MESSAGES), result.seconds, result.purgeSeconds,
                    cores(reapFrom, reapTo), CpuMeter.otherCores(reapFrom, reapTo));
            System.out.printf(Locale.ROOT, "capture while reaping: %,.0f messages/s = %.0f%% of the baseline%n",
                    during, 100 * during / baseline);
            // The same load again once the reaper has finished: the machine's capture rate drifts
            // between runs (disk syncs), so the baseline is taken on both sides of the reaping.
            var afterFrom = CpuMeter.sample();
            double after = capture(store, clients, writers, Duration.ofSeconds(baselineSeconds), null);
            var afterTo = CpuMeter.sample();
            indexer.close();
            System.out.printf(Locale.ROOT, "capture after reaping: %,.0f messages/s (this JVM %.2f cores, other processes %.2f cores);"
                            + " while reaping = %.0f%% of it, %.0f%% of the mean of before and after%n", after,
                    cores(afterFrom, afterTo), CpuMeter.otherCores(afterFrom, afterTo), 100 * during / after,
                    200 * during / (baseline + after));
            System.out.printf(Locale.ROOT, "index documents left: %,d (captured during the run); heap used %,d MB;"
                            + " database file %,d MB%n", index.documentCount(),
                    (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20, databaseFileMegabytes(dir));
        }
    }

    private static long databaseFileMegabytes(Path dir) {
        try {
            return Files.size(dir.resolve("db/messagebank.mv.db")) >> 20;
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    /** Cores this JVM used between the two samples. */
    private static double cores(CpuMeter.Sample from, CpuMeter.Sample to) {
        return (double) CpuMeter.ownCpuNanos(from, to) / (to.wallNanos() - from.wallNanos());
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
