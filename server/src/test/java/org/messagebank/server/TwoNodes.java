package org.messagebank.server;

import org.messagebank.store.Await;
import org.messagebank.store.TestData;
import org.messagebank.store.TestDatabases;
import org.messagebank.store.event.kafka.EmbeddedKafka;
import org.messagebank.store.event.kafka.KafkaTopics;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Two nodes as a cluster runs them: one PostgreSQL schema, fresh for each fixture (from
 * {@code MESSAGEBANK_TEST_POSTGRES_URL}; without it the test is skipped, or fails in CI), and one
 * Kafka broker with topics of their own (a fresh topic prefix, created as {@code kafka init-topics}
 * does). Each node has its own data and index directories, HTTP and FastAGI ports and
 * {@code events.node-id}; both serve telephony and HTTP. The {@link CallCentre}'s client, operator
 * and users are seeded through node A. Both nodes read one clock, real time that a test can move on.
 */
final class TwoNodes implements AutoCloseable {
    final String topicPrefix = "cluster" + System.nanoTime() + ".";
    final TestData.MutableClock clock = TestData.MutableClock.running();
    final CallCentre centre;
    final PageFixture a;
    final ApiClient apiA;
    private final Path dir;
    private final List<String> shared;
    private final Path dirB;
    private final String[] configB;
    PageFixture b;
    ApiClient apiB;

    TwoNodes(Path dir, EmbeddedKafka kafka, String... configLines) throws Exception {
        var database = TestDatabases.postgresSchema();
        KafkaTopics.create(kafka.config("init", topicPrefix, Duration.ofSeconds(20)), EventTopics.ALL);
        var names = topicNames();
        Await.until("the cluster's topics", () -> kafka.partitions(names).size() == names.size());
        this.dir = dir;
        shared = new ArrayList<>(List.of(
                "database.url: \"" + database.url() + "\"",
                "database.pool-size: 4",
                "index.commit-interval: 200ms",
                "events.kind: kafka",
                "events.bootstrap-servers: " + kafka.bootstrapServers(),
                "events.topic-prefix: " + topicPrefix));
        shared.addAll(List.of(configLines));
        a = new PageFixture(Files.createDirectories(dir.resolve("a")), clock, true, withNodeId(shared, "node-a"));
        dirB = Files.createDirectories(dir.resolve("b"));
        configB = withNodeId(shared, "node-b");
        try {
            centre = new CallCentre(a);
            b = new PageFixture(dirB, clock, true, configB);
        } catch (Exception | Error e) {
            a.close();
            throw e;
        }
        apiA = centre.api;
        apiB = new ApiClient(b.base);
    }

    /** Stops node B; {@link #startB()} starts it again on the same directories, node id and database. */
    void stopB() {
        b.close();
    }

    void startB() throws Exception {
        b = new PageFixture(dirB, clock, true, configB);
        apiB = new ApiClient(b.base);
    }

    /**
     * The configuration file of a third node of this cluster, such as one run as its own process:
     * the settings of nodes A and B, with {@code ownLines} ({@code key: value}) in place of theirs.
     */
    Path configOfAnotherNode(String nodeId, String... ownLines) throws Exception {
        var own = List.of(ownLines);
        var keys = own.stream().map(TwoNodes::key).toList();
        var lines = new ArrayList<>(List.of(withNodeId(shared, nodeId)).stream().filter(l -> !keys.contains(key(l))).toList());
        lines.addAll(own);
        return ServerTestSupport.configIn(Files.createDirectories(dir.resolve(nodeId)), lines.toArray(String[]::new));
    }

    private static String key(String line) {
        return line.substring(0, line.indexOf(':'));
    }

    private static String[] withNodeId(List<String> lines, String nodeId) {
        var all = new ArrayList<>(lines);
        all.add("events.node-id: " + nodeId);
        return all.toArray(String[]::new);
    }

    /** The Kafka names of every topic of the bus, with this fixture's prefix. */
    List<String> topicNames() {
        return EventTopics.ALL.stream().map(topic -> topicPrefix + topic.name()).toList();
    }

    @Override
    public void close() {
        try {
            b.close();
        } finally {
            centre.close();
        }
    }
}
