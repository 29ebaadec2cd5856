package org.messagebank.delivery.sms;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.messagebank.store.MessageBankStore;
import org.messagebank.store.PhoneNumbers;
import org.messagebank.store.Scope;
import org.messagebank.store.TestData;
import org.messagebank.store.TestDatabases;
import org.messagebank.store.domain.Contact;
import org.messagebank.store.domain.DeliveryChannel;
import org.messagebank.store.domain.Dispatch;
import org.messagebank.store.domain.DispatchState;
import org.messagebank.store.domain.NewDispatch;
import org.messagebank.store.event.InProcessEventBus;
import org.messagebank.store.jdbc.Database;
import org.messagebank.store.jdbc.JdbcMessageBankStore;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

class TwilioWebhooksTest {
    private static final String STATUS_URL = "https://mb.example/webhooks/twilio/status";
    private static final String INBOUND_URL = "https://mb.example/webhooks/twilio/inbound";
    @TempDir
    Path dir;
    private InProcessEventBus bus;
    private MessageBankStore store;
    private TwilioWebhooks webhooks;
    private Dispatch sent;
    private long messageId;

    @BeforeEach
    void open() {
        bus = new InProcessEventBus();
        var clock = new TestData.MutableClock(Instant.parse("2026-03-01T09:00:00Z"));
        store = new JdbcMessageBankStore(Database.open(TestDatabases.h2(dir)), clock, bus);
        var client = store.clients().create("Acme", "Hello");
        var contact = store.contacts().add(Contact.of(client.id(), "Alice", "+447700900001", null,
                EnumSet.of(DeliveryChannel.SMS), EnumSet.of(DeliveryChannel.SMS), null));
        var message = store.messages().save(TestData.message(client.id()).urgent().build());
        messageId = message.id();
        store.dispatches().createAll(List.of(new NewDispatch(message.id(), client.id(), contact.id(), DeliveryChannel.SMS, true, clock.instant())));
        var claimed = store.dispatches().claimDue("w", EnumSet.of(DeliveryChannel.SMS), clock.instant(), Duration.ofMinutes(1), 1).getFirst();
        store.dispatches().markSent(claimed.id(), "w", "SM0001");
        sent = claimed;
        webhooks = new TwilioWebhooks(TwilioStandIn.TOKEN, store, new PhoneNumbers("GB"), "1");
    }

    @AfterEach
    void close() {
        store.close();
        bus.close();
    }

    private DispatchState state() {
        return store.dispatches().find(sent.id()).orElseThrow().state();
    }

    @Test
    void marksTheDispatchDeliveredOnASignedStatusCallback() throws Exception {
        var params = Map.of("MessageSid", "SM0001", "MessageStatus", "delivered", "AccountSid", TwilioStandIn.ACCOUNT);
        var reply = webhooks.status(STATUS_URL, params, TwilioStandIn.signature(TwilioStandIn.TOKEN, STATUS_URL, params));
        assertEquals(200, reply.status());
        assertEquals(DispatchState.DELIVERED, state());
    }

    @Test
    void keepsTwilioErrorCodeWhenDeliveryFailed() throws Exception {
        var params = Map.of("MessageSid", "SM0001", "MessageStatus", "undelivered", "ErrorCode", "30003");
        webhooks.status(STATUS_URL, params, TwilioStandIn.signature(TwilioStandIn.TOKEN, STATUS_URL, params));
        var d = store.dispatches().find(sent.id()).orElseThrow();
        assertEquals(DispatchState.FAILED, d.state());
        assertEquals("30003", d.errorCode());
    }

    @Test
    void refusesATamperedOrMissingSignatureAndChangesNothing() throws Exception {
        var signed = Map.of("MessageSid", "SM0001", "MessageStatus", "failed");
        var signature = TwilioStandIn.signature(TwilioStandIn.TOKEN, STATUS_URL, signed);
        var tampered = Map.of("MessageSid", "SM0001", "MessageStatus", "delivered");
        assertEquals(403, webhooks.status(STATUS_URL, tampered, signature).status());
        assertEquals(403, webhooks.status("https://evil.example/webhooks/twilio/status", signed, signature).status());
        assertEquals(403, webhooks.status(STATUS_URL, signed, null).status());
        assertEquals(403, webhooks.status(STATUS_URL, signed, TwilioStandIn.signature("other-token", STATUS_URL, signed)).status());
        assertEquals(DispatchState.SENT, state());
    }

    @Test
    void refusesEverythingWithoutAnAuthToken() throws Exception {
        var unverifiable = new TwilioWebhooks("", store, new PhoneNumbers("GB"), "1");
        var params = Map.of("MessageSid", "SM0001", "MessageStatus", "delivered");
        assertEquals(403, unverifiable.status(STATUS_URL, params, TwilioStandIn.signature("guess", STATUS_URL, params)).status());
    }

    @Test
    void acknowledgesTheLatestUrgentMessageWhenTheContactRepliesTheWord() throws Exception {
        var params = Map.of("From", "07700 900001", "Body", " 1 ", "To", "+442079460999");
        var reply = webhooks.inbound(INBOUND_URL, params, TwilioStandIn.signature(TwilioStandIn.TOKEN, INBOUND_URL, params));
        assertEquals(200, reply.status());
        assertEquals("text/xml; charset=utf-8", reply.contentType());
        assertNotNull(store.messages().find(Scope.admin(), messageId).orElseThrow().acknowledgedAt());
        assertEquals(DispatchState.ACKNOWLEDGED, state());
    }

    @Test
    void ignoresOtherRepliesAndUnsignedOnes() throws Exception {
        var other = Map.of("From", "+447700900001", "Body", "thanks");
        webhooks.inbound(INBOUND_URL, other, TwilioStandIn.signature(TwilioStandIn.TOKEN, INBOUND_URL, other));
        var unsigned = Map.of("From", "+447700900001", "Body", "1");
        assertEquals(403, webhooks.inbound(INBOUND_URL, unsigned, "bm90IGEgc2lnbmF0dXJl").status());
        assertNull(store.messages().find(Scope.admin(), messageId).orElseThrow().acknowledgedAt());
    }

    @Test
    void parsesTwilioFormBodies() {
        assertEquals(Map.of("Body", "1 & more", "From", "+447700900001"),
                TwilioWebhooks.formParameters("Body=1+%26+more&From=%2B447700900001".getBytes(StandardCharsets.UTF_8)));
    }
}
