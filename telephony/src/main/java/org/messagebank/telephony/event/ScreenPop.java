package org.messagebank.telephony.event;

import org.messagebank.store.event.BusEvent;
import org.messagebank.store.event.Topic;

/**
 * Show this call to this operator now: published before the operator's phone is dialled. The
 * console reads the client's greeting and script and the caller's details from the store.
 */
public record ScreenPop(long callId, long clientId, long operatorId) implements BusEvent {
    public static final Topic<ScreenPop> TOPIC = Topic.of("messagebank.screen-pop", ScreenPop.class);

    @Override
    public String key() {
        return Long.toString(operatorId);
    }
}
