package org.messagebank.store.event.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.messagebank.config.EventsConfig;
import org.messagebank.store.event.BusEvent;
import org.messagebank.store.event.Topic;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One combined KRaft node (broker and controller) for tests, with topic auto-creation off as in
 * production. Start one per test class; topics with fresh names keep tests apart.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private final KafkaClusterTestKit cluster;
    private final Admin admin;

    private EmbeddedKafka(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
        this.admin = cluster.admin();
    }

    public static EmbeddedKafka start() throws Exception {
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
            return new EmbeddedKafka(cluster);
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

    /** A topic no other test uses, created with three partitions. */
    public <E extends BusEvent> Topic<E> freshTopic(Class<E> type) {
        var topic = Topic.of("test-" + System.nanoTime(), type);
        try {
            admin.createTopics(List.of(new NewTopic(topic.name(), 3, (short) 1))).all().get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot create test topic " + topic.name(), e);
        }
        return topic;
    }

    /** Partitions of each named topic; a name that does not exist is missing from the map. */
    public Map<String, Integer> partitions(List<String> topics) throws Exception {
        var existing = admin.listTopics().names().get();
        var wanted = topics.stream().filter(existing::contains).toList();
        var described = admin.describeTopics(wanted).allTopicNames().get();
        return described.entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
                e -> e.getValue().partitions().size()));
    }

    @Override
    public void close() throws Exception {
        admin.close();
        cluster.close();
    }
}
