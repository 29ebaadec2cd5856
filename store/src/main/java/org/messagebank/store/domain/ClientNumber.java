package org.messagebank.store.domain;

/** A telephone number (E.164) that callers dial to reach a client. */
public record ClientNumber(String e164, long clientId) {
    public ClientNumber {
        if (e164 == null || !e164.matches("\\+[1-9][0-9]{6,14}")) {
            throw new IllegalArgumentException("not an E.164 number: " + e164);
        }
    }
}
