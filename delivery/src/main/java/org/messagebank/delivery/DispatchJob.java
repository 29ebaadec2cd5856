package org.messagebank.delivery;

import org.messagebank.store.domain.DeliveryChannel;
import org.messagebank.store.event.BusEvent;
import org.messagebank.store.event.Topic;

import java.util.Set;

/**
 * A message has dispatches due now on these channels. Consumed by one consumer group shared by
 * every node ({@link Delivery#WORKER_GROUP}), so each job wakes the workers of one node; the
 * dispatch's lease decides who sends it, and every node's workers still poll for what is due.
 * Ids and channels only.
 */
public record DispatchJob(long messageId, Set<DeliveryChannel> channels) implements BusEvent {
    public static final Topic<DispatchJob> TOPIC = Topic.of("messagebank.dispatch-jobs", DispatchJob.class);

    public DispatchJob {
        channels = Set.copyOf(channels);
    }

    @Override
    public String key() {
        return Long.toString(messageId);
    }
}
