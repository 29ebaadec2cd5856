package org.messagebank.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Exponential back-off with "equal jitter": the n-th retry waits a random time between half and
 * all of {@code min(max, initial * 2^(n-1))}, so retries spread out but never come at once;
 * after {@code maxAttempts} attempts a transient failure becomes a dead letter.
 */
public final class ExponentialBackoff implements RetryPolicy {
    private final int maxAttempts;
    private final Duration initial;
    private final Duration max;
    private final RandomGenerator random;

    public ExponentialBackoff(int maxAttempts, Duration initial, Duration max, RandomGenerator random) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("need 0 < initial <= max");
        }
        this.maxAttempts = maxAttempts;
        this.initial = initial;
        this.max = max;
        this.random = Objects.requireNonNull(random);
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    public Duration max() {
        return max;
    }

    /** The upper bound of the delay after the given attempt, before jitter. */
    public Duration ceiling(int attemptsMade) {
        int doublings = Math.max(0, Math.min(attemptsMade - 1, 40));
        long nanos = initial.toNanos();
        for (int i = 0; i < doublings && nanos < max.toNanos(); i++) {
            nanos = nanos * 2;
        }
        return Duration.ofNanos(Math.min(nanos, max.toNanos()));
    }

    @Override
    public Decision decide(int attemptsMade, SendResult failure, Instant now) {
        return switch (failure) {
            case SendResult.Permanent p -> new GiveUp(false);
            case SendResult.Transient t when attemptsMade >= maxAttempts -> new GiveUp(true);
            case SendResult.Transient t -> {
                long ceiling = ceiling(attemptsMade).toNanos();
                long half = ceiling / 2;
                yield new RetryAt(now.plusNanos(half + random.nextLong(ceiling - half + 1)));
            }
            case SendResult.Sent s -> throw new IllegalArgumentException("not a failure: " + s);
        };
    }
}
