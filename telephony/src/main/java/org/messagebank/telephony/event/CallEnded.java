package org.messagebank.telephony.event;

import org.messagebank.store.event.BusEvent;
import org.messagebank.store.event.Topic;
import org.messagebank.telephony.acd.CallOutcome;

/**
 * A call ended.
 *
 * @param operatorId the operator who answered it; null if nobody did
 */
public record CallEnded(long callId, long clientId, Long operatorId, CallOutcome outcome) implements BusEvent {
    public static final Topic<CallEnded> TOPIC = Topic.of("messagebank.call-ended", CallEnded.class);

    @Override
    public String key() {
        return Long.toString(callId);
    }
}
