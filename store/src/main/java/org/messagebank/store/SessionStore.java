package org.messagebank.store;

import org.messagebank.store.domain.Session;

import java.time.Instant;
import java.util.Optional;

/** Web sessions, shared by every node. */
public interface SessionStore {

    Session create(String idHash, long userId, String csrfToken);

    Optional<Session> find(String idHash);

    /** Records activity on the session now. */
    void touch(String idHash);

    void delete(String idHash);

    /** Ends every session of the user (password change, lockout, account closed). */
    void deleteForUser(long userId);

    /** Deletes sessions idle since before {@code idleBefore} or created before {@code createdBefore}; returns how many. */
    int deleteExpired(Instant idleBefore, Instant createdBefore);
}
