package org.messagebank.delivery;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenBucketTest {
    private final AtomicLong nanos = new AtomicLong(1_000);

    @Test
    void allowsTheBurstThenOneTokenPerInterval() {
        var bucket = new TokenBucket(10, 2, nanos::get);
        assertEquals(0, bucket.tryTake());
        assertEquals(0, bucket.tryTake());
        long wait = bucket.tryTake();
        assertEquals(100_000_000L, wait);
        nanos.addAndGet(wait);
        assertEquals(0, bucket.tryTake());
        assertTrue(bucket.tryTake() > 0);
    }

    @Test
    void neverHoldsMoreThanTheBurstAfterIdling() {
        var bucket = new TokenBucket(5, 1, nanos::get);
        nanos.addAndGet(60_000_000_000L);
        assertEquals(0, bucket.tryTake());
        assertEquals(200_000_000L, bucket.tryTake());
    }

    @Test
    void givesEachSenderItsOwnBucket() {
        var limiter = new SmsRateLimiter(1, nanos::get);
        assertEquals(0, limiter.bucket("+441").tryTake());
        assertEquals(0, limiter.bucket("MG1").tryTake());
        assertTrue(limiter.bucket("+441").tryTake() > 0);
    }

    @Test
    void sendsAtTheRateOverALongRun() {
        var bucket = new TokenBucket(50, 5, nanos::get);
        int taken = 0;
        long end = nanos.get() + 60_000_000_000L;
        while (nanos.get() < end) {
            long wait = bucket.tryTake();
            if (wait == 0) {
                taken++;
            } else {
                nanos.addAndGet(wait);
            }
        }
        assertTrue(taken >= 3000 && taken <= 3005, "took " + taken);
    }
}
