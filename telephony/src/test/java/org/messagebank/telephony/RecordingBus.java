package org.messagebank.telephony;

import org.messagebank.store.event.BusEvent;
import org.messagebank.store.event.EventBus;
import org.messagebank.store.event.InProcessEventBus;
import org.messagebank.store.event.Topic;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * An in-process bus that also records each event as it is published, in publication order, into
 * a timeline the fake Asterisk can write to as well, so tests can check what happened before what.
 */
public final class RecordingBus implements EventBus {
    private final InProcessEventBus delegate = new InProcessEventBus();
    public final List<Object> timeline;

    public RecordingBus(List<Object> timeline) {
        this.timeline = timeline;
    }

    public RecordingBus() {
        this(new CopyOnWriteArrayList<>());
    }

    @Override
    public <E extends BusEvent> void publish(Topic<E> topic, E event) {
        timeline.add(event);
        delegate.publish(topic, event);
    }

    @Override
    public <E extends BusEvent> Subscription subscribe(Topic<E> topic, String group, Consumer<? super E> handler) {
        return delegate.subscribe(topic, group, handler);
    }

    @Override
    public String nodeGroup(String role) {
        return delegate.nodeGroup(role);
    }

    @Override
    public void close() {
        delegate.close();
    }

    /** Published events of this type, in order. */
    public <E> List<E> events(Class<E> type) {
        return timeline.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Waits until an event of the type matching the condition has been published. */
    public <E> E await(Class<E> type, Predicate<E> condition) {
        return Await.until(() -> events(type).stream().filter(condition).findFirst().orElse(null),
                "a " + type.getSimpleName() + " event", Duration.ofSeconds(10));
    }
}
