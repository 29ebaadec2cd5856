package org.messagebank.delivery;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * One {@link TokenBucket} per SMS sender (From number or Messaging Service SID): each sends at
 * most {@code ratePerSecond}, with bursts of a tenth of a second's worth (at least one).
 * The limit holds per node.
 */
public final class SmsRateLimiter {
    private final double ratePerSecond;
    private final LongSupplier ticker;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    public SmsRateLimiter(double ratePerSecond, LongSupplier ticker) {
        this.ratePerSecond = ratePerSecond;
        this.ticker = ticker;
    }

    public TokenBucket bucket(String sender) {
        return buckets.computeIfAbsent(sender, s -> new TokenBucket(ratePerSecond, Math.max(1, ratePerSecond / 10), ticker));
    }

    /** Waits for the sender's next token. */
    public void take(String sender) throws InterruptedException {
        bucket(sender).take();
    }
}
