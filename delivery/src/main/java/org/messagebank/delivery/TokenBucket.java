package org.messagebank.delivery;

import java.util.function.LongSupplier;

/**
 * A token bucket: {@code ratePerSecond} tokens a second, holding at most {@code burst}. Time
 * comes from a nanosecond ticker so tests can drive it. Thread-safe.
 */
public final class TokenBucket {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final double nanosPerToken;
    private final double burst;
    private final LongSupplier ticker;
    private double tokens;
    private long last;

    public TokenBucket(double ratePerSecond, double burst, LongSupplier ticker) {
        if (ratePerSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("need a positive rate and a burst of at least 1");
        }
        this.nanosPerToken = NANOS_PER_SECOND / ratePerSecond;
        this.burst = burst;
        this.ticker = ticker;
        this.tokens = burst;
        this.last = ticker.getAsLong();
    }

    /**
     * Takes a token if one is there. Returns 0 when taken, otherwise how many nanoseconds until
     * one will be (nothing is taken then).
     */
    public synchronized long tryTake() {
        long now = ticker.getAsLong();
        tokens = Math.min(burst, tokens + (now - last) / nanosPerToken);
        last = now;
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((1 - tokens) * nanosPerToken));
    }

    /** Waits until a token is there and takes it. */
    public void take() throws InterruptedException {
        long wait;
        while ((wait = tryTake()) > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }
}
