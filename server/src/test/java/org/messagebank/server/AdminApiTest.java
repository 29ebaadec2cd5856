package org.messagebank.server;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.messagebank.config.ConfigLoader;
import org.messagebank.server.ApiClient.Browser;
import org.messagebank.server.auth.PasswordHasher;
import org.messagebank.store.domain.Role;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.messagebank.server.ApiClient.json;

/** The admin console's API: clients, numbers, scripts, operators, users and the audit log. */
class AdminApiTest {
    private static final String PASSWORD = "correct horse battery";

    @TempDir
    Path dir;
    private Node node;
    private ApiClient api;
    private Browser root;

    @BeforeEach
    void start() throws Exception {
        var config = ConfigLoader.load(Optional.of(ServerTestSupport.configIn(dir)), Map.of());
        node = Node.open(config, Clock.systemUTC());
        api = new ApiClient("http://127.0.0.1:" + node.serveHttp().getPort());
        node.store().users().create("root", Role.ADMIN, null, null, new PasswordHasher().hash(PASSWORD));
        root = api.signIn("root", PASSWORD);
    }

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void createsAClientWithNumbersAndVersionedScriptsThenCeasesIt() throws Exception {
        var created = api.call("POST", "/api/v1/admin/clients", Map.of("name", "Acme", "greeting", "Acme, good morning"), root);
        assertEquals(201, created.statusCode(), created.body());
        long id = json(created).get("id").asLong();

        var number = api.call("POST", "/api/v1/admin/clients/" + id + "/numbers", Map.of("number", "020 7946 0123"), root);
        assertEquals(201, number.statusCode(), number.body());
        assertEquals("+442079460123", json(number).get("numbers").get(0).asText());
        var again = api.call("POST", "/api/v1/admin/clients/" + id + "/numbers", Map.of("number", "+44 20 7946 0123"), root);
        assertEquals(409, again.statusCode());
        assertTrue(json(again).get("detail").asText().contains("already reaches a client"));
        var bad = api.call("POST", "/api/v1/admin/clients/" + id + "/numbers", Map.of("number", "12"), root);
        assertEquals(400, bad.statusCode());
        assertEquals("not a telephone number in region GB: 12", json(bad).get("detail").asText());

        var v1 = api.call("PUT", "/api/v1/admin/clients/" + id + "/script", Map.of("fields", List.of(
                Map.of("name", "caller_name", "label", "Name", "type", "TEXT", "required", true),
                Map.of("name", "urgency", "label", "Urgency", "type", "CHOICE", "required", true, "options", List.of("normal", "urgent")))),
                root);
        assertEquals(200, v1.statusCode(), v1.body());
        assertEquals(1, json(v1).get("version").asInt());
        var v2 = api.call("PUT", "/api/v1/admin/clients/" + id + "/script", Map.of("fields", List.of(
                Map.of("name", "caller_name", "label", "Caller's name", "type", "TEXT", "required", true))), root);
        assertEquals(2, json(v2).get("version").asInt());
        assertEquals(2, json(api.get("/api/v1/admin/clients/" + id + "/script/1", root)).get("fields").size(), "version 1 is kept");
        var invalid = api.call("PUT", "/api/v1/admin/clients/" + id + "/script", Map.of("fields", List.of(
                Map.of("name", "Bad Name", "label", "x", "type", "TEXT", "required", true))), root);
        assertEquals(400, invalid.statusCode());
        assertTrue(json(invalid).get("detail").asText().contains("field name must match"), invalid.body());

        var ceased = api.call("POST", "/api/v1/admin/clients/" + id + "/cease", null, root);
        assertEquals("CEASED", json(ceased).get("status").asText());
        assertEquals(404, api.get("/api/v1/admin/clients/9999", root).statusCode());
        var actions = json(api.get("/api/v1/admin/audit?limit=10", root));
        assertEquals("client.cease", actions.get(0).get("action").asText());
    }

    @Test
    void listsEveryScriptVersionNewestFirstToAdminsOnly() throws Exception {
        long acme = json(api.call("POST", "/api/v1/admin/clients", Map.of("name", "Acme", "greeting", "Hi"), root)).get("id").asLong();
        long other = json(api.call("POST", "/api/v1/admin/clients", Map.of("name", "Other", "greeting", "Hi"), root)).get("id").asLong();
        var none = api.get("/api/v1/admin/clients/" + acme + "/scripts", root);
        assertEquals(200, none.statusCode(), none.body());
        assertEquals(0, json(none).size(), "no versions before the first save");
        for (String label : List.of("Name", "Caller's name")) {
            api.call("PUT", "/api/v1/admin/clients/" + acme + "/script", Map.of("fields", List.of(
                    Map.of("name", "caller_name", "label", label, "type", "TEXT", "required", true))), root);
        }
        api.call("PUT", "/api/v1/admin/clients/" + other + "/script", Map.of("fields", List.of(
                Map.of("name", "other_secret", "label", "Other's field", "type", "TEXT", "required", true))), root);

        var versions = json(api.get("/api/v1/admin/clients/" + acme + "/scripts", root));
        assertEquals(2, versions.size());
        assertEquals(2, versions.get(0).get("version").asInt());
        assertEquals("Caller's name", versions.get(0).get("fields").get(0).get("label").asText());
        assertEquals(1, versions.get(1).get("version").asInt());
        assertEquals("Name", versions.get(1).get("fields").get(0).get("label").asText());

        var hasher = new PasswordHasher();
        node.store().users().create("alice", Role.CLIENT_USER, acme, null, hasher.hash(PASSWORD));
        long olive = node.store().operators().create("Olive", "PJSIP/101").id();
        node.store().users().create("olive", Role.OPERATOR, null, olive, hasher.hash(PASSWORD));
        var alice = api.signIn("alice", PASSWORD);
        for (long client : List.of(acme, other)) {
            var refused = api.get("/api/v1/admin/clients/" + client + "/scripts", alice);
            assertEquals(403, refused.statusCode(), "a client user reads no script through the admin API, not even their own");
            assertTrue(!refused.body().contains("caller_name") && !refused.body().contains("other_secret"), refused.body());
        }
        assertEquals(403, api.get("/api/v1/admin/clients/" + acme + "/scripts", api.signIn("olive", PASSWORD)).statusCode());
        assertEquals(401, api.get("/api/v1/admin/clients/" + acme + "/scripts", null).statusCode());

        var missing = api.get("/api/v1/admin/clients/9999/scripts", root);
        assertEquals(404, missing.statusCode());
        assertEquals("no client 9999", json(missing).get("detail").asText());
        var notANumber = api.get("/api/v1/admin/clients/acme/scripts", root);
        assertEquals(400, notANumber.statusCode());
        assertEquals("'acme' is not a whole number", json(notANumber).get("detail").asText());

        var noCsrf = api.send("PUT", "/api/v1/admin/clients/" + acme + "/script", ApiClient.JSON.writeValueAsString(Map.of("fields",
                List.of(Map.of("name", "x", "label", "x", "type", "TEXT", "required", true)))), root, Map.of("Content-Type", "application/json"));
        assertEquals(403, noCsrf.statusCode());
        var badType = api.call("PUT", "/api/v1/admin/clients/" + acme + "/script", Map.of("fields",
                List.of(Map.of("name", "x", "label", "x", "type", "COLOUR", "required", true))), root);
        assertEquals(400, badType.statusCode());
        assertTrue(json(badType).get("detail").asText().contains("COLOUR"), badType.body());
        var choiceWithoutOptions = api.call("PUT", "/api/v1/admin/clients/" + acme + "/script", Map.of("fields",
                List.of(Map.of("name", "urgency", "label", "Urgency", "type", "CHOICE", "required", true))), root);
        assertEquals(400, choiceWithoutOptions.statusCode());
        assertTrue(json(choiceWithoutOptions).get("detail").asText().contains("choice field 'urgency' needs at least one option"),
                choiceWithoutOptions.body());
        assertEquals(2, json(api.get("/api/v1/admin/clients/" + acme + "/scripts", root)).size(), "refused edits make no version");
    }

    @Test
    void theAdminPageLoadsOnlyItsOwnScriptAndStyleUnderTheStrictPolicy() throws Exception {
        var page = api.get("/admin", null);
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("content-security-policy").orElseThrow().contains("script-src 'self';"));
        String html = page.body();
        assertTrue(html.contains("<script type=\"module\" src=\"/assets/admin.js\"></script>"), html);
        assertEquals(1, html.split("<script").length - 1, "one script, loaded from this server");
        assertTrue(!html.contains("style=") && !html.contains("<style") && !html.contains("//"), "no inline style, nothing from elsewhere");
        var script = api.get("/assets/admin.js", null);
        assertEquals(200, script.statusCode());
        assertTrue(!script.body().contains("innerHTML") && !script.body().contains("insertAdjacentHTML"), "text goes in as text");
    }

    @Test
    void aNewUserSetsTheirPasswordThroughAOneTimeLink() throws Exception {
        var client = json(api.call("POST", "/api/v1/admin/clients", Map.of("name", "Acme", "greeting", "Hi"), root));
        var created = api.call("POST", "/api/v1/admin/users",
                Map.of("username", "carol", "role", "client_user", "clientId", client.get("id").asLong()), root);
        assertEquals(201, created.statusCode(), created.body());
        String link = json(created).get("setPasswordLink").asText();
        assertTrue(link.startsWith("/set-password#"), link);
        String token = link.substring(link.indexOf('#') + 1);
        assertEquals(401, api.signInRaw("carol", "anything at all").statusCode(), "no password until the link is used");

        var tooShort = api.send("POST", "/api/v1/password", ApiClient.JSON.writeValueAsString(Map.of("token", token, "password", "short")),
                null, Map.of());
        assertEquals(400, tooShort.statusCode());
        var set = api.send("POST", "/api/v1/password", ApiClient.JSON.writeValueAsString(Map.of("token", token, "password", PASSWORD)),
                null, Map.of());
        assertEquals(204, set.statusCode(), set.body());
        var reused = api.send("POST", "/api/v1/password", ApiClient.JSON.writeValueAsString(Map.of("token", token, "password", PASSWORD)),
                null, Map.of());
        assertEquals(400, reused.statusCode());
        assertTrue(json(reused).get("detail").asText().contains("not valid"));

        var carol = api.signIn("carol", PASSWORD);
        assertEquals(403, api.get("/api/v1/admin/clients", carol).statusCode(), "client users are not admins");
        var wrongCurrent = api.call("POST", "/api/v1/me/password", Map.of("current", "nope", "password", "a much longer password"), carol);
        assertEquals(403, wrongCurrent.statusCode());
        assertEquals(204, api.call("POST", "/api/v1/me/password", Map.of("current", PASSWORD, "password", "a much longer password"), carol)
                .statusCode());
        assertEquals(401, api.get("/api/v1/me", carol).statusCode(), "a password change ends the user's sessions");
        api.signIn("carol", "a much longer password");
    }

    @Test
    void machineClientsUseRevocableApiKeysWithoutCsrf() throws Exception {
        var client = json(api.call("POST", "/api/v1/admin/clients", Map.of("name", "Acme", "greeting", "Hi"), root));
        long userId = json(api.call("POST", "/api/v1/admin/users",
                Map.of("username", "crm-sync", "role", "CLIENT_USER", "clientId", client.get("id").asLong()), root)).get("user").get("id").asLong();
        var issued = api.call("POST", "/api/v1/admin/api-keys", Map.of("name", "CRM sync", "userId", userId), root);
        assertEquals(201, issued.statusCode(), issued.body());
        String key = json(issued).get("key").asText();
        assertTrue(key.startsWith("mbk_"), key);
        assertTrue(!api.get("/api/v1/admin/api-keys", root).body().contains(key), "the key is never shown again");

        var bearer = Map.of("Authorization", "Bearer " + key);
        var me = api.send("GET", "/api/v1/me", null, null, bearer);
        assertEquals("crm-sync", json(me).get("username").asText());
        assertEquals(200, api.send("GET", "/api/v1/messages", null, null, bearer).statusCode());
        assertEquals(404, api.send("POST", "/api/v1/messages/12345/acknowledge", "", null, bearer).statusCode(),
                "state changes need no CSRF token with a key (and a missing message is 404)");
        assertEquals(403, api.send("GET", "/api/v1/admin/clients", null, null, bearer).statusCode(), "the key has its user's role");
        assertEquals(401, api.send("GET", "/api/v1/me", null, null, Map.of("Authorization", "Bearer mbk_forged")).statusCode());
        assertEquals(401, api.send("GET", "/api/v1/me", null, null, Map.of("Authorization", "Basic abc")).statusCode());

        long keyId = json(api.get("/api/v1/admin/api-keys", root)).get(0).get("id").asLong();
        assertEquals(204, api.call("DELETE", "/api/v1/admin/api-keys/" + keyId, null, root).statusCode());
        assertEquals(401, api.send("GET", "/api/v1/me", null, null, bearer).statusCode(), "revoked");
    }

    @Test
    void deadLetteredDispatchesAreListedWithTheProvidersReason() throws Exception {
        var store = node.store();
        var client = store.clients().create("Acme", "Hi");
        var message = store.messages().save(new org.messagebank.store.domain.NewMessage(client.id(), null, null, "+447700900123",
                "Jane", 1, Map.of("reason", "leak"), org.messagebank.store.domain.Urgency.NORMAL));
        // Due in an hour, so that the node's own delivery workers leave it to this test to claim and fail.
        var due = java.time.Instant.now().plus(java.time.Duration.ofHours(1));
        var dispatch = store.dispatches().createAll(List.of(new org.messagebank.store.domain.NewDispatch(message.id(), client.id(),
                null, org.messagebank.store.domain.DeliveryChannel.WEBHOOK, false, due))).getFirst();
        var claimed = store.dispatches().claimDue("test", List.of(org.messagebank.store.domain.DeliveryChannel.WEBHOOK),
                due.plusSeconds(1), java.time.Duration.ofMinutes(1), 10);
        assertEquals(dispatch.id(), claimed.getFirst().id());
        assertTrue(store.dispatches().markFailed(dispatch.id(), "test", "http-500", "the client's CRM answered 500", true));

        var listed = json(api.get("/api/v1/admin/dead-letters", root));
        assertEquals(1, listed.size());
        assertEquals(message.id(), listed.get(0).get("messageId").asLong());
        assertEquals("the client's CRM answered 500", listed.get(0).get("errorText").asText());
        assertEquals(401, api.get("/api/v1/admin/dead-letters", null).statusCode(), "signed-in admins only");
    }

    @Test
    void operatorsAreAllowedAndDisallowedClients() throws Exception {
        long client = json(api.call("POST", "/api/v1/admin/clients", Map.of("name", "Acme", "greeting", "Hi"), root)).get("id").asLong();
        var operator = api.call("POST", "/api/v1/admin/operators", Map.of("name", "Olive", "endpoint", "PJSIP/101"), root);
        long id = json(operator).get("id").asLong();
        var allowed = api.call("PUT", "/api/v1/admin/operators/" + id + "/clients/" + client, null, root);
        assertEquals(client, json(allowed).get("clients").get(0).asLong());
        var disallowed = api.call("DELETE", "/api/v1/admin/operators/" + id + "/clients/" + client, null, root);
        assertEquals(0, json(disallowed).get("clients").size());
        assertEquals(404, api.call("PUT", "/api/v1/admin/operators/" + id + "/clients/999", null, root).statusCode());
        var noCsrf = api.send("POST", "/api/v1/admin/operators", "{}", root, Map.of());
        assertEquals(403, noCsrf.statusCode());
    }
}
