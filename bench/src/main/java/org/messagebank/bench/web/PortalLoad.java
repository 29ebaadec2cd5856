package org.messagebank.bench.web;

import org.messagebank.bench.CpuMeter;
import org.messagebank.bench.LatencyStats;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A closed loop over a list of portal requests: {@code threads} platform threads each take the
 * next request until the list or the time runs out, timing each one alone.
 */
final class PortalLoad {

    /** Answers one request for one load thread; returns the number of messages in the page. */
    @FunctionalInterface
    interface Fetcher {
        int fetch(PortalRequest request) throws Exception;
    }

    /** Something that answers the requests: over HTTP, or the store in-process. */
    interface Engine {
        String name();

        /** A fetcher for one load thread. */
        Fetcher open() throws Exception;
    }

    record Result(String engine, int threads, int completed, double seconds, LatencyStats all, Map<String, LatencyStats> byKind,
                  Map<String, Double> meanHits, boolean timedOut, double otherCores) {
        double perSecond() {
            return completed / seconds;
        }
    }

    private PortalLoad() {
    }

    static Result run(Engine engine, List<PortalRequest> requests, int threads, Duration maxTime) throws InterruptedException {
        int n = requests.size();
        long[] latency = new long[n];
        int[] hits = new int[n];
        boolean[] done = new boolean[n];
        var next = new AtomicInteger();
        var failure = new AtomicReference<Throwable>();
        var go = new CountDownLatch(1);
        var workers = new ArrayList<Thread>();
        for (int t = 0; t < threads; t++) {
            Fetcher fetcher;
            try {
                fetcher = engine.open();
            } catch (Exception e) {
                throw new IllegalStateException(engine.name() + " could not start: " + e.getMessage(), e);
            }
            workers.add(Thread.ofPlatform().name("portal-load-" + t).start(() -> {
                try {
                    go.await();
                    long deadline = System.nanoTime() + maxTime.toNanos();
                    int i;
                    while ((i = next.getAndIncrement()) < n && System.nanoTime() < deadline) {
                        long t0 = System.nanoTime();
                        hits[i] = fetcher.fetch(requests.get(i));
                        latency[i] = System.nanoTime() - t0;
                        done[i] = true;
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }));
        }
        var cpu = CpuMeter.sample();
        go.countDown();
        for (var worker : workers) {
            worker.join();
        }
        var cpuAfter = CpuMeter.sample();
        if (failure.get() != null) {
            throw new IllegalStateException(engine.name() + " failed: " + failure.get().getMessage(), failure.get());
        }
        var perKind = new LinkedHashMap<String, List<Integer>>();
        var completed = new ArrayList<Integer>();
        for (int i = 0; i < n; i++) {
            if (done[i]) {
                completed.add(i);
                perKind.computeIfAbsent(requests.get(i).kind(), k -> new ArrayList<>()).add(i);
            }
        }
        var byKind = new LinkedHashMap<String, LatencyStats>();
        var meanHits = new LinkedHashMap<String, Double>();
        perKind.forEach((kind, indexes) -> {
            byKind.put(kind, stats(indexes, latency));
            meanHits.put(kind, indexes.stream().mapToInt(i -> hits[i]).average().orElse(0));
        });
        return new Result(engine.name(), threads, completed.size(), (cpuAfter.wallNanos() - cpu.wallNanos()) / 1e9,
                stats(completed, latency), byKind, meanHits, completed.size() < n, CpuMeter.otherCores(cpu, cpuAfter));
    }

    private static LatencyStats stats(List<Integer> indexes, long[] values) {
        return LatencyStats.of(indexes.stream().mapToLong(i -> values[i]).toArray());
    }
}
