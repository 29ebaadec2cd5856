package org.messagebank.delivery.webhook;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WebhookSignatureTest {
    private static final byte[] BODY = "{\"messageId\":7}".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.ofEpochSecond(1_780_000_000L);
    private static final Duration TOLERANCE = Duration.ofMinutes(5);

    @Test
    void signsTimestampDotBodyWithHmacSha256() {
        // printf '1780000000.{"messageId":7}' | openssl dgst -sha256 -hmac s3cret
        String signature = WebhookSignature.sign("s3cret", NOW.getEpochSecond(), BODY);
        assertEquals("v1=e62d50966e9cef515fddcef8bdda4e3054056621a34a804ecc609f4287828732", signature);
        assertTrue(WebhookSignature.verify("s3cret", "1780000000", signature, BODY, NOW, TOLERANCE));
    }

    @Test
    void rejectsATamperedBodyTimestampOrSecret() {
        String signature = WebhookSignature.sign("s3cret", NOW.getEpochSecond(), BODY);
        byte[] tampered = "{\"messageId\":8}".getBytes(StandardCharsets.UTF_8);
        assertFalse(WebhookSignature.verify("s3cret", "1780000000", signature, tampered, NOW, TOLERANCE));
        assertFalse(WebhookSignature.verify("s3cret", "1780000001", signature, BODY, NOW, TOLERANCE));
        assertFalse(WebhookSignature.verify("other", "1780000000", signature, BODY, NOW, TOLERANCE));
    }

    @Test
    void rejectsMissingOrMalformedHeaders() {
        String signature = WebhookSignature.sign("s3cret", NOW.getEpochSecond(), BODY);
        assertFalse(WebhookSignature.verify("s3cret", null, signature, BODY, NOW, TOLERANCE));
        assertFalse(WebhookSignature.verify("s3cret", "1780000000", null, BODY, NOW, TOLERANCE));
        assertFalse(WebhookSignature.verify("s3cret", "soon", signature, BODY, NOW, TOLERANCE));
        assertFalse(WebhookSignature.verify("s3cret", "1780000000", signature.substring(3), BODY, NOW, TOLERANCE));
    }

    @Test
    void rejectsAReplayOutsideTheTolerance() {
        long old = NOW.minus(Duration.ofMinutes(6)).getEpochSecond();
        String signature = WebhookSignature.sign("s3cret", old, BODY);
        assertFalse(WebhookSignature.verify("s3cret", Long.toString(old), signature, BODY, NOW, TOLERANCE));
    }
}
