package org.messagebank.bench;

import org.messagebank.bench.QuerySpec.Kind;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A closed loop: {@code threads} platform threads take the next search of the list until the list
 * or the time runs out, each search timed on its own: wall-clock latency, and the CPU time of the
 * searching thread (its service time, which time spent waiting for a core does not inflate when
 * the machine is shared; for SQL it is only the client's side).
 */
final class SearchLoad {

    /** How one kind of search fared. */
    record KindResult(LatencyStats latency, LatencyStats service, double meanHits, int empty) {
    }

    record Result(String engine, int threads, int completed, double seconds, LatencyStats latency, LatencyStats service,
                  Map<Kind, KindResult> byKind, boolean timedOut, double otherCores, long cpuNanos) {
        double queriesPerSecond() {
            return completed / seconds;
        }

        /** CPU time of the whole JVM per search. */
        double cpuMicrosPerSearch() {
            return cpuNanos / 1e3 / Math.max(1, completed);
        }
    }

    private SearchLoad() {
    }

    static Result run(SearchEngine engine, List<QuerySpec> queries, int threads, Duration maxTime) {
        int n = queries.size();
        long[] latency = new long[n];
        long[] service = new long[n];
        int[] hits = new int[n];
        boolean[] done = new boolean[n];
        var next = new AtomicInteger();
        var failure = new AtomicReference<Throwable>();
        var ready = new CountDownLatch(threads);
        var go = new CountDownLatch(1);
        var workers = new ArrayList<Thread>();
        for (int t = 0; t < threads; t++) {
            workers.add(Thread.ofPlatform().name("search-load-" + t).start(() -> {
                var threadCpu = ManagementFactory.getThreadMXBean();
                try (var session = engine.open()) {
                    ready.countDown();
                    Waits.await(go);
                    long deadline = System.nanoTime() + maxTime.toNanos();
                    int i;
                    while ((i = next.getAndIncrement()) < n && System.nanoTime() < deadline) {
                        long c0 = threadCpu.getCurrentThreadCpuTime();
                        long t0 = System.nanoTime();
                        hits[i] = session.search(queries.get(i));
                        latency[i] = System.nanoTime() - t0;
                        service[i] = threadCpu.getCurrentThreadCpuTime() - c0;
                        done[i] = true;
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                    ready.countDown();
                }
            }));
        }
        Waits.await(ready);
        var cpu = CpuMeter.sample();
        go.countDown();
        workers.forEach(Waits::join);
        var cpuAfter = CpuMeter.sample();
        double seconds = (cpuAfter.wallNanos() - cpu.wallNanos()) / 1e9;
        if (failure.get() != null) {
            throw new IllegalStateException(engine.name() + " failed: " + failure.get().getMessage(), failure.get());
        }
        return summarise(engine.name(), threads, queries, latency, service, hits, done, seconds,
                CpuMeter.otherCores(cpu, cpuAfter), CpuMeter.ownCpuNanos(cpu, cpuAfter));
    }

    private static Result summarise(String engine, int threads, List<QuerySpec> queries, long[] latency, long[] service,
                                    int[] hits, boolean[] done, double seconds, double otherCores, long cpuNanos) {
        var completed = new ArrayList<Integer>();
        var perKind = new EnumMap<Kind, List<Integer>>(Kind.class);
        for (int i = 0; i < queries.size(); i++) {
            if (done[i]) {
                completed.add(i);
                perKind.computeIfAbsent(queries.get(i).kind(), k -> new ArrayList<>()).add(i);
            }
        }
        var byKind = new EnumMap<Kind, KindResult>(Kind.class);
        perKind.forEach((kind, indexes) -> {
            double meanHits = indexes.stream().mapToInt(i -> hits[i]).average().orElse(0);
            int empty = (int) indexes.stream().filter(i -> hits[i] == 0).count();
            byKind.put(kind, new KindResult(stats(indexes, latency), stats(indexes, service), meanHits, empty));
        });
        return new Result(engine, threads, completed.size(), seconds, stats(completed, latency), stats(completed, service),
                Map.copyOf(byKind), completed.size() < queries.size(), otherCores, cpuNanos);
    }

    private static LatencyStats stats(List<Integer> indexes, long[] values) {
        return LatencyStats.of(indexes.stream().mapToLong(i -> values[i]).toArray());
    }
}
