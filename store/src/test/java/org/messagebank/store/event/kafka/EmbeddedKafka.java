package org.messagebank.store.event.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.messagebank.config.EventsConfig;
import org.messagebank.store.Await;
import org.messagebank.store.event.BusEvent;
import org.messagebank.store.event.Topic;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One combined KRaft node (broker and controller) for tests, with topic auto-creation off as in
 * production: started before a test class's first test and closed after its last, as a static
 * {@code @RegisterExtension} field. Topics with fresh names keep the tests apart.
 */
public final class EmbeddedKafka implements BeforeAllCallback, AfterAllCallback {
    private KafkaClusterTestKit cluster;
    private Admin admin;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        cluster = start();
        admin = cluster.admin();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        admin.close();
        cluster.close();
    }

    private static KafkaClusterTestKit start() throws Exception {
        var nodes = new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build();
        var cluster = new KafkaClusterTestKit.Builder(nodes)
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("auto.create.topics.enable", "false")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        try {
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            return cluster;
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** Settings of a node on this broker: one replica, three partitions. */
    public EventsConfig config(String nodeId, String topicPrefix, Duration publishTimeout) {
        return new EventsConfig(EventsConfig.Kind.KAFKA, nodeId, bootstrapServers(), topicPrefix, 3, 1, publishTimeout, Map.of());
    }

    public EventsConfig config(String nodeId) {
        return config(nodeId, "", Duration.ofSeconds(20));
    }

    /** A topic no other test uses, created with three partitions, once the broker knows of it. */
    public <E extends BusEvent> Topic<E> freshTopic(Class<E> type) {
        var topic = Topic.of("test-" + System.nanoTime(), type);
        try {
            admin.createTopics(List.of(new NewTopic(topic.name(), 3, (short) 1))).all().get();
            Await.until("topic " + topic.name(), () -> partitions(List.of(topic.name())).size() == 1);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create test topic " + topic.name(), e);
        }
        return topic;
    }

    /** The names of every topic on the broker, internal ones left out. */
    public Set<String> topicNames() {
        try {
            return admin.listTopics().names().get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot list topics", e);
        }
    }

    /** Every record the broker holds in {@code topics}, read from the beginning to the current end, as raw bytes. */
    public List<ConsumerRecord<byte[], byte[]>> records(Collection<String> topics) {
        Map<String, Object> properties = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (var consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            var partitions = topics.stream().flatMap(topic -> consumer.partitionsFor(topic).stream())
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var end = consumer.endOffsets(partitions);
            var records = new ArrayList<ConsumerRecord<byte[], byte[]>>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("timed out reading every record of " + topics);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    /** The offsets a consumer group has committed, by partition number of {@code topic}. */
    public Map<Integer, Long> committedOffsets(String group, String topic) {
        try {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().entrySet().stream()
                    .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                    .collect(Collectors.toMap(e -> e.getKey().partition(), e -> e.getValue().offset()));
        } catch (Exception e) {
            throw new IllegalStateException("cannot list the offsets of group " + group, e);
        }
    }

    /**
     * Partitions of each named topic that the broker knows of; a topic just created may take a
     * moment to appear, so await it.
     */
    public Map<String, Integer> partitions(List<String> topics) {
        try {
            var existing = admin.listTopics().names().get();
            var wanted = topics.stream().filter(existing::contains).toList();
            var described = admin.describeTopics(wanted).allTopicNames().get();
            return described.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().partitions().size()));
        } catch (Exception e) {
            throw new IllegalStateException("cannot describe topics " + topics, e);
        }
    }
}
