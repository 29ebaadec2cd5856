package org.messagebank.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventsConfigTest {
    private static final Map<String, String> KAFKA = Map.of("MB_EVENTS_KIND", "kafka",
            "MB_EVENTS_BOOTSTRAP_SERVERS", "kafka1:9092, kafka2:9092", "MB_EVENTS_NODE_ID", "node-1");

    @TempDir
    Path dir;

    @Test
    void defaultsToTheInProcessBus() {
        var events = MessageBankConfig.defaults().events();
        assertEquals(EventsConfig.Kind.IN_PROCESS, events.kind());
        assertEquals("", events.bootstrapServers());
        assertEquals("", events.topicPrefix());
        assertEquals(6, events.partitions());
        assertEquals(3, events.replicationFactor());
        assertEquals(Duration.ofSeconds(10), events.publishTimeout());
        assertEquals(Map.of(), events.clientProperties());
    }

    @Test
    void kafkaFromTheEnvironment() {
        var events = ConfigLoader.load(Optional.empty(), KAFKA).events();
        assertEquals(EventsConfig.Kind.KAFKA, events.kind());
        assertEquals("kafka1:9092,kafka2:9092", events.bootstrapServers());
        assertEquals("node-1", events.nodeId());
    }

    @Test
    void kafkaNeedsBootstrapServers() {
        assertEquals("events.bootstrap-servers is needed when events.kind is kafka (expected a comma-separated list of host:port)",
                failure(Map.of("MB_EVENTS_KIND", "kafka", "MB_EVENTS_NODE_ID", "node-1")));
    }

    @Test
    void kafkaNeedsANodeId() {
        assertEquals("events.node-id is needed when events.kind is kafka (expected a name unique to this node, such as its host name)",
                failure(Map.of("MB_EVENTS_KIND", "kafka", "MB_EVENTS_BOOTSTRAP_SERVERS", "kafka1:9092")));
    }

    @Test
    void rejectsAnUnknownKind() {
        assertEquals("events.kind from MB_EVENTS_KIND: 'rabbitmq' is not one of in-process or kafka (expected in-process or kafka)",
                failure(Map.of("MB_EVENTS_KIND", "rabbitmq")));
    }

    @Test
    void rejectsBootstrapServersWithoutAPort() {
        assertEquals("events.bootstrap-servers from MB_EVENTS_BOOTSTRAP_SERVERS: 'kafka1:9092,kafka2' is not a list of host:port"
                        + " (expected a comma-separated list of host:port, or empty)",
                failure(Map.of("MB_EVENTS_BOOTSTRAP_SERVERS", "kafka1:9092,kafka2")));
        assertEquals("events.bootstrap-servers from MB_EVENTS_BOOTSTRAP_SERVERS: kafka1:99999 is out of range"
                        + " (expected a comma-separated list of host:port, or empty)",
                failure(Map.of("MB_EVENTS_BOOTSTRAP_SERVERS", "kafka1:99999")));
    }

    @Test
    void rejectsANodeIdThatCannotBeAGroupName() {
        assertEquals("events.node-id from MB_EVENTS_NODE_ID: 'node 1' is not a name"
                        + " (expected up to 64 letters, digits, dots, dashes and underscores)",
                failure(Map.of("MB_EVENTS_NODE_ID", "node 1")));
    }

    @Test
    void rejectsTooFewPartitions() {
        assertEquals("events.partitions from MB_EVENTS_PARTITIONS: 0 is out of range (expected an integer from 1 to 1000)",
                failure(Map.of("MB_EVENTS_PARTITIONS", "0")));
    }

    @Test
    void clientPropertiesFromANestedMappingInTheFile() throws IOException {
        Path file = Files.writeString(dir.resolve("mb.yml"), """
                events:
                  kind: kafka
                  bootstrap-servers: kafka1:9093
                  node-id: node-1
                  client-properties:
                    security.protocol: SASL_SSL
                    sasl:
                      mechanism: SCRAM-SHA-512
                      jaas.config: org.apache.kafka.common.security.scram.ScramLoginModule required username="mb" password="s3cret";
                    ssl.truststore.location: C:\\certs\\kafka.p12
                """);
        var events = ConfigLoader.load(Optional.of(file), Map.of()).events();
        assertEquals(Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"mb\" password=\"s3cret\";",
                "ssl.truststore.location", "C:\\certs\\kafka.p12"), events.clientProperties());
        assertFalse(events.toString().contains("s3cret"), events.toString());
        assertTrue(events.toString().contains("sasl.jaas.config=(value hidden)"), events.toString());
    }

    @Test
    void clientPropertiesFromTheEnvironmentAsPropertiesText() {
        var env = new java.util.HashMap<>(KAFKA);
        env.put("MB_EVENTS_CLIENT_PROPERTIES", "security.protocol=SSL\nssl.truststore.type=PEM\n");
        assertEquals(Map.of("security.protocol", "SSL", "ssl.truststore.type", "PEM"),
                ConfigLoader.load(Optional.empty(), env).events().clientProperties());
    }

    @Test
    void clientPropertiesMayNotSetWhatTheBusSets() {
        assertEquals("events.client-properties: enable.auto.commit is set by Message Bank itself (from the events.* keys),"
                        + " not by a client property",
                failure(Map.of("MB_EVENTS_CLIENT_PROPERTIES", "enable.auto.commit=true")));
    }

    @Test
    void clientPropertyValuesMustBeSingleValues() throws IOException {
        Path file = Files.writeString(dir.resolve("mb.yml"), "events:\n  client-properties:\n    sasl.mechanism: [PLAIN]\n");
        assertEquals("events.client-properties in " + file + ": sasl.mechanism must be a single value, found a list",
                assertThrows(ConfigException.class, () -> ConfigLoader.load(Optional.of(file), Map.of())).getMessage());
    }

    private static String failure(Map<String, String> env) {
        return assertThrows(ConfigException.class, () -> ConfigLoader.load(Optional.empty(), env)).getMessage();
    }
}
