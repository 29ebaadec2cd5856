package org.messagebank.store.event;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.messagebank.store.domain.OutboxEntry.OutboxKind;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The delivery rules every event bus keeps; the in-process bus runs it now and a broker-backed
 * bus runs the same class. Waits are awaits on conditions, bounded by a generous deadline.
 */
public abstract class EventBusContract {
    private static final long DEADLINE_MS = 20_000;
    protected EventBus bus;
    private final List<EventBus.Subscription> subscriptions = new ArrayList<>();

    protected abstract EventBus newBus();

    /** A topic no other test uses, so a shared broker needs no clean-up. */
    protected Topic<MessageChanged> freshTopic() {
        return Topic.of("test-" + System.nanoTime(), MessageChanged.class);
    }

    @BeforeEach
    void open() {
        bus = newBus();
    }

    @AfterEach
    void close() {
        subscriptions.forEach(EventBus.Subscription::close);
        bus.close();
    }

    private EventBus.Subscription subscribe(Topic<MessageChanged> topic, String group, java.util.function.Consumer<MessageChanged> h) {
        var s = bus.subscribe(topic, group, h);
        subscriptions.add(s);
        return s;
    }

    private static MessageChanged event(long messageId, long clientId) {
        return new MessageChanged(messageId, clientId, messageId, OutboxKind.MESSAGE_CREATED);
    }

    private static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.currentTimeMillis() + DEADLINE_MS;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    @Test
    void everyGroupReceivesEveryEvent() throws Exception {
        var topic = freshTopic();
        var a = new CopyOnWriteArrayList<MessageChanged>();
        var b = new CopyOnWriteArrayList<MessageChanged>();
        subscribe(topic, "a", a::add);
        subscribe(topic, "b", b::add);
        bus.publish(topic, event(1, 1));
        bus.publish(topic, event(2, 1));
        await("both groups", () -> a.size() == 2 && b.size() == 2);
        assertEquals(List.of(event(1, 1), event(2, 1)), a);
        assertEquals(a, b);
    }

    @Test
    void withinAGroupEachEventIsHandledOnce() throws Exception {
        var topic = freshTopic();
        var handled = new CopyOnWriteArrayList<MessageChanged>();
        subscribe(topic, "workers", handled::add);
        subscribe(topic, "workers", handled::add);
        for (long i = 1; i <= 50; i++) {
            bus.publish(topic, event(i, i % 7));
        }
        await("50 events", () -> handled.size() >= 50);
        Thread.sleep(200);
        assertEquals(50, handled.size());
        assertEquals(50, handled.stream().distinct().count());
    }

    @Test
    void eventsWithOneKeyArriveInPublicationOrder() throws Exception {
        var topic = freshTopic();
        var seen = new CopyOnWriteArrayList<Long>();
        subscribe(topic, "ordered", e -> {
            if (e.clientId() == 3) {
                seen.add(e.messageId());
            }
        });
        for (long i = 1; i <= 200; i++) {
            bus.publish(topic, event(i, i % 2 == 0 ? 3 : 4));
        }
        await("100 events of key 3", () -> seen.size() == 100);
        assertEquals(LongStream.rangeClosed(1, 200).filter(i -> i % 2 == 0).boxed().toList(), seen);
    }

    @Test
    void aFailingHandlerDoesNotStopLaterEvents() throws Exception {
        var topic = freshTopic();
        var seen = new CopyOnWriteArrayList<Long>();
        subscribe(topic, "fragile", e -> {
            if (e.messageId() == 1) {
                throw new IllegalStateException("handler failure on purpose");
            }
            seen.add(e.messageId());
        });
        bus.publish(topic, event(1, 1));
        bus.publish(topic, event(2, 1));
        await("event 2", () -> seen.contains(2L));
    }

    @Test
    void aClosedSubscriptionReceivesNothingMore() throws Exception {
        var topic = freshTopic();
        var kept = new CountDownLatch(1);
        var dropped = new CopyOnWriteArrayList<MessageChanged>();
        var s = subscribe(topic, "gone", dropped::add);
        subscribe(topic, "kept", e -> kept.countDown());
        s.close();
        bus.publish(topic, event(1, 1));
        assertTrue(kept.await(DEADLINE_MS, TimeUnit.MILLISECONDS));
        Thread.sleep(100);
        assertTrue(dropped.isEmpty());
    }

    @Test
    void refusesAnEventOfAnotherType() {
        @SuppressWarnings({"unchecked", "rawtypes"})
        Topic<BusEvent> raw = (Topic) freshTopic();
        BusEvent other = () -> "k";
        assertThrows(IllegalArgumentException.class, () -> bus.publish(raw, other));
    }
}
