package org.messagebank.bench.web;

import org.messagebank.bench.Args;
import org.messagebank.bench.DataGenerator;
import org.messagebank.bench.LatencyStats;
import org.messagebank.bench.Machine;
import org.messagebank.bench.QueryMix;
import org.messagebank.bench.SettableClock;
import org.messagebank.bench.Table;
import org.messagebank.bench.TempDirs;
import org.messagebank.server.Node;
import org.messagebank.server.auth.PasswordHasher;
import org.messagebank.store.Scope;
import org.messagebank.store.domain.Message;
import org.messagebank.store.domain.MessageStatus;
import org.messagebank.store.domain.NewMessage;
import org.messagebank.store.domain.Role;

import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The client portal over HTTP: one client with {@code --messages} generated messages (one
 * client's share of the {@code DataGenerator} corpus: all of them, over the 100 days up to now,
 * with the generator's read and acknowledged statuses), a signed-in client user, and a closed loop
 * of inbox pages and searches ({@link PortalRequest#mix}) on {@code --threads} threads with
 * {@code GET /api/v1/messages}. As the baseline, in the same run, the same requests through the
 * store's API in this process: {@code index.search} and {@code messages().findAll}, which is
 * what the route does. Loopback only; stops by itself. See README.md for the command.
 */
public final class PortalBench {
    private static final Set<String> OPTIONS = Set.of("messages", "seed", "threads", "warmup", "requests", "max-seconds",
            "batch", "statuses");
    static final double TARGET_P99_MS = 20;
    private static final String USERNAME = "portal-client";
    private static final String PASSWORD = "bench-client-password";

    private PortalBench() {
    }

    public static void main(String[] argv) throws Exception {
        var args = Args.parse(argv, OPTIONS);
        long seed = args.longValue("seed", 42);
        int threads = args.integer("threads", 2);
        var maxTime = args.seconds("max-seconds", 120);
        var end = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        var data = new DataGenerator(seed, 1, args.longValue("messages", 100_000), end, Duration.ofDays(100));
        var mix = new QueryMix(data);
        var warmup = PortalRequest.mix(mix, seed, 1, args.integer("warmup", 5_000));
        var measured = PortalRequest.mix(mix, seed, 2, args.integer("requests", 20_000));
        System.out.println("# PortalBench " + String.join(" ", argv));
        System.out.println(Machine.describe());
        System.out.println("load average at start: " + Machine.loadAverage());

        var dir = TempDirs.create("mb-portal-bench-");
        var clock = new SettableClock();
        try (Node node = BenchNode.open(dir, clock)) {
            var store = node.store();
            var client = store.clients().create(data.clients().getFirst().name(), "Good morning");
            store.users().create(USERNAME, Role.CLIENT_USER, client.id(), null, new PasswordHasher().hash(PASSWORD));
            long t0 = System.nanoTime();
            var ids = seed(node, data, client.id(), clock, args.integer("batch", 500));
            long t1 = System.nanoTime();
            int statuses = Boolean.parseBoolean(args.string("statuses", "true")) ? applyStatuses(node, data, client.id(), ids) : 0;
            long t2 = System.nanoTime();
            node.indexer().catchUp();
            long t3 = System.nanoTime();
            System.out.printf(Locale.ROOT, "seeded %,d messages in %.1f s, %,d read or acknowledged in %.1f s, index caught up in %.1f s;"
                            + " index holds %,d%n", ids.size(), (t1 - t0) / 1e9, statuses, (t2 - t1) / 1e9, (t3 - t2) / 1e9,
                    node.index().documentCount());

            String base = "http://127.0.0.1:" + node.serveHttp().getPort();
            var scope = Scope.tenant(client.id());
            PortalLoad.Engine http = new PortalLoad.Engine() {
                @Override
                public String name() {
                    return "HTTP (GET /api/v1/messages)";
                }

                @Override
                public PortalLoad.Fetcher open() throws Exception {
                    var session = WebSession.signIn(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), base,
                            USERNAME, PASSWORD);
                    return request -> {
                        var response = session.get(request.path());
                        if (response.statusCode() != 200) {
                            throw new IllegalStateException(request.kind() + " answered " + response.statusCode());
                        }
                        return WebSession.json(response.body()).get("messages").size();
                    };
                }
            };
            PortalLoad.Engine inProcess = new PortalLoad.Engine() {
                @Override
                public String name() {
                    return "store in-process (index.search + findAll)";
                }

                @Override
                public PortalLoad.Fetcher open() {
                    return request -> {
                        var result = node.index().search(scope, request.toSearchQuery());
                        return store.messages().findAll(scope, result.messageIds()).size();
                    };
                }
            };
            var results = new ArrayList<PortalLoad.Result>();
            for (var engine : List.of(inProcess, http)) {
                PortalLoad.run(engine, warmup, threads, maxTime);
                results.add(PortalLoad.run(engine, measured, threads, maxTime));
            }
            long heapMb = Machine.heapAfterGcMb();
            report(results, heapMb);
        } finally {
            TempDirs.delete(dir);
        }
        System.out.println("load average at end: " + Machine.loadAverage());
    }

    /** Saves the corpus in batches, each dated at its first message's time; returns the ids in corpus order. */
    private static List<Long> seed(Node node, DataGenerator data, long clientId, SettableClock clock, int batchSize) {
        var ids = new ArrayList<Long>((int) data.messageCount());
        try {
            for (long first = 0; first < data.messageCount(); first += batchSize) {
                long last = Math.min(data.messageCount(), first + batchSize);
                var batch = new ArrayList<NewMessage>(batchSize);
                for (long seq = first; seq < last; seq++) {
                    batch.add(data.message(seq).toNewMessage(clientId));
                }
                clock.set(data.message(first).createdAt());
                node.store().messages().saveAll(batch).stream().map(Message::id).forEach(ids::add);
            }
        } finally {
            clock.set(null);
        }
        return ids;
    }

    /** Marks read or acknowledges (which also marks read) each message the generator says was, on 8 virtual threads; returns how many. */
    private static int applyStatuses(Node node, DataGenerator data, long clientId, List<Long> ids) throws Exception {
        var scope = Scope.tenant(clientId);
        var messages = node.store().messages();
        int workers = 8;
        var futures = new ArrayList<Future<Integer>>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int w = 0; w < workers; w++) {
                int worker = w;
                futures.add(pool.submit(() -> {
                    int changed = 0;
                    for (int i = worker; i < ids.size(); i += workers) {
                        var status = data.message(i).status();
                        if (status == MessageStatus.READ) {
                            messages.markRead(scope, ids.get(i));
                            changed++;
                        } else if (status == MessageStatus.ACKNOWLEDGED) {
                            messages.acknowledge(scope, ids.get(i));
                            changed++;
                        }
                    }
                    return changed;
                }));
            }
            int total = 0;
            for (var f : futures) {
                total += f.get();
            }
            return total;
        }
    }

    private static void report(List<PortalLoad.Result> results, long heapMb) {
        System.out.println();
        var summary = new Table("engine", "requests", "threads", "seconds", "req/s", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms",
                "max ms", "other processes (cores)");
        for (var r : results) {
            var l = r.all();
            summary.row(r.engine(), String.format(Locale.ROOT, "%,d%s", r.completed(), r.timedOut() ? " (time limit)" : ""),
                    r.threads(), String.format(Locale.ROOT, "%.1f", r.seconds()), String.format(Locale.ROOT, "%,.0f", r.perSecond()),
                    LatencyStats.millis(l.p50()), LatencyStats.millis(l.p90()), LatencyStats.millis(l.p99()),
                    LatencyStats.millis(l.p999()), LatencyStats.millis(l.max()), String.format(Locale.ROOT, "%.2f", r.otherCores()));
        }
        System.out.println(summary);

        var kinds = new LinkedHashSet<String>(List.of(PortalRequest.INBOX, PortalRequest.INBOX_LATER));
        results.forEach(r -> kinds.addAll(r.byKind().keySet()));
        var header = new ArrayList<String>(List.of("kind"));
        results.forEach(r -> header.add(r.engine() + ": n, p50 / p90 / p99 / max ms, mean hits"));
        var byKind = new Table(header.toArray(String[]::new));
        for (String kind : kinds) {
            var row = new ArrayList<Object>(List.of(kind));
            for (var r : results) {
                var l = r.byKind().get(kind);
                row.add(l == null ? "-" : String.format(Locale.ROOT, "%,d: %s / %s / %s / %s, %.1f", l.count(),
                        LatencyStats.millis(l.p50()), LatencyStats.millis(l.p90()), LatencyStats.millis(l.p99()),
                        LatencyStats.millis(l.max()), r.meanHits().get(kind)));
            }
            byKind.row(row.toArray());
        }
        System.out.println(byKind);
        System.out.println("JVM heap after GC (node + load): " + heapMb + " MB");

        var overHttp = results.getLast();
        var over = overHttp.byKind().entrySet().stream().filter(e -> e.getValue().p99() / 1e6 > TARGET_P99_MS)
                .map(java.util.Map.Entry::getKey).toList();
        System.out.printf(Locale.ROOT, "target: HTTP p99 %s ms <= %.0f ms: %s; kinds with p99 over %.0f ms: %s%n",
                LatencyStats.millis(overHttp.all().p99()), TARGET_P99_MS,
                overHttp.all().p99() / 1e6 <= TARGET_P99_MS ? "met" : "NOT met", TARGET_P99_MS, over.isEmpty() ? "none" : over);
    }
}
