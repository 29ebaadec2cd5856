package org.messagebank.store.domain;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Objects;

/**
 * How one client wants its messages delivered.
 *
 * @param timeZone         the client's zone, in which quiet hours are read
 * @param quietStart       start of quiet hours (inclusive), or null for none
 * @param quietEnd         end of quiet hours (exclusive); may be earlier than the start (overnight)
 * @param subjectPrefix    put before every email subject, such as {@code [Acme]}; may be empty
 * @param signOff          closes every email; may be empty
 * @param smsSender        the client's own From number (E.164) or Messaging Service SID ({@code MG...}),
 *                         or null for the global one
 * @param webhookUrl       the client's CRM endpoint, or null for no webhook
 * @param webhookSecret    the HMAC-SHA256 key for the webhook; never shown
 * @param escalationAfter  how long an urgent message may stay unacknowledged before it goes to the
 *                         next contact on the escalation list; null for the server default
 * @param escalationRounds how many contacts escalation reaches at most; null for the server default
 */
public record DeliveryRules(long clientId, ZoneId timeZone, LocalTime quietStart, LocalTime quietEnd,
                            ContentMode contentMode, String subjectPrefix, String signOff, String smsSender,
                            String webhookUrl, String webhookSecret, Duration escalationAfter, Integer escalationRounds) {
    public DeliveryRules {
        Objects.requireNonNull(timeZone, "timeZone");
        Objects.requireNonNull(contentMode, "contentMode");
        Objects.requireNonNull(subjectPrefix, "subjectPrefix");
        Objects.requireNonNull(signOff, "signOff");
        if ((quietStart == null) != (quietEnd == null)) {
            throw new IllegalArgumentException("quiet hours need both a start and an end");
        }
        if ((webhookUrl == null) != (webhookSecret == null)) {
            throw new IllegalArgumentException("a webhook needs both a URL and a secret");
        }
    }

    /** The rules of a client that has set none: UTC, no quiet hours, full content, no webhook. */
    public static DeliveryRules defaults(long clientId) {
        return new DeliveryRules(clientId, ZoneId.of("UTC"), null, null, ContentMode.FULL, "", "", null, null, null, null, null);
    }

    public DeliveryRules withQuietHours(ZoneId zone, LocalTime start, LocalTime end) {
        return new DeliveryRules(clientId, zone, start, end, contentMode, subjectPrefix, signOff, smsSender, webhookUrl,
                webhookSecret, escalationAfter, escalationRounds);
    }

    public DeliveryRules withContent(ContentMode mode, String prefix, String signOff) {
        return new DeliveryRules(clientId, timeZone, quietStart, quietEnd, mode, prefix, signOff, smsSender, webhookUrl,
                webhookSecret, escalationAfter, escalationRounds);
    }

    public DeliveryRules withSmsSender(String sender) {
        return new DeliveryRules(clientId, timeZone, quietStart, quietEnd, contentMode, subjectPrefix, signOff, sender,
                webhookUrl, webhookSecret, escalationAfter, escalationRounds);
    }

    public DeliveryRules withWebhook(String url, String secret) {
        return new DeliveryRules(clientId, timeZone, quietStart, quietEnd, contentMode, subjectPrefix, signOff, smsSender,
                url, secret, escalationAfter, escalationRounds);
    }

    public DeliveryRules withEscalation(Duration after, Integer rounds) {
        return new DeliveryRules(clientId, timeZone, quietStart, quietEnd, contentMode, subjectPrefix, signOff, smsSender,
                webhookUrl, webhookSecret, after, rounds);
    }

    @Override
    public String toString() {
        return "DeliveryRules[clientId=" + clientId + ", timeZone=" + timeZone + ", quiet=" + quietStart + "-" + quietEnd
                + ", contentMode=" + contentMode + ", webhook=" + (webhookUrl != null) + "]";
    }
}
