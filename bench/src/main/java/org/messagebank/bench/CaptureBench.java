package org.messagebank.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Capture throughput and search visibility: concurrent operators saving messages through the
 * store (group commit) while the indexer follows the outbox, on the embedded default and, as a
 * side-by-side row, on PostgreSQL. See README.md for the command.
 */
public final class CaptureBench {
    private static final Set<String> OPTIONS = Set.of("writers", "messages", "warmup", "max-seconds", "sample-every",
            "visibility-timeout", "seed", "postgres");

    /** Targets: messages/s committed, and the p99 time until a saved message can be found. */
    static final double TARGET_PER_SECOND = 5000;
    static final double TARGET_VISIBLE_MS = 1000;

    private CaptureBench() {
    }

    public static void main(String[] argv) {
        var args = Args.parse(argv, OPTIONS);
        var settings = new ArrayList<CaptureRun.Settings>();
        for (int writers : args.integers("writers", "32,128")) {
            settings.add(new CaptureRun.Settings(writers, args.integer("warmup", 5_000), args.integer("messages", 100_000),
                    args.seconds("max-seconds", 60), args.integer("sample-every", 100), args.seconds("visibility-timeout", 10)));
        }
        int total = settings.getFirst().warmup() + settings.getFirst().messages();
        var data = DataGenerator.standard(args.longValue("seed", 42), total);
        var targets = new ArrayList<StoreTarget>();
        targets.add(new StoreTarget.H2());
        String url = args.string("postgres", null);
        if (url != null) {
            targets.add(new StoreTarget.Postgres(url));
        }
        System.out.println("# CaptureBench " + String.join(" ", argv));
        System.out.println(Machine.describe());
        System.out.println("load average at start: " + Machine.loadAverage());

        var results = new ArrayList<CaptureRun.Result>();
        for (var target : targets) {
            for (var s : settings) {
                var r = CaptureRun.run(target, data, s);
                System.out.printf(Locale.ROOT, "%s, %d writers: %,d saved in %.1f s%s = %,.0f messages/s; visible p99 %s ms;"
                                + " other processes used %.2f cores%n", r.target(), r.writers(), r.saved(), r.seconds(),
                        r.timedOut() ? " (time limit)" : "", r.perSecond(), LatencyStats.millis(r.lag().p99()), r.otherCores());
                results.add(r);
            }
        }
        System.out.println();
        System.out.println(table(results));
        for (var r : results) {
            boolean fast = r.perSecond() >= TARGET_PER_SECOND;
            boolean visible = r.visibility().notVisible() == 0 && r.lag().p99() / 1e6 <= TARGET_VISIBLE_MS;
            System.out.printf(Locale.ROOT, "targets (%s, %d writers): >= %,.0f messages/s: %s; visible within %.0f ms (p99): %s%n",
                    r.target(), r.writers(), TARGET_PER_SECOND, SearchBench.yes(fast), TARGET_VISIBLE_MS, SearchBench.yes(visible));
        }
        System.out.println("load average at end: " + Machine.loadAverage());
    }

    static Table table(List<CaptureRun.Result> results) {
        var table = new Table("database", "writers", "saved", "seconds", "messages/s", "save() p50 ms", "save() p99 ms",
                "visible p50 ms", "visible p99 ms", "visible max ms", "samples (not visible)", "index caught up ms",
                "JVM CPU µs/message", "other processes (cores)");
        for (var r : results) {
            table.row(r.target(), r.writers(), String.format(Locale.ROOT, "%,d", r.saved()),
                    String.format(Locale.ROOT, "%.1f", r.seconds()), String.format(Locale.ROOT, "%,.0f", r.perSecond()),
                    LatencyStats.millis(r.save().p50()), LatencyStats.millis(r.save().p99()),
                    LatencyStats.millis(r.lag().p50()), LatencyStats.millis(r.lag().p99()), LatencyStats.millis(r.lag().max()),
                    r.visibility().sampled() + " (" + r.visibility().notVisible() + ")", r.catchUpMillis(),
                    String.format(Locale.ROOT, "%.0f", r.cpuMicrosPerMessage()), String.format(Locale.ROOT, "%.2f", r.otherCores()));
        }
        return table;
    }
}
