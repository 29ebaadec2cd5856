package org.messagebank.delivery.webhook;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Signs webhook bodies, and checks signatures as a receiver should. The signature is
 * HMAC-SHA256, keyed with the client's webhook secret (UTF-8), over the ASCII timestamp, a dot
 * and the raw body bytes: {@code HMAC(secret, timestamp + "." + body)}; it is sent as
 * {@code X-MessageBank-Signature: v1=<lower-case hex>} next to
 * {@code X-MessageBank-Timestamp: <Unix seconds>}. A receiver recomputes it, compares in
 * constant time, and rejects timestamps too far from its own clock (replays).
 */
public final class WebhookSignature {
    public static final String TIMESTAMP_HEADER = "X-MessageBank-Timestamp";
    public static final String SIGNATURE_HEADER = "X-MessageBank-Signature";
    public static final String DELIVERY_HEADER = "X-MessageBank-Delivery";
    private static final String VERSION = "v1=";

    private WebhookSignature() {
    }

    /** The {@code X-MessageBank-Signature} value for this timestamp and body. */
    public static String sign(String secret, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return VERSION + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /**
     * Whether the headers sign this body with this secret and the timestamp is within
     * {@code tolerance} of {@code now}. Missing or malformed headers are simply invalid.
     */
    public static boolean verify(String secret, String timestampHeader, String signatureHeader, byte[] body, Instant now,
                                 Duration tolerance) {
        if (timestampHeader == null || signatureHeader == null || !signatureHeader.startsWith(VERSION)) {
            return false;
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(timestampHeader.strip());
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(now.getEpochSecond() - timestamp) > tolerance.toSeconds()) {
            return false;
        }
        byte[] expected = sign(secret, timestamp, body).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signatureHeader.strip().getBytes(StandardCharsets.US_ASCII));
    }
}
