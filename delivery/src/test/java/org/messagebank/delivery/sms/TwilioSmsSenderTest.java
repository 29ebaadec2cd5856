package org.messagebank.delivery.sms;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.messagebank.delivery.SendResult;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TwilioSmsSenderTest {
    private static final OutgoingSms SMS = new OutgoingSms("+442079460999", "+447700900123", "Call Jane back",
            "https://mb.example/webhooks/twilio/status", "m1:c1:SMS");
    private TwilioStandIn twilio;
    private SmsSender sender;

    @BeforeEach
    void start() throws Exception {
        twilio = new TwilioStandIn();
        sender = twilio.sender(Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() {
        twilio.close();
    }

    @Test
    void sendsThroughTheSdkWithFromToBodyAndStatusCallback() {
        var result = assertInstanceOf(SendResult.Sent.class, sender.send(SMS));
        var created = twilio.accepted().getFirst();
        assertEquals(created.sid(), result.providerId());
        assertEquals("+442079460999", created.params().get("From"));
        assertEquals("+447700900123", created.params().get("To"));
        assertEquals("Call Jane back", created.params().get("Body"));
        assertEquals("https://mb.example/webhooks/twilio/status", created.params().get("StatusCallback"));
    }

    @Test
    void sendsFromAMessagingServiceWhenTheSenderIsItsSid() {
        sender.send(new OutgoingSms("MG00000000000000000000000000000009", "+447700900123", "hi", null, "r"));
        var params = twilio.accepted().getFirst().params();
        assertEquals("MG00000000000000000000000000000009", params.get("MessagingServiceSid"));
        assertEquals(null, params.get("From"));
    }

    @Test
    void treatsTooManyRequestsAsTransient() {
        twilio.scenario(params -> Optional.of(TwilioStandIn.error(429, 20429, "Too Many Requests")));
        var result = assertInstanceOf(SendResult.Transient.class, sender.send(SMS));
        assertEquals("20429", result.code());
    }

    @Test
    void treatsServerErrorsAsTransient() {
        twilio.scenario(params -> Optional.of(TwilioStandIn.error(500, 20500, "Internal Server Error")));
        assertInstanceOf(SendResult.Transient.class, sender.send(SMS));
        assertTrue(twilio.accepted().isEmpty());
        assertEquals(1, twilio.requests(), "the SDK does not repeat the request itself");
    }

    @Test
    void treatsATimeOutAsTransient() {
        twilio.scenario(params -> Optional.of(TwilioStandIn.slow(Duration.ofSeconds(3))));
        var impatient = twilio.sender(Duration.ofMillis(300));
        var result = assertInstanceOf(SendResult.Transient.class, impatient.send(SMS));
        assertEquals("connection", result.code());
    }

    @Test
    void treatsARefusedConnectionAsTransient() throws Exception {
        int closedPort;
        try (var socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        var nowhere = TwilioSmsSender.create(TwilioStandIn.ACCOUNT, TwilioStandIn.TOKEN, Duration.ofMillis(500),
                Optional.of(URI.create("http://127.0.0.1:" + closedPort)));
        assertInstanceOf(SendResult.Transient.class, nowhere.send(SMS));
    }

    @Test
    void keepsTheCodeAndTextOfAnInvalidNumber() {
        twilio.scenario(params -> Optional.of(TwilioStandIn.error(400, 21211, "The 'To' number is not a valid phone number.")));
        var result = assertInstanceOf(SendResult.Permanent.class, sender.send(SMS));
        assertEquals("21211", result.code());
        assertEquals("The 'To' number is not a valid phone number.", result.text());
    }

    @Test
    void treatsAnUnsubscribedRecipientAsPermanent() {
        twilio.scenario(params -> Optional.of(TwilioStandIn.error(400, 21610, "Attempt to send to unsubscribed recipient")));
        var result = assertInstanceOf(SendResult.Permanent.class, sender.send(SMS));
        assertEquals("21610", result.code());
    }
}
