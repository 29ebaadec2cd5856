package org.messagebank.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.messagebank.config.ConfigLoader;
import org.messagebank.config.MessageBankConfig;
import org.messagebank.server.ApiClient.Browser;
import org.messagebank.server.auth.PasswordHasher;
import org.messagebank.store.Await;
import org.messagebank.store.IndexFiles;
import org.messagebank.store.Scope;
import org.messagebank.store.TestData;
import org.messagebank.store.domain.Client;
import org.messagebank.store.domain.Message;
import org.messagebank.store.domain.NewMessage;
import org.messagebank.store.domain.RegisterContact;
import org.messagebank.store.domain.Role;
import org.messagebank.store.domain.Urgency;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The privacy page's API over real HTTP: retention report and reaper, and data-subject requests. */
class PrivacyApiTest {
    private static final String PASSWORD = "correct horse battery";
    private static final Map<String, Object> JANE = Map.of("phone", "07700 900123");

    @TempDir
    Path dir;
    private MessageBankConfig config;
    private Node node;
    private ApiClient api;
    private TestData.MutableClock clock;
    private Client acme;
    private Message fromJane;
    private Message fromSomeoneElse;
    private Browser root;
    private Browser alice;

    @BeforeEach
    void start() throws Exception {
        config = ConfigLoader.load(Optional.of(ServerTestSupport.configIn(dir)), Map.of());
        clock = new TestData.MutableClock(Instant.now());
        node = Node.open(config, clock);
        api = new ApiClient("http://127.0.0.1:" + node.serveHttp().getPort());
        var store = node.store();
        acme = store.clients().create("Acme", "Hello");
        String hash = new PasswordHasher().hash(PASSWORD);
        store.users().create("alice", Role.CLIENT_USER, acme.id(), null, hash);
        store.users().create("root", Role.ADMIN, null, null, hash);
        fromJane = store.messages().save(new NewMessage(acme.id(), null, null, "+447700900123", "Jane Zqxcanary", 1,
                Map.of("reason", "boiler"), Urgency.NORMAL));
        fromSomeoneElse = store.messages().save(new NewMessage(acme.id(), null, null, "+447700900999", "Someone Else", 1,
                Map.of("reason", "radiator"), Urgency.NORMAL));
        node.indexer().catchUp();
        root = api.signIn("root", PASSWORD);
        alice = api.signIn("alice", PASSWORD);
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private static void assertProblem(int status, String detailPart, HttpResponse<String> response) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(ApiClient.json(response).get("detail").asText().contains(detailPart), response.body());
    }

    private static Map<String, Object> with(Map<String, Object> who, String key, Object value) {
        var body = new HashMap<>(who);
        body.put(key, value);
        return body;
    }

    private List<String> auditActions() {
        return node.store().audit().list(null, 50).stream().map(e -> e.action()).toList();
    }

    @Test
    void findsAPersonByANumberInAnotherFormatAndExportsWhatIsHeld() throws Exception {
        var found = api.call("POST", "/api/v1/admin/subjects/find", Map.of("phone", "+44 7700 900123"), root);
        assertEquals(200, found.statusCode(), found.body());
        var body = ApiClient.json(found);
        assertEquals(1, body.get("counts").get("messages").asInt());
        assertEquals(fromJane.id(), body.get("messages").get(0).get("id").asLong());
        assertEquals("Jane Zqxcanary", body.get("messages").get(0).get("callerName").asText());

        var json = api.call("POST", "/api/v1/admin/subjects/export?format=json", JANE, root);
        assertEquals(200, json.statusCode(), json.body());
        assertTrue(json.headers().firstValue("content-disposition").orElseThrow().contains("subject-access.json"));
        assertEquals("Jane Zqxcanary", ApiClient.json(json).get("messages").get(0).get("callerName").asText());
        var html = api.call("POST", "/api/v1/admin/subjects/export?format=html", JANE, root);
        assertEquals(200, html.statusCode());
        assertTrue(html.headers().firstValue("content-type").orElseThrow().startsWith("text/html"));
        assertTrue(html.body().contains("Jane Zqxcanary") && html.body().contains("<h2>Messages (1)</h2>"), html.body());
        assertProblem(400, "format must be json or html", api.call("POST", "/api/v1/admin/subjects/export?format=pdf", JANE, root));

        assertTrue(auditActions().containsAll(List.of("subject.find", "subject.export")));
        assertTrue(node.store().audit().list(null, 50).stream().noneMatch(e -> (e.target() + e.detail()).contains("7700")
                || (e.target() + e.detail()).contains("Zqxcanary")), "the audit holds counts and ids, never the person");
    }

    @Test
    void onlyAdminsMakeRequestsAndEveryChangeNeedsTheCsrfToken() throws Exception {
        assertProblem(403, "role", api.call("POST", "/api/v1/admin/subjects/find", JANE, alice));
        assertProblem(403, "role", api.call("POST", "/api/v1/admin/subjects/erase", with(JANE, "confirm", "erase"), alice));
        assertProblem(403, "role", api.get("/api/v1/admin/retention", alice));
        assertProblem(403, "role", api.call("POST", "/api/v1/admin/retention/reap", null, alice));
        assertEquals(401, api.get("/api/v1/admin/retention", null).statusCode());

        String erase = ApiClient.JSON.writeValueAsString(with(JANE, "confirm", "erase"));
        assertProblem(403, "CSRF", api.send("POST", "/api/v1/admin/subjects/erase", erase, root, Map.of("Content-Type", "application/json")));
        assertProblem(403, "CSRF", api.send("POST", "/api/v1/admin/retention/reap", "", root, Map.of()));
        assertTrue(node.store().messages().find(Scope.admin(), fromJane.id()).isPresent());
    }

    @Test
    void badRequestsAreRefusedWithAClearReason() throws Exception {
        assertProblem(400, "needs a phone number, an email address or a name",
                api.call("POST", "/api/v1/admin/subjects/find", Map.of("phone", " "), root));
        assertProblem(400, "at least 3 characters", api.call("POST", "/api/v1/admin/subjects/find", Map.of("name", "Jo"), root));
        assertProblem(400, "confirm it", api.call("POST", "/api/v1/admin/subjects/erase", JANE, root));
        assertProblem(400, "has no field 'colour'", api.call("POST", "/api/v1/admin/subjects/rectify",
                Map.of("messageId", fromJane.id(), "field", "colour", "value", "blue"), root));
        assertProblem(404, "no message", api.call("POST", "/api/v1/admin/subjects/rectify",
                Map.of("messageId", 999999, "field", "reason", "value", "x"), root));
        assertProblem(400, "the JSON does not fit", api.call("POST", "/api/v1/admin/subjects/find", Map.of("phone", List.of(1)), root));
        assertTrue(node.store().messages().find(Scope.admin(), fromJane.id()).isPresent());
    }

    @Test
    void rectifiesAFieldAndAuditsOnlyHashes() throws Exception {
        assertEquals(204, api.call("POST", "/api/v1/admin/subjects/rectify",
                Map.of("messageId", fromJane.id(), "field", "caller_name", "value", "Jane Smith"), root).statusCode());
        assertEquals(204, api.call("POST", "/api/v1/admin/subjects/rectify",
                Map.of("messageId", fromJane.id(), "field", "caller_number", "value", "07700 900124"), root).statusCode());
        var m = node.store().messages().find(Scope.admin(), fromJane.id()).orElseThrow();
        assertEquals("Jane Smith", m.callerName());
        assertEquals("+447700900124", m.callerNumber(), "a rectified number is stored in E.164");
        var entry = node.store().audit().list(null, 2).get(1);
        assertEquals("subject.rectify", entry.action());
        assertEquals("message:" + fromJane.id(), entry.target());
        assertTrue(entry.detail().startsWith("field=caller_name before="), entry.detail());
        assertFalse(entry.detail().contains("Jane"), entry.detail());
    }

    @Test
    void restrictsHidingMessagesFromTheClientThenLiftsIt() throws Exception {
        var restricted = api.call("POST", "/api/v1/admin/subjects/restrict", JANE, root);
        assertEquals(1, ApiClient.json(restricted).get("changed").asInt(), restricted.body());
        assertEquals(404, api.get("/api/v1/messages/" + fromJane.id(), alice).statusCode(), "hidden from the client's users");
        var found = ApiClient.json(api.call("POST", "/api/v1/admin/subjects/find", JANE, root));
        assertTrue(found.get("messages").get(0).get("restricted").asBoolean(), "admins still see it, marked");

        var lifted = api.call("POST", "/api/v1/admin/subjects/restrict", with(JANE, "lift", true), root);
        assertEquals(1, ApiClient.json(lifted).get("changed").asInt());
        assertEquals(200, api.get("/api/v1/messages/" + fromJane.id(), alice).statusCode());
        assertTrue(auditActions().containsAll(List.of("subject.restrict", "subject.unrestrict")));
    }

    @Test
    void aLegalHoldBlocksErasureWithAClearMessageThenErasureRemovesEverythingIndexIncluded() throws Exception {
        node.store().messages().setLegalHold(new Scope.Admin(), fromJane.id(), true);
        var refused = api.call("POST", "/api/v1/admin/subjects/erase", with(JANE, "confirm", "erase"), root);
        assertProblem(409, "legal hold", refused);
        assertTrue(ApiClient.json(refused).get("detail").asText().contains(String.valueOf(fromJane.id())));
        assertTrue(node.store().messages().find(Scope.admin(), fromJane.id()).isPresent(), "nothing erased under a hold");

        node.store().messages().setLegalHold(new Scope.Admin(), fromJane.id(), false);
        var erased = api.call("POST", "/api/v1/admin/subjects/erase", with(JANE, "confirm", "erase"), root);
        assertEquals(200, erased.statusCode(), erased.body());
        assertEquals(1, ApiClient.json(erased).get("messages").asInt());
        assertTrue(node.store().messages().find(Scope.admin(), fromJane.id()).isEmpty());
        assertTrue(node.store().messages().find(Scope.admin(), fromSomeoneElse.id()).isPresent(), "nobody else's data goes");
        assertFalse(IndexFiles.contain(config.index().dir(), "zqxcanary"), "the erased name is gone from the index files");
        assertTrue(auditActions().containsAll(List.of("subject.erase.refused", "subject.erase")));
    }

    @Test
    void anObjectionDeletesAMarketingContact() throws Exception {
        var marketing = node.store().register().add(RegisterContact.Kind.MARKETING, "Jane Zqxcanary", null, "jane@example.com",
                "07700900123", null);
        var enquiry = node.store().register().add(RegisterContact.Kind.ENQUIRY, "Jane Zqxcanary", null, null, null, null);
        var found = ApiClient.json(api.call("POST", "/api/v1/admin/subjects/find", Map.of("email", "JANE@example.com"), root));
        assertEquals(marketing.id(), found.get("contacts").get(0).get("id").asLong());

        assertEquals(204, api.call("POST", "/api/v1/admin/subjects/object", Map.of("contactId", marketing.id()), root).statusCode());
        assertTrue(node.store().register().find(marketing.id()).isEmpty());
        assertProblem(404, "no marketing contact", api.call("POST", "/api/v1/admin/subjects/object",
                Map.of("contactId", enquiry.id()), root));
        assertTrue(node.store().register().find(enquiry.id()).isPresent(), "an enquiry is not a marketing contact");
        assertEquals(2, auditActions().stream().filter("subject.object"::equals).count(), "both requests audited");
    }

    @Test
    void reportsRetentionDryRunsAndReapsOnRequest() throws Exception {
        clock.advance(Duration.ofDays(101));
        root = api.signIn("root", PASSWORD);
        var report = ApiClient.json(api.get("/api/v1/admin/retention", root));
        JsonNode messages = null;
        for (var line : report) {
            if (line.get("category").asText().equals("MESSAGES")) {
                messages = line;
            }
        }
        assertEquals(2, messages.get("held").asLong());
        assertEquals(2, messages.get("due").asLong());
        assertEquals(Duration.ofDays(100).toSeconds(), messages.get("limitSeconds").asLong());
        assertTrue(messages.get("oldestAgeSeconds").asLong() >= Duration.ofDays(101).toSeconds());

        var dryRun = ApiClient.json(api.get("/api/v1/admin/retention/dry-run", root));
        assertTrue(dryRun.get("dryRun").asBoolean());
        assertEquals("MESSAGES", dryRun.get("counts").get(0).get("category").asText());
        assertEquals(2, dryRun.get("counts").get(0).get("count").asLong());
        assertTrue(node.store().messages().find(Scope.admin(), fromJane.id()).isPresent(), "a dry run deletes nothing");

        var started = api.call("POST", "/api/v1/admin/retention/reap", null, root);
        assertEquals(202, started.statusCode(), started.body());
        Await.until("the reaper run to finish", () -> {
            try {
                return !ApiClient.json(api.get("/api/v1/admin/retention/reap", root)).get("running").asBoolean();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        var status = ApiClient.json(api.get("/api/v1/admin/retention/reap", root));
        assertTrue(status.get("error").isNull(), status.toString());
        assertEquals(2, status.get("result").get("counts").get(0).get("count").asLong());
        assertTrue(node.store().messages().find(Scope.admin(), fromJane.id()).isEmpty());
        assertTrue(auditActions().containsAll(List.of("retention.reap.request", "retention.reap")));
    }
}
