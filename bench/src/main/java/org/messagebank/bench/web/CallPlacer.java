package org.messagebank.bench.web;

import org.messagebank.telephony.sim.CallSimulator;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The fake Asterisk: places calls at a fixed rate over FastAGI with telephony's
 * {@link CallSimulator} (Asterisk 22's side of the protocol), each from its own caller number, to
 * the clients' numbers in turn. The operator's phone answers as soon as it is dialled and the
 * caller hangs up after a talk time drawn between the given bounds. Each call notes when its
 * request was sent and when {@code EXEC Dial} came back. With several nodes' FastAGI addresses the
 * calls go to each in turn, as a dialplan spreading calls over a list of nodes would. Connects
 * only to the addresses given.
 */
final class CallPlacer {
    private final List<InetSocketAddress> servers;
    private final List<String> dialledNumbers;
    private final PopLatencies latencies;
    private final Duration talkMin;
    private final Duration talkMax;
    private final SplittableRandom random;
    private final ConcurrentHashMap<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
    private final AtomicInteger finished = new AtomicInteger();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private int started;
    private volatile boolean hungUp;

    CallPlacer(List<InetSocketAddress> servers, List<String> dialledNumbers, PopLatencies latencies, Duration talkMin,
               Duration talkMax, long seed) {
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("no FastAGI address to call");
        }
        this.servers = List.copyOf(servers);
        this.dialledNumbers = List.copyOf(dialledNumbers);
        this.latencies = latencies;
        this.talkMin = talkMin;
        this.talkMax = talkMax;
        this.random = new SplittableRandom(seed);
    }

    /** The caller number of call {@code n}: UK mobile drama numbers, unique for n below 100,000. */
    static String callerNumber(int n) {
        if (n < 0 || n >= 100_000) {
            throw new IllegalArgumentException("call " + n + " is outside 0..99999");
        }
        return String.format("+4477009%05d", n);
    }

    /**
     * Places calls {@code first} to {@code first + count - 1} at {@code perSecond}, stopping early
     * at {@code deadlineNanos}; returns how many were placed. Does not wait for them to end.
     */
    int place(int first, int count, int perSecond, boolean measured, long deadlineNanos) {
        long interval = 1_000_000_000L / perSecond;
        long start = System.nanoTime();
        var threads = Thread.ofVirtual().name("fake-asterisk-", first);
        int placed = 0;
        for (int i = 0; i < count; i++) {
            long due = start + i * interval;
            if (due > deadlineNanos) {
                break;
            }
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            int n = first + i;
            String to = dialledNumbers.get(n % dialledNumbers.size());
            long talkMillis = talkMin.toMillis() + random.nextLong(Math.max(1, talkMax.toMillis() - talkMin.toMillis() + 1));
            threads.start(() -> call(n, to, talkMillis, measured));
            placed++;
        }
        started += placed;
        return placed;
    }

    private void call(int n, String to, long talkMillis, boolean measured) {
        String from = callerNumber(n);
        var server = servers.get(n % servers.size());
        var call = CallSimulator.Call.inbound(to, "0" + from.substring(3), "Bench Caller");
        String status;
        var socket = new Socket();
        open.add(socket);
        try (socket) {
            socket.setTcpNoDelay(true);
            socket.connect(server, 10_000);
            latencies.sent(from, System.nanoTime(), measured);
            var result = CallSimulator.play(socket, call, (endpoint, ringTimeout) -> {
                latencies.dialled(from, System.nanoTime());
                Thread.sleep(talkMillis);
                return CallSimulator.DialOutcome.answeredThenCallerHungUp();
            }, CallSimulator.Transcript.NONE, server);
            status = result.status() == null ? "no MB_STATUS" : result.status();
        } catch (IOException e) {
            status = hungUp ? "hung up by the benchmark" : "connection failed";
        } finally {
            open.remove(socket);
            finished.incrementAndGet();
        }
        outcomes.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
    }

    /** Waits until every placed call has ended, at most {@code timeout}; true if they all did. */
    boolean awaitAllEnded(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (finished.get() < started) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    /** Every caller still on the line hangs up (their connections close), so the node can stop cleanly. */
    void hangUpAll() {
        hungUp = true;
        for (var socket : open) {
            try {
                socket.close();
            } catch (IOException e) {
                // already closed
            }
        }
    }

    /** How the calls ended, by {@code MB_STATUS} (ANSWERED, BUSY, ...) or failure. */
    Map<String, Integer> outcomes() {
        var map = new TreeMap<String, Integer>();
        outcomes.forEach((k, v) -> map.put(k, v.get()));
        return map;
    }

    /** Calls still going on. */
    int inProgress() {
        return started - finished.get();
    }
}
