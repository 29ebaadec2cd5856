package org.messagebank.bench.web;

import org.messagebank.bench.Args;
import org.messagebank.bench.CpuMeter;
import org.messagebank.bench.Machine;
import org.messagebank.server.auth.PasswordHasher;
import org.messagebank.store.MessageBankStore;
import org.messagebank.store.TestData;
import org.messagebank.store.domain.Role;

import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The screen-pop scenario of {@link PopBench}, against one node or several sharing a database:
 * operators signed in over HTTP with their consoles' WebSockets open and AVAILABLE (spread over
 * the nodes' HTTP addresses in turn), and a fake Asterisk placing calls at a fixed rate over
 * FastAGI (spread over the nodes' FastAGI addresses in turn), warm-up calls first. Each console
 * saves the call's message when the call ends, which makes its operator available again.
 */
final class PopRun {
    /** Options every pop benchmark shares. */
    static final Set<String> OPTIONS = Set.of("operators", "clients", "rate", "warmup", "calls", "talk-min-ms",
            "talk-max-ms", "max-seconds", "seed", "keepalive-pings");
    static final String PASSWORD = "bench-operator-password";
    private PopRun() {
    }

    /** What to run: operators and clients in total, warm-up and measured calls at {@code rate} per second. */
    record Settings(int operators, int clients, int rate, int warmup, int calls, Duration talkMin, Duration talkMax,
                    Duration maxTime, long seed, boolean pings) {
        Settings {
            if (warmup + calls > 100_000 || clients > 100) {
                throw new IllegalArgumentException("at most 100,000 calls (unique caller numbers) and 100 clients");
            }
        }

        /** From the {@link #OPTIONS}, with {@code defaultRate} calls per second unless {@code --rate} is given. */
        static Settings from(Args args, int defaultRate) {
            return new Settings(args.integer("operators", 200), args.integer("clients", 50), args.integer("rate", defaultRate),
                    args.integer("warmup", 500), args.integer("calls", 6_000),
                    Duration.ofMillis(args.longValue("talk-min-ms", 1_000)), Duration.ofMillis(args.longValue("talk-max-ms", 3_000)),
                    args.seconds("max-seconds", 300), args.longValue("seed", 42),
                    Boolean.parseBoolean(args.string("keepalive-pings", "false")));
        }
    }

    /** The seeded clients: their numbers in national format (what callers dial) and their ids. */
    record Seeded(List<String> numbers, List<Long> clientIds) {
    }

    /**
     * What one run measured.
     *
     * @param placed         measured calls placed
     * @param placingSeconds from the first measured call placed to the last
     * @param stillOn        calls still going on a minute after the last was placed (0 if all ended)
     * @param closedByServer console connections the server closed during the run
     * @param heapMb         heap after GC, with everything this process runs
     * @param otherCores     cores other processes used from the first measured call until all ended
     * @param ownCpuNanos    this process's CPU time over the same period
     * @param measuredSeconds that period
     * @param measuredFrom   wall-clock time of the first measured call
     */
    record Result(Settings settings, PopLatencies.Summary summary, List<PopLatencies.Window> windows, int placed,
                  double placingSeconds, Map<String, Integer> outcomes, int stillOn, int closedByServer,
                  OperatorConsoleClient.Counts counts, long heapMb, double otherCores, long ownCpuNanos, double measuredSeconds,
                  Instant measuredFrom) {
        double placedPerSecond() {
            return placed / placingSeconds;
        }

        /** Throughput: measured calls over the time from the first placed until the last ended (talk time included). */
        double donePerSecond() {
            return placed / measuredSeconds;
        }

        /** Cores this process and the others used over that time. */
        double coresUsed() {
            return ownCpuNanos / 1e9 / measuredSeconds + otherCores;
        }
    }

    /**
     * Clients with a number (020 7946 00xx) and the plumber's script (the store tests'), and operators allowed to
     * answer all of them, each with an operator user {@code operatorN} (one password hash for all).
     */
    static Seeded seed(MessageBankStore store, int clients, int operators) {
        var numbers = new ArrayList<String>();
        var clientIds = new ArrayList<Long>();
        for (int c = 0; c < clients; c++) {
            var client = store.clients().create("Bench Client " + (c + 1), "Good morning, Bench Client " + (c + 1));
            String national = String.format("020794600%02d", c);
            store.clients().addNumber(client.id(), "+44" + national.substring(1));
            store.clients().saveScript(client.id(), TestData.PLUMBER_SCRIPT);
            numbers.add(national);
            clientIds.add(client.id());
        }
        String hash = new PasswordHasher().hash(PASSWORD);
        for (int o = 0; o < operators; o++) {
            var operator = store.operators().create("Operator " + (o + 1), "PJSIP/" + (1000 + o));
            clientIds.forEach(id -> store.operators().allow(operator.id(), id));
            store.users().create("operator" + (o + 1), Role.OPERATOR, null, operator.id(), hash);
        }
        return new Seeded(numbers, clientIds);
    }

    /**
     * Runs the scenario against nodes already seeded and serving: operator {@code o} signs in on
     * {@code httpBases[o % n]}, call {@code c} goes to {@code agi[c % n]}. Returns once every call
     * has ended (or a minute after the last was placed) and the consoles are closed.
     */
    static Result run(List<String> httpBases, List<InetSocketAddress> agi, List<String> numbers, Settings s) throws Exception {
        var latencies = new PopLatencies();
        var counts = new OperatorConsoleClient.Counts();
        try (var saving = Executors.newVirtualThreadPerTaskExecutor()) {
            var consoles = openConsoles(httpBases, s.operators(), latencies, counts, saving, s.pings());
            System.out.printf(Locale.ROOT, "%d consoles open and available on %d node(s); %d clients; calls %d warm-up + %d at %d/s,"
                            + " talk %d-%d ms; consoles send keep-alive pings: %s%n", consoles.size(), httpBases.size(), numbers.size(),
                    s.warmup(), s.calls(), s.rate(), s.talkMin().toMillis(), s.talkMax().toMillis(),
                    s.pings() ? "yes (diagnostic: browsers cannot)" : "no, as in a browser");

            var placer = new CallPlacer(agi, numbers, latencies, s.talkMin(), s.talkMax(), s.seed());
            long deadline = System.nanoTime() + s.maxTime().toNanos();
            placer.place(0, s.warmup(), s.rate(), false, deadline);
            var measuredFrom = Instant.now();
            var cpu = CpuMeter.sample();
            int placed = placer.place(s.warmup(), s.calls(), s.rate(), true, deadline);
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
            return new Result(s, summary, latencies.windows(cpu.wallNanos(), 10_000_000_000L), placed, placingSeconds,
                    placer.outcomes(), ended ? 0 : stillOn, closedByServer, counts, heapMb, CpuMeter.otherCores(cpu, cpuAfter),
                    CpuMeter.ownCpuNanos(cpu, cpuAfter), (cpuAfter.wallNanos() - cpu.wallNanos()) / 1e9, measuredFrom);
        }
    }

    /** Signs every operator in (two at a time: each sign-in checks an Argon2 hash), opens the consoles, goes available. */
    private static List<OperatorConsoleClient> openConsoles(List<String> bases, int operators, PopLatencies latencies,
                                                            OperatorConsoleClient.Counts counts,
                                                            ExecutorService saving, boolean pings)
            throws Exception {
        var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        var consoles = new ArrayList<OperatorConsoleClient>();
        try (var signing = Executors.newFixedThreadPool(2)) {
            var futures = new ArrayList<Future<OperatorConsoleClient>>();
            for (int o = 0; o < operators; o++) {
                String username = "operator" + (o + 1);
                String base = bases.get(o % bases.size());
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
}
