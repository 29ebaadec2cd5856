package org.messagebank.bench.web;

import org.messagebank.bench.Args;
import org.messagebank.bench.LatencyStats;
import org.messagebank.bench.Machine;
import org.messagebank.bench.Table;
import org.messagebank.bench.TempDirs;
import org.messagebank.server.Node;

import java.time.Clock;
import java.util.List;
import java.util.Locale;

/**
 * Screen-pop latency: a whole node in this process, {@code --operators} operators signed in over
 * HTTP with their consoles' WebSockets open and AVAILABLE, and a fake Asterisk placing
 * {@code --calls} calls at {@code --rate} per second over FastAGI (after {@code --warmup} calls
 * that are not measured). For each call it measures the time from sending the FastAGI request to
 * the pop frame arriving at the console of the operator it was offered to, and, as the baseline,
 * to {@code EXEC Dial} arriving at the fake Asterisk (routing alone). Each console saves the
 * call's message when the call ends, which makes its operator available again. Loopback only;
 * stops by itself. See README.md for the command.
 */
public final class PopBench {
    static final double TARGET_P99_MS = 25;

    private PopBench() {
    }

    public static void main(String[] argv) throws Exception {
        var settings = PopRun.Settings.from(Args.parse(argv, PopRun.OPTIONS), 50);
        System.out.println("# PopBench " + String.join(" ", argv));
        System.out.println(Machine.describe());
        System.out.println("load average at start: " + Machine.loadAverage());

        var dir = TempDirs.create("mb-pop-bench-");
        try (Node node = BenchNode.open(dir, Clock.systemUTC(), "acd:\n  wrap-up-limit: 30s")) {
            var seeded = PopRun.seed(node.store(), settings.clients(), settings.operators());
            var agi = node.serveTelephony();
            String base = "http://127.0.0.1:" + node.serveHttp().getPort();
            var result = PopRun.run(List.of(base), List.of(agi), seeded.numbers(), settings);
            report(result);
            System.out.println(windows(result.windows()));
        } finally {
            TempDirs.delete(dir);
        }
        System.out.println("load average at end: " + Machine.loadAverage());
    }

    static void report(PopRun.Result r) {
        var s = r.summary();
        var counts = r.counts();
        int operators = r.settings().operators();
        System.out.println();
        System.out.printf(Locale.ROOT, "calls placed %,d of %,d in %.1f s (%.1f/s; target rate %d/s)%s; operators %d;"
                        + " outcomes %s; still going on %d%n",
                r.placed(), r.settings().calls(), r.placingSeconds(), r.placedPerSecond(), r.settings().rate(),
                r.placed() < r.settings().calls() ? " (time limit)" : "", operators, r.outcomes(), r.stillOn());
        System.out.printf(Locale.ROOT, "measured calls: pops received %,d, pops missing %,d, Dials received %,d;"
                        + " pops or Dials for unknown numbers %d; all pop frames %,d; messages saved %,d, saves failed %,d;"
                        + " unreadable frames %d; console connections closed by the server %d, reconnected %d%n",
                s.popped(), s.popsMissing(), s.dialled(), s.unmatched(), counts.pops.get(), counts.saved.get(),
                counts.saveFailed.get(), counts.unreadable.get(), r.closedByServer(), counts.reconnects.get());
        System.out.printf(Locale.ROOT, "JVM heap after GC (node(s) + %d consoles + fake Asterisk): %d MB; JVM CPU %.1f ms per call"
                + " (%.2f cores); other processes used %.2f cores (from the first measured call until all ended)%n", operators,
                r.heapMb(), r.ownCpuNanos() / 1e6 / Math.max(1, r.placed()), r.ownCpuNanos() / 1e9 / r.measuredSeconds(),
                r.otherCores());
        var table = new Table("measured from the FastAGI request to", "calls", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms",
                "mean ms");
        row(table, "the pop's WebSocket frame at the console", s.pop());
        row(table, "EXEC Dial at the fake Asterisk (routing, baseline)", s.routing());
        System.out.println(table);
        System.out.printf(Locale.ROOT, "target: pop p99 %s ms <= %.0f ms at %d calls/s with %d operators, no pop missing: %s%n",
                LatencyStats.millis(s.pop().p99()), TARGET_P99_MS, r.settings().rate(), operators,
                popTargetMet(s) ? "met" : "NOT met");
    }

    /** No pop missing, and pop p99 at most {@link #TARGET_P99_MS}. */
    static boolean popTargetMet(PopLatencies.Summary s) {
        return s.popsMissing() == 0 && s.pop().p99() / 1e6 <= TARGET_P99_MS;
    }

    static Table windows(List<PopLatencies.Window> windows) {
        var table = new Table("calls sent from s", "calls", "pops", "pop p50 ms", "pop p99 ms", "pop max ms", "routing p50 ms",
                "routing p99 ms");
        for (var w : windows) {
            table.row(String.format(Locale.ROOT, "%.0f", w.startSeconds()), w.placed(), w.popped(), LatencyStats.millis(w.pop().p50()),
                    LatencyStats.millis(w.pop().p99()), LatencyStats.millis(w.pop().max()), LatencyStats.millis(w.routing().p50()),
                    LatencyStats.millis(w.routing().p99()));
        }
        return table;
    }

    private static void row(Table table, String what, LatencyStats l) {
        table.row(what, String.format(Locale.ROOT, "%,d", l.count()), LatencyStats.millis(l.p50()), LatencyStats.millis(l.p90()),
                LatencyStats.millis(l.p99()), LatencyStats.millis(l.p999()), LatencyStats.millis(l.max()),
                LatencyStats.millis(l.mean()));
    }
}
