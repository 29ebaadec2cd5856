package org.messagebank.store.domain;

import java.time.Instant;
import java.util.Objects;

/** A dispatch about to be created, due at {@code dueAt}. */
public record NewDispatch(long messageId, long clientId, Long contactId, DeliveryChannel channel, boolean urgent,
                          Instant dueAt) {
    public NewDispatch {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(dueAt, "dueAt");
        if ((contactId == null) != (channel == DeliveryChannel.WEBHOOK)) {
            throw new IllegalArgumentException("the webhook has no contact; every other channel has one");
        }
    }

    /** The idempotency key: one dispatch per (message, contact, channel). */
    public String idempotencyKey() {
        return "m" + messageId + (contactId == null ? ":client" : ":c" + contactId) + ":" + channel.name();
    }
}
