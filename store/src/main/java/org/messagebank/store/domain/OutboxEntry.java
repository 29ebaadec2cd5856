package org.messagebank.store.domain;

import java.time.Instant;

/**
 * A change to a message, written in the same transaction as the change. Sequence numbers grow
 * in commit order, so a follower that has applied everything up to {@code seq} has missed
 * nothing before it.
 */
public record OutboxEntry(long seq, OutboxKind kind, long messageId, long clientId, Instant createdAt) {
    public enum OutboxKind {
        MESSAGE_CREATED, MESSAGE_UPDATED, MESSAGE_DELETED
    }
}
