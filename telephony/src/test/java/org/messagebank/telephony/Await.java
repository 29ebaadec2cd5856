package org.messagebank.telephony;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.fail;

/** Waits for a condition instead of sleeping a fixed time. */
public final class Await {
    private Await() {
    }

    public static <T> T until(Supplier<T> value, String what, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T v = value.get();
            if (v != null) {
                return v;
            }
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            Thread.onSpinWait();
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted waiting for " + what);
            }
        }
    }

    public static void until(BooleanSupplier condition, String what) {
        until(() -> condition.getAsBoolean() ? Boolean.TRUE : null, what, Duration.ofSeconds(10));
    }
}
