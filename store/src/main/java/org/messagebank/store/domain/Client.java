package org.messagebank.store.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A client (tenant) of the answering service.
 *
 * @param greeting what the operator says on answering, in the client's name
 * @param ceasedAt when the service ceased; null while {@link ClientStatus#ACTIVE}
 */
public record Client(long id, String name, String greeting, ClientStatus status, Instant createdAt, Instant ceasedAt) {
    public Client {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(greeting, "greeting");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        if ((status == ClientStatus.CEASED) != (ceasedAt != null)) {
            throw new IllegalArgumentException("ceasedAt must be set exactly when the client is CEASED");
        }
    }

    public boolean active() {
        return status == ClientStatus.ACTIVE;
    }
}
