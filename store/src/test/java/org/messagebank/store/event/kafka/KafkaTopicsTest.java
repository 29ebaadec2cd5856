package org.messagebank.store.event.kafka;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.messagebank.config.EventsConfig;
import org.messagebank.store.Await;
import org.messagebank.store.event.DispatchChanged;
import org.messagebank.store.event.MessageChanged;
import org.messagebank.store.event.Topic;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KafkaTopicsTest {
    private static final List<Topic<?>> TOPICS = List.of(MessageChanged.TOPIC, DispatchChanged.TOPIC);
    @RegisterExtension
    static final EmbeddedKafka kafka = new EmbeddedKafka();

    private static EventsConfig config(String prefix, int partitions, int replicas) {
        var base = kafka.config("node-a", prefix, Duration.ofSeconds(20));
        return new EventsConfig(base.kind(), base.nodeId(), base.bootstrapServers(), prefix, partitions, replicas,
                base.publishTimeout(), Map.of());
    }

    @Test
    void createsEachTopicWithTheConfiguredPartitionsAndIsSafeToRunAgain() throws Exception {
        var config = config("init.", 4, 1);
        var names = List.of("init.messagebank.message-changed", "init.messagebank.dispatch-changed");

        var first = KafkaTopics.create(config, TOPICS);
        assertEquals(List.of(new KafkaTopics.Outcome(names.get(0), true, 4), new KafkaTopics.Outcome(names.get(1), true, 4)), first);
        Await.until("both topics", () -> kafka.partitions(names).size() == 2);
        assertEquals(Map.of(names.get(0), 4, names.get(1), 4), kafka.partitions(names));

        var again = KafkaTopics.create(config("init.", 8, 1), TOPICS);
        assertEquals(List.of(new KafkaTopics.Outcome(names.get(0), false, 4), new KafkaTopics.Outcome(names.get(1), false, 4)), again);
        assertEquals(Map.of(names.get(0), 4, names.get(1), 4), kafka.partitions(names));
    }

    @Test
    void aReplicationFactorAboveTheBrokerCountFailsClearly() throws Exception {
        var failure = assertThrows(IllegalStateException.class, () -> KafkaTopics.create(config("replicated.", 1, 3), TOPICS));
        assertTrue(failure.getMessage().startsWith("cannot create Kafka topic replicated.messagebank.message-changed: "),
                failure.getMessage());
        assertEquals(Map.of(), kafka.partitions(List.of("replicated.messagebank.message-changed")));
    }
}
