package org.messagebank.store.domain;

import java.time.Duration;
import java.util.Objects;

/**
 * How a client's calls queue and overflow.
 *
 * @param maxWait        longest a caller waits for an operator before the overflow action
 * @param overflowAction what happens then
 * @param overflowTarget the number or mailbox for {@link OverflowAction#FORWARD} and
 *                       {@link OverflowAction#CAPTURE}; null for {@link OverflowAction#BUSY}
 */
public record RoutingSettings(long clientId, Duration maxWait, OverflowAction overflowAction, String overflowTarget) {
    public RoutingSettings {
        Objects.requireNonNull(maxWait, "maxWait");
        Objects.requireNonNull(overflowAction, "overflowAction");
        if (maxWait.isNegative() || maxWait.isZero()) {
            throw new IllegalArgumentException("maxWait must be positive: " + maxWait);
        }
        if (overflowAction == OverflowAction.FORWARD && (overflowTarget == null || overflowTarget.isBlank())) {
            throw new IllegalArgumentException("a FORWARD overflow needs a target number");
        }
        if (overflowTarget != null && overflowTarget.isBlank()) {
            overflowTarget = null;
        }
    }

    /** The settings of a client that has none of its own. */
    public static RoutingSettings defaults(long clientId, Duration maxWait) {
        return new RoutingSettings(clientId, maxWait, OverflowAction.CAPTURE, null);
    }
}
