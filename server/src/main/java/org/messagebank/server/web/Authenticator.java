package org.messagebank.server.web;

import org.messagebank.config.WebConfig;
import org.messagebank.server.auth.PasswordHasher;
import org.messagebank.server.auth.TotpCodes;
import org.messagebank.store.MessageBankStore;
import org.messagebank.store.domain.User;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sign-in, sessions and lockout. Passwords are checked against Argon2id hashes; an unknown
 * username costs the same hash check, so timing does not tell which usernames exist. Repeated
 * failures lock the account (in the database, for every node) and, counted per address on this
 * node, refuse the address. A session id is 256 random bits, given to the browser once and
 * stored only as its SHA-256.
 */
public final class Authenticator {
    /** Marks API keys so they are recognisable in a leaked file or a secret scanner. */
    public static final String API_KEY_PREFIX = "mbk_";
    private static final DateTimeFormatter UNTIL = DateTimeFormatter.ofPattern("HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final MessageBankStore store;
    private final PasswordHasher hasher;
    private final WebConfig config;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private volatile String decoyHash;
    private final Map<String, ArrayDeque<Instant>> failuresByAddress = new ConcurrentHashMap<>();
    private final TotpCodes totp = new TotpCodes();

    public Authenticator(MessageBankStore store, PasswordHasher hasher, WebConfig config, Clock clock) {
        this.store = store;
        this.hasher = hasher;
        this.config = config;
        this.clock = clock;
    }

    /** The outcome of a sign-in. */
    public sealed interface Outcome {
        /** Signed in: {@code token} goes to the browser as the session cookie. */
        record SignedIn(User user, String token, String csrfToken) implements Outcome {
            @Override
            public String toString() {
                return "SignedIn[user=" + user.id() + "]";
            }
        }

        /** Refused, with the HTTP status and a message fit to show. */
        record Refused(int status, String message) implements Outcome {
        }

        /** Password right, and the account has a second factor: ask for the code. */
        record CodeRequired(String message) implements Outcome {
        }
    }

    public Outcome signIn(String username, String password, String address) {
        return signIn(username, password, null, address);
    }

    /**
     * @param code the authenticator app's code; needed only when the account has a second factor
     */
    public Outcome signIn(String username, String password, String code, String address) {
        Instant now = clock.instant();
        if (addressFailures(address, now) >= config.addressMaxFailures()) {
            return new Outcome.Refused(429, "too many failed sign-ins from your network address; try again after "
                    + UNTIL.format(now.plus(config.lockout())));
        }
        Optional<User> found = store.users().findByUsername(username == null ? "" : username);
        if (found.isEmpty()) {
            hasher.verify(password == null ? "" : password, decoyHash());
            countAddressFailure(address, now);
            return new Outcome.Refused(401, "wrong username or password");
        }
        User user = found.get();
        var locked = store.users().lockedUntil(user.id());
        if (locked.isPresent()) {
            return new Outcome.Refused(423, "this account is locked after repeated failed sign-ins until " + UNTIL.format(locked.get()));
        }
        if (password == null || !hasher.verify(password, user.passwordHash())) {
            countAddressFailure(address, now);
            int failures = store.users().recordFailedLogin(user.id(), config.loginMaxFailures(), now.plus(config.lockout()));
            store.audit().append("user:" + user.id(), "login.failed", "user:" + user.id(), "failures=" + failures);
            if (failures >= config.loginMaxFailures()) {
                store.sessions().deleteForUser(user.id());
                return new Outcome.Refused(423, "this account is locked after " + failures + " failed sign-ins until "
                        + UNTIL.format(now.plus(config.lockout())));
            }
            return new Outcome.Refused(401, "wrong username or password");
        }
        var secondFactor = store.users().secondFactor(user.id());
        if (secondFactor.enabled()) {
            if (code == null || code.isBlank()) {
                return new Outcome.CodeRequired("enter the 6-digit code from your authenticator app");
            }
            var step = totp.matchingStep(secondFactor.activeSecret(), code, now);
            if (step.isEmpty() || !store.users().useTotpStep(user.id(), step.getAsLong())) {
                countAddressFailure(address, now);
                int failures = store.users().recordFailedLogin(user.id(), config.loginMaxFailures(), now.plus(config.lockout()));
                store.audit().append("user:" + user.id(), "login.failed", "user:" + user.id(), "second-factor failures=" + failures);
                return new Outcome.Refused(401, "wrong or already used code");
            }
        }
        store.users().clearFailedLogins(user.id());
        String token = randomToken();
        String csrf = randomToken();
        store.sessions().create(hash(token), user.id(), csrf);
        store.audit().append("user:" + user.id(), "login", "user:" + user.id(), "");
        return new Outcome.SignedIn(user, token, csrf);
    }

    /** The signed-in user of a session token, if the session exists and has not timed out. */
    public Optional<Principal> resolve(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        String idHash = hash(token);
        var session = store.sessions().find(idHash);
        if (session.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        var s = session.get();
        if (s.lastSeenAt().plus(config.sessionIdleTimeout()).isBefore(now)
                || s.createdAt().plus(config.sessionAbsoluteTimeout()).isBefore(now)) {
            store.sessions().delete(idHash);
            return Optional.empty();
        }
        var user = store.users().find(s.userId());
        if (user.isEmpty()) {
            return Optional.empty();
        }
        if (s.lastSeenAt().plusSeconds(30).isBefore(now)) {
            store.sessions().touch(idHash);
        }
        return Optional.of(new Principal(user.get(), s));
    }

    /** The user an API key acts as, if the key exists. */
    public Optional<Principal> resolveApiKey(String key) {
        return store.apiKeys().use(hash(key)).flatMap(k -> store.users().find(k.userId())).map(u -> new Principal(u, null));
    }

    /** Starts enrolling a second factor: a new secret, active once a code from it is confirmed. */
    public String enrolTotp(Principal principal) {
        String secret = totp.newSecret();
        store.users().setPendingTotpSecret(principal.user().id(), secret);
        return totp.uri("Message Bank", principal.user().username(), secret);
    }

    /** Confirms enrolment with a code from the new secret; false if the code does not match. */
    public boolean confirmTotp(Principal principal, String code) {
        var pending = store.users().secondFactor(principal.user().id()).pendingSecret();
        if (pending == null) {
            return false;
        }
        var step = totp.matchingStep(pending, code, clock.instant());
        if (step.isEmpty()) {
            return false;
        }
        store.users().activateTotp(principal.user().id());
        store.users().useTotpStep(principal.user().id(), step.getAsLong());
        store.audit().append(principal.actor(), "totp.enable", principal.actor(), "");
        return true;
    }

    /** Turns the second factor off, given a current code; false if the code does not match. */
    public boolean disableTotp(Principal principal, String code) {
        var active = store.users().secondFactor(principal.user().id()).activeSecret();
        if (active == null || totp.matchingStep(active, code, clock.instant()).isEmpty()) {
            return false;
        }
        store.users().disableTotp(principal.user().id());
        store.audit().append(principal.actor(), "totp.disable", principal.actor(), "");
        return true;
    }

    /** A new API key for the user; the key is shown once and stored only as its hash. */
    public String issueApiKey(String name, long userId) {
        String key = API_KEY_PREFIX + randomToken();
        store.apiKeys().create(name, userId, hash(key));
        return key;
    }

    public void signOut(Principal principal) {
        store.sessions().delete(principal.session().idHash());
        store.audit().append(principal.actor(), "logout", principal.actor(), "");
    }

    /** A hash to check unknown usernames against, made on first need rather than at start-up. */
    private String decoyHash() {
        if (decoyHash == null) {
            decoyHash = hasher.hash(hasher.randomPassword(16));
        }
        return decoyHash;
    }

    private int addressFailures(String address, Instant now) {
        var failures = failuresByAddress.get(address);
        if (failures == null) {
            return 0;
        }
        synchronized (failures) {
            while (!failures.isEmpty() && failures.peekFirst().plus(config.lockout()).isBefore(now)) {
                failures.pollFirst();
            }
            return failures.size();
        }
    }

    private void countAddressFailure(String address, Instant now) {
        var failures = failuresByAddress.computeIfAbsent(address, a -> new ArrayDeque<>());
        synchronized (failures) {
            failures.addLast(now);
            while (failures.size() > config.addressMaxFailures()) {
                failures.pollFirst();
            }
        }
    }

    private String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The SHA-256 (hex) under which a token is stored. */
    public static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
