package org.messagebank.bench.delivery;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.messagebank.config.ConfigLoader;
import org.messagebank.config.DatabaseConfig;
import org.messagebank.delivery.Delivery;
import org.messagebank.delivery.mail.EmlFileMailSender;
import org.messagebank.delivery.sms.TwilioSmsSender;
import org.messagebank.delivery.webhook.HttpWebhookSender;
import org.messagebank.store.PhoneNumbers;
import org.messagebank.store.domain.Contact;
import org.messagebank.store.domain.DeliveryChannel;
import org.messagebank.store.domain.NewMessage;
import org.messagebank.store.domain.Urgency;
import org.messagebank.store.event.InProcessEventBus;
import org.messagebank.store.jdbc.Database;
import org.messagebank.store.jdbc.JdbcMessageBankStore;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * SMS through the whole dispatch pipeline (embedded H2 store, planner, workers, token bucket,
 * Twilio SDK) to a local stand-in of Twilio's API that answers a random share of requests with
 * 429: does the request rate hold the configured rate over the window (which starts after a
 * 10 s warm-up), and is every message accepted exactly once?
 *
 * <p>Arguments: {@code [rate per second, default 50] [window seconds, default 60] [failure share, default 0.2]}.
 */
public final class SmsRateBenchmark {
    private static final String ACCOUNT = "AC00000000000000000000000000000001";

    public static void main(String[] args) throws Exception {
        BenchLogging.quiet();
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int window = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        double failureShare = args.length > 2 ? Double.parseDouble(args[2]) : 0.2;
        int warmUp = 10;
        int messages = rate * (warmUp + window - 8);

        System.setProperty("sun.net.httpserver.nodelay", "true");
        var requestTimes = new ConcurrentLinkedQueue<Long>();
        var acceptedByBody = new ConcurrentHashMap<String, AtomicInteger>();
        var refused = new AtomicInteger();
        HttpServer api = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 64);
        api.setExecutor(Executors.newFixedThreadPool(8));
        api.createContext("/", exchange -> {
            requestTimes.add(System.nanoTime());
            String body = form(exchange).getOrDefault("Body", "");
            if (ThreadLocalRandom.current().nextDouble() < failureShare) {
                refused.incrementAndGet();
                answer(exchange, 429, "{\"code\":20429,\"message\":\"Too Many Requests\",\"status\":429}");
                return;
            }
            int n = acceptedByBody.computeIfAbsent(body, b -> new AtomicInteger()).incrementAndGet();
            answer(exchange, 201, "{\"sid\":\"SM" + String.format("%032x", System.nanoTime()) + n + "\",\"status\":\"queued\"}");
        });
        api.start();

        var dir = Files.createTempDirectory("mb-sms-bench");
        var bus = new InProcessEventBus();
        var clock = Clock.systemUTC();
        var db = new DatabaseConfig(DatabaseConfig.embeddedUrl(dir.resolve("db/messagebank")), "", "", 10, true);
        try (var store = new JdbcMessageBankStore(Database.open(db), clock, bus)) {
            var client = store.clients().create("Bench", "Hello");
            store.contacts().add(Contact.of(client.id(), "On call", "+447700900001", null,
                    EnumSet.of(DeliveryChannel.SMS), EnumSet.of(DeliveryChannel.SMS), null));
            var batch = new ArrayList<NewMessage>();
            for (int i = 0; i < messages; i++) {
                batch.add(new NewMessage(client.id(), null, null, "+447700900999", "Caller " + i, 1, Map.of("reason", "bench " + i), Urgency.NORMAL));
                if (batch.size() == 500 || i == messages - 1) {
                    store.messages().saveAll(batch);
                    batch.clear();
                }
            }
            var config = ConfigLoader.load(Optional.empty(), Map.of(
                    "MB_SMS_TWILIO_ACCOUNT_SID", ACCOUNT, "MB_SMS_TWILIO_AUTH_TOKEN", "bench-token", "MB_SMS_FROM", "+442079460999",
                    "MB_SMS_RATE", Integer.toString(rate), "MB_SMS_TIMEOUT", "5s", "MB_DELIVERY_WORKERS", "8",
                    "MB_DELIVERY_POLL_INTERVAL", "20ms", "MB_DELIVERY_RETRY_INITIAL", "100ms", "MB_DELIVERY_RETRY_MAX", "2s",
                    "MB_DELIVERY_MAX_ATTEMPTS", "50")).delivery();
            var sms = TwilioSmsSender.create(ACCOUNT, "bench-token", config.sms().timeout(),
                    Optional.of(URI.create("http://127.0.0.1:" + api.getAddress().getPort())));
            var transports = new Delivery.Transports(sms, () -> new EmlFileMailSender(dir.resolve("mail"), config.mail().from(), clock),
                    new HttpWebhookSender(config.webhookTimeout(), clock, config.webhookPrivateNetworks()));
            try (var delivery = new Delivery(config, store, bus, clock, new PhoneNumbers("GB"), transports)) {
                int planned = delivery.planner().catchUp();
                delivery.start();
                long deadline = System.nanoTime() + (window + 120) * 1_000_000_000L;
                while (uniqueAccepted(acceptedByBody) < planned && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
                List<Long> times = new ArrayList<>(requestTimes);
                times.sort(Long::compare);
                long start = times.getFirst() + warmUp * 1_000_000_000L;
                long end = start + window * 1_000_000_000L;
                long inWindow = times.stream().filter(t -> t >= start && t < end).count();
                var perTenSeconds = new StringBuilder();
                for (int s = 0; s < window; s += 10) {
                    long from = start + s * 1_000_000_000L;
                    long to = from + 10_000_000_000L;
                    perTenSeconds.append(String.format(Locale.ROOT, "%s%.1f", s == 0 ? "" : ", ",
                            times.stream().filter(t -> t >= from && t < to).count() / 10.0));
                }
                long duplicates = acceptedByBody.values().stream().filter(c -> c.get() > 1).count();
                System.out.printf(Locale.ROOT, "| configured rate | requests in %d s after warm-up | measured rate | deviation | per 10 s | "
                        + "messages | accepted once | lost | duplicated | 429s |%n|---|---|---|---|---|---|---|---|---|---|%n", window);
                System.out.printf(Locale.ROOT, "| %d/s | %d | %.2f/s | %+.1f%% | %s | %d | %d | %d | %d | %d (%.1f%%) |%n", rate, inWindow,
                        inWindow / (double) window, (inWindow / (double) window / rate - 1) * 100, perTenSeconds, planned,
                        uniqueAccepted(acceptedByBody) - duplicates, planned - uniqueAccepted(acceptedByBody), duplicates, refused.get(),
                        100.0 * refused.get() / times.size());
            }
        } finally {
            api.stop(0);
            bus.close();
            ((java.util.concurrent.ExecutorService) api.getExecutor()).shutdownNow();
        }
    }

    private static long uniqueAccepted(Map<String, AtomicInteger> accepted) {
        return accepted.size();
    }

    private static Map<String, String> form(HttpExchange exchange) throws IOException {
        var params = new ConcurrentHashMap<String, String>();
        for (String pair : new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return params;
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
