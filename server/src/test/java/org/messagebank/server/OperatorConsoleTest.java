package org.messagebank.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.messagebank.server.ApiClient.Browser;
import org.messagebank.store.Scope;
import org.messagebank.store.TestData;
import org.messagebank.store.domain.Client;
import org.messagebank.store.domain.Message;
import org.messagebank.store.domain.NewMessage;
import org.messagebank.store.domain.Urgency;
import org.messagebank.telephony.acd.OperatorState;
import org.messagebank.telephony.sim.CallSimulator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operator console's API and WebSocket over real HTTP, with calls played by the FastAGI
 * call simulator: pops, state, reconnects, saving and discarding, and who may do what.
 */
class OperatorConsoleTest {
    private static final String PASSWORD = CallCentre.PASSWORD;

    @TempDir
    Path dir;
    private CallCentre centre;
    private Node node;
    private String base;
    private ApiClient api;
    private Client acme;
    private Message earlierAtAcme;
    private Message givenCallBackNumber;
    private long otherCallId;
    private final List<Console> consoles = new java.util.ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        centre = new CallCentre(dir, "acd:\n  wrap-up-limit: 5m");
        node = centre.node;
        base = centre.base;
        api = centre.api;
        acme = centre.acme;
        var store = node.store();
        var other = store.clients().create("Other Ltd", "Other Ltd, hello");
        store.clients().addNumber(other.id(), "+442079460001");
        store.clients().saveScript(other.id(), TestData.PLUMBER_SCRIPT);
        earlierAtAcme = store.messages().save(new NewMessage(acme.id(), null, null, "+447700900123", "Jane Caller", 1,
                Map.of("reason", "boiler noise last week"), Urgency.NORMAL));
        store.messages().save(new NewMessage(other.id(), null, null, "+447700900123", "Jane Caller", 1,
                Map.of("reason", "a message for another client"), Urgency.NORMAL));
        var restricted = store.messages().save(new NewMessage(acme.id(), null, null, "+447700900123", "Jane Caller", 1,
                Map.of("reason", "she objected to processing"), Urgency.NORMAL));
        store.messages().setRestricted(new Scope.Admin(), restricted.id(), true);
        givenCallBackNumber = store.messages().save(new NewMessage(acme.id(), null, null, null, "Jane Caller", 1,
                Map.of("callback", "07700 900123", "reason", "rang from a withheld number"), Urgency.NORMAL));
        node.indexer().catchUp();
        otherCallId = store.calls().open(other.id(), "+442079460001", "+447700900555", "Someone").id();
    }

    @AfterEach
    void stop() {
        consoles.forEach(Console::close);
        centre.close();
    }

    @Test
    void anOfferedCallPopsOnTheConsoleAndSavingTheMessageEndsWrapUp() throws Exception {
        var olive = api.signIn("olive", PASSWORD);
        var console = connect(olive);
        assertEquals("LOGGED_OUT", console.next("state").at("/state/state").asText());

        var available = api.call("PUT", "/api/v1/operator/state", Map.of("state", "AVAILABLE"), olive);
        assertEquals(200, available.statusCode(), available.body());
        assertEquals("AVAILABLE", console.next("state").at("/state/state").asText());

        var hangUp = new CountDownLatch(1);
        var call = placeCall("07700 900123", "Jane Caller", hangUp);
        var pop = console.next("pop").get("pop");

        assertEquals("Acme Plumbing", pop.get("clientName").asText());
        assertEquals(CallCentre.GREETING, pop.get("greeting").asText());
        assertEquals("+447700900123", pop.get("callerNumber").asText());
        assertEquals("Jane Caller", pop.get("callerName").asText());
        assertEquals(1, pop.at("/script/version").asInt());
        assertEquals(List.of("caller_name", "callback", "reason", "urgency"),
                pop.at("/script/fields").findValuesAsText("name"));
        assertEquals(List.of(givenCallBackNumber.id(), earlierAtAcme.id()), pop.get("earlier").findValues("id").stream()
                        .map(n -> n.asLong()).toList(),
                "this client's messages with the caller's number, as caller ID or call-back number, newest first;"
                        + " not another client's, not a restricted one");
        long callId = pop.get("callId").asLong();

        console.close();
        var again = connect(olive);
        var state = again.next("state").get("state");
        assertEquals("OFFERED", state.get("state").asText(), "a pending offer is re-sent on reconnect");
        assertEquals(callId, state.get("callId").asLong());
        assertEquals(callId, again.next("pop").at("/pop/callId").asLong());

        hangUp.countDown();
        assertEquals("ANSWERED", call.get(10, TimeUnit.SECONDS).status());
        assertEquals("WRAP_UP", again.nextState("WRAP_UP").get("state").asText());

        var bad = api.call("POST", "/api/v1/operator/calls/" + callId + "/message", Map.of("scriptVersion", 1,
                "fields", Map.of("caller_name", "Jane Caller", "callback", "nope", "urgency", "soon")), olive);
        assertEquals(400, bad.statusCode(), bad.body());
        var problems = ApiClient.json(bad).get("fields");
        assertEquals("Callback number is not a telephone number (region GB)", problems.get("callback").asText());
        assertEquals("Reason for calling is required", problems.get("reason").asText());
        assertEquals("Urgency must be one of normal, urgent", problems.get("urgency").asText());
        assertEquals(OperatorState.WRAP_UP, node.telephony().acd().status(operatorId()).state());

        var fields = new LinkedHashMap<String, String>();
        fields.put("caller_name", " Jane Caller ");
        fields.put("callback", "07700 900123");
        fields.put("reason", "Boiler leaking in the kitchen");
        fields.put("urgency", "urgent");
        var saved = api.call("POST", "/api/v1/operator/calls/" + callId + "/message",
                Map.of("scriptVersion", 1, "fields", fields), olive);
        assertEquals(201, saved.statusCode(), saved.body());
        long messageId = ApiClient.json(saved).get("id").asLong();

        var message = node.store().messages().find(Scope.tenant(acme.id()), messageId).orElseThrow();
        assertEquals(callId, message.callId());
        assertEquals(operatorId(), message.operatorId());
        assertEquals("+447700900123", message.callerNumber());
        assertEquals("Jane Caller", message.callerName());
        assertEquals("Boiler leaking in the kitchen", message.fields().get("reason"));
        assertEquals(Urgency.URGENT, message.urgency());
        assertEquals("AVAILABLE", again.nextState("AVAILABLE").get("state").asText(), "saving ends wrap-up");
        assertTrue(node.store().audit().list(null, 50).stream()
                .anyMatch(e -> e.action().equals("message.capture") && e.target().equals("message:" + messageId)));

        var twice = api.call("POST", "/api/v1/operator/calls/" + callId + "/message",
                Map.of("scriptVersion", 1, "fields", fields), olive);
        assertEquals(409, twice.statusCode(), twice.body());
        assertEquals(messageId, ApiClient.json(twice).get("messageId").asLong());
    }

    @Test
    void aDiscardedCallNeedsAReasonCodeAndEndsWrapUp() throws Exception {
        var olive = api.signIn("olive", PASSWORD);
        var console = connect(olive);
        api.call("PUT", "/api/v1/operator/state", Map.of("state", "AVAILABLE"), olive);
        var hangUp = new CountDownLatch(1);
        hangUp.countDown();
        var call = placeCall("07700 900777", null, hangUp);
        long callId = console.next("pop").at("/pop/callId").asLong();
        call.get(10, TimeUnit.SECONDS);
        console.nextState("WRAP_UP");

        var refusedToPause = api.call("PUT", "/api/v1/operator/state", Map.of("state", "AVAILABLE"), olive);
        assertEquals(409, refusedToPause.statusCode(), refusedToPause.body());
        assertTrue(ApiClient.json(refusedToPause).get("detail").asText().contains("save or discard"));

        var freeText = api.call("POST", "/api/v1/operator/calls/" + callId + "/discard",
                Map.of("reason", "Jane Smith rang about her boiler"), olive);
        assertEquals(400, freeText.statusCode(), freeText.body());
        var noReason = api.call("POST", "/api/v1/operator/calls/" + callId + "/discard", Map.of(), olive);
        assertEquals(400, noReason.statusCode(), noReason.body());

        var discarded = api.call("POST", "/api/v1/operator/calls/" + callId + "/discard",
                Map.of("reason", "wrong-number"), olive);
        assertEquals(200, discarded.statusCode(), discarded.body());
        assertEquals("AVAILABLE", ApiClient.json(discarded).get("state").asText());
        assertTrue(node.store().audit().list(null, 50).stream().anyMatch(e -> e.action().equals("message.discard")
                && e.target().equals("call:" + callId) && e.detail().equals("reason=wrong-number")));
        assertTrue(node.store().messages().findByCall(Scope.admin(), callId).isEmpty());
    }

    @Test
    void pausingTakesAShortReasonAndTheConsoleFollowsEveryChange() throws Exception {
        var olive = api.signIn("olive", PASSWORD);
        var console = connect(olive);
        console.next("state");
        api.call("PUT", "/api/v1/operator/state", Map.of("state", "AVAILABLE"), olive);
        console.nextState("AVAILABLE");

        var freeText = api.call("PUT", "/api/v1/operator/state", Map.of("state", "PAUSED", "reason", "Lunch with Jane"), olive);
        assertEquals(400, freeText.statusCode(), freeText.body());
        var paused = api.call("PUT", "/api/v1/operator/state", Map.of("state", "PAUSED", "reason", "lunch"), olive);
        assertEquals(200, paused.statusCode(), paused.body());
        assertEquals("lunch", console.nextState("PAUSED").get("pauseReason").asText());

        var unknown = api.call("PUT", "/api/v1/operator/state", Map.of("state", "SLEEPING"), olive);
        assertEquals(400, unknown.statusCode());
        assertTrue(ApiClient.json(unknown).get("detail").asText().contains("AVAILABLE, PAUSED or LOGGED_OUT"));
        var malformed = api.send("PUT", "/api/v1/operator/state", "{\"state\":", olive,
                Map.of("X-CSRF-Token", olive.csrf(), "Content-Type", "application/json"));
        assertEquals(400, malformed.statusCode());
        assertTrue(ApiClient.json(malformed).get("detail").asText().startsWith("malformed JSON"), malformed.body());

        api.call("PUT", "/api/v1/operator/state", Map.of("state", "AVAILABLE"), olive);
        console.nextState("AVAILABLE");
        api.call("PUT", "/api/v1/operator/state", Map.of("state", "LOGGED_OUT"), olive);
        console.nextState("LOGGED_OUT");

        var me = ApiClient.json(api.get("/api/v1/operator", olive));
        assertEquals("Olive", me.at("/operator/name").asText());
        assertEquals(300, me.get("wrapUpLimitSeconds").asLong());
    }

    @Test
    void onlySignedInOperatorsOfThisSiteReachTheConsole() throws Exception {
        var olive = api.signIn("olive", PASSWORD);
        var alice = api.signIn("alice", PASSWORD);

        assertEquals(401, refusedUpgrade(null, base));
        assertEquals(403, refusedUpgrade(olive, "http://evil.example"));
        assertEquals(403, refusedUpgrade(alice, base));
        var plainGet = api.get("/api/v1/operator/events", olive);
        assertEquals(426, plainGet.statusCode());

        assertEquals(403, api.get("/api/v1/operator", alice).statusCode());
        var noCsrf = api.send("PUT", "/api/v1/operator/state", "{\"state\":\"AVAILABLE\"}", olive,
                Map.of("Content-Type", "application/json"));
        assertEquals(403, noCsrf.statusCode());

        assertEquals(404, api.get("/api/v1/operator/calls/" + otherCallId, olive).statusCode(),
                "a call of a client the operator may not answer is not found");
        var foreignSave = api.call("POST", "/api/v1/operator/calls/" + otherCallId + "/message", Map.of("scriptVersion", 1,
                "fields", Map.of("caller_name", "x", "callback", "07700900123", "reason", "x", "urgency", "normal")), olive);
        assertEquals(404, foreignSave.statusCode());
        assertTrue(node.store().messages().findByCall(Scope.admin(), otherCallId).isEmpty());
        assertEquals(404, api.call("POST", "/api/v1/operator/calls/" + otherCallId + "/discard",
                Map.of("reason", "spam"), olive).statusCode());
        assertEquals(400, api.get("/api/v1/operator/calls/abc", olive).statusCode());
    }

    @Test
    void aConsoleIsClosedWhenItsSessionEnds() throws Exception {
        var olive = api.signIn("olive", PASSWORD);
        var console = connect(olive);
        console.next("state");

        assertEquals(204, api.call("DELETE", "/api/v1/session", null, olive).statusCode());
        node.checkConsoleSessions();

        assertEquals(1008, console.closed.get(10, TimeUnit.SECONDS));
    }

    @Test
    void callBackNeedsAmiAndANumber() throws Exception {
        var olive = api.signIn("olive", PASSWORD);
        var noNumber = api.call("POST", "/api/v1/operator/call-back", Map.of("number", "not a number"), olive);
        assertEquals(400, noNumber.statusCode(), noNumber.body());
        var noAmi = api.call("POST", "/api/v1/operator/call-back", Map.of("number", "07700 900123"), olive);
        assertEquals(409, noAmi.statusCode(), noAmi.body());
        assertTrue(ApiClient.json(noAmi).get("detail").asText().contains("AMI"));
    }

    private long operatorId() {
        return centre.olive.id();
    }

    private Future<CallSimulator.Result> placeCall(String from, String name, CountDownLatch hangUp) {
        return centre.call(from, name, hangUp);
    }

    private Console connect(Browser browser) {
        var console = Console.connect(base, browser);
        consoles.add(console);
        return console;
    }

    private int refusedUpgrade(Browser browser, String origin) {
        var builder = HttpClient.newHttpClient().newWebSocketBuilder().header("Origin", origin);
        if (browser != null) {
            builder.header("Cookie", browser.cookie());
        }
        var failure = assertThrows(CompletionException.class, () -> builder
                .buildAsync(URI.create(base.replace("http:", "ws:") + "/api/v1/operator/events"), new Console()).join());
        return assertInstanceOf(WebSocketHandshakeException.class, failure.getCause()).getResponse().statusCode();
    }
}
