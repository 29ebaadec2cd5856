package org.messagebank.store;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits in tests for a condition to hold, never for a fixed time. */
public final class Await {
    private static final Duration LIMIT = Duration.ofSeconds(60);

    private Await() {
    }

    /** Polls {@code condition} until it holds; fails naming {@code what} after 60 seconds (a loaded machine is slow; a pass never waits that long). */
    public static void until(String what, BooleanSupplier condition) throws InterruptedException {
        until(what, LIMIT, condition);
    }

    /** Polls {@code condition} until it holds; fails naming {@code what} after {@code limit}. */
    public static void until(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
