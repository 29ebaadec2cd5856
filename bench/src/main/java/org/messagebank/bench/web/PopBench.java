package org.messagebank.bench.web;

import org.messagebank.bench.Args;
import org.messagebank.bench.CpuMeter;
import org.messagebank.bench.LatencyStats;
import org.messagebank.bench.Machine;
import org.messagebank.bench.Table;
import org.messagebank.bench.TempDirs;
import org.messagebank.server.Node;
import org.messagebank.server.auth.PasswordHasher;
import org.messagebank.store.domain.FieldType;
import org.messagebank.store.domain.Role;
import org.messagebank.store.domain.ScriptField;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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
    private static final Set<String> OPTIONS = Set.of("operators", "clients", "rate", "warmup", "calls", "talk-min-ms",
            "talk-max-ms", "max-seconds", "seed", "keepalive-pings");
    static final double TARGET_P99_MS = 25;
    private static final String PASSWORD = "bench-operator-password";
    static final List<ScriptField> PLUMBER_SCRIPT = List.of(
            ScriptField.of("caller_name", "Caller's name", FieldType.TEXT, true),
            ScriptField.of("callback", "Callback number", FieldType.PHONE, true),
            ScriptField.of("reason", "Reason for calling", FieldType.LONGTEXT, true),
            ScriptField.choice("urgency", "Urgency", true, "normal", "urgent"));

    private PopBench() {
    }

    public static void main(String[] argv) throws Exception {
        var args = Args.parse(argv, OPTIONS);
        int operators = args.integer("operators", 200);
        int clients = args.integer("clients", 50);
        int rate = args.integer("rate", 50);
        int warmup = args.integer("warmup", 500);
        int calls = args.integer("calls", 6_000);
        var talkMin = Duration.ofMillis(args.longValue("talk-min-ms", 1_000));
        var talkMax = Duration.ofMillis(args.longValue("talk-max-ms", 3_000));
        var maxTime = args.seconds("max-seconds", 300);
        boolean pings = Boolean.parseBoolean(args.string("keepalive-pings", "false"));
        if (warmup + calls > 100_000 || clients > 100) {
            throw new IllegalArgumentException("at most 100,000 calls (unique caller numbers) and 100 clients");
        }
        System.out.println("# PopBench " + String.join(" ", argv));
        System.out.println(Machine.describe());
        System.out.println("load average at start: " + Machine.loadAverage());

        var dir = TempDirs.create("mb-pop-bench-");
        try (Node node = BenchNode.open(dir, Clock.systemUTC(), "acd:\n  wrap-up-limit: 30s")) {
            var numbers = seed(node, clients, operators);
            var agi = node.serveTelephony();
            String base = "http://127.0.0.1:" + node.serveHttp().getPort();
            var latencies = new PopLatencies();
            var counts = new OperatorConsoleClient.Counts();
            try (var saving = Executors.newVirtualThreadPerTaskExecutor()) {
                var consoles = openConsoles(base, operators, latencies, counts, saving, pings);
                System.out.printf(Locale.ROOT, "%d consoles open and available; %d clients; calls %d warm-up + %d at %d/s,"
                        + " talk %d-%d ms; consoles send keep-alive pings: %s%n", consoles.size(), clients, warmup, calls, rate,
                        talkMin.toMillis(), talkMax.toMillis(), pings ? "yes (diagnostic: browsers cannot)" : "no, as in a browser");

                var placer = new CallPlacer(agi, numbers, latencies, talkMin, talkMax, args.longValue("seed", 42));
                long deadline = System.nanoTime() + maxTime.toNanos();
                placer.place(0, warmup, rate, false, deadline);
                var cpu = CpuMeter.sample();
                int placed = placer.place(warmup, calls, rate, true, deadline);
                double placingSeconds = (System.nanoTime() - cpu.wallNanos()) / 1e9;
                boolean ended = placer.awaitAllEnded(Duration.ofSeconds(60));
                var cpuAfter = CpuMeter.sample();
                Thread.sleep(1_000);
                var summary = latencies.summary();
                int closedByServer = counts.closed.get();
                int stillOn = placer.inProgress();
                long heapMb = Machine.heapAfterGcMb();
                placer.hangUpAll();
                consoles.forEach(OperatorConsoleClient::close);
                report(summary, placed, calls, rate, operators, placer, counts, ended ? 0 : stillOn, closedByServer, heapMb,
                        placingSeconds, CpuMeter.otherCores(cpu, cpuAfter), CpuMeter.ownCpuNanos(cpu, cpuAfter),
                        (cpuAfter.wallNanos() - cpu.wallNanos()) / 1e9);
                System.out.println(windows(latencies.windows(cpu.wallNanos(), 10_000_000_000L)));
            }
        } finally {
            TempDirs.delete(dir);
        }
        System.out.println("load average at end: " + Machine.loadAverage());
    }

    /** Clients with a number and the plumber's script, and operators allowed to answer all of them, each with a user. */
    private static List<String> seed(Node node, int clients, int operators) {
        var store = node.store();
        var numbers = new ArrayList<String>();
        var clientIds = new ArrayList<Long>();
        for (int c = 0; c < clients; c++) {
            var client = store.clients().create("Bench Client " + (c + 1), "Good morning, Bench Client " + (c + 1));
            String national = String.format("020794600%02d", c);
            store.clients().addNumber(client.id(), "+44" + national.substring(1));
            store.clients().saveScript(client.id(), PLUMBER_SCRIPT);
            numbers.add(national);
            clientIds.add(client.id());
        }
        String hash = new PasswordHasher().hash(PASSWORD);
        for (int o = 0; o < operators; o++) {
            var operator = store.operators().create("Operator " + (o + 1), "PJSIP/" + (1000 + o));
            clientIds.forEach(id -> store.operators().allow(operator.id(), id));
            store.users().create("operator" + (o + 1), Role.OPERATOR, null, operator.id(), hash);
        }
        return numbers;
    }

    /** Signs every operator in (two at a time: each sign-in checks an Argon2 hash), opens the consoles, goes available. */
    private static List<OperatorConsoleClient> openConsoles(String base, int operators, PopLatencies latencies,
                                                            OperatorConsoleClient.Counts counts,
                                                            ExecutorService saving, boolean pings)
            throws Exception {
        var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        var consoles = new ArrayList<OperatorConsoleClient>();
        try (var signing = Executors.newFixedThreadPool(2)) {
            var futures = new ArrayList<Future<OperatorConsoleClient>>();
            for (int o = 0; o < operators; o++) {
                String username = "operator" + (o + 1);
                futures.add(signing.submit(() -> {
                    var console = new OperatorConsoleClient(WebSession.signIn(http, base, username, PASSWORD), latencies, counts,
                            saving, pings);
                    console.connect(http);
                    console.goAvailable();
                    return console;
                }));
            }
            for (var f : futures) {
                consoles.add(f.get());
            }
        }
        return consoles;
    }

    private static void report(PopLatencies.Summary s, int placed, int wanted, int rate, int operators, CallPlacer placer,
                               OperatorConsoleClient.Counts counts, int stillOn, int closedByServer, long heapMb,
                               double seconds, double otherCores, long ownCpuNanos, double measuredSeconds) {
        System.out.println();
        System.out.printf(Locale.ROOT, "calls placed %,d of %,d in %.1f s (%.1f/s; target rate %d/s)%s; operators %d;"
                        + " outcomes %s; still going on %d%n",
                placed, wanted, seconds, placed / seconds, rate, placed < wanted ? " (time limit)" : "", operators,
                placer.outcomes(), stillOn);
        System.out.printf(Locale.ROOT, "measured calls: pops received %,d, pops missing %,d, Dials received %,d;"
                        + " pops or Dials for unknown numbers %d; all pop frames %,d; messages saved %,d, saves failed %,d;"
                        + " unreadable frames %d; console connections closed by the server %d, reconnected %d%n",
                s.popped(), s.popsMissing(), s.dialled(), s.unmatched(), counts.pops.get(), counts.saved.get(),
                counts.saveFailed.get(), counts.unreadable.get(), closedByServer, counts.reconnects.get());
        System.out.printf(Locale.ROOT, "JVM heap after GC (node + %d consoles + fake Asterisk): %d MB; JVM CPU %.1f ms per call"
                + " (%.2f cores); other processes used %.2f cores (from the first measured call until all ended)%n", operators, heapMb, ownCpuNanos / 1e6 / Math.max(1, placed),
                ownCpuNanos / 1e9 / measuredSeconds, otherCores);
        var table = new Table("measured from the FastAGI request to", "calls", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms",
                "mean ms");
        row(table, "the pop's WebSocket frame at the console", s.pop());
        row(table, "EXEC Dial at the fake Asterisk (routing, baseline)", s.routing());
        System.out.println(table);
        boolean met = s.popsMissing() == 0 && s.pop().p99() / 1e6 <= TARGET_P99_MS;
        System.out.printf(Locale.ROOT, "target: pop p99 %s ms <= %.0f ms at %d calls/s with %d operators, no pop missing: %s%n",
                LatencyStats.millis(s.pop().p99()), TARGET_P99_MS, rate, operators, met ? "met" : "NOT met");
    }

    private static Table windows(List<PopLatencies.Window> windows) {
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
