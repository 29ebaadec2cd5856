package org.messagebank.store.domain;

import java.time.Instant;

/** A key a machine client uses for the JSON API, acting as {@code userId}; only its hash is stored. */
public record ApiKey(long id, String name, long userId, Instant createdAt, Instant lastUsedAt) {
}
