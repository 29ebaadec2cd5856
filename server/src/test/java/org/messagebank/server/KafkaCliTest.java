package org.messagebank.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.messagebank.config.ConfigLoader;
import org.messagebank.store.Await;
import org.messagebank.store.event.kafka.EmbeddedKafka;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KafkaCliTest {
    @RegisterExtension
    static final EmbeddedKafka kafka = new EmbeddedKafka();

    @TempDir
    Path dir;

    private static Map<String, String> kafkaEnv(String prefix) {
        return Map.of("MB_EVENTS_KIND", "kafka", "MB_EVENTS_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "MB_EVENTS_NODE_ID", "node-1", "MB_EVENTS_TOPIC_PREFIX", prefix,
                "MB_EVENTS_PARTITIONS", "2", "MB_EVENTS_REPLICATION_FACTOR", "1");
    }

    private static List<String> names(String prefix) {
        return EventTopics.ALL.stream().map(topic -> prefix + topic.name()).toList();
    }

    @Test
    void initTopicsCreatesEveryTopicWithTheConfiguredPartitionsAndIsSafeToRepeat() throws Exception {
        var env = kafkaEnv("cli.");
        var first = ServerTestSupport.cli(env, "kafka", "init-topics");
        assertEquals(0, first.status(), first.err());
        assertEquals(names("cli.").stream().map(n -> n + " created (2 partitions)").toList(), first.out().lines().toList());
        Await.until("every topic", () -> kafka.partitions(names("cli.")).size() == EventTopics.ALL.size());
        assertEquals(names("cli.").stream().collect(Collectors.toMap(n -> n, n -> 2)), kafka.partitions(names("cli.")));

        var again = ServerTestSupport.cli(env, "kafka", "init-topics");
        assertEquals(0, again.status(), again.err());
        assertEquals(names("cli.").stream().map(n -> n + " exists (2 partitions)").toList(), again.out().lines().toList());
    }

    @Test
    void initTopicsWithTheInProcessBusSaysThereIsNothingToDo() {
        var run = ServerTestSupport.cli(Map.of(), "kafka", "init-topics");
        assertEquals(Main.EXIT_FAILURE, run.status());
        assertTrue(run.err().startsWith("messagebank: events.kind is in-process: there are no Kafka topics to create"), run.err());
    }

    @Test
    void aNodeOnKafkaNeedsItsTopicsAndRunsOnceTheyExist() throws Exception {
        var file = ServerTestSupport.configIn(dir);
        var env = kafkaEnv("node.");
        var config = ConfigLoader.load(Optional.of(file), env);

        var missing = assertThrows(IllegalStateException.class, () -> Node.open(config, Clock.systemUTC()));
        assertTrue(missing.getMessage().contains("messagebank kafka init-topics"), missing.getMessage());

        assertEquals(0, ServerTestSupport.cli(env, "kafka", "init-topics").status());
        Await.until("every topic", () -> kafka.partitions(names("node.")).size() == EventTopics.ALL.size());
        try (var node = Node.open(config, Clock.systemUTC())) {
            assertTrue(node.index().isOpen());
        }
    }
}
