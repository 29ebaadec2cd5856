package org.messagebank.bench.telephony;

import org.messagebank.telephony.sim.CallSimulator;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * A fake Asterisk that opens FastAGI sessions at a fixed rate and holds each one open inside its
 * {@code EXEC Dial}, as a real call does while the operator talks, until told to release them.
 * Sends exactly the environment Asterisk 22 sends. Only ever connects to the address given
 * (127.0.0.1 in the benchmark); the number of sessions is bounded by the caller.
 */
final class AgiLoadGenerator {

    /**
     * @param held        sessions that reached {@code EXEC Dial} and are being held
     * @param busy        sessions answered with {@code MB_STATUS=BUSY}
     * @param dropped     sessions closed (or refused, reset) by the server before any Dial
     * @param latencyNanos per held session: environment sent → Dial received
     */
    record Outcome(int started, int held, int busy, int dropped, long[] latencyNanos) {
        long over(long nanos) {
            return Arrays.stream(latencyNanos).filter(l -> l > nanos).count();
        }

        long percentile(double p) {
            if (latencyNanos.length == 0) {
                return -1;
            }
            var sorted = latencyNanos.clone();
            Arrays.sort(sorted);
            return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
        }
    }

    private final InetSocketAddress server;
    private final AtomicInteger held = new AtomicInteger();
    private final AtomicInteger busy = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();
    private final AtomicInteger finished = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);
    private AtomicLongArray latencies;
    private final AtomicInteger latencyCount = new AtomicInteger();
    private int started;

    AgiLoadGenerator(InetSocketAddress server) {
        this.server = server;
    }

    /** Opens {@code sessions} sessions at {@code perSecond}, then waits until each is held or refused. */
    Outcome ramp(int sessions, int perSecond, Duration settle) throws InterruptedException {
        latencies = new AtomicLongArray(sessions);
        long interval = 1_000_000_000L / perSecond;
        long start = System.nanoTime();
        var sessionThreads = Thread.ofVirtual().name("fake-asterisk-", 0);
        for (int i = 0; i < sessions; i++) {
            long due = start + i * interval;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            sessionThreads.start(this::session);
            started++;
        }
        long deadline = System.nanoTime() + settle.toNanos();
        while (held.get() + busy.get() + dropped.get() < started && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        int n = latencyCount.get();
        long[] values = new long[n];
        for (int i = 0; i < n; i++) {
            values[i] = latencies.get(i);
        }
        return new Outcome(started, held.get(), busy.get(), dropped.get(), values);
    }

    /** Lets every held call end (the caller hangs up) and waits for the sessions to close. */
    void releaseAll(Duration timeout) throws InterruptedException {
        release.countDown();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (finished.get() < started && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    private void session() {
        var call = CallSimulator.Call.inbound("02079460000", "07700900123", "Bench Caller");
        boolean dialled = false;
        try (var socket = new Socket()) {
            socket.connect(server, 10_000);
            socket.setTcpNoDelay(true);
            var out = socket.getOutputStream();
            var in = new BufferedInputStream(socket.getInputStream(), 512);
            out.write(CallSimulator.environment(call, server).getBytes(StandardCharsets.UTF_8));
            out.flush();
            long sent = System.nanoTime();
            boolean wasBusy = false;
            String line;
            while ((line = CallSimulator.readLine(in)) != null) {
                String reply = "200 result=1";
                if (line.startsWith("EXEC") && line.contains("Dial")) {
                    if (!dialled) {
                        dialled = true;
                        latencies.set(latencyCount.getAndIncrement(), System.nanoTime() - sent);
                        held.incrementAndGet();
                    }
                    release.await();
                    reply = "200 result=-1";
                } else if (line.startsWith("GET VARIABLE") && line.contains("DIALSTATUS")) {
                    reply = "200 result=1 (ANSWER)";
                } else if (line.contains("\"MB_STATUS\" \"BUSY\"")) {
                    wasBusy = true;
                } else if (line.startsWith("ANSWER") || line.startsWith("SET MUSIC")) {
                    reply = "200 result=0";
                }
                out.write((reply + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            if (!dialled) {
                (wasBusy ? busy : dropped).incrementAndGet();
            }
        } catch (IOException e) {
            if (!dialled) {
                dropped.incrementAndGet();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            finished.incrementAndGet();
        }
    }
}
