package org.messagebank.store;

import org.messagebank.store.domain.Role;
import org.messagebank.store.domain.User;

import java.time.Instant;
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

    /**
     * Counts a failed sign-in; at {@code maxFailures} in a row the account locks until
     * {@code lockUntil}. Returns the failures counted so far.
     */
    int recordFailedLogin(long userId, int maxFailures, Instant lockUntil);

    /** A successful sign-in clears the count. */
    void clearFailedLogins(long userId);

    /** Stores a one-time set-password token (by its hash) for the user, valid until {@code expiresAt}. */
    void addPasswordToken(long userId, String tokenHash, Instant expiresAt);

    /** Uses up a set-password token: the user it was for, if it exists and has not expired. */
    Optional<Long> consumePasswordToken(String tokenHash);

    /** The user's second-factor state. */
    SecondFactor secondFactor(long userId);

    /** Starts enrolling a TOTP secret (active once confirmed). */
    void setPendingTotpSecret(long userId, String secret);

    /** Makes the pending secret the active one. */
    void activateTotp(long userId);

    /** Turns the second factor off. */
    void disableTotp(long userId);

    /**
     * Records that the code of time step {@code step} was used; false if that step (or a later
     * one) was used already, so a code cannot be replayed.
     */
    boolean useTotpStep(long userId, long step);

    /** A user's TOTP secrets (Base32), active and being enrolled; either may be null. */
    record SecondFactor(String activeSecret, String pendingSecret) {
        public boolean enabled() {
            return activeSecret != null;
        }

        @Override
        public String toString() {
            return "SecondFactor[enabled=" + enabled() + ", enrolling=" + (pendingSecret != null) + "]";
        }
    }

    /** When the account's lockout ends, if it is locked now. */
    Optional<Instant> lockedUntil(long userId);
}
