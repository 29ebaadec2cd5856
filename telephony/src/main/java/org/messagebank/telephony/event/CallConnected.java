package org.messagebank.telephony.event;

import org.messagebank.store.event.BusEvent;
import org.messagebank.store.event.Topic;

/** The operator answered: caller and operator are bridged. */
public record CallConnected(long callId, long clientId, long operatorId) implements BusEvent {
    public static final Topic<CallConnected> TOPIC = Topic.of("messagebank.call-connected", CallConnected.class);

    @Override
    public String key() {
        return Long.toString(callId);
    }
}
