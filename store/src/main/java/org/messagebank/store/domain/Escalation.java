package org.messagebank.store.domain;

import java.time.Instant;

/**
 * The escalation of an urgent message.
 *
 * @param roundsDone how many escalation contacts it has gone to
 * @param nextAt     when the next round is due if still unacknowledged
 * @param finished   acknowledged, or out of rounds or contacts
 */
public record Escalation(long messageId, long clientId, int roundsDone, Instant nextAt, boolean finished) {
}
