package org.messagebank.bench.delivery;

import org.messagebank.config.ConfigLoader;
import org.messagebank.config.DeliveryConfig;
import org.messagebank.delivery.SendResult;
import org.messagebank.delivery.mail.OutgoingMail;
import org.messagebank.delivery.mail.SmtpMailSender;

import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Email over STARTTLS to a local MTA (aiosmtpd), through the production sender: one reused
 * connection per worker thread versus a new connection (TCP, EHLO, STARTTLS handshake, EHLO)
 * per email, the baseline, in the same run, alternating rounds.
 *
 * <p>Arguments: {@code [messages per round, default 3000] [threads, default 2] [rounds, default 3]}.
 */
public final class EmailTlsBenchmark {

    public static void main(String[] args) throws Exception {
        BenchLogging.quiet();
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        var dir = Files.createTempDirectory("mb-email-bench");
        try (var mta = LocalMta.start(dir)) {
            DeliveryConfig.Mail config = ConfigLoader.load(Optional.empty(), Map.of(
                    "MB_MAIL_SMTP_HOST", "127.0.0.1",
                    "MB_MAIL_SMTP_PORT", Integer.toString(mta.port),
                    "MB_MAIL_SMTP_STARTTLS_REQUIRED", "true",
                    "MB_MAIL_SMTP_TRUST_FILE", mta.certificate.toString(),
                    "MB_MAIL_FROM", "Bench <bench@mb.example>")).delivery().mail();
            run(config, Math.min(500, messages), threads, true);
            run(config, Math.min(200, messages), threads, false);
            System.out.printf(Locale.ROOT, "| round | mode | threads | emails | seconds | emails/s |%n|---|---|---|---|---|---|%n");
            for (int round = 1; round <= rounds; round++) {
                for (boolean reuse : new boolean[] {true, false}) {
                    int count = reuse ? messages : Math.max(threads, messages / 4);
                    double seconds = run(config, count, threads, reuse);
                    System.out.printf(Locale.ROOT, "| %d | %s | %d | %d | %.2f | %.0f |%n", round,
                            reuse ? "reused connection" : "connection per email (baseline)", threads, count, seconds, count / seconds);
                }
            }
        }
    }

    /** Sends {@code count} emails on {@code threads} threads; returns the seconds taken. */
    private static double run(DeliveryConfig.Mail config, int count, int threads, boolean reuse) throws Exception {
        var next = new AtomicInteger();
        var failures = new AtomicInteger();
        try (var pool = Executors.newFixedThreadPool(threads)) {
            long start = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    try (var sender = new SmtpMailSender(config, Clock.systemUTC())) {
                        int i;
                        while ((i = next.getAndIncrement()) < count) {
                            var result = sender.send(new OutgoingMail("contact" + i + "@example.com", "New message " + i,
                                    "Caller: bench\nReason: load test " + i + "\n", "<p>Caller: bench</p>", "bench-" + i));
                            if (!(result instanceof SendResult.Sent)) {
                                failures.incrementAndGet();
                            }
                            if (!reuse) {
                                sender.close();
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (failures.get() > 0) {
                throw new IllegalStateException(failures.get() + " emails failed");
            }
            return seconds;
        }
    }
}
