package org.messagebank.store.event.kafka;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.messagebank.store.Await;
import org.messagebank.store.domain.OutboxEntry.OutboxKind;
import org.messagebank.store.event.EventBus;
import org.messagebank.store.event.EventBusContract;
import org.messagebank.store.event.MessageChanged;
import org.messagebank.store.event.Topic;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Kafka bus keeps the same contract as the in-process one, against one embedded KRaft node. */
class KafkaEventBusTest extends EventBusContract {
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @RegisterExtension
    static final EmbeddedKafka kafka = new EmbeddedKafka();

    @Override
    protected EventBus newBus() {
        return new KafkaEventBus(kafka.config("node-a"));
    }

    @Override
    protected Topic<MessageChanged> freshTopic() {
        return kafka.freshTopic(MessageChanged.class);
    }

    private static MessageChanged event(long messageId) {
        return new MessageChanged(messageId, 1, messageId, OutboxKind.MESSAGE_CREATED);
    }

    @Test
    void publishingToAMissingTopicFailsAtOnceNamingTheFix() {
        try (var patient = new KafkaEventBus(kafka.config("node-a", "", Duration.ofMinutes(5)))) {
            var missing = Topic.of("missing-" + System.nanoTime(), MessageChanged.class);
            var failure = assertTimeoutPreemptively(DEADLINE,
                    () -> assertThrows(IllegalStateException.class, () -> patient.publish(missing, event(1))));
            assertTrue(failure.getMessage().contains("Kafka topic " + missing.name() + " does not exist"), failure.getMessage());
            assertTrue(failure.getMessage().contains("messagebank kafka init-topics"), failure.getMessage());
            assertThrows(IllegalStateException.class, () -> patient.subscribe(missing, "g", e -> { }));
        }
    }

    @Test
    void topicPrefixIsPutBeforeEveryTopicName() {
        var topic = kafka.freshTopic(MessageChanged.class);
        try (var prefixed = new KafkaEventBus(kafka.config("node-a", "other.", DEADLINE))) {
            var failure = assertThrows(IllegalStateException.class, () -> prefixed.publish(topic, event(1)));
            assertTrue(failure.getMessage().contains("other." + topic.name()), failure.getMessage());
        }
    }

    @Test
    void offsetsAreCommittedOnlyForEventsTheHandlerFinished() throws Exception {
        var topic = freshTopic();
        for (long id = 1; id <= 5; id++) {
            bus.publish(topic, event(id));
        }
        var first = new CopyOnWriteArrayList<Long>();
        var subscription = new AtomicReference<EventBus.Subscription>();
        var subscribed = new CountDownLatch(1);
        var stopped = new CountDownLatch(1);
        subscription.set(bus.subscribe(topic, "resuming", e -> {
            try {
                subscribed.await();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            first.add(e.messageId());
            if (e.messageId() == 2) {
                subscription.get().close();
                stopped.countDown();
            }
        }));
        subscribed.countDown();
        assertTrue(stopped.await(DEADLINE.toMillis(), TimeUnit.MILLISECONDS));

        var second = new CopyOnWriteArrayList<Long>();
        var reopened = bus.subscribe(topic, "resuming", e -> second.add(e.messageId()));
        try {
            Await.until("events 3 to 5 again", () -> second.size() >= 3);
            assertEquals(List.of(1L, 2L), first);
            assertEquals(List.of(3L, 4L, 5L), second);
        } finally {
            reopened.close();
        }
    }

    @Test
    void aSubscriptionWhoseConsumerFailedForGoodIsReportedWhileTheOthersFollowOn() throws Exception {
        var topic = freshTopic();
        var followed = new CopyOnWriteArrayList<Long>();
        var broken = bus.subscribe(topic, "broken-" + System.nanoTime(), e -> {
            throw new AssertionError("a handler bug no retry covers");
        });
        var healthy = bus.subscribe(topic, "healthy-" + System.nanoTime(), e -> followed.add(e.messageId()));
        try {
            assertEquals(List.of(), bus.stoppedSubscriptions());
            bus.publish(topic, event(1));
            Await.until("the broken subscription reported", () -> bus.stoppedSubscriptions().size() == 1);
            assertTrue(bus.stoppedSubscriptions().getFirst().matches(java.util.regex.Pattern.quote(topic.name()) + "/broken-\\d+"),
                    bus.stoppedSubscriptions().toString());
            bus.publish(topic, event(2));
            Await.until("the other subscription still following", () -> followed.size() == 2);
        } finally {
            broken.close();
            healthy.close();
        }
        assertEquals(List.of(), bus.stoppedSubscriptions(), "a closed subscription is not reported");
    }

    @Test
    void nodeGroupsGiveEveryNodeEveryEvent() throws Exception {
        var topic = freshTopic();
        try (var other = new KafkaEventBus(kafka.config("node-b"))) {
            assertEquals("console.node-a", bus.nodeGroup("console"));
            var onA = new CopyOnWriteArrayList<Long>();
            var onB = new CopyOnWriteArrayList<Long>();
            var a = bus.subscribe(topic, bus.nodeGroup("console"), e -> onA.add(e.messageId()));
            var b = other.subscribe(topic, other.nodeGroup("console"), e -> onB.add(e.messageId()));
            try {
                for (long id = 1; id <= 10; id++) {
                    bus.publish(topic, event(id));
                }
                Await.until("ten events on each node", () -> onA.size() >= 10 && onB.size() >= 10);
                assertEquals(onA, onB);
            } finally {
                a.close();
                b.close();
            }
        }
    }

    @Test
    void aNewNodeGroupStartsAfterTheEventsPublishedBeforeItWhileASharedGroupStartsAtTheOldest() throws Exception {
        var topic = freshTopic();
        try (var earlier = new KafkaEventBus(kafka.config("node-earlier"))) {
            for (long id = 1; id <= 3; id++) {
                earlier.publish(topic, new MessageChanged(id, id, id, OutboxKind.MESSAGE_CREATED));
            }
        }
        try (var fresh = new KafkaEventBus(kafka.config("node-fresh-" + System.nanoTime()))) {
            var onNode = new CopyOnWriteArrayList<Long>();
            var shared = new CopyOnWriteArrayList<Long>();
            var node = fresh.subscribe(topic, fresh.nodeGroup("console"), e -> onNode.add(e.messageId()));
            var work = fresh.subscribe(topic, "shared-" + System.nanoTime(), e -> shared.add(e.messageId()));
            try {
                for (long id = 4; id <= 6; id++) {
                    bus.publish(topic, new MessageChanged(id, id - 3, id, OutboxKind.MESSAGE_CREATED));
                }
                Await.until("events 4 to 6 in both groups", () -> onNode.size() >= 3 && shared.size() >= 6);
                assertEquals(List.of(4L, 5L, 6L), onNode.stream().sorted().toList(),
                        "each older event shares a key, hence a partition, with a newer one: it would have come first");
                assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), shared.stream().sorted().toList());
            } finally {
                node.close();
                work.close();
            }
        }
    }

    @Test
    void aNodeGroupResumesWhereItFirstSubscribedWhenRestartedBeforeHandlingAnything() throws Exception {
        var topic = freshTopic();
        var nodeConfig = kafka.config("node-restarted-" + System.nanoTime());
        var seen = new CopyOnWriteArrayList<Long>();
        try (var first = new KafkaEventBus(nodeConfig)) {
            String group = first.nodeGroup("console");
            var subscription = first.subscribe(topic, group, e -> seen.add(e.messageId()));
            Await.until("the group's starting offsets committed",
                    () -> kafka.committedOffsets(group, topic.name()).size() == 3);
            subscription.close();
        }
        try (var publisher = new KafkaEventBus(kafka.config("node-publisher"))) {
            for (long id = 1; id <= 3; id++) {
                publisher.publish(topic, new MessageChanged(id, id, id, OutboxKind.MESSAGE_CREATED));
            }
        }
        try (var restarted = new KafkaEventBus(nodeConfig)) {
            var subscription = restarted.subscribe(topic, restarted.nodeGroup("console"), e -> seen.add(e.messageId()));
            try {
                Await.until("the events published while the node was down", () -> seen.size() >= 3);
                assertEquals(List.of(1L, 2L, 3L), seen.stream().sorted().toList());
            } finally {
                subscription.close();
            }
        }
    }

    @Test
    void aConsumerPushedOutOfItsGroupByASlowHandlerRejoinsAndKeepsFollowing() throws Exception {
        var topic = freshTopic();
        var base = kafka.config("node-a");
        var impatient = new org.messagebank.config.EventsConfig(base.kind(), base.nodeId(), base.bootstrapServers(),
                base.topicPrefix(), base.partitions(), base.replicationFactor(), base.publishTimeout(),
                java.util.Map.of("max.poll.interval.ms", "1000"));
        var seen = new CopyOnWriteArrayList<Long>();
        try (var slowBus = new KafkaEventBus(impatient);
             var subscription = slowBus.subscribe(topic, "slow-handler", e -> {
                 if (seen.isEmpty()) {
                     try {
                         Thread.sleep(2500); // past max.poll.interval.ms: the group drops this consumer
                     } catch (InterruptedException interrupted) {
                         Thread.currentThread().interrupt();
                     }
                 }
                 seen.add(e.messageId());
             })) {
            bus.publish(topic, event(1));
            Await.until("the first event handled", () -> !seen.isEmpty());

            bus.publish(topic, event(2));

            Await.until("the event published after the consumer lost its group handled", () -> seen.contains(2L));
            assertEquals(1L, seen.getFirst());
        }
    }
}
