package org.messagebank.telephony.event;

import org.messagebank.store.event.BusEvent;
import org.messagebank.store.event.Topic;
import org.messagebank.telephony.acd.OperatorState;
import org.messagebank.telephony.acd.PhoneState;

/**
 * An operator's state or phone state changed.
 *
 * @param pauseReason a short code such as {@code missed-call} or {@code break}; null unless paused
 * @param callId      the call concerned, if any
 */
public record OperatorStateChanged(long operatorId, OperatorState state, String pauseReason, Long callId, PhoneState phone)
        implements BusEvent {
    public static final Topic<OperatorStateChanged> TOPIC = Topic.of("messagebank.operator-state", OperatorStateChanged.class);

    @Override
    public String key() {
        return Long.toString(operatorId);
    }
}
