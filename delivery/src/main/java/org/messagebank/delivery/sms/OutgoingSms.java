package org.messagebank.delivery.sms;

import java.util.Objects;

/**
 * One SMS to send.
 *
 * @param sender         an E.164 From number, or a Twilio Messaging Service SID ({@code MG...})
 * @param to             E.164
 * @param statusCallback where the provider reports delivery, or null
 * @param reference      our id for it (the dispatch's idempotency key), for files and logs
 */
public record OutgoingSms(String sender, String to, String body, String statusCallback, String reference) {
    public OutgoingSms {
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(body, "body");
    }

    public boolean viaMessagingService() {
        return sender.startsWith("MG");
    }

    @Override
    public String toString() {
        return "OutgoingSms[reference=" + reference + "]";
    }
}
