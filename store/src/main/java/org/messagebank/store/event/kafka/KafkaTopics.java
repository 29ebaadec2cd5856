package org.messagebank.store.event.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.messagebank.config.EventsConfig;
import org.messagebank.store.event.Topic;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates the bus's Kafka topics with the configured partitions and replication factor. Safe to
 * run again: a topic that exists is left as it is and reported with its partition count.
 */
public final class KafkaTopics {

    /** What happened to one topic. */
    public record Outcome(String topic, boolean created, int partitions) {
        @Override
        public String toString() {
            return topic + (created ? " created" : " exists") + " (" + partitions + " partitions)";
        }
    }

    private KafkaTopics() {
    }

    /**
     * Creates those of {@code topics} that do not exist yet.
     *
     * @throws IllegalStateException if the cluster refuses (such as a replication factor above the
     *                               number of brokers) or does not answer in time
     */
    public static List<Outcome> create(EventsConfig config, List<Topic<?>> topics) {
        long timeout = config.publishTimeout().toMillis();
        var properties = KafkaEventBus.clientProperties(config, Map.of(
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout));
        try (var admin = Admin.create(properties)) {
            var outcomes = new ArrayList<Outcome>();
            for (Topic<?> topic : topics) {
                String name = KafkaEventBus.topicName(config, topic);
                var newTopic = new NewTopic(name, config.partitions(), (short) config.replicationFactor());
                try {
                    admin.createTopics(List.of(newTopic)).all().get(timeout, TimeUnit.MILLISECONDS);
                    outcomes.add(new Outcome(name, true, config.partitions()));
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create Kafka topic " + name + ": " + e.getCause().getMessage(), e.getCause());
                    }
                    int partitions = admin.describeTopics(List.of(name)).allTopicNames().get(timeout, TimeUnit.MILLISECONDS)
                            .get(name).partitions().size();
                    outcomes.add(new Outcome(name, false, partitions));
                }
            }
            return outcomes;
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot describe Kafka topics: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka at " + config.bootstrapServers() + " did not answer within " + timeout
                    + " ms (events.publish-timeout)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating Kafka topics");
        }
    }
}
