package org.messagebank.telephony.event;

import org.messagebank.store.event.BusEvent;
import org.messagebank.store.event.Topic;

/** A call was offered to an operator (their phone is about to ring). */
public record CallOffered(long callId, long clientId, long operatorId) implements BusEvent {
    public static final Topic<CallOffered> TOPIC = Topic.of("messagebank.call-offered", CallOffered.class);

    @Override
    public String key() {
        return Long.toString(callId);
    }
}
