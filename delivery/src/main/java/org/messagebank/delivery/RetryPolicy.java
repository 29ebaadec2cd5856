package org.messagebank.delivery;

import java.time.Instant;

/**
 * Decides what happens after a failed send. Contract (see {@code RetryPolicyContract}): a
 * permanent failure is never retried and is not a dead letter; a transient failure is retried
 * after a delay until the attempts run out, and then it is a dead letter; delays never go
 * below zero nor above the policy's maximum.
 */
public interface RetryPolicy {

    /** What to do next. */
    sealed interface Decision {
    }

    /** Try again at {@code at}. */
    record RetryAt(Instant at) implements Decision {
    }

    /** Stop: the dispatch fails; {@code deadLetter} when it ran out of attempts on transient failures. */
    record GiveUp(boolean deadLetter) implements Decision {
    }

    /**
     * @param attemptsMade attempts made so far, counting the one that just failed (1 after the first)
     * @param failure      a {@link SendResult.Transient} or {@link SendResult.Permanent}
     * @param now          the current time
     */
    Decision decide(int attemptsMade, SendResult failure, Instant now);
}
