package org.messagebank.store.event;

import org.messagebank.store.domain.DispatchState;

/** A dispatch changed state; ids and state only. Published after the database commit. */
public record DispatchChanged(long dispatchId, long messageId, long clientId, DispatchState state) implements BusEvent {

    public static final Topic<DispatchChanged> TOPIC = Topic.of("messagebank.dispatch-changed", DispatchChanged.class);

    @Override
    public String key() {
        return Long.toString(messageId);
    }
}
