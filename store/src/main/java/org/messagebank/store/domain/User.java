package org.messagebank.store.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A login. A {@link Role#CLIENT_USER} is bound to exactly one client; an {@link Role#OPERATOR}
 * to one operator; an admin to neither.
 *
 * @param passwordHash an encoded one-way hash (never the password)
 */
public record User(long id, String username, Role role, Long clientId, Long operatorId, String passwordHash, Instant createdAt) {
    public User {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(passwordHash, "passwordHash");
        if ((role == Role.CLIENT_USER) != (clientId != null)) {
            throw new IllegalArgumentException("a client user, and only a client user, is bound to a client");
        }
        if ((role == Role.OPERATOR) != (operatorId != null)) {
            throw new IllegalArgumentException("an operator user, and only an operator user, is bound to an operator");
        }
    }

    @Override
    public String toString() {
        return "User[id=" + id + ", role=" + role + ", clientId=" + clientId + ", operatorId=" + operatorId + "]";
    }
}
