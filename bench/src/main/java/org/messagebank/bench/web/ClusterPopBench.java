package org.messagebank.bench.web;

import org.messagebank.bench.Args;
import org.messagebank.bench.LatencyStats;
import org.messagebank.bench.Machine;
import org.messagebank.bench.StoreTarget;
import org.messagebank.bench.Table;
import org.messagebank.bench.TempDirs;
import org.messagebank.server.Node;
import org.messagebank.store.MessageBankStore;
import org.messagebank.store.domain.Contact;
import org.messagebank.store.domain.DeliveryChannel;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Screen-pops end to end on two nodes, next to one: the {@link PopBench} scenario run first on a
 * single node on the embedded default (H2, in-process bus), then on two nodes in this process
 * sharing a fresh schema of the PostgreSQL given by {@code --postgres} and an embedded Kafka broker,
 * at the same rate and call count. On the cluster half the operators sign in on each node and the
 * fake Asterisk sends calls to each node's FastAGI in turn. Every client has one contact reached by
 * email, so each message the consoles save is dispatched, to {@code .eml} files in the nodes' data
 * directories (no SMTP server is configured); the dispatches are counted in the database after the
 * calls. Reports both runs side by side: the rate calls were placed at, the rate they were done at
 * (measured calls over the time until the last ended, talk included) and the cores used, the pop
 * and routing latencies and the dispatches. Loopback only; stops by itself. See README.md.
 */
public final class ClusterPopBench {
    private static final Set<String> OPTIONS = options();
    private static final String ACD = "acd:\n  wrap-up-limit: 30s";

    private ClusterPopBench() {
    }

    private static Set<String> options() {
        var options = new HashSet<>(PopRun.OPTIONS);
        options.addAll(List.of("postgres", "baseline", "dispatch-wait-seconds"));
        return Set.copyOf(options);
    }

    /** One run in the table: what the consoles saw, and what the database holds afterwards. */
    record Row(String run, double placedPerSecond, double donePerSecond, double cores, PopLatencies.Summary pops, int saved,
               Dispatches dispatches) {
        static Row of(String run, PopRun.Result result, Dispatches dispatches) {
            return new Row(run, result.placedPerSecond(), result.donePerSecond(), result.coresUsed(), result.summary(),
                    result.counts().saved.get(), dispatches);
        }

        boolean targetsMet() {
            return PopBench.popTargetMet(pops) && dispatches.allDispatched();
        }
    }

    public static void main(String[] argv) throws Exception {
        var args = Args.parse(argv, OPTIONS);
        String postgres = args.string("postgres", null);
        if (postgres == null || postgres.isBlank()) {
            System.err.println("ClusterPopBench: --postgres <jdbc url> is required: the two nodes share a PostgreSQL database"
                    + " (a fresh schema is made in it for the run and dropped afterwards), for example"
                    + " --postgres \"jdbc:postgresql://127.0.0.1:54329/postgres?user=postgres\"");
            System.exit(2);
        }
        var settings = PopRun.Settings.from(args, 100);
        boolean baseline = Boolean.parseBoolean(args.string("baseline", "true"));
        var dispatchWait = args.seconds("dispatch-wait-seconds", 30);
        System.out.println("# ClusterPopBench " + String.join(" ", argv));
        System.out.println(Machine.describe());
        System.out.println("load average at start: " + Machine.loadAverage());

        var rows = new ArrayList<Row>();
        var dir = TempDirs.create("mb-cluster-pop-bench-");
        try {
            if (baseline) {
                System.out.println();
                System.out.println("## one node, embedded H2, in-process bus");
                rows.add(singleNode(Files.createDirectories(dir.resolve("single")), settings, dispatchWait));
            }
            System.out.println();
            System.out.println("## two nodes, PostgreSQL, Kafka");
            rows.add(twoNodes(dir, new StoreTarget.Postgres(postgres), settings, dispatchWait));
        } finally {
            TempDirs.delete(dir);
        }
        System.out.println();
        System.out.println(table(rows));
        for (var row : rows) {
            System.out.printf(Locale.ROOT, "targets (%s): pop p99 %s ms <= %.0f ms at %d calls/s (placed %.1f/s), no pop missing (%,d),"
                            + " every message dispatched (%,d not): %s%n", row.run(), LatencyStats.millis(row.pops().pop().p99()),
                    PopBench.TARGET_P99_MS, settings.rate(), row.placedPerSecond(), row.pops().popsMissing(),
                    row.dispatches().undispatched(), row.targetsMet() ? "met" : "NOT met");
        }
        System.out.println("load average at end: " + Machine.loadAverage());
    }

    private static Row singleNode(Path dir, PopRun.Settings settings, Duration dispatchWait) throws Exception {
        try (Node node = BenchNode.open(dir, Clock.systemUTC(), ACD)) {
            var numbers = seed(node.store(), settings);
            var agi = node.serveTelephony();
            var result = PopRun.run(List.of(base(node)), List.of(agi), numbers, settings);
            return reported("one node", result, Dispatches.await(node.config().database(), result.measuredFrom(), dispatchWait));
        }
    }

    private static Row twoNodes(Path dir, StoreTarget.Postgres postgres, PopRun.Settings settings, Duration dispatchWait)
            throws Exception {
        try (var broker = BenchBroker.start()) {
            String topicPrefix = "bench" + System.currentTimeMillis() + ".";
            broker.initTopics(topicPrefix);
            var database = postgres.create(dir);
            try {
                String shared = ACD + "\ndatabase:\n  url: \"" + database.url() + "\"\n"
                        + "events:\n  kind: kafka\n  bootstrap-servers: " + broker.bootstrapServers() + "\n  topic-prefix: "
                        + topicPrefix;
                try (Node a = BenchNode.open(Files.createDirectories(dir.resolve("a")), Clock.systemUTC(), shared,
                        "  node-id: node-a");
                     Node b = BenchNode.open(Files.createDirectories(dir.resolve("b")), Clock.systemUTC(), shared,
                             "  node-id: node-b")) {
                    var numbers = seed(a.store(), settings);
                    List<InetSocketAddress> agi = List.of(a.serveTelephony(), b.serveTelephony());
                    var result = PopRun.run(List.of(base(a), base(b)), agi, numbers, settings);
                    return reported("two nodes", result, Dispatches.await(database, result.measuredFrom(), dispatchWait));
                }
            } finally {
                postgres.drop();
            }
        }
    }

    /** PopBench's clients and operators, and one contact per client who is sent every message by email. */
    private static List<String> seed(MessageBankStore store, PopRun.Settings settings) {
        var seeded = PopRun.seed(store, settings.clients(), settings.operators());
        for (long clientId : seeded.clientIds()) {
            store.contacts().add(Contact.of(clientId, "Bench Contact " + clientId, null, "contact" + clientId + "@example.com",
                    Set.of(DeliveryChannel.EMAIL), Set.of(DeliveryChannel.EMAIL), null));
        }
        return seeded.numbers();
    }

    /** Starts HTTP, which must come after telephony: the operator's routes are served only once it runs. */
    private static String base(Node node) {
        return "http://127.0.0.1:" + node.serveHttp().getPort();
    }

    private static Row reported(String run, PopRun.Result result, Dispatches dispatches) {
        PopBench.report(result);
        System.out.println(PopBench.windows(result.windows()));
        var d = dispatches;
        System.out.printf(Locale.ROOT, "messages in the database %,d (warm-up included): dispatches sent %,d, failed %,d;"
                        + " messages with no dispatch sent %,d; save to sent (measured calls) p50 %s ms, p99 %s ms, max %s ms%n",
                d.messages(), d.sent(), d.failed(), d.undispatched(), LatencyStats.millis(d.saveToSent().p50()),
                LatencyStats.millis(d.saveToSent().p99()), LatencyStats.millis(d.saveToSent().max()));
        return Row.of(run, result, dispatches);
    }

    /** Both runs side by side. */
    static Table table(List<Row> rows) {
        var table = new Table("run", "calls placed/s", "calls done/s", "cores used", "pops received", "pops missing", "pop p50 ms", "pop p99 ms", "pop max ms",
                "routing p99 ms", "messages saved", "dispatches sent", "not dispatched", "save→sent p50 ms", "save→sent p99 ms");
        for (var r : rows) {
            var pop = r.pops().pop();
            var sent = r.dispatches().saveToSent();
            table.row(r.run(), String.format(Locale.ROOT, "%.1f", r.placedPerSecond()), String.format(Locale.ROOT, "%.1f", r.donePerSecond()),
                    String.format(Locale.ROOT, "%.2f", r.cores()), String.format(Locale.ROOT, "%,d", r.pops().popped()),
                    String.format(Locale.ROOT, "%,d", r.pops().popsMissing()), LatencyStats.millis(pop.p50()),
                    LatencyStats.millis(pop.p99()), LatencyStats.millis(pop.max()), LatencyStats.millis(r.pops().routing().p99()),
                    String.format(Locale.ROOT, "%,d", r.saved()), String.format(Locale.ROOT, "%,d", r.dispatches().sent()),
                    String.format(Locale.ROOT, "%,d", r.dispatches().undispatched()), LatencyStats.millis(sent.p50()),
                    LatencyStats.millis(sent.p99()));
        }
        return table;
    }
}
