package org.messagebank.server;

import org.messagebank.delivery.DispatchJob;
import org.messagebank.store.event.DispatchChanged;
import org.messagebank.store.event.MessageChanged;
import org.messagebank.store.event.Topic;
import org.messagebank.telephony.event.CallAssigned;
import org.messagebank.telephony.event.CallConnected;
import org.messagebank.telephony.event.CallEnded;
import org.messagebank.telephony.event.CallOffered;
import org.messagebank.telephony.event.CallQueued;
import org.messagebank.telephony.event.OperatorStateChanged;
import org.messagebank.telephony.event.ScreenPop;

import java.util.List;

/** Every topic of the event bus, from every module: what {@code messagebank kafka init-topics} creates. */
public final class EventTopics {
    public static final List<Topic<?>> ALL = List.of(
            CallQueued.TOPIC, CallOffered.TOPIC, CallConnected.TOPIC, CallEnded.TOPIC, ScreenPop.TOPIC,
            OperatorStateChanged.TOPIC, CallAssigned.TOPIC, MessageChanged.TOPIC, DispatchChanged.TOPIC,
            DispatchJob.TOPIC);

    private EventTopics() {
    }
}
