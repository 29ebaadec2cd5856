package org.messagebank.bench.web;

import org.messagebank.bench.LatencyStats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Matches each call to the two moments measured from its FastAGI request: the screen-pop frame
 * arriving at an operator's console, and {@code EXEC Dial} arriving at the fake Asterisk (the
 * routing baseline). Calls are told apart by their caller number, which is unique per call and
 * which the pop carries. Only the first pop and the first Dial of a call count (a console that
 * reconnects is sent the pop again). Warm-up calls are matched like the others but left out of
 * the summary; a pop or Dial for a number that was never placed is counted as unmatched. Thread-safe.
 */
final class PopLatencies {
    private final ConcurrentHashMap<String, Call> calls = new ConcurrentHashMap<>();
    private final AtomicInteger unmatched = new AtomicInteger();

    private static final class Call {
        final long sentNanos;
        final boolean measured;
        volatile long popNanos = -1;
        volatile long dialNanos = -1;

        Call(long sentNanos, boolean measured) {
            this.sentNanos = sentNanos;
            this.measured = measured;
        }
    }

    /**
     * @param placed      measured calls whose request was sent
     * @param popped      of those, calls whose pop arrived
     * @param dialled     of those, calls whose Dial arrived
     * @param pop         request sent → pop frame received
     * @param routing     request sent → Dial received
     * @param unmatched   pops or Dials for numbers never placed
     */
    record Summary(int placed, int popped, int dialled, LatencyStats pop, LatencyStats routing, int unmatched) {
        int popsMissing() {
            return placed - popped;
        }
    }

    /**
     * The call's FastAGI request was sent at {@code nanos} ({@link System#nanoTime()}).
     *
     * @param measured false for a warm-up call
     */
    void sent(String callerNumber, long nanos, boolean measured) {
        if (calls.putIfAbsent(callerNumber, new Call(nanos, measured)) != null) {
            throw new IllegalArgumentException("caller numbers must be unique per call");
        }
    }

    /** A pop for this caller arrived at a console at {@code nanos}. */
    void popped(String callerNumber, long nanos) {
        note(callerNumber, nanos, true);
    }

    /** The fake Asterisk received this call's {@code EXEC Dial} at {@code nanos}. */
    void dialled(String callerNumber, long nanos) {
        note(callerNumber, nanos, false);
    }

    private void note(String callerNumber, long nanos, boolean pop) {
        var call = callerNumber == null ? null : calls.get(callerNumber);
        if (call == null) {
            unmatched.incrementAndGet();
            return;
        }
        synchronized (call) {
            if (pop && call.popNanos < 0) {
                call.popNanos = nanos;
            } else if (!pop && call.dialNanos < 0) {
                call.dialNanos = nanos;
            }
        }
    }

    /** The measured calls sent in one window of time, for seeing whether latency grows as a run goes on. */
    record Window(double startSeconds, int placed, int popped, LatencyStats pop, LatencyStats routing) {
    }

    /** The measured calls by when they were sent, in windows of {@code widthNanos} from {@code originNanos}. */
    List<Window> windows(long originNanos, long widthNanos) {
        var byWindow = new TreeMap<Long, List<Call>>();
        for (var call : calls.values()) {
            if (call.measured) {
                byWindow.computeIfAbsent(Math.floorDiv(call.sentNanos - originNanos, widthNanos), w -> new ArrayList<>()).add(call);
            }
        }
        var windows = new ArrayList<Window>();
        byWindow.forEach((w, list) -> {
            long[] pops = list.stream().filter(c -> c.popNanos >= 0).mapToLong(c -> c.popNanos - c.sentNanos).toArray();
            long[] dials = list.stream().filter(c -> c.dialNanos >= 0).mapToLong(c -> c.dialNanos - c.sentNanos).toArray();
            windows.add(new Window(w * widthNanos / 1e9, list.size(), pops.length, LatencyStats.of(pops), LatencyStats.of(dials)));
        });
        return windows;
    }

    Summary summary() {
        var pops = new long[calls.size()];
        var dials = new long[calls.size()];
        int placed = 0;
        int p = 0;
        int d = 0;
        for (var call : calls.values()) {
            if (!call.measured) {
                continue;
            }
            placed++;
            if (call.popNanos >= 0) {
                pops[p++] = call.popNanos - call.sentNanos;
            }
            if (call.dialNanos >= 0) {
                dials[d++] = call.dialNanos - call.sentNanos;
            }
        }
        return new Summary(placed, p, d, LatencyStats.of(Arrays.copyOf(pops, p)), LatencyStats.of(Arrays.copyOf(dials, d)),
                unmatched.get());
    }
}
