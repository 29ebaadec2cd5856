package org.messagebank.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.messagebank.config.ConfigLoader;
import org.messagebank.server.auth.PasswordHasher;
import org.messagebank.store.TestData;
import org.messagebank.store.domain.Role;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.messagebank.server.ServerTestSupport.get;

class NodeTest {
    @TempDir
    Path dir;
    private Node node;
    private String base;

    @BeforeEach
    void start() throws Exception {
        var config = ConfigLoader.load(Optional.of(ServerTestSupport.configIn(dir)), Map.of());
        node = Node.open(config, Clock.systemUTC());
        base = "http://127.0.0.1:" + node.serveHttp().getPort();
    }

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void telephonyStartedAfterHttpIsRefusedWithTheOrderToFollow() {
        var refused = assertThrows(IllegalStateException.class, node::serveTelephony);
        assertTrue(refused.getMessage().startsWith("start telephony before HTTP"), refused.getMessage());
        assertEquals(null, node.telephony(), "nothing started");
    }

    @Test
    void healthEndpointsReportUpWithChecks() throws Exception {
        var live = get(base + "/health/live");
        assertEquals(200, live.statusCode());
        var ready = get(base + "/health/ready");
        assertEquals(200, ready.statusCode());
        var body = new ObjectMapper().readTree(ready.body());
        assertEquals("UP", body.get("status").asText());
        assertEquals("UP", body.get("checks").get("database").asText());
        assertEquals("UP", body.get("checks").get("index").asText());
    }

    @Test
    void readinessFailsOnceTheIndexIsClosed() throws Exception {
        node.indexer().close();
        node.index().close();
        var ready = get(base + "/health/ready");
        assertEquals(503, ready.statusCode());
        assertTrue(ready.body().contains("\"index\":\"DOWN\""), ready.body());
    }

    @Test
    void metricsArePrometheusText() throws Exception {
        var metrics = get(base + "/metrics");
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.headers().firstValue("content-type").orElseThrow().startsWith("text/plain; version=0.0.4"));
        assertTrue(metrics.body().contains("# TYPE messagebank_index_documents gauge"), metrics.body());
        assertTrue(metrics.body().contains("messagebank_index_lag 0.0"), metrics.body());
        assertTrue(metrics.body().contains("jvm_memory_used_bytes"), metrics.body());
    }

    /** Saving is counted and timed for the operator: group commits, their messages, and the time to commit and to sync. */
    @Test
    void metricsCountAndTimeTheGroupCommitsOfSavedMessages() throws Exception {
        var client = node.store().clients().create("Acme", "Hello");
        node.store().messages().saveAll(List.of(TestData.message(client.id()).build(), TestData.message(client.id()).build()));
        node.store().messages().save(TestData.message(client.id()).build());

        var metrics = get(base + "/metrics").body();
        assertEquals(2.0, metric(metrics, "messagebank_store_commits_total"), metrics);
        assertEquals(3.0, metric(metrics, "messagebank_store_committed_messages_total"), metrics);
        assertTrue(metric(metrics, "messagebank_store_commit_time_seconds_total{stage=\"commit\"}") > 0, metrics);
        assertTrue(metric(metrics, "messagebank_store_commit_time_seconds_total{stage=\"sync\"}") > 0,
                "the embedded default syncs after each commit: " + metrics);
    }

    private static double metric(String scrape, String series) {
        return scrape.lines().filter(line -> line.startsWith(series + " ")).mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1)))
                .findFirst().orElseThrow(() -> new AssertionError("no " + series + " in the scrape"));
    }

    @Test
    void unknownPathsAndMethodsAreProblemsWithSecurityHeaders() throws Exception {
        var missing = get(base + "/nowhere");
        assertEquals(404, missing.statusCode());
        assertEquals("application/problem+json", missing.headers().firstValue("content-type").orElseThrow());
        assertTrue(missing.headers().firstValue("content-security-policy").orElseThrow().contains("frame-ancestors 'none'"));
        assertEquals("nosniff", missing.headers().firstValue("x-content-type-options").orElseThrow());
        assertEquals("no-referrer", missing.headers().firstValue("referrer-policy").orElseThrow());

        var post = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/health/live"))
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
    }

    @Test
    void oversizedBodyIsRefusedWith413() throws Exception {
        var body = new byte[2 * 1024 * 1024];
        var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/health/live"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(413, response.statusCode());
    }

    @Test
    void assetsAreGzippedForClientsThatAskAndCachedForAnHour() throws Exception {
        var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(base + "/assets/console.js")).header("Accept-Encoding", "gzip").build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        assertEquals("gzip", response.headers().firstValue("content-encoding").orElseThrow());
        assertEquals("public, max-age=3600", response.headers().firstValue("cache-control").orElseThrow());
        var script = new String(new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(response.body())).readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(script.startsWith("// The operator console"), script.substring(0, 40));
    }

    @Test
    void demoSeedIsIdempotentAndItsPasswordsAreStoredHashed() {
        var hasher = new PasswordHasher();
        var first = DemoData.seed(node.store(), hasher);
        var second = DemoData.seed(node.store(), hasher);

        var store = node.store();
        assertEquals(1, store.clients().list().size());
        var acme = store.clients().findByName("Acme Plumbing").orElseThrow();
        assertEquals(acme.id(), store.clients().findNumber("+442079460000").orElseThrow().clientId());
        assertEquals(1, store.clients().currentScript(acme.id()).orElseThrow().version());
        assertEquals(java.util.List.of("caller_name", "callback", "reason", "urgency"),
                store.clients().currentScript(acme.id()).orElseThrow().fields().stream().map(f -> f.name()).toList());
        assertEquals(1, store.operators().list().size());
        assertEquals(3, store.users().list().size());

        assertEquals(java.util.List.of("admin", "operator", "client"), second.stream().map(DemoData.Login::role).toList());
        for (var login : second) {
            var user = store.users().findByUsername(login.username()).orElseThrow();
            assertTrue(user.passwordHash().startsWith("$argon2id$"), user.passwordHash());
            assertTrue(hasher.verify(login.password(), user.passwordHash()));
            assertTrue(login.toString().matches("demo login (admin|operator|client) demo-\\w+ \\S{16}"), login.toString());
        }
        assertNotEquals(first.getFirst().password(), second.getFirst().password());
        assertEquals(acme.id(), store.users().findByUsername("demo-client").orElseThrow().clientId());
        assertEquals(Role.OPERATOR, store.users().findByUsername("demo-operator").orElseThrow().role());
    }
}
