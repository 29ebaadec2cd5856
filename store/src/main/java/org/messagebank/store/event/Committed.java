package org.messagebank.store.event;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishing an event about a change the database has already committed. The change stands
 * whether or not the event goes out (every follower also reads the outbox or the database), so a
 * bus that cannot publish (brokers unreachable past {@code events.publish-timeout}) is logged and
 * never fails the caller: failing would make it retry, and repeat, work that was done.
 */
public final class Committed {
    private static final Logger log = LoggerFactory.getLogger(Committed.class);

    private Committed() {
    }

    /** Publishes the event; false, with a warning naming the topic, when the bus refused it. */
    public static <E extends BusEvent> boolean publish(EventBus bus, Topic<E> topic, E event) {
        try {
            bus.publish(topic, event);
            return true;
        } catch (RuntimeException e) {
            log.warn("{} event not published after its change was committed (followers find the change in the database): {}",
                    topic.name(), e.getMessage());
            return false;
        }
    }
}
