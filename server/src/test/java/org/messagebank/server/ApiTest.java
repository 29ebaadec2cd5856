package org.messagebank.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.messagebank.server.ApiClient.Browser;
import org.messagebank.config.ConfigLoader;
import org.messagebank.server.auth.PasswordHasher;
import org.messagebank.store.Scope;
import org.messagebank.store.TestData;
import org.messagebank.store.domain.Message;
import org.messagebank.store.domain.NewMessage;
import org.messagebank.store.domain.Role;
import org.messagebank.store.domain.Urgency;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JSON API over real HTTP: sign-in, sessions, CSRF, tenant isolation and error answers. */
class ApiTest {
    private static final ObjectMapper JSON = ApiClient.JSON;
    private static final String PASSWORD = "correct horse battery";

    @TempDir
    Path dir;
    private Node node;
    private String base;
    private TestData.MutableClock clock;
    private ApiClient api;
    private Message forA;
    private Message forB;

    @BeforeEach
    void start() throws Exception {
        var config = ConfigLoader.load(Optional.of(ServerTestSupport.configIn(dir, "web:\n  login-max-failures: 3\n  address-max-failures: 50")),
                Map.of());
        clock = new TestData.MutableClock(Instant.now());
        node = Node.open(config, clock);
        base = "http://127.0.0.1:" + node.serveHttp().getPort();
        api = new ApiClient(base);
        var store = node.store();
        var a = store.clients().create("Client A", "Hello A");
        var b = store.clients().create("Client B", "Hello B");
        String hash = new PasswordHasher().hash(PASSWORD);
        store.users().create("alice", Role.CLIENT_USER, a.id(), null, hash);
        store.users().create("bob", Role.CLIENT_USER, b.id(), null, hash);
        store.users().create("root", Role.ADMIN, null, null, hash);
        forA = store.messages().save(new NewMessage(a.id(), null, null, "+447700900123", "<script>alert(1)</script>", 1,
                Map.of("reason", "=HYPERLINK(\"http://x\") boiler leak"), Urgency.NORMAL));
        forB = store.messages().save(new NewMessage(b.id(), null, null, "+447700900999", "Bob's caller", 1,
                Map.of("reason", "boiler leak at B"), Urgency.URGENT));
        node.indexer().catchUp();
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private HttpResponse<String> send(String method, String path, String body, Browser browser, Map<String, String> headers)
            throws Exception {
        return api.send(method, path, body, browser, headers);
    }

    private HttpResponse<String> get(String path, Browser browser) throws Exception {
        return api.get(path, browser);
    }

    private HttpResponse<String> post(String path, Browser browser) throws Exception {
        return api.call("POST", path, null, browser);
    }

    private HttpResponse<String> signInRaw(String username, String password) throws Exception {
        return api.signInRaw(username, password);
    }

    private Browser signIn(String username) throws Exception {
        return api.signIn(username, PASSWORD);
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return ApiClient.json(response);
    }

    @Test
    void signInSetsAStrictHttpOnlyCookieWithANewSessionEachTime() throws Exception {
        var response = signInRaw("alice", PASSWORD);
        String cookie = response.headers().firstValue("set-cookie").orElseThrow();
        assertTrue(cookie.startsWith("mb_session="), cookie);
        assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/"), cookie);
        assertEquals("CLIENT_USER", json(response).get("user").get("role").asText());

        var first = signIn("alice");
        var second = signIn("alice");
        assertNotEquals(first.cookie(), second.cookie(), "every sign-in gets a new session id");
        assertEquals("alice", json(get("/api/v1/me", first)).get("username").asText());

        assertEquals(204, send("DELETE", "/api/v1/session", null, first, Map.of("X-CSRF-Token", first.csrf())).statusCode());
        assertEquals(401, get("/api/v1/me", first).statusCode(), "signed out");
        assertEquals(200, get("/api/v1/me", second).statusCode(), "other sessions live on");
    }

    @Test
    void wrongPasswordsLockTheAccountWithAClearMessage() throws Exception {
        var wrong = signInRaw("alice", "nope");
        assertEquals(401, wrong.statusCode());
        assertEquals("wrong username or password", json(wrong).get("detail").asText());
        assertEquals("application/problem+json", wrong.headers().firstValue("content-type").orElseThrow());
        assertEquals(401, signInRaw("nobody", "nope").statusCode(), "unknown users get the same answer");
        signInRaw("alice", "nope");
        var locked = signInRaw("alice", "nope");
        assertEquals(423, locked.statusCode());
        assertTrue(json(locked).get("detail").asText().startsWith("this account is locked after 3 failed sign-ins until "),
                locked.body());
        assertEquals(423, signInRaw("alice", PASSWORD).statusCode(), "even the right password waits for the lock to end");

        clock.advance(Duration.ofMinutes(16));
        assertEquals(200, signInRaw("alice", PASSWORD).statusCode());
    }

    @Test
    void aSecondFactorIsEnrolledThenAskedForAtSignInAndEachCodeWorksOnce() throws Exception {
        var totp = new org.messagebank.server.auth.TotpCodes();
        var alice = signIn("alice");
        var enrol = api.call("POST", "/api/v1/me/totp", null, alice);
        String uri = json(enrol).get("otpauthUri").asText();
        assertTrue(uri.startsWith("otpauth://totp/Message%20Bank%3Aalice?secret="), uri);
        String secret = uri.replaceAll(".*secret=([A-Z2-7]+).*", "$1");
        assertEquals(400, api.call("POST", "/api/v1/me/totp/confirm", Map.of("code", "000000"), alice).statusCode());
        assertEquals(204, api.call("POST", "/api/v1/me/totp/confirm", Map.of("code", totp.codeAt(secret, clock.instant())), alice)
                .statusCode());

        var noCode = signInRaw("alice", PASSWORD);
        assertEquals(401, noCode.statusCode());
        assertTrue(json(noCode).get("codeRequired").asBoolean());
        assertEquals("enter the 6-digit code from your authenticator app", json(noCode).get("detail").asText());

        clock.advance(Duration.ofSeconds(30));
        String code = totp.codeAt(secret, clock.instant());
        var withCode = send("POST", "/api/v1/session", JSON.writeValueAsString(Map.of("username", "alice", "password", PASSWORD,
                "code", code)), null, Map.of());
        assertEquals(200, withCode.statusCode(), withCode.body());
        var replay = send("POST", "/api/v1/session", JSON.writeValueAsString(Map.of("username", "alice", "password", PASSWORD,
                "code", code)), null, Map.of());
        assertEquals(401, replay.statusCode(), "a code works once");
        assertEquals("wrong or already used code", json(replay).get("detail").asText());

        clock.advance(Duration.ofSeconds(30));
        assertEquals(204, api.call("POST", "/api/v1/me/totp/disable", Map.of("code", totp.codeAt(secret, clock.instant())), alice)
                .statusCode());
        assertEquals(200, signInRaw("alice", PASSWORD).statusCode());
    }

    @Test
    void sessionsEndAfterTheIdleTimeout() throws Exception {
        var alice = signIn("alice");
        clock.advance(Duration.ofMinutes(29));
        assertEquals(200, get("/api/v1/me", alice).statusCode());
        clock.advance(Duration.ofMinutes(31));
        assertEquals(401, get("/api/v1/me", alice).statusCode());
    }

    @Test
    void aClientUserSeesOnlyTheirOwnClientsMessagesOnEveryEndpoint() throws Exception {
        var alice = signIn("alice");

        var list = json(get("/api/v1/messages", alice));
        assertEquals(1, list.get("total").asLong());
        assertEquals(forA.id(), list.get("messages").get(0).get("id").asLong());
        assertEquals(1, json(get("/api/v1/messages?q=boiler", alice)).get("total").asLong());
        var forced = json(get("/api/v1/messages?q=boiler&client=" + forB.clientId(), alice));
        assertEquals(1, forced.get("total").asLong(), "a client user's client filter cannot widen the scope");
        assertEquals(forA.id(), forced.get("messages").get(0).get("id").asLong());

        assertEquals(404, get("/api/v1/messages/" + forB.id(), alice).statusCode());
        assertEquals(404, post("/api/v1/messages/" + forB.id() + "/acknowledge", alice).statusCode());
        var export = get("/api/v1/messages/export?format=json", alice);
        assertEquals(1, json(export).size());
        assertEquals(forA.id(), json(export).get(0).get("id").asLong());
        assertFalse(get("/api/v1/messages/export?format=csv", alice).body().contains("Bob's caller"));
        assertEquals(List.of(), node.store().messages().findAll(Scope.tenant(forA.clientId()), List.of(forB.id())));
    }

    @Test
    void readingMarksReadAndAcknowledgingNeedsTheCsrfTokenAndSameOrigin() throws Exception {
        var alice = signIn("alice");
        var detail = json(get("/api/v1/messages/" + forA.id(), alice));
        assertEquals("READ", detail.get("status").asText());
        assertEquals("<script>alert(1)</script>", detail.get("callerName").asText(), "JSON carries data; pages escape it");

        var noToken = send("POST", "/api/v1/messages/" + forA.id() + "/acknowledge", "", alice, Map.of());
        assertEquals(403, noToken.statusCode());
        assertTrue(json(noToken).get("detail").asText().contains("CSRF"), noToken.body());
        var wrongToken = send("POST", "/api/v1/messages/" + forA.id() + "/acknowledge", "", alice, Map.of("X-CSRF-Token", "forged"));
        assertEquals(403, wrongToken.statusCode());
        var crossSite = send("POST", "/api/v1/messages/" + forA.id() + "/acknowledge", "", alice,
                Map.of("X-CSRF-Token", alice.csrf(), "Origin", "https://evil.example"));
        assertEquals(403, crossSite.statusCode());
        assertTrue(json(crossSite).get("detail").asText().startsWith("cross-origin request refused"), crossSite.body());

        var ack = post("/api/v1/messages/" + forA.id() + "/acknowledge", alice);
        assertEquals(200, ack.statusCode(), ack.body());
        assertEquals("ACKNOWLEDGED", json(ack).get("status").asText());
    }

    @Test
    void adminsSearchEveryClientAndEachSearchIsAudited() throws Exception {
        var root = signIn("root");
        var all = json(get("/api/v1/messages?q=boiler", root));
        assertEquals(2, all.get("total").asLong());
        assertEquals(1, json(get("/api/v1/messages?q=boiler&client=" + forB.clientId(), root)).get("total").asLong());
        assertEquals(1, json(get("/api/v1/messages?caller=07700%20900999", root)).get("total").asLong());
        assertEquals("admin.search", node.store().audit().list(null, 1).getFirst().action());
        get("/api/v1/messages/" + forB.id(), root);
        var read = node.store().audit().list(null, 1).getFirst();
        assertEquals("message.read", read.action());
        assertEquals("message:" + forB.id(), read.target());
        assertEquals("NEW", json(get("/api/v1/messages/" + forB.id(), root)).get("status").asText(), "an admin's read is not the client's");
    }

    @Test
    void badInputGetsA400WithAPreciseMessage() throws Exception {
        var root = signIn("root");
        var badQuery = get("/api/v1/messages?q=reason:(boiler", root);
        assertEquals(400, badQuery.statusCode());
        assertTrue(json(badQuery).get("detail").asText().startsWith("Cannot parse 'reason:(boiler'"), badQuery.body());
        var badDate = get("/api/v1/messages?from=yesterday", root);
        assertEquals(400, badDate.statusCode());
        assertTrue(json(badDate).get("detail").asText().contains("ISO-8601"), badDate.body());
        var badStatus = get("/api/v1/messages?status=LOST", root);
        assertEquals(400, badStatus.statusCode());
        var badLimit = get("/api/v1/messages?limit=5000", root);
        assertEquals(400, badLimit.statusCode());
        assertEquals(400, get("/api/v1/messages/abc", root).statusCode());

        var malformed = send("POST", "/api/v1/session", "{\"username\": \"alice\", ", null, Map.of());
        assertEquals(400, malformed.statusCode());
        assertTrue(json(malformed).get("detail").asText().startsWith("malformed JSON at line 1"), malformed.body());
        assertEquals(401, get("/api/v1/messages", null).statusCode());
    }

    @Test
    void csvExportNeutralisesSpreadsheetFormulas() throws Exception {
        var alice = signIn("alice");
        var csv = get("/api/v1/messages/export?format=csv", alice);
        assertEquals(200, csv.statusCode());
        assertTrue(csv.headers().firstValue("content-type").orElseThrow().startsWith("text/csv"));
        var lines = csv.body().lines().toList();
        assertEquals("id,client_id,created_at,caller_number,caller_name,urgency,status,field_reason", lines.getFirst());
        assertTrue(lines.get(1).contains("\"'=HYPERLINK(\"\"http://x\"\") boiler leak\""), lines.get(1));
    }
}
