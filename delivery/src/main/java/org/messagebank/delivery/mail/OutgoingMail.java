package org.messagebank.delivery.mail;

import java.util.Objects;

/**
 * One email to send.
 *
 * @param reference our id for it (the dispatch's idempotency key): the left part of its
 *                  Message-ID, the same on every retry, and the .eml file name
 */
public record OutgoingMail(String to, String subject, String plain, String html, String reference) {
    public OutgoingMail {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(plain, "plain");
        Objects.requireNonNull(html, "html");
        Objects.requireNonNull(reference, "reference");
    }

    @Override
    public String toString() {
        return "OutgoingMail[reference=" + reference + "]";
    }
}
