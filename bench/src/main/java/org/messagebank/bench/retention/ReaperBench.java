package org.messagebank.bench.retention;

import org.messagebank.bench.CpuMeter;
import org.messagebank.bench.Machine;
import org.messagebank.bench.SettableClock;
import org.messagebank.config.ConfigKeys;
import org.messagebank.config.DatabaseConfig;
import org.messagebank.config.RetentionConfig;
import org.messagebank.store.MessageStore;
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
        int phaseWarmupSeconds = Integer.parseInt(opts.getOrDefault("--phase-warmup-seconds", "15"));
        int aloneSeconds = Integer.parseInt(opts.getOrDefault("--alone-seconds", "120"));
        int rounds = Integer.parseInt(opts.getOrDefault("--rounds", "1"));
        if (rounds < 1) {
            throw new IllegalArgumentException("--rounds must be at least 1");
        }
        int maxReapSeconds = Integer.parseInt(opts.getOrDefault("--max-seconds", "600"));
        Path seedDir = opts.containsKey("--data-dir") ? Path.of(opts.get("--data-dir")) : null;
        extraSettings = opts.getOrDefault("--h2-settings", "");
        diagnosticSql = opts.getOrDefault("--diagnostic-sql", "");
        int duty = Integer.parseInt(opts.getOrDefault("--duty", ConfigKeys.REAPER_DUTY_PERCENT.defaultValue()));
        batchSize = Integer.parseInt(opts.getOrDefault("--batch-size", ConfigKeys.REAPER_BATCH_SIZE.defaultValue()));
        System.out.println(Machine.describe());
        System.out.println("load average at start: " + Machine.loadAverage());

        Path temp = Files.createTempDirectory("mb-reaper-bench");
        try {
            Path seed = seedDir == null ? temp.resolve("seed") : seedDir;
            if (!SeededCorpus.matches(seed, expired)) {
                seed(seed, expired);
            } else {
                System.out.printf(Locale.ROOT, "reusing the %,d seeded messages in %s%n", expired, seed);
            }
            if (Boolean.parseBoolean(opts.getOrDefault("--seed-only", "false"))) {
                return;
            }
            measure(seed, temp.resolve("work"), writers, warmupSeconds, phaseWarmupSeconds, aloneSeconds, maxReapSeconds, duty, rounds);
        } finally {
            deleteTree(temp);
        }
        System.out.println("load average at end: " + Machine.loadAverage());
    }

    /**
     * H2 settings for a diagnostic run (for example {@code ;CACHE_SIZE=262144}): each replaces the
     * embedded default's setting of the same name, or is added to them.
     */
    private static String extraSettings = "";

    /**
     * One SQL statement run on each copy once it is migrated, before its phase, for a diagnostic
     * run only (for example {@code DROP INDEX messages_client_id}, to see what that index costs).
     */
    private static String diagnosticSql = "";

    private static DatabaseConfig database(Path dir) {
        String url = DatabaseConfig.embeddedUrl(dir.resolve("db/messagebank"));
        for (String setting : extraSettings.split(";")) {
            int equals = setting.indexOf('=');
            if (equals > 0) {
                url = url.replaceAll("(?i);" + java.util.regex.Pattern.quote(setting.substring(0, equals + 1)) + "[^;]*", "");
            }
            if (!setting.isBlank()) {
                url += ";" + setting;
            }
        }
        return new DatabaseConfig(url, "", "", 10, true);
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

    /**
     * Three phases, each on a fresh copy of the seed with the same short warm-up, so that each
     * starts from the same database and index: capture alone, capture while the reaper runs,
     * capture alone again. A capture-only phase is compared over as many seconds as the reaper
     * took, so both sides of the comparison cover the same stretch of the database's growth; the
     * two capture-only phases bracket the reaping one, so a drift of the machine between phases
     * shows up as a difference between them. One longer warm-up on a copy of its own comes first
     * (compilation; not counted). With {@code rounds} above one, reaping and capture alone
     * alternate that many times (alone, reaping, alone, reaping, ..., alone): each reaping phase
     * is compared with the two capture-only phases on either side of it, and the last line gives
     * each figure's median and range over the rounds.
     */
    private static void measure(Path seedDir, Path workDir, int writers, int warmupSeconds, int phaseWarmupSeconds,
                                int alonePhaseSeconds, int maxReapSeconds, int duty, int rounds) throws Exception {
        var policy = policy(duty);
        System.out.printf(Locale.ROOT, "reaper batches of %,d, duty %d%%, %d round(s)%n", policy.reaperBatchSize(), duty, rounds);
        if (!diagnosticSql.isBlank()) {
            System.out.println("diagnostic run: each copy first runs " + diagnosticSql);
        }
        if (!extraSettings.isBlank()) {
            System.out.println("diagnostic run: H2 settings " + extraSettings + " (the embedded default's are "
                    + DatabaseConfig.EMBEDDED_SETTINGS + ")");
        }
        onCopy(seedDir, workDir, (store, index, indexer, clients) -> {
            double warmup = capture(store, clients, writers, Duration.ofSeconds(warmupSeconds), null, null);
            System.out.printf(Locale.ROOT, "warm-up: %,.0f messages/s (%d s on a copy of its own, not counted)%n", warmup, warmupSeconds);
        });
        int phase = 1;
        var before = captureAlone(phase++, seedDir, workDir, writers, phaseWarmupSeconds, alonePhaseSeconds);
        var seconds = new ArrayList<Double>();
        var shares = new ArrayList<Double>();
        for (int round = 1; round <= rounds; round++) {
            var reaping = reap(phase++, seedDir, workDir, writers, phaseWarmupSeconds, maxReapSeconds, policy);
            var after = captureAlone(phase++, seedDir, workDir, writers, phaseWarmupSeconds, alonePhaseSeconds);
            int window = (int) Math.min(alonePhaseSeconds, Math.round(reaping.seconds()));
            double alone1 = before.rate(window);
            double alone3 = after.rate(window);
            double alone = (alone1 + alone3) / 2;
            System.out.printf(Locale.ROOT, "capture alone over the reaper's first %d s: %,.0f (phase %d) and %,.0f (phase %d) messages/s,"
                    + " mean %,.0f%n", window, alone1, phase - 3, alone3, phase - 1, alone);
            System.out.printf(Locale.ROOT, "RESULT%s reaper %.1f s for %,d messages; capture while reaping %,.0f messages/s = %.0f%% of capture"
                    + " alone (%.0f%% of phase %d, %.0f%% of phase %d)%n", rounds == 1 ? "" : " round " + round, reaping.seconds(),
                    reaping.deleted(), reaping.rate(), 100 * reaping.rate() / alone, 100 * reaping.rate() / alone1, phase - 3,
                    100 * reaping.rate() / alone3, phase - 1);
            seconds.add(reaping.seconds());
            shares.add(100 * reaping.rate() / alone);
            before = after;
        }
        if (rounds > 1) {
            System.out.printf(Locale.ROOT, "RESULT over %d rounds: reaper median %.1f s (%.1f-%.1f s); capture kept median %.0f%% (%.0f-%.0f%%)%n",
                    rounds, median(seconds), java.util.Collections.min(seconds), java.util.Collections.max(seconds), median(shares),
                    java.util.Collections.min(shares), java.util.Collections.max(shares));
        }
    }

    /**
     * Capture's group commits in a window, per commit: how many messages each held and its
     * time committing and syncing. With every writer waiting in each commit, their sum is what
     * sets capture's rate, so this shows which of the two the reaper lengthens.
     */
    static String perCommit(MessageStore.CommitStats stats) {
        long commits = Math.max(1, stats.commits());
        return String.format(Locale.ROOT, "group commits: %,d of %.1f messages each; per commit %.2f ms committing, %.2f ms syncing",
                stats.commits(), (double) stats.messages() / commits, stats.committing().toNanos() / 1e6 / commits,
                stats.syncing().toNanos() / 1e6 / commits);
    }

    private static double median(List<Double> values) {
        var sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** What one reaping phase measured. */
    private record Reaping(double rate, double seconds, long deleted) {
    }

    /** A reaping phase on a fresh copy: the phase's warm-up, then the reaper against the capture load until it ends. */
    private static Reaping reap(int phase, Path seedDir, Path workDir, int writers, int phaseWarmupSeconds, int maxReapSeconds,
                                RetentionConfig policy) throws Exception {
        var measured = new Reaping[1];
        onCopy(seedDir, workDir, (store, index, indexer, clients) -> {
            var result = new Object() {
                RetentionReaper.Run run;
                double purgeSeconds;
            };
            var reaper = new RetentionReaper(store.retention(), store.audit(), policy, new SettableClock(), () -> {
                long purgeStart = System.nanoTime();
                indexer.purgeDeleted();
                result.purgeSeconds = (System.nanoTime() - purgeStart) / 1e9;
            });
            System.out.printf(Locale.ROOT, "%,d messages due for deletion, %,d index documents%n",
                    reaper.report().get(RetentionCategory.MESSAGES).due(), index.documentCount());
            capture(store, clients, writers, Duration.ofSeconds(phaseWarmupSeconds), null, null);
            var running = new AtomicBoolean(true);
            var from = CpuMeter.sample();
            var commitsFrom = store.messages().commitStats();
            long start = System.nanoTime();
            Thread reaperThread = Thread.ofPlatform().name("reaper").start(() -> {
                try {
                    result.run = reaper.run(false);
                } finally {
                    running.set(false);
                }
            });
            double rate = capture(store, clients, writers, Duration.ofSeconds(maxReapSeconds), running, null);
            reaperThread.join();
            double seconds = (System.nanoTime() - start) / 1e9;
            var to = CpuMeter.sample();
            var commits = store.messages().commitStats().since(commitsFrom);
            if (result.run == null) {
                throw new IllegalStateException("the reaper failed");
            }
            measured[0] = new Reaping(rate, seconds, result.run.counts().get(RetentionCategory.MESSAGES));
            System.out.printf(Locale.ROOT, "phase %d, capture while reaping: %,.0f messages/s; the reaper deleted %,d messages from"
                            + " database and index in %.1f s (of which the final index purge %.1f s; this JVM %.2f cores,"
                            + " other processes %.2f cores)%n", phase, rate, measured[0].deleted(),
                    seconds, result.purgeSeconds, cores(from, to), CpuMeter.otherCores(from, to));
            System.out.println("  " + perCommit(commits));
            System.out.printf(Locale.ROOT, "index documents left: %,d (those captured in this phase, its warm-up included); database file %,d MB%n",
                    index.documentCount(), databaseFileMegabytes(workDir));
        });
        return measured[0];
    }

    /** A capture-only phase on a fresh copy: the phase's warm-up, then capture alone, second by second. */
    private static PerSecond captureAlone(int phase, Path seedDir, Path workDir, int writers, int phaseWarmupSeconds, int seconds)
            throws Exception {
        var perSecond = new PerSecond();
        onCopy(seedDir, workDir, (store, index, indexer, clients) -> {
            capture(store, clients, writers, Duration.ofSeconds(phaseWarmupSeconds), null, null);
            var from = CpuMeter.sample();
            var commitsFrom = store.messages().commitStats();
            capture(store, clients, writers, Duration.ofSeconds(seconds), null, perSecond);
            var to = CpuMeter.sample();
            System.out.printf(Locale.ROOT, "phase %d, capture alone: %,.0f messages/s over %d s (this JVM %.2f cores,"
                    + " other processes %.2f cores)%n", phase, perSecond.rate(seconds), seconds, cores(from, to), CpuMeter.otherCores(from, to));
            System.out.println("  " + perCommit(store.messages().commitStats().since(commitsFrom)));
        });
        return perSecond;
    }

    /** Messages saved in each second of a capture phase. */
    private static final class PerSecond {
        private final List<Long> counts = new ArrayList<>();

        synchronized void add(long saved) {
            counts.add(saved);
        }

        /** Messages per second over the phase's first {@code seconds} seconds. */
        synchronized double rate(int seconds) {
            int n = Math.min(seconds, counts.size());
            if (n == 0) {
                throw new IllegalStateException("the phase recorded no whole second");
            }
            return counts.subList(0, n).stream().mapToLong(Long::longValue).sum() / (double) n;
        }
    }

    @FunctionalInterface
    private interface Phase {
        void run(JdbcMessageBankStore store, LuceneMessageIndex index, MessageIndexer indexer, List<Long> clients) throws Exception;
    }

    /** Runs a phase on a fresh copy of the seed in {@code workDir}, as the embedded default opens it; deletes the copy after. */
    private static void onCopy(Path seedDir, Path workDir, Phase phase) throws Exception {
        deleteTree(workDir);
        Files.createDirectories(workDir);
        SeededCorpus.copy(seedDir, workDir);
        var clock = new SettableClock();
        clock.set(null);
        var database = Database.open(database(workDir));
        if (!diagnosticSql.isBlank()) {
            try (var c = database.connection(); var statement = c.createStatement()) {
                statement.execute(diagnosticSql);
            } catch (java.sql.SQLException e) {
                database.close();
                throw e;
            }
        }
        try (var bus = new InProcessEventBus();
             var store = new JdbcMessageBankStore(database, clock, bus);
             var index = LuceneMessageIndex.open(workDir.resolve("index"), new PhoneNumbers("GB"))) {
            var clients = store.clients().list().stream().map(c -> c.id()).toList();
            var indexer = new MessageIndexer(store.messages(), index, Duration.ofMillis(200), Duration.ofSeconds(5));
            indexer.start(bus);
            try {
                phase.run(store, index, indexer, clients);
            } finally {
                indexer.close();
            }
        }
        deleteTree(workDir);
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

    /**
     * Runs the capture load until the time is up or {@code whileTrue} turns false; returns
     * messages/s. With {@code perSecond}, also records how many were saved in each whole second.
     */
    private static double capture(JdbcMessageBankStore store, List<Long> clients, int writers, Duration max, AtomicBoolean whileTrue,
                                  PerSecond perSecond) throws InterruptedException {
        var saved = new LongAdder();
        long start = System.nanoTime();
        long deadline = start + max.toNanos();
        var done = new AtomicBoolean();
        Thread sampler = perSecond == null ? null : Thread.ofPlatform().name("capture-seconds").start(() -> {
            long last = 0;
            for (long second = 1; !done.get(); second++) {
                long wake = start + second * 1_000_000_000L;
                long wait;
                while ((wait = wake - System.nanoTime()) > 0 && !done.get()) {
                    java.util.concurrent.locks.LockSupport.parkNanos(Math.min(wait, 50_000_000L));
                }
                if (done.get()) {
                    return;
                }
                long now = saved.sum();
                perSecond.add(now - last);
                last = now;
            }
        });
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
        done.set(true);
        if (sampler != null) {
            sampler.join();
        }
        return saved.sum() / ((System.nanoTime() - start) / 1e9);
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
