package org.messagebank.bench;

import org.messagebank.bench.QuerySpec.Kind;
import org.messagebank.store.PhoneNumbers;
import org.messagebank.store.index.LuceneMessageIndex;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Search latency and throughput of the store's index over a realistic corpus, with PostgreSQL
 * full-text search over the same rows as the baseline and, as a diagnostic, plain Lucene on the
 * same index files. See README.md for the command.
 */
public final class SearchBench {
    private static final Set<String> OPTIONS = Set.of("messages", "seed", "threads", "warmup", "queries", "max-seconds",
            "index-dir", "batch", "plain-lucene", "postgres", "pg-warmup", "pg-queries", "pg-max-seconds");

    /** Targets for the store's search: p99 in ms, queries/s, heap after GC in MB. */
    static final double TARGET_P99_MS = 2.0;
    static final double TARGET_QPS = 4000;
    static final long TARGET_HEAP_MB = 512;

    private SearchBench() {
    }

    public static void main(String[] argv) throws Exception {
        var args = Args.parse(argv, OPTIONS);
        long seed = args.longValue("seed", 42);
        int threads = args.integer("threads", 2);
        var data = DataGenerator.standard(seed, args.longValue("messages", 1_000_000));
        var mix = new QueryMix(data);
        var warmup = mix.queries(1, args.integer("warmup", 20_000));
        var measured = mix.queries(2, args.integer("queries", 100_000));
        var maxTime = args.seconds("max-seconds", 120);
        System.out.println("# SearchBench " + String.join(" ", argv));
        System.out.println(Machine.describe());
        System.out.println("load average at start: " + Machine.loadAverage());

        Path dir = args.path("index-dir");
        boolean scratch = dir == null;
        if (scratch) {
            dir = TempDirs.create("mb-search-index-");
        }
        var results = new ArrayList<SearchLoad.Result>();
        try (var index = LuceneMessageIndex.open(dir, new PhoneNumbers("GB"))) {
            var build = IndexCorpus.ensureBuilt(index, dir, data, seed, args.integer("batch", 10_000));
            System.out.printf(Locale.ROOT, "index: %,d messages, %s, %,d MB on disk in %s%n", data.messageCount(),
                    build.reused() ? "reused" : String.format(Locale.ROOT, "built in %.1f s (%,.0f messages/s)",
                            build.millis() / 1e3, data.messageCount() * 1e3 / Math.max(1, build.millis())),
                    build.bytes() >> 20, dir);
            long heapAfterBuild = Machine.heapAfterGcMb();
            System.out.println("heap after build + GC: " + heapAfterBuild + " MB");

            var engine = new StoreSearch(index);
            SearchLoad.run(engine, warmup, threads, maxTime);
            long gcBefore = gcMillis();
            var store = SearchLoad.run(engine, measured, threads, maxTime);
            long gcDuring = gcMillis() - gcBefore;
            long heapAfterSearch = Machine.heapAfterGcMb();
            print(store);
            System.out.printf(Locale.ROOT, "GC during the measured store run: %d ms; heap after GC: %d MB (after build %d MB)%n",
                    gcDuring, heapAfterSearch, heapAfterBuild);
            results.add(store);

            if (Boolean.parseBoolean(args.string("plain-lucene", "true"))) {
                for (int threshold : List.of(PlainLuceneSearch.DEFAULT_TOTAL_HITS_THRESHOLD, QuerySpec.LIMIT)) {
                    try (var plain = new PlainLuceneSearch(dir, threshold)) {
                        SearchLoad.run(plain, warmup, threads, maxTime);
                        results.add(print(SearchLoad.run(plain, measured, threads, maxTime)));
                    }
                }
            }

            String url = args.string("postgres", null);
            if (url != null) {
                var load = new PostgresCorpus(url).ensureLoaded(data, seed);
                System.out.printf(Locale.ROOT, "postgres: %s, table %,d MB, indexes %,d MB%n",
                        load.reused() ? "reused" : String.format(Locale.ROOT, "COPY %.1f s, indexes + analyze %.1f s",
                                load.copyMillis() / 1e3, load.indexMillis() / 1e3),
                        load.tableBytes() >> 20, load.indexBytes() >> 20);
                var pg = new SqlSearch(url);
                var pgMax = args.seconds("pg-max-seconds", 300);
                SearchLoad.run(pg, warmup.subList(0, Math.min(warmup.size(), args.integer("pg-warmup", 500))), threads, pgMax);
                results.add(print(SearchLoad.run(pg,
                        measured.subList(0, Math.min(measured.size(), args.integer("pg-queries", 5_000))), threads, pgMax)));
            }
            System.out.println();
            System.out.println(summary(results));
            System.out.println(byKind(results));
            long heap = Math.max(heapAfterBuild, heapAfterSearch);
            System.out.printf(Locale.ROOT, "targets (store): p99 %s ms <= %.0f ms: %s (thread CPU p99 %s ms: %s);"
                            + " %,.0f q/s >= %,.0f: %s; heap %d MB <= %d MB: %s%n",
                    LatencyStats.millis(store.latency().p99()), TARGET_P99_MS, yes(store.latency().p99() / 1e6 <= TARGET_P99_MS),
                    LatencyStats.millis(store.service().p99()), yes(store.service().p99() / 1e6 <= TARGET_P99_MS),
                    store.queriesPerSecond(), TARGET_QPS, yes(store.queriesPerSecond() >= TARGET_QPS),
                    heap, TARGET_HEAP_MB, yes(heap <= TARGET_HEAP_MB));
            System.out.println("load average at end: " + Machine.loadAverage());
        } finally {
            if (scratch) {
                TempDirs.delete(dir);
            }
        }
    }

    private static SearchLoad.Result print(SearchLoad.Result r) {
        System.out.printf(Locale.ROOT, "%s: %,d searches on %d threads in %.1f s%s: %,.0f q/s, p50 %s ms, p99 %s ms, max %s ms;"
                        + " other processes used %.2f cores%n",
                r.engine(), r.completed(), r.threads(), r.seconds(), r.timedOut() ? " (time limit)" : "", r.queriesPerSecond(),
                LatencyStats.millis(r.latency().p50()), LatencyStats.millis(r.latency().p99()),
                LatencyStats.millis(r.latency().max()), r.otherCores());
        return r;
    }

    static Table summary(List<SearchLoad.Result> results) {
        var table = new Table("engine", "searches", "threads", "q/s", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms", "mean ms",
                "thread CPU p50 / p99 / p99.9 ms", "JVM CPU µs/search", "other processes (cores)");
        for (var r : results) {
            var l = r.latency();
            table.row(r.engine(), String.format(Locale.ROOT, "%,d", r.completed()), r.threads(),
                    String.format(Locale.ROOT, "%,.0f", r.queriesPerSecond()), LatencyStats.millis(l.p50()),
                    LatencyStats.millis(l.p90()), LatencyStats.millis(l.p99()), LatencyStats.millis(l.p999()),
                    LatencyStats.millis(l.max()), LatencyStats.millis(l.mean()),
                    LatencyStats.millis(r.service().p50()) + " / " + LatencyStats.millis(r.service().p99()) + " / "
                            + LatencyStats.millis(r.service().p999()),
                    String.format(Locale.ROOT, "%.0f", r.cpuMicrosPerSearch()), String.format(Locale.ROOT, "%.2f", r.otherCores()));
        }
        return table;
    }

    /** Per kind of search: for each engine, count, p50 / p99 / max, thread CPU p99, mean hits (share of empty results). */
    static Table byKind(List<SearchLoad.Result> results) {
        var header = new ArrayList<String>(List.of("kind", "share"));
        for (var r : results) {
            header.add(r.engine() + ": n, p50 / p99 / max ms, CPU p99 ms, hits (empty)");
        }
        var table = new Table(header.toArray(String[]::new));
        for (Kind kind : Kind.values()) {
            var row = new ArrayList<Object>(List.of(kind, QueryMix.WEIGHTS.get(kind) + "%"));
            for (var r : results) {
                var k = r.byKind().get(kind);
                row.add(k == null ? "-" : String.format(Locale.ROOT, "%,d: %s / %s / %s, %s, %.1f (%d%%)", k.latency().count(),
                        LatencyStats.millis(k.latency().p50()), LatencyStats.millis(k.latency().p99()),
                        LatencyStats.millis(k.latency().max()), LatencyStats.millis(k.service().p99()), k.meanHits(),
                        100 * k.empty() / Math.max(1, k.latency().count())));
            }
            table.row(row.toArray());
        }
        return table;
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
    }

    static String yes(boolean met) {
        return met ? "met" : "NOT met";
    }
}
