package org.messagebank.bench.telephony;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The FastAGI load benchmark: for Message Bank's listener and for Asterisk-Java's
 * {@code DefaultAgiServer} (defaults, a trivial dialling script), in the same run and with the
 * same load, starts the server as its own process, warms it up, then opens SESSIONS sessions at
 * RATE per second, holds them all inside Dial, and reports sessions held, rejections, routing
 * latency (environment sent → Dial received) p50/p99, heap after GC and resident-memory growth
 * per held session. Loads go to 127.0.0.1 only.
 *
 * <p>Usage: {@code TelephonyBenchmark [SESSIONS] [RATE]} (defaults 10000 and 200).
 */
public final class TelephonyBenchmark {
    private static final List<String> SERVER_JVM = List.of(System.getProperty("bench.serverjvm",
            "-XX:+UseSerialGC -Xms32m -Xmx2g -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20").split(" "));

    private TelephonyBenchmark() {
    }

    record Row(String server, int started, int held, int busy, int dropped, double p50Ms, double p99Ms,
               long heapMb, long rssGrowthKb, double rssPerSessionKb, String extra) {
    }

    public static void main(String[] args) throws Exception {
        int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        String only = args.length > 2 ? args[2] : "both";
        var rows = new ArrayList<Row>();
        if (!only.equals("asterisk-java")) {
            rows.add(run("Message Bank (virtual threads, Asterisk-Java handler)", List.of("messagebank", Integer.toString(sessions + 500)),
                    sessions, rate));
        }
        if (!only.equals("messagebank")) {
            rows.add(run("Asterisk-Java DefaultAgiServer (defaults)", List.of("asterisk-java"), sessions, rate));
        }
        System.out.println();
        System.out.println("| server | sessions opened | held in Dial | BUSY answers | dropped/refused | routing p50 | routing p99 | heap after GC | RSS growth | RSS per held session |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        for (var r : rows) {
            System.out.printf(Locale.ROOT, "| %s | %d | %d | %d | %d | %.2f ms | %.2f ms | %d MB | %d MB | %.1f KB |%n",
                    r.server(), r.started(), r.held(), r.busy(), r.dropped(), r.p50Ms(), r.p99Ms(), r.heapMb(),
                    r.rssGrowthKb() / 1024, r.rssPerSessionKb());
        }
        for (var r : rows) {
            System.out.println(r.server() + ": " + r.extra());
        }
    }

    private static Row run(String name, List<String> serverArgs, int sessions, int rate) throws Exception {
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(SERVER_JVM);
        if (System.getProperty("bench.gclog") != null) {
            command.add("-Xlog:gc:file=" + System.getProperty("bench.gclog") + "-" + serverArgs.getFirst() + ".log");
        }
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(BenchAgiServer.class.getName());
        command.addAll(serverArgs);
        System.out.println("== " + name + ": starting server");
        var process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        var fromServer = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        var toServer = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        try {
            int port = Integer.parseInt(expect(fromServer, "READY ").trim());
            var address = new InetSocketAddress("127.0.0.1", port);

            var warmUp = new AgiLoadGenerator(address);
            warmUp.ramp(400, rate, Duration.ofSeconds(20));
            warmUp.releaseAll(Duration.ofSeconds(20));
            Thread.sleep(500);
            stats(toServer, fromServer);
            long rssBefore = rssKb(process.pid());
            System.out.println("== " + name + ": server pid " + process.pid() + ", RSS after warm-up " + rssBefore / 1024 + " MB; ramping " + sessions + " sessions at " + rate + "/s");

            var load = new AgiLoadGenerator(address);
            var outcome = load.ramp(sessions, rate, Duration.ofSeconds(30));
            System.out.printf(Locale.ROOT, "== %s: latency p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms; over 5 ms: %d%n",
                    name, outcome.percentile(50) / 1e6, outcome.percentile(90) / 1e6, outcome.percentile(99) / 1e6,
                    outcome.percentile(99.9) / 1e6, outcome.percentile(100) / 1e6, outcome.over(5_000_000));
            var stats = stats(toServer, fromServer);
            long rssHeld = rssKb(process.pid());
            System.out.println("== " + name + ": held " + outcome.held() + ", busy " + outcome.busy() + ", dropped " + outcome.dropped()
                    + "; RSS " + rssHeld / 1024 + " MB; " + stats);
            Thread.sleep(Long.getLong("bench.holdMillis", 0));
            load.releaseAll(Duration.ofSeconds(60));

            String[] parts = stats.split(" ", 3);
            long heap = Long.parseLong(parts[1]);
            long growth = rssHeld - rssBefore;
            return new Row(name, outcome.started(), outcome.held(), outcome.busy(), outcome.dropped(),
                    outcome.percentile(50) / 1e6, outcome.percentile(99) / 1e6, heap / (1024 * 1024), growth,
                    outcome.held() == 0 ? 0 : (double) growth / outcome.held(), parts.length > 2 ? parts[2] : "");
        } finally {
            toServer.close();
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static String stats(PrintWriter to, BufferedReader from) throws IOException {
        to.println("STATS");
        return "STATS " + expect(from, "STATS ");
    }

    private static String expect(BufferedReader from, String prefix) throws IOException {
        String line;
        while ((line = from.readLine()) != null) {
            if (line.startsWith(prefix)) {
                return line.substring(prefix.length());
            }
        }
        throw new IOException("server ended before " + prefix.trim());
    }

    private static long rssKb(long pid) throws IOException {
        for (var line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmRSS for " + pid);
    }
}
