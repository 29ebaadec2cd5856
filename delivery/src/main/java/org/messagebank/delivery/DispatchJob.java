package org.messagebank.delivery;

import org.messagebank.store.domain.DeliveryChannel;
import org.messagebank.store.event.BusEvent;
import org.messagebank.store.event.Topic;

/**
 * A message has dispatches due now on this channel. Consumed by one consumer group shared by
 * every node ({@link Delivery#WORKER_GROUP}), so each job wakes the workers of one node; the
 * dispatch's lease decides who sends it, and every node's workers still poll for what is due.
 * An id and a channel only.
 */
public record DispatchJob(long messageId, DeliveryChannel channel) implements BusEvent {
    public static final Topic<DispatchJob> TOPIC = Topic.of("messagebank.dispatch-jobs", DispatchJob.class);

    @Override
    public String key() {
        return Long.toString(messageId);
    }
}
