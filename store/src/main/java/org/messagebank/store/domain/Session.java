package org.messagebank.store.domain;

import java.time.Instant;

/**
 * A signed-in browser. The store keeps only a hash of the session id, so a copy of the
 * database cannot be used to take over sessions.
 *
 * @param csrfToken the token state-changing requests of this session must carry
 */
public record Session(String idHash, long userId, String csrfToken, Instant createdAt, Instant lastSeenAt) {
    @Override
    public String toString() {
        return "Session[userId=" + userId + ", createdAt=" + createdAt + ", lastSeenAt=" + lastSeenAt + "]";
    }
}
