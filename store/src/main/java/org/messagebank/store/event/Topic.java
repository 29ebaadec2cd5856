package org.messagebank.store.event;

import java.util.Objects;

/**
 * A named stream of events of one type.
 *
 * @param name a broker-safe name: letters, digits, dots, dashes and underscores
 */
public record Topic<E extends BusEvent>(String name, Class<E> type) {
    public Topic {
        Objects.requireNonNull(type, "type");
        if (name == null || !name.matches("[A-Za-z0-9._-]{1,200}")) {
            throw new IllegalArgumentException("bad topic name: " + name);
        }
    }

    public static <E extends BusEvent> Topic<E> of(String name, Class<E> type) {
        return new Topic<>(name, type);
    }

    /**
     * Checks that {@code event} belongs on this topic, which a caller with raw types can get wrong.
     *
     * @throws IllegalArgumentException if it does not
     */
    public void requireOwn(BusEvent event) {
        if (!type.isInstance(event)) {
            throw new IllegalArgumentException("event " + event.getClass().getName() + " does not belong on " + name);
        }
    }
}
