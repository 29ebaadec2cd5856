package org.messagebank.bench.web;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.messagebank.server.EventTopics;
import org.messagebank.store.Await;
import org.messagebank.store.event.kafka.EmbeddedKafka;
import org.messagebank.store.event.kafka.KafkaTopics;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * One Kafka broker in this process for a benchmark's nodes: the store tests' {@link EmbeddedKafka}
 * (one combined KRaft node from Kafka's test kit on a free loopback port, topic auto-creation off
 * as in production, internal topics on one replica), started and closed outside JUnit. Kafka's own
 * logging (broker and clients) is cut to errors: its warnings as the nodes' consumer groups
 * rebalance would drown the report.
 */
final class BenchBroker implements AutoCloseable {
    private final EmbeddedKafka kafka = new EmbeddedKafka();

    private BenchBroker() {
    }

    static BenchBroker start() throws Exception {
        for (String name : new String[] {"org.apache.kafka", "kafka"}) {
            ((Logger) LoggerFactory.getLogger(name)).setLevel(Level.ERROR);
        }
        var broker = new BenchBroker();
        broker.kafka.beforeAll(null);
        return broker;
    }

    String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /**
     * Creates every topic of the event bus under {@code topicPrefix} (three partitions, one
     * replica), as {@code messagebank kafka init-topics} does, and waits until the broker describes
     * them all: a node checks that its topics exist as it starts.
     */
    void initTopics(String topicPrefix) throws InterruptedException {
        var outcomes = KafkaTopics.create(kafka.config("init-topics", topicPrefix, Duration.ofSeconds(30)), EventTopics.ALL);
        var names = outcomes.stream().map(KafkaTopics.Outcome::topic).toList();
        Await.until("the cluster's topics", () -> kafka.partitions(names).size() == names.size());
    }

    @Override
    public void close() throws Exception {
        kafka.afterAll(null);
    }
}
