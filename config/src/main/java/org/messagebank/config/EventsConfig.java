package org.messagebank.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The event bus between the parts of a node, and between nodes.
 *
 * @param kind              in-process for one node, or Kafka for several ({@code events.kind})
 * @param nodeId            this node's name, unique among the nodes; empty in-process ({@code events.node-id})
 * @param bootstrapServers  Kafka brokers, {@code host:port,...} ({@code events.bootstrap-servers})
 * @param topicPrefix       put before every topic name ({@code events.topic-prefix})
 * @param partitions        partitions of each topic that {@code kafka init-topics} creates ({@code events.partitions})
 * @param replicationFactor replicas of each topic that {@code kafka init-topics} creates ({@code events.replication-factor})
 * @param publishTimeout    longest a publish may wait for the brokers ({@code events.publish-timeout})
 * @param clientProperties  further Kafka client properties such as TLS and SASL; values never shown
 *                          ({@code events.client-properties})
 */
public record EventsConfig(Kind kind, String nodeId, String bootstrapServers, String topicPrefix, int partitions,
                           int replicationFactor, Duration publishTimeout, Map<String, String> clientProperties) {

    /** Client properties that Message Bank sets itself, so {@code events.client-properties} may not. */
    public static final List<String> RESERVED_CLIENT_PROPERTIES = List.of("bootstrap.servers", "key.serializer", "value.serializer",
            "key.deserializer", "value.deserializer", "acks", "enable.idempotence", "max.in.flight.requests.per.connection",
            "max.block.ms", "group.id", "enable.auto.commit", "auto.offset.reset", "allow.auto.create.topics");

    /** Which implementation of the bus. */
    public enum Kind {
        IN_PROCESS, KAFKA
    }

    public EventsConfig {
        clientProperties = Map.copyOf(clientProperties);
    }

    @Override
    public String toString() {
        String properties = clientProperties.keySet().stream().sorted().map(k -> k + "=(value hidden)")
                .collect(Collectors.joining(", ", "{", "}"));
        return "EventsConfig[kind=" + kind + ", nodeId=" + nodeId + ", bootstrapServers=" + bootstrapServers + ", topicPrefix="
                + topicPrefix + ", partitions=" + partitions + ", replicationFactor=" + replicationFactor + ", publishTimeout="
                + publishTimeout + ", clientProperties=" + properties + "]";
    }
}
