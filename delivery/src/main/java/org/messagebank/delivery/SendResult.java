package org.messagebank.delivery;

/**
 * What a transport made of one send: accepted, or failed in a way worth retrying, or failed for
 * good. Failures keep the provider's own code and text (Twilio error code, SMTP reply code,
 * HTTP status) so that the client can see why.
 */
public sealed interface SendResult {

    /** The provider accepted it; {@code providerId} is its id (Twilio SID, email Message-ID). */
    record Sent(String providerId) implements SendResult {
    }

    /** May succeed later: connection refused or timed out, SMTP 4xx, HTTP 429 or 5xx. */
    record Transient(String code, String text) implements SendResult {
    }

    /** Will not succeed as it is: SMTP 5xx, an invalid or unsubscribed number, HTTP 4xx. */
    record Permanent(String code, String text) implements SendResult {
    }

    static SendResult sent(String providerId) {
        return new Sent(providerId);
    }

    static SendResult retryable(String code, String text) {
        return new Transient(code, text);
    }

    static SendResult permanent(String code, String text) {
        return new Permanent(code, text);
    }
}
