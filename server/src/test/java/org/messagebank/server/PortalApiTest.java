package org.messagebank.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.messagebank.config.ConfigLoader;
import org.messagebank.server.ApiClient.Browser;
import org.messagebank.server.auth.PasswordHasher;
import org.messagebank.store.Await;
import org.messagebank.store.Scope;
import org.messagebank.store.domain.Client;
import org.messagebank.store.domain.Contact;
import org.messagebank.store.domain.DeliveryChannel;
import org.messagebank.store.domain.DispatchState;
import org.messagebank.store.domain.NewMessage;
import org.messagebank.store.domain.Role;
import org.messagebank.store.domain.Urgency;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The client portal's delivery contacts, rules and delivery timeline over real HTTP. */
class PortalApiTest {
    private static final String PASSWORD = "correct horse battery";

    @TempDir
    Path dir;
    private Node node;
    private ApiClient api;
    private Client a;
    private Client b;
    private Contact bContact;
    private Browser alice;
    private Browser bob;
    private Browser root;
    private Browser operator;

    @BeforeEach
    void start() throws Exception {
        var config = ConfigLoader.load(Optional.of(ServerTestSupport.configIn(dir)), Map.of());
        node = Node.open(config, Clock.systemUTC());
        api = new ApiClient("http://127.0.0.1:" + node.serveHttp().getPort());
        var store = node.store();
        a = store.clients().create("Client A", "Hello A");
        b = store.clients().create("Client B", "Hello B");
        bContact = store.contacts().add(Contact.of(b.id(), "Bob's on-call", "+447700900222", null,
                EnumSet.noneOf(DeliveryChannel.class), EnumSet.of(DeliveryChannel.SMS), 1));
        String hash = new PasswordHasher().hash(PASSWORD);
        store.users().create("alice", Role.CLIENT_USER, a.id(), null, hash);
        store.users().create("bob", Role.CLIENT_USER, b.id(), null, hash);
        store.users().create("root", Role.ADMIN, null, null, hash);
        var op = store.operators().create("Olive", "PJSIP/100");
        store.users().create("olive", Role.OPERATOR, null, op.id(), hash);
        alice = api.signIn("alice", PASSWORD);
        bob = api.signIn("bob", PASSWORD);
        root = api.signIn("root", PASSWORD);
        operator = api.signIn("olive", PASSWORD);
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private static Map<String, Object> contact(String name, String mobile, String email, List<String> normal, List<String> urgent,
                                               Integer order) {
        var body = new java.util.LinkedHashMap<String, Object>();
        body.put("name", name);
        body.put("mobile", mobile);
        body.put("email", email);
        body.put("normalChannels", normal);
        body.put("urgentChannels", urgent);
        body.put("escalationOrder", order);
        return body;
    }

    private static void assertProblem(int status, String detailPart, HttpResponse<String> response) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("content-type").orElseThrow());
        assertTrue(ApiClient.json(response).get("detail").asText().contains(detailPart), response.body());
    }

    @Test
    void aClientUserAddsEditsListsAndRemovesTheirContacts() throws Exception {
        var created = api.call("POST", "/api/v1/delivery/contacts",
                contact("Alice On-call", "07700 900123", "alice@example.com", List.of("EMAIL"), List.of("SMS", "EMAIL"), 1), alice);
        assertEquals(201, created.statusCode(), created.body());
        long id = ApiClient.json(created).get("id").asLong();
        assertEquals("+447700900123", ApiClient.json(created).get("mobile").asText(), "stored in E.164");

        var edited = api.call("PUT", "/api/v1/delivery/contacts/" + id,
                contact("Alice Smith", "+44 7700 900124", null, List.of("sms"), List.of("SMS"), null), alice);
        assertEquals(200, edited.statusCode(), edited.body());
        var stored = node.store().contacts().find(id).orElseThrow();
        assertEquals("Alice Smith", stored.name());
        assertEquals("+447700900124", stored.mobile());
        assertEquals(null, stored.email());
        assertEquals(EnumSet.of(DeliveryChannel.SMS), stored.normalChannels());
        assertEquals(null, stored.escalationOrder());

        var list = ApiClient.json(api.get("/api/v1/delivery/contacts", alice));
        assertEquals(1, list.size(), "only client A's contacts");
        assertEquals("Alice Smith", list.get(0).get("name").asText());

        assertEquals(204, api.call("DELETE", "/api/v1/delivery/contacts/" + id, null, alice).statusCode());
        assertTrue(node.store().contacts().list(a.id()).isEmpty());
        var actions = node.store().audit().list(null, 10).stream().map(e -> e.action()).toList();
        assertTrue(actions.containsAll(List.of("delivery.contact.add", "delivery.contact.edit", "delivery.contact.delete")), actions.toString());
        assertTrue(node.store().audit().list(null, 10).stream().noneMatch(e -> e.detail().contains("7700")), "no numbers in the audit");
    }

    @Test
    void anotherClientsContactIsNotFound() throws Exception {
        String path = "/api/v1/delivery/contacts/" + bContact.id();
        assertProblem(404, "no contact", api.call("PUT", path, contact("Mallory", "07700900666", null, List.of(), List.of("SMS"), 1), alice));
        assertProblem(404, "no contact", api.call("DELETE", path, null, alice));
        assertEquals(bContact, node.store().contacts().find(bContact.id()).orElseThrow(), "client B's contact unchanged");
        assertTrue(api.get("/api/v1/delivery/contacts", alice).body().equals("[]"));
        assertEquals(1, ApiClient.json(api.get("/api/v1/delivery/contacts", bob)).size());
    }

    @Test
    void onlyClientUsersManageContactsAndRules() throws Exception {
        for (var who : List.of(root, operator)) {
            assertProblem(403, "role", api.get("/api/v1/delivery/contacts", who));
            assertProblem(403, "role", api.get("/api/v1/delivery/rules", who));
            assertProblem(403, "role", api.call("POST", "/api/v1/delivery/contacts",
                    contact("X", "07700900123", null, List.of(), List.of("SMS"), null), who));
        }
        assertEquals(401, api.get("/api/v1/delivery/contacts", null).statusCode());
    }

    @Test
    void changesWithoutTheCsrfTokenAreRefused() throws Exception {
        var noToken = api.send("POST", "/api/v1/delivery/contacts", ApiClient.JSON.writeValueAsString(
                contact("Alice", "07700900123", null, List.of(), List.of("SMS"), null)), alice, Map.of("Content-Type", "application/json"));
        assertProblem(403, "CSRF", noToken);
        assertProblem(403, "CSRF", api.send("PUT", "/api/v1/delivery/rules", "{}", alice, Map.of("Content-Type", "application/json")));
        assertProblem(403, "CSRF", api.send("DELETE", "/api/v1/delivery/contacts/" + bContact.id(), null, bob, Map.of()));
        assertTrue(node.store().contacts().list(a.id()).isEmpty());
        assertEquals(1, node.store().contacts().list(b.id()).size());
    }

    @Test
    void badContactsAreRefusedWithAClearReason() throws Exception {
        String path = "/api/v1/delivery/contacts";
        assertProblem(400, "mobile is not a telephone number", api.call("POST", path,
                contact("Alice", "call me maybe", null, List.of(), List.of("SMS"), null), alice));
        assertProblem(400, "email is not an email address", api.call("POST", path,
                contact("Alice", null, "alice@@example", List.of("EMAIL"), List.of(), null), alice));
        assertProblem(400, "name is required", api.call("POST", path,
                contact(" ", "07700900123", null, List.of(), List.of("SMS"), null), alice));
        assertProblem(400, "SMS needs the contact's mobile", api.call("POST", path,
                contact("Alice", null, "alice@example.com", List.of("SMS"), List.of(), null), alice));
        assertProblem(400, "webhook is set in the delivery rules", api.call("POST", path,
                contact("Alice", "07700900123", null, List.of("WEBHOOK"), List.of(), null), alice));
        assertProblem(400, "escalationOrder must be from 1", api.call("POST", path,
                contact("Alice", "07700900123", null, List.of(), List.of("SMS"), 0), alice));
        assertProblem(400, "malformed JSON", api.send("POST", path, "{\"name\":", alice,
                Map.of("X-CSRF-Token", alice.csrf(), "Content-Type", "application/json")));
        assertTrue(node.store().contacts().list(a.id()).isEmpty());
    }

    private static Map<String, Object> rules(String zone, String start, String end, String webhook, Long after, Integer rounds) {
        var body = new java.util.LinkedHashMap<String, Object>();
        body.put("timeZone", zone);
        body.put("quietStart", start);
        body.put("quietEnd", end);
        body.put("contentMode", "SECURE_LINK");
        body.put("subjectPrefix", "[A]");
        body.put("signOff", "A's answering");
        body.put("webhookUrl", webhook);
        body.put("escalationAfterMinutes", after);
        body.put("escalationRounds", rounds);
        return body;
    }

    @Test
    void aClientUserSetsQuietHoursEscalationAndAWebhook() throws Exception {
        var saved = api.call("PUT", "/api/v1/delivery/rules",
                rules("Europe/London", "21:30", "07:00", "https://crm.example.com/hook", 10L, 3), alice);
        assertEquals(200, saved.statusCode(), saved.body());
        String secret = ApiClient.json(saved).get("webhookSecret").asText();
        assertTrue(secret.length() >= 32, "a new webhook gets a secret, shown once");
        var stored = node.store().contacts().rules(a.id());
        assertEquals("Europe/London", stored.timeZone().getId());
        assertEquals(java.time.LocalTime.of(21, 30), stored.quietStart());
        assertEquals(Duration.ofMinutes(10), stored.escalationAfter());
        assertEquals(3, stored.escalationRounds());
        assertEquals(secret, stored.webhookSecret());

        var read = ApiClient.json(api.get("/api/v1/delivery/rules", alice));
        assertEquals("21:30", read.get("quietStart").asText());
        assertTrue(read.get("webhookSecretSet").asBoolean());
        assertTrue(read.get("webhookSecret").isNull(), "the secret is never read back");
        var again = api.call("PUT", "/api/v1/delivery/rules", rules("Europe/London", null, null, "https://crm.example.com/hook", null, null), alice);
        assertTrue(ApiClient.json(again).get("webhookSecret").isNull());
        assertEquals(secret, node.store().contacts().rules(a.id()).webhookSecret(), "saving again keeps the secret");
        assertEquals(null, node.store().contacts().rules(a.id()).quietStart());
        assertEquals(org.messagebank.store.domain.DeliveryRules.defaults(b.id()), node.store().contacts().rules(b.id()));
    }

    @Test
    void badRulesAreRefusedWithAClearReason() throws Exception {
        assertProblem(400, "timeZone must be a time zone", api.call("PUT", "/api/v1/delivery/rules",
                rules("Mars/Olympus", null, null, null, null, null), alice));
        assertProblem(400, "quiet hours need both", api.call("PUT", "/api/v1/delivery/rules",
                rules("UTC", "21:30", null, null, null, null), alice));
        assertProblem(400, "quietStart must be a time of day", api.call("PUT", "/api/v1/delivery/rules",
                rules("UTC", "half nine", "07:00", null, null, null), alice));
        assertProblem(400, "webhookUrl must be an https:// address", api.call("PUT", "/api/v1/delivery/rules",
                rules("UTC", null, null, "http://crm.example.com/hook", null, null), alice));
        assertProblem(400, "not this machine or a private network", api.call("PUT", "/api/v1/delivery/rules",
                rules("UTC", null, null, "https://127.0.0.1:8080/admin", null, null), alice));
        assertProblem(400, "not this machine or a private network", api.call("PUT", "/api/v1/delivery/rules",
                rules("UTC", null, null, "https://10.1.2.3/hook", null, null), alice));
        assertProblem(400, "not this machine or a private network", api.call("PUT", "/api/v1/delivery/rules",
                rules("UTC", null, null, "https://100.64.0.7/hook", null, null), alice));
        assertProblem(400, "escalationRounds must be from 1", api.call("PUT", "/api/v1/delivery/rules",
                rules("UTC", null, null, null, null, 0), alice));
        assertEquals(org.messagebank.store.domain.DeliveryRules.defaults(a.id()), node.store().contacts().rules(a.id()));
    }

    @Test
    void theTimelineShowsEachDispatchWithItsStateChangesAndTheProvidersReason() throws Exception {
        assertEquals(201, api.call("POST", "/api/v1/delivery/contacts",
                contact("Alice On-call", "07700 900123", "alice@example.com", List.of("EMAIL"), List.of("SMS", "EMAIL"), null),
                alice).statusCode());
        var message = node.store().messages().save(new NewMessage(a.id(), null, null, "+447700900999", "Caller", 1,
                Map.of("reason", "leak"), Urgency.URGENT));
        Await.until("both dispatches sent", () -> node.store().dispatches().forMessage(Scope.admin(), message.id()).stream()
                .filter(d -> d.state() == DispatchState.SENT).count() == 2);
        var sms = node.store().dispatches().forMessage(Scope.admin(), message.id()).stream()
                .filter(d -> d.channel() == DeliveryChannel.SMS).findFirst().orElseThrow();
        node.store().dispatches().report(sms.providerId(), DispatchState.FAILED, "30003", "Unreachable destination handset");

        var response = api.get("/api/v1/messages/" + message.id() + "/deliveries", alice);
        assertEquals(200, response.statusCode(), response.body());
        var timeline = ApiClient.json(response);
        assertEquals(2, timeline.size());
        JsonNode smsView = null;
        for (var d : timeline) {
            assertEquals("Alice On-call", d.get("recipient").asText());
            if (d.get("channel").asText().equals("SMS")) {
                smsView = d;
            }
        }
        assertNotNull(smsView);
        assertEquals("FAILED", smsView.get("state").asText());
        assertEquals("Unreachable destination handset", smsView.get("errorText").asText());
        var states = new ArrayList<String>();
        smsView.get("events").forEach(e -> states.add(e.get("state").asText()));
        assertEquals(List.of("QUEUED", "SENDING", "SENT", "FAILED"), states);
        assertEquals("30003", smsView.get("events").get(3).get("errorCode").asText());
        assertFalse(smsView.get("events").get(0).get("at").isNull());

        assertEquals(200, api.get("/api/v1/messages/" + message.id() + "/deliveries", root).statusCode(), "admins see every client's");
        assertProblem(404, "no message", api.get("/api/v1/messages/" + message.id() + "/deliveries", bob));
        assertProblem(403, "role", api.get("/api/v1/messages/" + message.id() + "/deliveries", operator));
        assertProblem(400, "whole number", api.get("/api/v1/messages/abc/deliveries", alice));
    }
}
