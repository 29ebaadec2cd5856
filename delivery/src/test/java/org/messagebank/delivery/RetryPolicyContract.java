package org.messagebank.delivery;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every {@link RetryPolicy} promises; implemented by each policy's test. */
public interface RetryPolicyContract {
    Instant NOW = Instant.parse("2026-03-01T09:00:00Z");
    SendResult TRANSIENT = SendResult.retryable("429", "Too Many Requests");
    SendResult PERMANENT = SendResult.permanent("21211", "invalid number");

    /** A policy allowing {@code maxAttempts} attempts and waiting at most {@code max} between them. */
    RetryPolicy policy(int maxAttempts, Duration max);

    @Test
    default void neverRetriesAPermanentFailureNorDeadLettersIt() {
        var decision = policy(5, Duration.ofMinutes(10)).decide(1, PERMANENT, NOW);
        assertEquals(new RetryPolicy.GiveUp(false), decision);
    }

    @Test
    default void retriesATransientFailureLaterUntilTheLastAttempt() {
        var policy = policy(5, Duration.ofMinutes(10));
        for (int attempt = 1; attempt < 5; attempt++) {
            var retry = assertInstanceOf(RetryPolicy.RetryAt.class, policy.decide(attempt, TRANSIENT, NOW));
            assertFalse(retry.at().isBefore(NOW), "retry in the past after attempt " + attempt);
            assertFalse(retry.at().isAfter(NOW.plus(Duration.ofMinutes(10))), "retry beyond the maximum after attempt " + attempt);
        }
    }

    @Test
    default void deadLettersATransientFailureOnTheLastAttempt() {
        assertEquals(new RetryPolicy.GiveUp(true), policy(5, Duration.ofMinutes(10)).decide(5, TRANSIENT, NOW));
        assertEquals(new RetryPolicy.GiveUp(true), policy(1, Duration.ofMinutes(10)).decide(1, TRANSIENT, NOW));
    }

    @Test
    default void neverWaitsLongerThanTheMaximumHoweverManyAttempts() {
        var policy = policy(100, Duration.ofSeconds(30));
        for (int attempt = 1; attempt < 100; attempt++) {
            var retry = assertInstanceOf(RetryPolicy.RetryAt.class, policy.decide(attempt, TRANSIENT, NOW));
            assertTrue(!retry.at().isAfter(NOW.plusSeconds(30)));
        }
    }
}
