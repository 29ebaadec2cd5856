package org.messagebank.store.event;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The event bus of a single node. Each subscriber has its own queue drained by one virtual
 * thread, so a slow handler delays only itself and each subscriber sees events in publication
 * order. Within a group an event goes to the subscriber chosen by its key, keeping per-key order.
 */
public final class InProcessEventBus implements EventBus {
    private static final Logger log = LoggerFactory.getLogger(InProcessEventBus.class);

    private final Map<String, Map<String, List<Worker>>> groupsByTopic = new ConcurrentHashMap<>();
    private final AtomicLong nodeGroups = new AtomicLong();
    private volatile boolean closed;

    @Override
    public <E extends BusEvent> void publish(Topic<E> topic, E event) {
        if (closed) {
            throw new IllegalStateException("event bus is closed");
        }
        topic.requireOwn(event);
        var groups = groupsByTopic.get(topic.name());
        if (groups == null) {
            return;
        }
        for (List<Worker> members : groups.values()) {
            var snapshot = List.copyOf(members);
            if (!snapshot.isEmpty()) {
                snapshot.get(Math.floorMod(event.key().hashCode(), snapshot.size())).offer(event);
            }
        }
    }

    @Override
    public <E extends BusEvent> Subscription subscribe(Topic<E> topic, String group, Consumer<? super E> handler) {
        if (closed) {
            throw new IllegalStateException("event bus is closed");
        }
        var members = groupsByTopic.computeIfAbsent(topic.name(), t -> new ConcurrentHashMap<>())
                .computeIfAbsent(group, g -> new CopyOnWriteArrayList<>());
        var worker = new Worker(topic.name() + "/" + group, event -> handler.accept(topic.type().cast(event)));
        members.add(worker);
        return () -> {
            members.remove(worker);
            worker.stop();
        };
    }

    @Override
    public String nodeGroup(String role) {
        return role + "-" + nodeGroups.incrementAndGet();
    }

    @Override
    public void close() {
        closed = true;
        var all = new ArrayList<Worker>();
        groupsByTopic.values().forEach(groups -> groups.values().forEach(all::addAll));
        groupsByTopic.clear();
        all.forEach(Worker::stop);
    }

    private static final class Worker {
        private static final Object STOP = new Object();
        private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
        private final Thread thread;

        Worker(String name, Consumer<BusEvent> handler) {
            thread = Thread.ofVirtual().name("bus-" + name).start(() -> drain(name, handler));
        }

        void offer(BusEvent event) {
            queue.add(event);
        }

        void stop() {
            queue.add(STOP);
            if (Thread.currentThread() == thread) {
                return;
            }
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void drain(String name, Consumer<BusEvent> handler) {
            while (true) {
                Object next;
                try {
                    next = queue.take();
                } catch (InterruptedException e) {
                    return;
                }
                if (next == STOP) {
                    return;
                }
                try {
                    handler.accept((BusEvent) next);
                } catch (RuntimeException e) {
                    log.warn("handler of {} failed on a {} event", name, next.getClass().getSimpleName(), e);
                }
            }
        }
    }
}
