package org.messagebank.server;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.messagebank.config.ConfigLoader;
import org.messagebank.store.Await;
import org.messagebank.store.Scope;
import org.messagebank.store.TestData;
import org.messagebank.store.domain.Contact;
import org.messagebank.store.domain.DeliveryChannel;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The node wires delivery: files in the embedded default, and Twilio's webhooks mounted and signature-checked. */
class DeliveryRoutesTest {
    private static final String TOKEN = "route-test-token";
    private static final String PUBLIC = "https://mb.example";
    @TempDir
    Path dir;
    private Node node;
    private String base;

    @BeforeEach
    void start() throws Exception {
        var file = ServerTestSupport.configIn(dir, "delivery:\n  public-url: " + PUBLIC + "\n  poll-interval: 50ms");
        var config = ConfigLoader.load(Optional.of(file), Map.of("MB_SMS_TWILIO_AUTH_TOKEN", TOKEN));
        node = Node.open(config, Clock.systemUTC());
        base = "http://127.0.0.1:" + node.serveHttp().getPort();
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private static String sign(String url, Map<String, String> params) throws Exception {
        var data = new StringBuilder(url);
        new java.util.TreeMap<>(params).forEach((k, v) -> data.append(k).append(v));
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(TOKEN.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private HttpResponse<String> post(String path, String form, String signature) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (signature != null) {
            request.header("X-Twilio-Signature", signature);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void writesSmsAndEmailFilesUnderTheDataDirectoryByDefault() throws Exception {
        var store = node.store();
        var client = store.clients().create("Acme", "Hello");
        store.contacts().add(Contact.of(client.id(), "Alice", "+447700900001", "alice@example.com",
                EnumSet.of(DeliveryChannel.SMS, DeliveryChannel.EMAIL), EnumSet.of(DeliveryChannel.SMS), null));
        store.messages().save(TestData.message(client.id()).build());
        Await.until("an SMS file and an .eml file", () -> count(dir.resolve("data/outbox/sms")) == 1 && count(dir.resolve("data/outbox/mail")) == 1);
        Await.until("both dispatches counted as sent in the metrics", () -> {
            try {
                return ServerTestSupport.get(base + "/metrics").body().contains("messagebank_delivery_dispatches{state=\"SENT\"} 2.0");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void acknowledgesBySignedSmsReplyAndRefusesUnsignedOnes() throws Exception {
        var store = node.store();
        var client = store.clients().create("Acme", "Hello");
        store.contacts().add(Contact.of(client.id(), "Alice", "+447700900001", null,
                EnumSet.of(DeliveryChannel.SMS), EnumSet.of(DeliveryChannel.SMS), null));
        var message = store.messages().save(TestData.message(client.id()).urgent().build());
        Await.until("the urgent SMS", () -> count(dir.resolve("data/outbox/sms")) == 1);
        Await.until("the dispatch recorded as sent", () -> store.dispatches().forMessage(Scope.admin(), message.id()).stream()
                .allMatch(d -> d.state() == org.messagebank.store.domain.DispatchState.SENT));

        var params = Map.of("From", "+447700900001", "Body", "1");
        String form = "From=%2B447700900001&Body=1";
        assertEquals(403, post("/webhooks/twilio/inbound", form, null).statusCode());
        assertEquals(403, post("/webhooks/twilio/inbound", form, sign(PUBLIC + "/webhooks/twilio/status", params)).statusCode());
        assertNull(store.messages().find(Scope.admin(), message.id()).orElseThrow().acknowledgedAt());

        var ok = post("/webhooks/twilio/inbound", form, sign(PUBLIC + "/webhooks/twilio/inbound", params));
        assertEquals(200, ok.statusCode());
        assertTrue(ok.body().contains("<Response>"));
        assertNotNull(store.messages().find(Scope.admin(), message.id()).orElseThrow().acknowledgedAt());
    }

    @Test
    void refusesAStatusCallbackWithATamperedSignature() throws Exception {
        var params = Map.of("MessageSid", "SM1", "MessageStatus", "delivered");
        var response = post("/webhooks/twilio/status", "MessageSid=SM1&MessageStatus=failed",
                sign(PUBLIC + "/webhooks/twilio/status", params));
        assertEquals(403, response.statusCode());
        assertEquals(200, post("/webhooks/twilio/status", "MessageSid=SM1&MessageStatus=delivered",
                sign(PUBLIC + "/webhooks/twilio/status", params)).statusCode());
    }

    private static long count(Path directory) {
        try (var files = Files.list(directory)) {
            return files.filter(p -> !p.getFileName().toString().startsWith(".")).count();
        } catch (java.io.IOException e) {
            return 0;
        }
    }

}
