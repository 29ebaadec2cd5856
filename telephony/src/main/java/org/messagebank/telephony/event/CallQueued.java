package org.messagebank.telephony.event;

import org.messagebank.store.event.BusEvent;
import org.messagebank.store.event.Topic;

/** A call is waiting in the queue: no allowed operator was free. */
public record CallQueued(long callId, long clientId) implements BusEvent {
    public static final Topic<CallQueued> TOPIC = Topic.of("messagebank.call-queued", CallQueued.class);

    @Override
    public String key() {
        return Long.toString(callId);
    }
}
