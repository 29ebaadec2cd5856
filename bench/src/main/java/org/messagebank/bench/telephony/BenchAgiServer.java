package org.messagebank.bench.telephony;

import org.asteriskjava.fastagi.AgiChannel;
import org.asteriskjava.fastagi.AgiException;
import org.asteriskjava.fastagi.AgiRequest;
import org.asteriskjava.fastagi.AgiScript;
import org.asteriskjava.fastagi.DefaultAgiServer;
import org.messagebank.config.AgiConfig;
import org.messagebank.config.DatabaseConfig;
import org.messagebank.config.TelephonyConfig;
import org.messagebank.store.PhoneNumbers;
import org.messagebank.store.event.InProcessEventBus;
import org.messagebank.store.jdbc.Database;
import org.messagebank.store.jdbc.JdbcMessageBankStore;
import org.messagebank.telephony.Telephony;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;

/**
 * The server side of the FastAGI benchmark, run as its own process so its resident memory can be
 * measured alone. {@code messagebank OPERATORS}: Message Bank's telephony on an embedded H2 store
 * with one client and OPERATORS logged-in operators (so every call is dialled). {@code asterisk-java}:
 * Asterisk-Java's {@link DefaultAgiServer} with its default settings and a trivial script that
 * dials. Prints {@code READY <port>}; then on each {@code STATS} line from stdin prints
 * {@code STATS <heap bytes used after GC> <extra>}; exits at end of input.
 */
public final class BenchAgiServer {
    private BenchAgiServer() {
    }

    public static void main(String[] args) throws Exception {
        quietLogs();
        var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        if (args[0].equals("messagebank")) {
            runMessageBank(Integer.parseInt(args[1]), in);
        } else {
            runAsteriskJava(in);
        }
    }

    /** Warnings only, as in production; stdout carries the READY/STATS protocol. */
    private static void quietLogs() {
        var root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(ch.qos.logback.classic.Level.WARN);
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.asteriskjava.fastagi.internal.FastAgiConnectionHandler"))
                .setLevel(ch.qos.logback.classic.Level.OFF);
    }

    private static void runMessageBank(int operators, BufferedReader in) throws Exception {
        var dir = Files.createTempDirectory("mb-bench");
        var db = new DatabaseConfig(DatabaseConfig.embeddedUrl(dir.resolve("db")), "", "", 10, true);
        try (var bus = new InProcessEventBus();
             var store = new JdbcMessageBankStore(Database.open(db), Clock.systemUTC(), bus)) {
            var client = store.clients().create("Bench Client", "Hello");
            store.clients().addNumber(client.id(), "+442079460000");
            for (int i = 0; i < operators; i++) {
                var op = store.operators().create("op" + i, "PJSIP/" + (1000 + i));
                store.operators().allow(op.id(), client.id());
            }
            var config = new TelephonyConfig(12_000, Duration.ofSeconds(5), 8192, false, Duration.ofSeconds(20),
                    Duration.ZERO, Duration.ofMinutes(10),
                    new TelephonyConfig.Ami("", 5038, "", "", "messagebank-callback", Duration.ofSeconds(30)));
            try (var telephony = new Telephony(new AgiConfig("127.0.0.1", 0), config, store, new PhoneNumbers("GB"), bus,
                    Clock.systemUTC())) {
                var address = telephony.start();
                for (var op : store.operators().list()) {
                    telephony.logIn(op.id());
                }
                System.out.println("READY " + address.getPort());
                serveStats(in, () -> {
                    var s = telephony.agiStats();
                    return "accepted=" + s.accepted() + " busy=" + s.busy() + " active=" + s.active();
                });
            }
        }
    }

    private static void runAsteriskJava(BufferedReader in) throws Exception {
        int port;
        try (var probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        var server = new DefaultAgiServer(new DialingScript());
        server.setPort(port);
        var thread = Thread.ofPlatform().name("stock-agi").daemon(true).start(() -> {
            try {
                server.startup();
            } catch (Exception e) {
                e.printStackTrace();
            }
        });
        awaitListening(port);
        System.out.println("READY " + port);
        serveStats(in, () -> "defaults: pool core " + server.getPoolSize() + ", max " + server.getMaximumPoolSize());
        server.shutdown();
        thread.join(5000);
    }

    private static void awaitListening(int port) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            try (var probe = new java.net.Socket("127.0.0.1", port)) {
                if (probe.isConnected()) {
                    return;
                }
            } catch (java.io.IOException e) {
                Thread.sleep(10);
            }
        }
        throw new IllegalStateException("stock server did not start");
    }

    private static void serveStats(BufferedReader in, java.util.function.Supplier<String> extra) throws Exception {
        String line;
        while ((line = in.readLine()) != null) {
            if (line.equals("STATS")) {
                System.gc();
                var rt = Runtime.getRuntime();
                System.out.println("STATS " + (rt.totalMemory() - rt.freeMemory()) + " " + extra.get());
            }
        }
    }

    /** The trivial script: dial the operator and return. */
    static final class DialingScript implements AgiScript {
        @Override
        public void service(AgiRequest request, AgiChannel channel) throws AgiException {
            channel.exec("Dial", "PJSIP/1000,20");
        }
    }
}
