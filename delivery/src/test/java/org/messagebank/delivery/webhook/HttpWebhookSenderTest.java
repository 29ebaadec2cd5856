package org.messagebank.delivery.webhook;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.messagebank.delivery.SendResult;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Webhook POSTs against a local HTTP server: what is sent, how answers are read, and which hosts are refused. */
class HttpWebhookSenderTest {
    private static final byte[] JSON = "{\"message\":1}".getBytes(StandardCharsets.UTF_8);

    private MockWebServer crm;
    private HttpWebhookSender toPublicOnly;
    private HttpWebhookSender toAny;

    @BeforeEach
    void start() throws Exception {
        crm = new MockWebServer();
        crm.start(InetAddress.getByName("127.0.0.1"), 0);
        toPublicOnly = new HttpWebhookSender(Duration.ofSeconds(1), Clock.systemUTC(), false);
        toAny = new HttpWebhookSender(Duration.ofSeconds(1), Clock.systemUTC(), true);
    }

    @AfterEach
    void stop() {
        toPublicOnly.close();
        toAny.close();
        crm.close();
    }

    private String url(String host) {
        return "http://" + host + ":" + crm.getPort() + "/hook";
    }

    @Test
    void aHostThatResolvesToThisMachineIsRefusedWhenItIsCalledWithoutReachingIt() {
        for (String host : new String[] {"localhost", "127.0.0.1"}) {
            var result = toPublicOnly.post(url(host), "crm-secret", "m1:client:WEBHOOK", JSON);
            var refused = assertPermanent(result, "private-address");
            assertTrue(refused.text().contains("webhook.private-networks"), refused.text());
        }
        assertEquals(0, crm.getRequestCount(), "nothing reached the server");
    }

    @Test
    void postsTheSignedDocumentWhenPrivateNetworksAreAllowed() throws Exception {
        crm.enqueue(new MockResponse.Builder().code(204).build());
        assertEquals(SendResult.sent("m1:client:WEBHOOK"), toAny.post(url("localhost"), "crm-secret", "m1:client:WEBHOOK", JSON));
        var request = crm.takeRequest(5, TimeUnit.SECONDS);
        assertEquals("POST", request.getMethod());
        assertEquals("application/json; charset=UTF-8", request.getHeaders().get("Content-Type"));
        assertEquals("MessageBank-Webhook/1", request.getHeaders().get("User-Agent"));
        assertEquals("m1:client:WEBHOOK", request.getHeaders().get(WebhookSignature.DELIVERY_HEADER));
        String timestamp = request.getHeaders().get(WebhookSignature.TIMESTAMP_HEADER);
        assertTrue(WebhookSignature.verify("crm-secret", timestamp, request.getHeaders().get(WebhookSignature.SIGNATURE_HEADER),
                JSON, java.time.Instant.now(), Duration.ofMinutes(5)));
        assertEquals(new String(JSON, StandardCharsets.UTF_8), request.getBody().utf8());
    }

    @Test
    void readsEachAnswerAsSentRetryableOrPermanentAndNeverFollowsARedirect() {
        crm.enqueue(new MockResponse.Builder().code(302).addHeader("Location", url("localhost") + "/elsewhere").build());
        crm.enqueue(new MockResponse.Builder().code(503).build());
        crm.enqueue(new MockResponse.Builder().code(429).build());
        crm.enqueue(new MockResponse.Builder().code(410).build());
        assertPermanent(toAny.post(url("localhost"), "s", "d", JSON), "http-302");
        assertEquals(SendResult.retryable("http-503", "the webhook answered 503"), toAny.post(url("localhost"), "s", "d", JSON));
        assertEquals(SendResult.retryable("http-429", "the webhook answered 429"), toAny.post(url("localhost"), "s", "d", JSON));
        assertPermanent(toAny.post(url("localhost"), "s", "d", JSON), "http-410");
        assertEquals(4, crm.getRequestCount(), "the redirect was not followed");
    }

    @Test
    void aReceiverSlowerThanTheTimeOutIsRetriedLater() {
        crm.enqueue(new MockResponse.Builder().code(204).headersDelay(3, TimeUnit.SECONDS).build());
        assertEquals(SendResult.retryable("timeout", "the webhook did not answer in time"), toAny.post(url("localhost"), "s", "d", JSON));
    }

    @Test
    void aReceiverThatKeepsAnsweringSlowlyIsCutOffAtTwiceTheTimeOut() {
        // Each byte of the body comes well within the 1 s read time-out, the whole body only after 30 s.
        crm.enqueue(new MockResponse.Builder().code(200).body("x".repeat(60)).throttleBody(1, 500, TimeUnit.MILLISECONDS)
                .doNotReadRequestBody().build());
        assertEquals(SendResult.retryable("timeout", "the webhook did not answer in time"), toAny.post(url("localhost"), "s", "d", JSON));
    }

    @Test
    void aUrlWithoutAHostOrOfAnotherSchemeFailsForGood() {
        assertPermanent(toAny.post("not a url", "s", "d", JSON), "url");
        assertPermanent(toAny.post("ftp://localhost/hook", "s", "d", JSON), "url");
        assertPermanent(toAny.post("/hook", "s", "d", JSON), "url");
        assertEquals(0, crm.getRequestCount());
    }

    private static SendResult.Permanent assertPermanent(SendResult result, String code) {
        assertTrue(result instanceof SendResult.Permanent p && p.code().equals(code), result.toString());
        return (SendResult.Permanent) result;
    }
}
