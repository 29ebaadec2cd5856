package org.messagebank.telephony.event;

import org.messagebank.store.event.BusEvent;
import org.messagebank.store.event.Topic;

/**
 * With several nodes: a node gave a waiting call to a freed operator; the node holding the call
 * rings them. Ids only.
 */
public record CallAssigned(long callId, long operatorId) implements BusEvent {
    public static final Topic<CallAssigned> TOPIC = Topic.of("messagebank.call-assigned", CallAssigned.class);

    @Override
    public String key() {
        return Long.toString(callId);
    }
}
