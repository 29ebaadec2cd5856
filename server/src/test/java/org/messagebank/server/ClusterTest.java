package org.messagebank.server;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.messagebank.delivery.mail.SmtpStandIn;
import org.messagebank.server.ApiClient.Browser;
import org.messagebank.store.Await;
import org.messagebank.store.IndexFiles;
import org.messagebank.store.Scope;
import org.messagebank.store.TestData;
import org.messagebank.store.domain.Contact;
import org.messagebank.store.domain.DeliveryChannel;
import org.messagebank.store.domain.Dispatch;
import org.messagebank.store.domain.DispatchState;
import org.messagebank.store.domain.Message;
import org.messagebank.store.event.DispatchChanged;
import org.messagebank.store.event.MessageChanged;
import org.messagebank.store.event.kafka.EmbeddedKafka;
import org.messagebank.store.retention.RetentionCategory;
import org.messagebank.store.retention.RetentionReaper;
import org.messagebank.telephony.event.CallEnded;
import org.messagebank.telephony.event.CallOffered;
import org.messagebank.telephony.event.ScreenPop;
import org.messagebank.telephony.sim.CallSimulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two nodes on one PostgreSQL database and one Kafka broker: an operator on either node answers
 * calls held on the other, each node's index replica follows the other's changes, the reaper runs on one node at a time, each dispatch is sent once across
 * nodes and survives a node stopping or dying, and no Kafka record holds personal data.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ClusterTest {
    private static final Duration CALL = Duration.ofSeconds(20);

    @RegisterExtension
    static final EmbeddedKafka kafka = new EmbeddedKafka();

    @TempDir
    Path dir;
    private TwoNodes nodes;
    private GreenMail greenMail;

    @AfterEach
    void stop() {
        try {
            if (nodes != null) {
                nodes.close();
            }
        } finally {
            if (greenMail != null) {
                greenMail.stop();
            }
        }
    }

    @Test
    void aMessageSavedOnNodeAIsFoundOnNodeBAndErasureAndReapingOnNodeARemoveItFromNodeBsIndex() throws Exception {
        nodes = new TwoNodes(dir, kafka);
        long erased = captureOnA("07700 900301", "Erin Erased", "radiator zqxerased hissing");
        long reaped = captureOnA("07700 900302", "Reg Reaped", "gutter zqxreaped blocked");

        var alice = nodes.apiB.signIn("alice", CallCentre.PASSWORD);
        Await.until("both messages searchable on node B", () -> hits(nodes.apiB, alice, "zqxerased") == 1
                && hits(nodes.apiB, alice, "zqxreaped") == 1);
        assertEquals(List.of(erased), ids(nodes.apiB, alice, "zqxerased"));

        var root = nodes.apiA.signIn("root", CallCentre.PASSWORD);
        var erasure = nodes.apiA.call("POST", "/api/v1/admin/subjects/erase",
                Map.of("phone", "07700 900301", "confirm", "erase"), root);
        assertEquals(200, erasure.statusCode(), erasure.body());
        assertEquals(1, ApiClient.json(erasure).get("messages").asInt());
        Await.until("the erased message gone from node B's search", () -> hits(nodes.apiB, alice, "zqxerased") == 0);
        Await.until("the erased message gone from node B's index files", () -> !inIndexFiles(nodes.b, "zqxerased"));
        assertEquals(1, hits(nodes.apiB, alice, "zqxreaped"), "the other message is still there");

        nodes.clock.advance(Duration.ofDays(101));
        var run = nodes.a.node.reaper().run(false);
        assertTrue(run.ran(), run.toString());
        assertEquals(1, run.counts().get(RetentionCategory.MESSAGES), run.toString());
        assertTrue(nodes.b.node.store().messages().find(Scope.admin(), reaped).isEmpty());
        var aliceLater = nodes.apiB.signIn("alice", CallCentre.PASSWORD);
        Await.until("the reaped message gone from node B's search", () -> hits(nodes.apiB, aliceLater, "zqxreaped") == 0);
        Await.until("the reaped message gone from node B's index files", () -> !inIndexFiles(nodes.b, "zqxreaped"));
        assertFalse(inIndexFiles(nodes.a, "zqxreaped") || inIndexFiles(nodes.a, "zqxerased"), "node A purged its own index");
    }

    @Test
    void aNodeRestartedAfterAGapCatchesUpFromTheDatabase() throws Exception {
        nodes = new TwoNodes(dir, kafka);
        long before = captureOnA("07700 900311", "Bea Before", "boiler zqxbefore clanking");
        var alice = nodes.apiB.signIn("alice", CallCentre.PASSWORD);
        Await.until("the first message searchable on node B", () -> hits(nodes.apiB, alice, "zqxbefore") == 1);

        nodes.stopB();
        long during = captureOnA("07700 900312", "Dan During", "tap zqxduring dripping");
        nodes.a.node.store().messages().erase(new Scope.Admin(), List.of(before));
        nodes.startB();

        var aliceAgain = nodes.apiB.signIn("alice", CallCentre.PASSWORD);
        assertEquals(List.of(during), ids(nodes.apiB, aliceAgain, "zqxduring"), "caught up on start, before serving");
        assertEquals(0, hits(nodes.apiB, aliceAgain, "zqxbefore"), "a deletion made during the gap applied too");
    }

    @Test
    void theReaperRunsOnOneNodeAtATimeAndDeletesEachDueMessageOnce() throws Exception {
        nodes = new TwoNodes(dir, kafka, "reaper.batch-size: 10");
        var store = nodes.a.node.store();
        long acme = nodes.centre.acme.id();
        var due = IntStream.range(0, 35).mapToObj(i -> store.messages().save(TestData.message(acme).build()).id()).toList();
        nodes.clock.advance(Duration.ofDays(101));
        long kept = store.messages().save(TestData.message(acme).build()).id();

        var holdingLease = new CountDownLatch(1);
        var letGo = new CountDownLatch(1);
        var onA = CompletableFuture.supplyAsync(() -> nodes.a.node.reaper().run(false, (category, deleted) -> {
            holdingLease.countDown();
            try {
                letGo.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        assertTrue(holdingLease.await(CALL.toSeconds(), TimeUnit.SECONDS), "node A's reaper deleted a first batch");
        RetentionReaper.Run onB = nodes.b.node.reaper().run(false);
        letGo.countDown();
        RetentionReaper.Run runA = onA.get(CALL.toSeconds(), TimeUnit.SECONDS);

        assertFalse(onB.ran(), "node B reports the lease held: " + onB);
        assertEquals("skipped: another node holds the reaper lease", onB.toString());
        assertTrue(runA.ran());
        assertEquals(35L, runA.counts().get(RetentionCategory.MESSAGES), runA.toString());
        assertTrue(due.stream().allMatch(id -> store.messages().find(Scope.admin(), id).isEmpty()));
        assertTrue(store.messages().find(Scope.admin(), kept).isPresent(), "a message not yet due stays");
        assertEquals(1, store.audit().list(null, 100).stream().filter(e -> e.action().equals("retention.reap")).count(),
                "one run recorded, by node A");

        RetentionReaper.Run later = nodes.b.node.reaper().run(false);
        assertTrue(later.ran(), "node B runs once node A has let the lease go");
        assertEquals(0L, later.counts().get(RetentionCategory.MESSAGES));
    }

    @Test
    void eachDispatchIsSentOnceAcrossNodesAndNodeBTakesOverWhenNodeAStopsOrDiesHoldingLeases() throws Exception {
        int smtpPort = SmtpStandIn.freePort();
        greenMail = SmtpStandIn.start(smtpPort);
        nodes = new TwoNodes(dir, kafka, "mail.smtp.host: 127.0.0.1", "mail.smtp.port: " + smtpPort,
                "mail.smtp.starttls-required: false", "delivery.poll-interval: 50ms", "delivery.retry-initial: 10ms",
                "delivery.retry-max: 1s", "delivery.max-attempts: 100", "delivery.lease: 2s");
        var onA = nodes.a.node.store();
        var store = nodes.b.node.store();
        long acme = nodes.centre.acme.id();
        onA.contacts().add(Contact.of(acme, "Pat Plumber", null, "pat@acme.example", EnumSet.of(DeliveryChannel.EMAIL),
                EnumSet.of(DeliveryChannel.EMAIL), null));

        var first = save(onA, acme, 30);
        Await.until("30 emails", () -> greenMail.getReceivedMessages().length >= 30
                && store.dispatches().count(DispatchState.SENT) == 30);
        assertEquals(30, greenMail.getReceivedMessages().length);
        assertEquals(first, messagesMailed());

        greenMail.stop();
        var second = save(onA, acme, 30);
        Await.until("every new dispatch tried while SMTP is down", () -> second.stream()
                .map(id -> dispatchOf(store, id)).allMatch(d -> d != null && d.attempts() > 0 && d.state() != DispatchState.SENT));
        var heldByTheDead = new ArrayList<Dispatch>();
        Await.until("a dead node's leases on three dispatches", () -> {
            heldByTheDead.addAll(store.dispatches().claimDue("dead-node", EnumSet.of(DeliveryChannel.EMAIL),
                    nodes.clock.instant(), Duration.ofSeconds(2), 3 - heldByTheDead.size()));
            return heldByTheDead.size() == 3;
        });
        nodes.a.node.close();

        greenMail = SmtpStandIn.start(smtpPort);
        Await.until("the other 30 emails, from node B", () -> greenMail.getReceivedMessages().length >= 30
                && store.dispatches().count(DispatchState.SENT) == 60);
        var all = new ArrayList<>(first);
        all.addAll(second);
        assertEquals(30, greenMail.getReceivedMessages().length, "none lost, none doubled");
        assertEquals(second, messagesMailed());
        for (Dispatch held : heldByTheDead) {
            var after = store.dispatches().forMessage(Scope.admin(), held.messageId()).getFirst();
            assertEquals(DispatchState.SENT, after.state(), "sent once the dead node's lease ran out");
            assertTrue(after.attempts() > held.attempts(), "claimed again after the dead node's claim");
        }
        assertEquals(60, all.stream().map(id -> dispatchOf(store, id)).filter(d -> d.state() == DispatchState.SENT).count());
    }

    /**
     * A third node, run as its own process, is killed (SIGKILL) while it holds leases on dispatches:
     * its SMTP server accepts connections and never answers, so its workers are stuck mid-send.
     * Nothing is lost: once the leases run out the other nodes send those dispatches, and every
     * message is mailed exactly once. (A node killed after SMTP accepted a mail but before it
     * recorded the send would cause that one mail to go twice, with the same Message-ID: delivery is
     * at least once by design.) Nodes A and B find their SMTP server down until node C is stuck, so
     * they cannot send every dispatch before node C has claimed one, however slowly node C starts.
     */
    @Test
    void aNodeKilledMidLoadHoldingLeasesLosesNoDispatch() throws Exception {
        int smtpPort = SmtpStandIn.freePort();
        nodes = new TwoNodes(dir, kafka, "mail.smtp.host: 127.0.0.1", "mail.smtp.port: " + smtpPort,
                "mail.smtp.starttls-required: false", "delivery.poll-interval: 50ms", "delivery.lease: 20s",
                "delivery.retry-initial: 10ms", "delivery.retry-max: 2s", "delivery.max-attempts: 100");
        var store = nodes.b.node.store();
        long acme = nodes.centre.acme.id();
        store.contacts().add(Contact.of(acme, "Pat Plumber", null, "pat@acme.example", EnumSet.of(DeliveryChannel.EMAIL),
                EnumSet.of(DeliveryChannel.EMAIL), null));
        // saved before node C starts, so that its workers claim at once and hold leases that were just taken
        List<Long> messages = save(nodes.a.node.store(), acme, 200);
        List<Dispatch> heldAtKill;
        try (var silentSmtp = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            var configC = nodes.configOfAnotherNode("node-c", "delivery.workers: 4",
                    "mail.smtp.port: " + silentSmtp.getLocalPort(), "mail.smtp.timeout: 5m");
            var nodeC = startNodeProcess(configC);
            try {
                // a lease with most of its time left, so that node C is killed well before it runs out
                Await.until("node C stuck sending", () -> !heldByNodeC(store, messages, Duration.ofSeconds(10)).isEmpty());
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; node C's log:\n"
                        + java.nio.file.Files.readString(configC.resolveSibling("stderr.txt")), e);
            } finally {
                nodeC.destroyForcibly();
            }
            assertTrue(nodeC.waitFor(CALL.toSeconds(), TimeUnit.SECONDS));
            heldAtKill = heldByNodeC(store, messages, Duration.ZERO);
        }
        assertFalse(heldAtKill.isEmpty(), "node C died holding leases");
        assertEquals(0, store.dispatches().count(DispatchState.SENT), "nothing sent while SMTP was down for nodes A and B");

        greenMail = SmtpStandIn.start(smtpPort);
        Await.until("every dispatch sent", () -> store.dispatches().count(DispatchState.SENT) == 200);
        assertEquals(messages, messagesMailed(), "every message mailed once");
        for (Dispatch held : heldAtKill) {
            var after = dispatchOf(store, held.messageId());
            assertEquals(DispatchState.SENT, after.state());
            assertTrue(after.attempts() > held.attempts(), "claimed again once node C's lease ran out");
        }
    }

    /**
     * Dispatches leased by node C's workers, numbered 2 and 3 (nodes A and B run two email workers,
     * numbered 0 and 1), with at least {@code left} of their lease to run.
     */
    private static List<Dispatch> heldByNodeC(org.messagebank.store.MessageBankStore store, List<Long> messages, Duration left) {
        var until = Instant.now().plus(left);
        return messages.stream().map(id -> dispatchOf(store, id)).filter(d -> d != null && d.state() == DispatchState.SENDING
                && d.leaseOwner().matches(".*-mail-[23]") && d.leaseUntil().isAfter(until)).toList();
    }

    private Process startNodeProcess(Path config) throws Exception {
        var process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                Main.class.getName(), "serve", "--config", config.toString())
                .redirectError(config.resolveSibling("stderr.txt").toFile())
                .start();
        var stdout = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = stdout.readLine()) != null && !line.startsWith("Message Bank is ready at ")) {
            // start-up lines
        }
        if (line == null) {
            process.destroyForcibly();
            throw new AssertionError("node C did not start: " + java.nio.file.Files.readString(config.resolveSibling("stderr.txt")));
        }
        return process;
    }

    @Test
    void anOperatorWhoseConsoleIsOnNodeBIsOfferedCallsHeldOnNodeAAndGetsTheirPops() throws Exception {
        nodes = new TwoNodes(dir, kafka);
        var api = nodes.apiB;
        var olive = api.signIn("olive", CallCentre.PASSWORD);
        var console = Console.connect(nodes.b.base, olive);
        try {
            assertEquals(200, api.call("PUT", "/api/v1/operator/state", Map.of("state", "AVAILABLE"), olive).statusCode());
            console.nextState("AVAILABLE");

            // Node A holds the call and finds olive free: it rings her phone; node B pops her console.
            var hangUp = new CountDownLatch(1);
            var rung = new CompletableFuture<String>();
            var first = nodes.centre.callVia(nodes.a, "07700 900321", "Jane Caller", (endpoint, ringTimeout) -> {
                rung.complete(endpoint);
                hangUp.await();
                return CallSimulator.DialOutcome.answeredThenCallerHungUp();
            });
            var pop = console.next("pop").get("pop");
            assertEquals("Acme Plumbing", pop.get("clientName").asText());
            assertEquals("+447700900321", pop.get("callerNumber").asText());
            assertEquals("Jane Caller", pop.get("callerName").asText());
            assertEquals("PJSIP/100", rung.get(CALL.toSeconds(), TimeUnit.SECONDS));
            hangUp.countDown();
            assertEquals("ANSWERED", first.get(CALL.toSeconds(), TimeUnit.SECONDS).status());
            long callId = console.nextState("WRAP_UP").get("callId").asLong();
            assertEquals(pop.get("callId").asLong(), callId);
            long messageId = saveMessage(api, olive, callId, "Jane Caller", "07700 900321");
            console.nextState("AVAILABLE");
            var message = nodes.a.node.store().messages().find(Scope.admin(), messageId).orElseThrow();
            assertEquals(nodes.centre.olive.id(), message.operatorId());

            // Paused, olive is not offered the next call: node A queues it, and both nodes see it wait.
            assertEquals(200, api.call("PUT", "/api/v1/operator/state", Map.of("state", "PAUSED", "reason", "break"), olive)
                    .statusCode());
            console.nextState("PAUSED");
            var second = nodes.centre.callVia(nodes.a, "07700 900322", "John Caller", (endpoint, ringTimeout) ->
                    CallSimulator.DialOutcome.answeredThenCallerHungUp());
            Await.until("the call waiting on both nodes", () -> nodes.a.node.telephony().acd().waiting().size() == 1
                    && nodes.b.node.telephony().acd().waiting().size() == 1);

            // Resuming on node B, she takes the call node A holds: node A is told over Kafka and rings her.
            assertEquals(200, api.call("PUT", "/api/v1/operator/state", Map.of("state", "AVAILABLE"), olive).statusCode());
            assertEquals("+447700900322", console.next("pop").at("/pop/callerNumber").asText());
            assertEquals("ANSWERED", second.get(CALL.toSeconds(), TimeUnit.SECONDS).status());
            assertEquals("WRAP_UP", console.nextState("WRAP_UP").get("state").asText());
            assertTrue(nodes.a.node.telephony().acd().waiting().isEmpty());
        } finally {
            console.close();
        }
    }

    @Test
    void noKafkaRecordHoldsTheCanaryAfterAWholeFlowOnTwoNodes() throws Exception {
        nodes = new TwoNodes(dir, kafka);
        var canaries = List.of("Zqxcanary", "zqxcanary", "7700900987", "07700 900987", "+447700900987", "zqxboiler");
        long acme = nodes.centre.acme.id();
        nodes.a.node.store().contacts().add(Contact.of(acme, "Pat Plumber", "07700 900555", "pat@acme.example",
                EnumSet.of(DeliveryChannel.SMS, DeliveryChannel.EMAIL), EnumSet.of(DeliveryChannel.SMS, DeliveryChannel.EMAIL), null));

        long messageId = captureOnA("07700 900987", "Zqxcanary Person", "zqxboiler leaking, call 07700 900987");
        var store = nodes.b.node.store();
        Await.until("SMS and email sent", () -> store.dispatches().forMessage(Scope.admin(), messageId).size() == 2
                && store.dispatches().forMessage(Scope.admin(), messageId).stream().allMatch(d -> d.state() == DispatchState.SENT));
        var alice = nodes.apiB.signIn("alice", CallCentre.PASSWORD);
        Await.until("the canary message searchable on node B", () -> hits(nodes.apiB, alice, "zqxboiler") == 1);
        var ack = nodes.apiB.call("POST", "/api/v1/messages/" + messageId + "/acknowledge", null, alice);
        assertEquals(200, ack.statusCode(), ack.body());
        var root = nodes.apiB.signIn("root", CallCentre.PASSWORD);
        var erasure = nodes.apiB.call("POST", "/api/v1/admin/subjects/erase",
                Map.of("phone", "07700 900987", "confirm", "erase"), root);
        assertEquals(200, erasure.statusCode(), erasure.body());
        Await.until("the erasure reached node A's index", () -> nodes.a.node.index().documentCount() == 0);

        var onBroker = kafka.topicNames().stream().filter(name -> name.startsWith(nodes.topicPrefix)).toList();
        assertTrue(onBroker.containsAll(nodes.topicNames()), onBroker.toString());
        var records = kafka.records(onBroker);
        var topicsWithRecords = records.stream().map(r -> r.topic().substring(nodes.topicPrefix.length())).distinct().toList();
        assertTrue(topicsWithRecords.containsAll(List.of(CallOffered.TOPIC.name(), ScreenPop.TOPIC.name(), CallEnded.TOPIC.name(),
                MessageChanged.TOPIC.name(), DispatchChanged.TOPIC.name())),
                "the flow published on every topic about a call, a message or a dispatch: " + topicsWithRecords);
        for (var record : records) {
            String key = record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
            String value = record.value() == null ? "" : new String(record.value(), StandardCharsets.UTF_8);
            for (String canary : canaries) {
                assertFalse(key.contains(canary) || value.contains(canary),
                        record.topic() + " offset " + record.offset() + " holds personal data: " + key + " " + value);
            }
        }
    }

    /**
     * Olive, on node A, goes available; a call from {@code from} is answered and ended; she saves
     * the message through node A's API with {@code reason}. Returns the message's id.
     */
    private long captureOnA(String from, String name, String reason) throws Exception {
        var api = nodes.apiA;
        var olive = api.signIn("olive", CallCentre.PASSWORD);
        Await.until("olive available (out of any wrap-up)", () -> goAvailable(api, olive));
        var call = nodes.centre.call(from, name, new CountDownLatch(0));
        assertEquals("ANSWERED", call.get(CALL.toSeconds(), TimeUnit.SECONDS).status());
        Await.until("olive wrapping up", () -> "WRAP_UP".equals(operatorStatus(api, olive).get("state").asText()));
        long callId = operatorStatus(api, olive).get("callId").asLong();
        return saveMessage(api, olive, callId, name, from, reason);
    }

    private static long saveMessage(ApiClient api, Browser operator, long callId, String name, String from) throws Exception {
        return saveMessage(api, operator, callId, name, from, "Please call back");
    }

    /** Saves the call's message through the operator's API; returns its id. */
    private static long saveMessage(ApiClient api, Browser operator, long callId, String name, String from, String reason)
            throws Exception {
        var fields = new LinkedHashMap<String, String>();
        fields.put("caller_name", name);
        fields.put("callback", from);
        fields.put("reason", reason);
        fields.put("urgency", "normal");
        var saved = api.call("POST", "/api/v1/operator/calls/" + callId + "/message", Map.of("scriptVersion", 1, "fields", fields),
                operator);
        assertEquals(201, saved.statusCode(), saved.body());
        return ApiClient.json(saved).get("id").asLong();
    }

    /** Asks for the operator to be available: refused while the last call's wrap-up has not ended yet. */
    private static boolean goAvailable(ApiClient api, Browser operator) {
        try {
            return api.call("PUT", "/api/v1/operator/state", Map.of("state", "AVAILABLE"), operator).statusCode() == 200;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode operatorStatus(ApiClient api, Browser operator) {
        try {
            return ApiClient.json(api.get("/api/v1/operator", operator)).get("status");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode search(ApiClient api, Browser reader, String text) {
        try {
            var response = api.get("/api/v1/messages?q=" + URLEncoder.encode(text, StandardCharsets.UTF_8), reader);
            assertEquals(200, response.statusCode(), response.body());
            return ApiClient.json(response);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long hits(ApiClient api, Browser reader, String text) {
        return search(api, reader, text).get("total").asLong();
    }

    private static List<Long> ids(ApiClient api, Browser reader, String text) {
        var ids = new ArrayList<Long>();
        search(api, reader, text).get("messages").forEach(m -> ids.add(m.get("id").asLong()));
        return ids;
    }

    /** Whether the node's raw index files hold {@code text}; a file a merge removes while it is read counts as holding it. */
    private static boolean inIndexFiles(PageFixture node, String text) {
        try {
            return IndexFiles.contain(node.config.index().dir(), text);
        } catch (java.nio.file.NoSuchFileException e) {
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Long> save(org.messagebank.store.MessageBankStore store, long clientId, int count) {
        return IntStream.range(0, count).mapToObj(i -> store.messages().save(TestData.message(clientId).build()).id()).toList();
    }

    private static Dispatch dispatchOf(org.messagebank.store.MessageBankStore store, long messageId) {
        var dispatches = store.dispatches().forMessage(Scope.admin(), messageId);
        return dispatches.isEmpty() ? null : dispatches.getFirst();
    }

    /** The message of each email received, from its Message-ID ({@code <m<message>.c<contact>.EMAIL.messagebank@...>}), in order. */
    private List<Long> messagesMailed() {
        return Arrays.stream(greenMail.getReceivedMessages()).map(ClusterTest::messageId)
                .map(id -> Long.parseLong(id.substring(2, id.indexOf('.')))).sorted().toList();
    }

    private static String messageId(MimeMessage mail) {
        try {
            return mail.getMessageID();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
