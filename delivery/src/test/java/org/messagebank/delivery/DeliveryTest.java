package org.messagebank.delivery;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.messagebank.config.ConfigLoader;
import org.messagebank.config.DeliveryConfig;
import org.messagebank.delivery.mail.MailSender;
import org.messagebank.delivery.mail.OutgoingMail;
import org.messagebank.delivery.mail.SmtpMailSender;
import org.messagebank.delivery.mail.SmtpStandIn;
import org.messagebank.delivery.sms.TwilioStandIn;
import org.messagebank.delivery.webhook.HttpWebhookSender;
import org.messagebank.delivery.webhook.WebhookSignature;
import org.messagebank.store.MessageBankStore;
import org.messagebank.store.PhoneNumbers;
import org.messagebank.store.Await;
import org.messagebank.store.Scope;
import org.messagebank.store.TestData;
import org.messagebank.store.TestDatabases;
import org.messagebank.store.domain.Client;
import org.messagebank.store.domain.Contact;
import org.messagebank.store.domain.DeliveryChannel;
import org.messagebank.store.domain.DeliveryRules;
import org.messagebank.store.domain.Dispatch;
import org.messagebank.store.domain.DispatchState;
import org.messagebank.store.domain.Message;
import org.messagebank.store.event.InProcessEventBus;
import org.messagebank.store.jdbc.Database;
import org.messagebank.store.jdbc.JdbcMessageBankStore;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Delivery end to end on the embedded database, with GreenMail, a Twilio stand-in and a webhook receiver. */
class DeliveryTest {
    private static final Instant START = Instant.parse("2026-07-01T10:00:00Z");

    @TempDir
    Path dir;
    private TestData.MutableClock clock;
    private InProcessEventBus bus;
    private MessageBankStore store;
    private GreenMail greenMail;
    private int smtpPort;
    private TwilioStandIn twilio;
    private MockWebServer crm;
    private final List<RecordedRequest> hooks = new CopyOnWriteArrayList<>();
    private DeliveryConfig config;
    private Client acme;
    private Contact alice;
    private Contact bob;
    private Contact carol;
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        clock = new TestData.MutableClock(START);
        bus = new InProcessEventBus();
        store = new JdbcMessageBankStore(Database.open(TestDatabases.h2(dir.resolve("db"))), clock, bus);
        smtpPort = SmtpStandIn.freePort();
        greenMail = startGreenMail();
        twilio = new TwilioStandIn();
        crm = new MockWebServer();
        crm.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                hooks.add(request);
                return new MockResponse.Builder().code(204).build();
            }
        });
        crm.start(InetAddress.getByName("127.0.0.1"), 0);
        config = config(Map.of());

        acme = store.clients().create("Acme Plumbing", "Hello");
        alice = store.contacts().add(Contact.of(acme.id(), "Alice", "+447700900001", "alice@example.com",
                EnumSet.of(DeliveryChannel.EMAIL), EnumSet.of(DeliveryChannel.SMS, DeliveryChannel.EMAIL), null));
        bob = store.contacts().add(Contact.of(acme.id(), "Bob", "+447700900002", "bob@example.com",
                EnumSet.of(DeliveryChannel.SMS), EnumSet.of(DeliveryChannel.SMS), 1));
        carol = store.contacts().add(Contact.of(acme.id(), "Carol", "+447700900003", null,
                EnumSet.noneOf(DeliveryChannel.class), EnumSet.of(DeliveryChannel.SMS), 2));
        store.contacts().saveRules(DeliveryRules.defaults(acme.id())
                .withWebhook("http://127.0.0.1:" + crm.getPort() + "/hook", "crm-secret")
                .withEscalation(Duration.ofMinutes(10), 2));
    }

    @AfterEach
    void tearDown() {
        deliveries.forEach(Delivery::close);
        crm.close();
        twilio.close();
        greenMail.stop();
        store.close();
        bus.close();
    }

    private DeliveryConfig config(Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>();
        env.put("MB_DELIVERY_PUBLIC_URL", "https://mb.example");
        env.put("MB_DELIVERY_WORKERS", "1");
        env.put("MB_DELIVERY_POLL_INTERVAL", "50ms");
        env.put("MB_DELIVERY_LEASE", "2m");
        env.put("MB_DELIVERY_MAX_ATTEMPTS", "3");
        env.put("MB_DELIVERY_RETRY_INITIAL", "1s");
        env.put("MB_DELIVERY_RETRY_MAX", "1m");
        env.put("MB_SMS_TWILIO_ACCOUNT_SID", TwilioStandIn.ACCOUNT);
        env.put("MB_SMS_TWILIO_AUTH_TOKEN", TwilioStandIn.TOKEN);
        env.put("MB_SMS_FROM", "+442079460999");
        env.put("MB_SMS_RATE", "1000");
        env.put("MB_SMS_TIMEOUT", "10s");
        env.put("MB_MAIL_SMTP_HOST", "127.0.0.1");
        env.put("MB_MAIL_SMTP_PORT", Integer.toString(smtpPort));
        env.put("MB_MAIL_SMTP_STARTTLS_REQUIRED", "false");
        env.put("MB_MAIL_SMTP_TIMEOUT", "10s");
        env.put("MB_MAIL_FROM", "Acme Answering <messages@mb.example>");
        env.put("MB_WEBHOOK_PRIVATE_NETWORKS", "true"); // the CRM stand-in listens on this machine
        env.putAll(overrides);
        return ConfigLoader.load(Optional.empty(), env).delivery();
    }

    private Delivery delivery(Supplier<MailSender> mail) {
        var transports = new Delivery.Transports(twilio.sender(config.sms().timeout()), mail,
                new HttpWebhookSender(config.webhookTimeout(), clock, config.webhookPrivateNetworks()));
        var delivery = new Delivery(config, store, bus, clock, new PhoneNumbers("GB"), transports);
        deliveries.add(delivery);
        return delivery;
    }

    private Delivery delivery() {
        return delivery(() -> new SmtpMailSender(config.mail(), clock));
    }

    private GreenMail startGreenMail() {
        return SmtpStandIn.start(smtpPort);
    }

    private Message save(boolean urgent) {
        var builder = TestData.message(acme.id());
        return store.messages().save(urgent ? builder.urgent().build() : builder.build());
    }

    private List<Dispatch> dispatches(Message m) {
        return store.dispatches().forMessage(Scope.tenant(acme.id()), m.id());
    }

    private Dispatch dispatch(Message m, Contact c, DeliveryChannel channel) {
        return dispatches(m).stream().filter(d -> channel == d.channel() && (c == null ? d.contactId() == null : d.contactId() == c.id()))
                .findFirst().orElseThrow();
    }

    private List<String> smsTo() {
        return twilio.accepted().stream().map(c -> c.params().get("To")).toList();
    }

    private List<String> messageIds() {
        return Arrays.stream(greenMail.getReceivedMessages()).map(DeliveryTest::messageId).toList();
    }

    private static String messageId(MimeMessage m) {
        try {
            return m.getMessageID();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void sendsANewMessageToEachContactOnTheirChannelsAndToTheSignedWebhookOnce() throws Exception {
        var delivery = delivery();
        var m = save(false);
        delivery.runDueNow();

        assertEquals(List.of("+447700900002"), smsTo());
        assertEquals(1, greenMail.getReceivedMessages().length);
        assertEquals("alice@example.com", greenMail.getReceivedMessages()[0].getAllRecipients()[0].toString());
        assertEquals(1, hooks.size());
        var hook = hooks.getFirst();
        byte[] body = hook.getBody().toByteArray();
        assertTrue(WebhookSignature.verify("crm-secret", hook.getHeaders().get(WebhookSignature.TIMESTAMP_HEADER),
                hook.getHeaders().get(WebhookSignature.SIGNATURE_HEADER), body, clock.instant(), Duration.ofMinutes(5)));
        assertEquals("m" + m.id() + ":client:WEBHOOK", hook.getHeaders().get(WebhookSignature.DELIVERY_HEADER));
        assertTrue(dispatches(m).stream().allMatch(d -> d.state() == DispatchState.SENT), dispatches(m).toString());
        assertEquals(twilio.accepted().getFirst().sid(), dispatch(m, bob, DeliveryChannel.SMS).providerId());
        assertEquals("https://mb.example/webhooks/twilio/status", twilio.accepted().getFirst().params().get("StatusCallback"));

        store.dispatches().createAll(List.of(new org.messagebank.store.domain.NewDispatch(m.id(), acme.id(), bob.id(),
                DeliveryChannel.SMS, false, clock.instant())));
        assertEquals(0, delivery.runDueNow(), "the idempotency key keeps one dispatch per message, contact and channel");
        assertEquals(1, twilio.accepted().size());
    }

    @Test
    void aWebhookOnThisMachineFailsForGoodByDefaultAndTheOtherChannelsStillGo() throws Exception {
        config = config(Map.of("MB_WEBHOOK_PRIVATE_NETWORKS", "false"));
        var delivery = delivery();
        var m = save(false);
        delivery.runDueNow();

        var hook = dispatches(m).stream().filter(d -> d.channel() == DeliveryChannel.WEBHOOK).findFirst().orElseThrow();
        assertEquals(DispatchState.FAILED, hook.state());
        assertEquals("private-address", hook.errorCode());
        assertEquals(1, hook.attempts(), "refused at once, not retried");
        assertEquals(0, crm.getRequestCount(), "the CRM stand-in on 127.0.0.1 was never called");
        assertEquals(List.of("+447700900002"), smsTo());
        assertEquals(1, greenMail.getReceivedMessages().length);
    }

    /**
     * On H2 a dispatch or escalation created while its message was being deleted can outlive it
     * (ADR 11); here the message row is deleted under them with the keys switched off, which
     * leaves the same rows behind.
     */
    @Test
    void dispatchesAndAnEscalationLeftBehindByTheirDeletedMessageAreDroppedNotSent() throws Exception {
        var delivery = delivery();
        var m = save(true);
        delivery.planner().catchUp();
        assertFalse(dispatches(m).isEmpty());
        assertTrue(store.dispatches().escalation(m.id()).isPresent());
        try (var c = DriverManager.getConnection(TestDatabases.h2(dir.resolve("db")).url()); var s = c.createStatement()) {
            s.execute("SET REFERENTIAL_INTEGRITY FALSE");
            s.execute("DELETE FROM messages WHERE id = " + m.id());
            s.execute("SET REFERENTIAL_INTEGRITY TRUE");
        }

        delivery.runDueNow();
        clock.advance(Duration.ofMinutes(11));
        delivery.runDueNow();

        assertEquals(List.of(), dispatches(m), "dropped with their history");
        assertTrue(store.dispatches().escalation(m.id()).isEmpty());
        assertEquals(0, store.dispatches().deadLetterCount(), "nothing for admins to chase");
        assertEquals(List.of(), smsTo());
        assertEquals(0, greenMail.getReceivedMessages().length);
        assertEquals(0, crm.getRequestCount());
    }

    @Test
    void sendsNothingForAMessageWhoseProcessingIsRestricted() throws Exception {
        var delivery = delivery();
        var planned = save(false);
        store.messages().setRestricted(new Scope.Admin(), planned.id(), true);
        var restrictedAtOnce = save(false);
        store.messages().setRestricted(new Scope.Admin(), restrictedAtOnce.id(), true);

        delivery.runDueNow();

        assertTrue(smsTo().isEmpty() && greenMail.getReceivedMessages().length == 0 && hooks.isEmpty(),
                "nothing left the system for restricted messages");
        assertTrue(dispatches(planned).stream().noneMatch(d -> d.state() == DispatchState.SENT), dispatches(planned).toString());
    }

    @Test
    void holdsNormalMessagesDuringQuietHoursAndSendsThemInTheMorning() throws Exception {
        store.contacts().saveRules(store.contacts().rules(acme.id())
                .withQuietHours(ZoneId.of("Europe/London"), LocalTime.of(21, 30), LocalTime.of(7, 0)));
        clock.advance(Duration.between(START, Instant.parse("2026-07-01T22:00:00Z")));
        var delivery = delivery();
        var normal = save(false);
        var urgent = save(true);
        delivery.runDueNow();

        assertEquals(DispatchState.QUEUED, dispatch(normal, bob, DeliveryChannel.SMS).state());
        assertEquals(Instant.parse("2026-07-02T06:00:00Z"), dispatch(normal, bob, DeliveryChannel.SMS).dueAt());
        assertEquals(DispatchState.SENT, dispatch(urgent, alice, DeliveryChannel.SMS).state());
        assertEquals(DispatchState.SENT, dispatch(normal, null, DeliveryChannel.WEBHOOK).state(), "machines have no quiet hours");

        clock.advance(Duration.ofHours(7).plusMinutes(59));
        delivery.runDueNow();
        assertEquals(DispatchState.QUEUED, dispatch(normal, bob, DeliveryChannel.SMS).state());
        clock.advance(Duration.ofMinutes(1));
        delivery.runDueNow();
        assertEquals(DispatchState.SENT, dispatch(normal, bob, DeliveryChannel.SMS).state());
        assertEquals(DispatchState.SENT, dispatch(normal, alice, DeliveryChannel.EMAIL).state());
    }

    @Test
    void escalatesAnUnacknowledgedUrgentMessageDownTheListThenStops() throws Exception {
        var dave = store.contacts().add(Contact.of(acme.id(), "Dave", "+447700900004", null,
                EnumSet.noneOf(DeliveryChannel.class), EnumSet.of(DeliveryChannel.SMS), 3));
        var delivery = delivery();
        var m = save(true);
        delivery.runDueNow();
        assertEquals(List.of("+447700900001", "+447700900002"), smsTo().stream().sorted().toList(),
                "Alice (not on the list) and Bob (first on call) at once; Carol and Dave wait their turn");

        clock.advance(Duration.ofMinutes(9));
        delivery.runDueNow();
        assertEquals(2, twilio.accepted().size());
        clock.advance(Duration.ofMinutes(1));
        delivery.runDueNow();
        assertEquals("+447700900003", smsTo().getLast(), "round one reaches Carol");
        assertEquals(1, store.dispatches().escalation(m.id()).orElseThrow().roundsDone());

        clock.advance(Duration.ofMinutes(10));
        delivery.runDueNow();
        assertEquals(dave.mobile(), smsTo().getLast(), "round two reaches Dave");
        assertTrue(store.dispatches().escalation(m.id()).orElseThrow().finished(), "two rounds allowed");

        clock.advance(Duration.ofHours(1));
        delivery.runDueNow();
        assertEquals(4, twilio.accepted().size());
    }

    @Test
    void stopsEscalatingWhenTheContactRepliesToAcknowledge() throws Exception {
        var delivery = delivery();
        var m = save(true);
        delivery.runDueNow();
        var params = Map.of("From", "+447700900001", "Body", "1");
        String url = "https://mb.example" + Delivery.TWILIO_INBOUND_PATH;
        var reply = delivery.twilioWebhooks().inbound(url, params,
                TwilioStandIn.signature(TwilioStandIn.TOKEN, url, params));
        assertEquals(200, reply.status());

        clock.advance(Duration.ofMinutes(30));
        delivery.runDueNow();
        assertEquals(List.of("+447700900001", "+447700900002"), smsTo().stream().sorted().toList(), "Carol is never reached");
        assertTrue(store.dispatches().escalation(m.id()).orElseThrow().finished());
        assertEquals(DispatchState.ACKNOWLEDGED, dispatch(m, alice, DeliveryChannel.SMS).state());
    }

    @Test
    void stopsEscalatingAndCancelsQueuedDispatchesWhenAcknowledgedInThePortal() throws Exception {
        store.contacts().saveRules(store.contacts().rules(acme.id())
                .withQuietHours(ZoneId.of("UTC"), LocalTime.of(0, 0), LocalTime.of(23, 59)));
        var delivery = delivery();
        var m = save(false);
        delivery.runDueNow();
        assertEquals(DispatchState.QUEUED, dispatch(m, bob, DeliveryChannel.SMS).state());
        store.messages().acknowledge(Scope.tenant(acme.id()), m.id());
        delivery.runDueNow();
        clock.advance(Duration.ofDays(1));
        delivery.runDueNow();
        assertTrue(twilio.accepted().isEmpty());
        assertEquals(DispatchState.ACKNOWLEDGED, dispatch(m, bob, DeliveryChannel.SMS).state());
    }

    @Test
    void retriesTwilioTooManyRequestsWithBackOffAndSendsOnce() throws Exception {
        var refusals = new AtomicInteger(2);
        twilio.scenario(params -> refusals.getAndDecrement() > 0
                ? Optional.of(TwilioStandIn.error(429, 20429, "Too Many Requests")) : Optional.empty());
        var delivery = delivery();
        var m = save(false);
        delivery.runDueNow();
        var first = dispatch(m, bob, DeliveryChannel.SMS);
        assertEquals(DispatchState.QUEUED, first.state());
        assertEquals("20429", first.errorCode());
        assertTrue(first.dueAt().isAfter(clock.instant()));
        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofMinutes(1));
            delivery.runDueNow();
        }
        var sent = dispatch(m, bob, DeliveryChannel.SMS);
        assertEquals(DispatchState.SENT, sent.state());
        assertEquals(3, sent.attempts());
        assertEquals(3, twilio.requests(), "one request per attempt: no hidden retries inside the SDK or HttpClient");
        assertEquals(1, twilio.accepted().size());
    }

    @Test
    void deadLettersAfterTheLastAttemptAndKeepsPermanentReasonsForTheClient() throws Exception {
        twilio.scenario(params -> params.get("To").equals("+447700900002")
                ? Optional.of(TwilioStandIn.error(500, 20500, "Internal Server Error"))
                : Optional.of(TwilioStandIn.error(400, 21610, "Attempt to send to unsubscribed recipient")));
        var dave = store.contacts().add(Contact.of(acme.id(), "Dave", "+447700900004", null,
                EnumSet.of(DeliveryChannel.SMS), EnumSet.noneOf(DeliveryChannel.class), null));
        var delivery = delivery();
        var m = save(false);
        for (int i = 0; i < 4; i++) {
            delivery.runDueNow();
            clock.advance(Duration.ofMinutes(1));
        }
        var bobs = dispatch(m, bob, DeliveryChannel.SMS);
        assertEquals(DispatchState.FAILED, bobs.state());
        assertTrue(bobs.deadLetter());
        assertEquals(3, bobs.attempts());
        var daves = dispatch(m, dave, DeliveryChannel.SMS);
        assertEquals(DispatchState.FAILED, daves.state());
        assertEquals("21610", daves.errorCode());
        assertEquals("Attempt to send to unsubscribed recipient", daves.errorText());
        assertEquals(1, daves.attempts());
        assertTrue(!daves.deadLetter());
        assertEquals(List.of(bobs.id()), store.dispatches().deadLetters(10).stream().map(Dispatch::id).toList());
    }

    @Test
    void losesNothingAndSendsNothingTwiceWhenSmtpIsDownThenUp() throws Exception {
        var delivery = delivery();
        greenMail.stop();
        var messages = List.of(save(false), save(false), save(false), save(false));
        delivery.runDueNow();
        for (Message m : messages) {
            var d = dispatch(m, alice, DeliveryChannel.EMAIL);
            assertEquals(DispatchState.QUEUED, d.state());
            assertEquals("connection", d.errorCode());
        }
        greenMail = startGreenMail();
        clock.advance(Duration.ofMinutes(1));
        delivery.runDueNow();
        var expected = messages.stream().map(m -> "<m" + m.id() + ".c" + alice.id() + ".EMAIL.messagebank@mb.example>").sorted().toList();
        assertEquals(expected, messageIds().stream().sorted().toList());
        messages.forEach(m -> assertEquals(DispatchState.SENT, dispatch(m, alice, DeliveryChannel.EMAIL).state()));
    }

    @Test
    void retriesADispatchLeftSendingByACrashOnceItsLeaseRunsOut() throws Exception {
        var crashing = deliveryAroundSmtp((real, mail) -> {
            real.send(mail);
            throw new IllegalStateException("the node died after the SMTP server accepted the email");
        });
        var m = save(false);
        crashing.planner().catchUp();
        try {
            crashing.runDueNow();
        } catch (IllegalStateException expected) {
            // the crash
        }
        assertEquals(DispatchState.SENDING, dispatch(m, alice, DeliveryChannel.EMAIL).state());

        var restarted = delivery();
        restarted.runDueNow();
        assertEquals(DispatchState.SENDING, dispatch(m, alice, DeliveryChannel.EMAIL).state(), "still leased");
        clock.advance(config.lease());
        restarted.runDueNow();
        var d = dispatch(m, alice, DeliveryChannel.EMAIL);
        assertEquals(DispatchState.SENT, d.state());
        assertEquals(2, d.attempts());
        assertEquals(2, messageIds().size(), "at least once: the email went out before the crash and again after");
        assertEquals(1, messageIds().stream().distinct().count(), "both copies carry the same Message-ID");
    }

    /** Delivery whose mail sender does {@code send} with a real SMTP sender (to GreenMail) at hand. */
    private Delivery deliveryAroundSmtp(BiFunction<SmtpMailSender, OutgoingMail, SendResult> send) {
        return delivery(() -> new MailSender() {
            private final SmtpMailSender real = new SmtpMailSender(config.mail(), clock);

            @Override
            public SendResult send(OutgoingMail mail) {
                return send.apply(real, mail);
            }

            @Override
            public void close() {
                real.close();
            }
        });
    }

    /** A mail sender that sends through GreenMail after running {@code whileSending}: a slow SMTP server, seen by the clock. */
    private Delivery deliveryWithSlowMail(Runnable whileSending) {
        return deliveryAroundSmtp((real, mail) -> {
            whileSending.run();
            return real.send(mail);
        });
    }

    @Test
    void aClaimedDispatchWaitingBehindSlowSendsHasItsLeaseRenewedSoNoOtherNodeSendsItToo() throws Exception {
        var rivalClaims = new CopyOnWriteArrayList<Dispatch>();
        var slow = deliveryWithSlowMail(() -> {
            clock.advance(config.lease().multipliedBy(6).dividedBy(10));
            rivalClaims.addAll(store.dispatches().claimDue("node-b-mail-0", EnumSet.of(DeliveryChannel.EMAIL), clock.instant(),
                    config.lease(), 10));
        });
        var messages = IntStream.range(0, 3).mapToObj(i -> save(false)).toList();
        slow.planner().catchUp();
        slow.runDueNow();

        assertEquals(List.of(), rivalClaims, "each waiting dispatch was renewed before its lease ran out");
        messages.forEach(m -> assertEquals(DispatchState.SENT, dispatch(m, alice, DeliveryChannel.EMAIL).state()));
        assertEquals(3, messageIds().size(), "one email per message");
        assertEquals(3, messageIds().stream().distinct().count());
    }

    @Test
    void workersLookAtTheirLeasesEveryPollAndAtLeastFourTimesPerLease() {
        assertEquals(Duration.ofMillis(50), Delivery.leaseCheck(config), "poll 50ms, lease 2m");
        assertEquals(Duration.ofMillis(500), Delivery.leaseCheck(config(Map.of("MB_DELIVERY_POLL_INTERVAL", "1s",
                "MB_DELIVERY_LEASE", "2s"))));
    }

    /** Waits until the email dispatch of {@code m} has more than half a lease left again. */
    private void awaitLeaseRenewed(Message m) throws InterruptedException {
        Await.until("the lease renewed during the send", () -> dispatch(m, alice, DeliveryChannel.EMAIL).leaseUntil()
                .isAfter(clock.instant().plus(config.lease().dividedBy(2))));
    }

    @Test
    void aSingleSendLongerThanTheLeaseKeepsItsLeaseSoNoOtherNodeSendsItToo() throws Exception {
        var m = save(false);
        var rivalClaims = new CopyOnWriteArrayList<Dispatch>();
        var slow = deliveryWithSlowMail(() -> {
            try {
                for (int step = 0; step < 3; step++) {
                    // Each step leaves less than half of the lease: renewal is due, and without it the next step ends the lease.
                    clock.advance(config.lease().multipliedBy(6).dividedBy(10));
                    rivalClaims.addAll(store.dispatches().claimDue("node-b-mail-0", EnumSet.of(DeliveryChannel.EMAIL), clock.instant(),
                            config.lease(), 10));
                    awaitLeaseRenewed(m);
                }
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        slow.planner().catchUp();
        slow.runDueNow();

        assertEquals(List.of(), rivalClaims, "the lease was kept for the whole send, 1.8 times the lease");
        assertEquals(DispatchState.SENT, dispatch(m, alice, DeliveryChannel.EMAIL).state());
        assertEquals(1, messageIds().size(), "one email");
    }

    @Test
    void aSendStuckForTenLeasesHasItsLeaseLeftToRunOutSoAnotherNodeTakesTheDispatch() throws Exception {
        var m = save(false);
        var rivalClaims = new CopyOnWriteArrayList<Dispatch>();
        var leases = new AtomicInteger();
        var warnings = new ListAppender<ILoggingEvent>();
        var log = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(HeldLeases.class);
        warnings.start();
        log.addAppender(warnings);
        var stuck = deliveryWithSlowMail(() -> {
            try {
                // Steps of 0.6 leases: each leaves less than half, so a renewal is due every step.
                for (int step = 1; rivalClaims.isEmpty() && step <= 40; step++) {
                    clock.advance(config.lease().multipliedBy(6).dividedBy(10));
                    if (step * 6 < HeldLeases.MAX_HOLD_LEASES * 10) {
                        awaitLeaseRenewed(m);
                        leases.set(step);
                    } else {
                        Await.until("the worker giving the claim up", () -> warnings.list.stream()
                                .anyMatch(e -> e.getLevel() == Level.WARN && e.getFormattedMessage().contains("a send seems stuck")));
                        rivalClaims.addAll(store.dispatches().claimDue("node-b-mail-0", EnumSet.of(DeliveryChannel.EMAIL),
                                clock.instant(), config.lease(), 10));
                    }
                }
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        try {
            stuck.planner().catchUp();
            stuck.runDueNow();
        } finally {
            log.detachAppender(warnings);
        }

        assertEquals(16, leases.get(), "renewed through 9.6 leases");
        assertEquals(1, rivalClaims.size(), "after ten leases the claim was left to run out, and node B took it");
        assertEquals("node-b-mail-0", dispatch(m, alice, DeliveryChannel.EMAIL).leaseOwner());
        assertEquals(DispatchState.SENDING, dispatch(m, alice, DeliveryChannel.EMAIL).state(), "node B's to send now");
    }

    @Test
    void claimedDispatchesWhoseLeasesAnotherNodeTookDuringASendLongerThanTheLeaseAreLeftToThatNode() throws Exception {
        // A node paused longer than the lease: its lease keeper looks only every 30 s (a quarter of the lease), never within this test.
        config = config(Map.of("MB_DELIVERY_POLL_INTERVAL", "1m"));
        var rivalClaims = new CopyOnWriteArrayList<Dispatch>();
        var stalled = deliveryWithSlowMail(() -> {
            if (rivalClaims.isEmpty()) {
                clock.advance(config.lease().plusSeconds(1));
                rivalClaims.addAll(store.dispatches().claimDue("node-b-mail-0", EnumSet.of(DeliveryChannel.EMAIL), clock.instant(),
                        config.lease(), 10));
            }
        });
        var messages = IntStream.range(0, 3).mapToObj(i -> save(false)).toList();
        stalled.planner().catchUp();
        stalled.runDueNow();

        assertEquals(3, rivalClaims.size(), "node B took all three once their leases ran out, the one in flight included");
        for (Dispatch taken : rivalClaims) {
            var now = store.dispatches().find(taken.id()).orElseThrow();
            assertEquals(DispatchState.SENDING, now.state());
            assertEquals("node-b-mail-0", now.leaseOwner(), "left to node B");
        }
        assertEquals(1, messageIds().size(), "only the email that was in flight went out: the two waiting ones were left to node B");
        assertTrue(messages.stream().anyMatch(m -> messageIds().getFirst().equals(
                "<m" + m.id() + ".c" + alice.id() + ".EMAIL.messagebank@mb.example>")));
    }

    @Test
    void followsTheOutboxInTheBackground() throws Exception {
        var delivery = delivery();
        delivery.start();
        var m = save(false);
        Await.until("the email and the SMS", () -> greenMail.getReceivedMessages().length == 1 && twilio.accepted().size() == 1
                && dispatches(m).stream().allMatch(d -> d.state() == DispatchState.SENT));
        delivery.close();
    }

    @Test
    void eachMessagesDispatchJobWakesTheWorkersOfOneNodeWithoutWaitingForTheirPoll() throws Exception {
        config = config(Map.of("MB_DELIVERY_POLL_INTERVAL", "1m"));
        var jobs = new CopyOnWriteArrayList<DispatchJob>();
        bus.subscribe(DispatchJob.TOPIC, "observer", jobs::add);
        var nodeA = delivery();
        var nodeB = delivery();
        nodeA.start();
        nodeB.start();
        Thread.sleep(300); // both nodes' workers have looked once at start and now wait a minute for their next poll

        var messages = IntStream.range(0, 6).mapToObj(i -> save(false)).toList();

        Await.until("every message sent by email, SMS and webhook, well before a poll", Duration.ofSeconds(30), () -> messages.stream()
                .allMatch(m -> dispatches(m).size() == 3 && dispatches(m).stream().allMatch(d -> d.state() == DispatchState.SENT)));
        assertEquals(6, greenMail.getReceivedMessages().length);
        assertEquals(6, twilio.accepted().size());
        assertEquals(messages.stream().flatMap(m -> Stream.of(DeliveryChannel.SMS, DeliveryChannel.EMAIL, DeliveryChannel.WEBHOOK)
                        .map(channel -> new DispatchJob(m.id(), channel))).toList(),
                jobs.stream().sorted(Comparator.comparingLong(DispatchJob::messageId).thenComparing(DispatchJob::channel)).toList(),
                "one job per message and channel");
    }

    @Test
    void writesSmsAndEmlFilesWhenNeitherTwilioNorSmtpIsConfigured() throws Exception {
        var embedded = ConfigLoader.load(Optional.empty(), Map.of()).delivery();
        Path data = dir.resolve("data");
        var delivery = new Delivery(embedded, store, bus, clock, new PhoneNumbers("GB"), Delivery.transports(embedded, data, clock));
        deliveries.add(delivery);
        store.contacts().saveRules(DeliveryRules.defaults(acme.id()));
        var m = save(false);
        delivery.runDueNow();
        try (var sms = Files.list(data.resolve("outbox/sms")); var mail = Files.list(data.resolve("outbox/mail"))) {
            assertEquals(List.of("m" + m.id() + "_c" + bob.id() + "_SMS.txt"), sms.map(p -> p.getFileName().toString()).toList());
            assertEquals(List.of("m" + m.id() + "_c" + alice.id() + "_EMAIL.eml"), mail.map(p -> p.getFileName().toString()).toList());
        }
    }

}
