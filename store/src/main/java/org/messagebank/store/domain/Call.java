package org.messagebank.store.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * One inbound call to a client's number.
 *
 * @param callerNumber E.164 where the caller ID could be parsed, otherwise as presented; null when withheld
 * @param endedAt      null while the call is in progress
 */
public record Call(long id, long clientId, String dialledNumber, String callerNumber, String callerName,
                   Instant startedAt, Instant endedAt) {
    public Call {
        Objects.requireNonNull(dialledNumber, "dialledNumber");
        Objects.requireNonNull(startedAt, "startedAt");
    }

    @Override
    public String toString() {
        return "Call[id=" + id + ", clientId=" + clientId + ", startedAt=" + startedAt + ", endedAt=" + endedAt + "]";
    }
}
