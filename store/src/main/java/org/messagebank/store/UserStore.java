package org.messagebank.store;

import org.messagebank.store.domain.Role;
import org.messagebank.store.domain.User;

import java.util.List;
import java.util.Optional;

/** Logins. Passwords arrive here already hashed. */
public interface UserStore {

    /** @throws ConflictException when the username is taken */
    User create(String username, Role role, Long clientId, Long operatorId, String passwordHash);

    Optional<User> find(long userId);

    /** Usernames are compared case-insensitively. */
    Optional<User> findByUsername(String username);

    List<User> list();

    void setPasswordHash(long userId, String passwordHash);
}
