package org.messagebank.delivery;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExponentialBackoffTest implements RetryPolicyContract {

    @Override
    public RetryPolicy policy(int maxAttempts, Duration max) {
        return new ExponentialBackoff(maxAttempts, Duration.ofSeconds(1), max, new SplittableRandom(7));
    }

    @Test
    void doublesTheCeilingPerAttemptUpToTheMaximum() {
        var policy = new ExponentialBackoff(10, Duration.ofSeconds(1), Duration.ofSeconds(20), new SplittableRandom(1));
        assertEquals(Duration.ofSeconds(1), policy.ceiling(1));
        assertEquals(Duration.ofSeconds(2), policy.ceiling(2));
        assertEquals(Duration.ofSeconds(16), policy.ceiling(5));
        assertEquals(Duration.ofSeconds(20), policy.ceiling(6));
        assertEquals(Duration.ofSeconds(20), policy.ceiling(60));
    }

    @Test
    void waitsBetweenHalfAndAllOfTheCeiling() {
        var policy = new ExponentialBackoff(10, Duration.ofSeconds(1), Duration.ofMinutes(5), new SplittableRandom(3));
        var delays = new HashSet<Duration>();
        for (int i = 0; i < 200; i++) {
            var retry = assertInstanceOf(RetryPolicy.RetryAt.class, policy.decide(4, TRANSIENT, NOW));
            Duration delay = Duration.between(NOW, retry.at());
            assertTrue(delay.compareTo(Duration.ofSeconds(4)) >= 0 && delay.compareTo(Duration.ofSeconds(8)) <= 0, delay.toString());
            delays.add(delay);
        }
        assertTrue(delays.size() > 100, "jitter spreads retries out");
    }

    @Test
    void takesTheLowestAndHighestDrawsAtTheBounds() {
        RandomGenerator lowest = () -> 0L;
        var low = new ExponentialBackoff(10, Duration.ofSeconds(2), Duration.ofMinutes(5), new RandomGenerator() {
            @Override
            public long nextLong() {
                return lowest.nextLong();
            }

            @Override
            public long nextLong(long bound) {
                return 0;
            }
        });
        var high = new ExponentialBackoff(10, Duration.ofSeconds(2), Duration.ofMinutes(5), new RandomGenerator() {
            @Override
            public long nextLong() {
                return 0;
            }

            @Override
            public long nextLong(long bound) {
                return bound - 1;
            }
        });
        assertEquals(new RetryPolicy.RetryAt(NOW.plusSeconds(1)), low.decide(1, TRANSIENT, NOW));
        assertEquals(new RetryPolicy.RetryAt(NOW.plusSeconds(2)), high.decide(1, TRANSIENT, NOW));
    }
}
