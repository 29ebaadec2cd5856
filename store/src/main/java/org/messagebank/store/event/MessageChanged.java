package org.messagebank.store.event;

import org.messagebank.store.domain.OutboxEntry.OutboxKind;

/** A message was created, updated or deleted; published after the database commit. */
public record MessageChanged(long messageId, long clientId, long outboxSeq, OutboxKind kind) implements BusEvent {

    public static final Topic<MessageChanged> TOPIC = Topic.of("messagebank.message-changed", MessageChanged.class);

    @Override
    public String key() {
        return Long.toString(clientId);
    }
}
