package org.messagebank.store.jdbc;

import org.messagebank.store.ConflictException;
import org.messagebank.store.NotFoundException;
import org.messagebank.store.StoreException;
import org.messagebank.store.UserStore;
import org.messagebank.store.domain.Role;
import org.messagebank.store.domain.User;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

final class JdbcUserStore implements UserStore {
    private static final String COLUMNS = "id, username, role, client_id, operator_id, password_hash, created_at";

    private final Jdbc jdbc;
    private final StoreClock clock;

    JdbcUserStore(Jdbc jdbc, StoreClock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public User create(String username, Role role, Long clientId, Long operatorId, String passwordHash) {
        var now = clock.now();
        var probe = new User(0, username, role, clientId, operatorId, passwordHash, now);
        try {
            long id = jdbc.withConnection(c -> Jdbc.insert(c,
                    "INSERT INTO users (username, username_key, role, client_id, operator_id, password_hash, created_at)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    username, key(username), role, clientId, operatorId, passwordHash, now));
            return new User(id, probe.username(), role, clientId, operatorId, passwordHash, now);
        } catch (StoreException e) {
            if (Jdbc.isUniqueViolation(e)) {
                throw new ConflictException("the username '" + username + "' is taken");
            }
            throw e;
        }
    }

    @Override
    public Optional<User> find(long userId) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM users WHERE id = ?", JdbcUserStore::user, userId);
    }

    @Override
    public Optional<User> findByUsername(String username) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM users WHERE username_key = ?", JdbcUserStore::user, key(username));
    }

    @Override
    public List<User> list() {
        return jdbc.query("SELECT " + COLUMNS + " FROM users ORDER BY id", JdbcUserStore::user);
    }

    @Override
    public void setPasswordHash(long userId, String passwordHash) {
        if (jdbc.update("UPDATE users SET password_hash = ? WHERE id = ?", passwordHash, userId) == 0) {
            throw new NotFoundException("no user " + userId);
        }
    }

    @Override
    public int recordFailedLogin(long userId, int maxFailures, Instant lockUntil) {
        return jdbc.inTransaction(c -> {
            int failures = Jdbc.query(c, "SELECT failed_logins FROM users WHERE id = ? FOR UPDATE", rs -> rs.getInt(1), userId)
                    .stream().findFirst().orElseThrow(() -> new NotFoundException("no user " + userId)) + 1;
            if (failures >= maxFailures) {
                Jdbc.update(c, "UPDATE users SET failed_logins = 0, locked_until = ? WHERE id = ?", lockUntil, userId);
            } else {
                Jdbc.update(c, "UPDATE users SET failed_logins = ? WHERE id = ?", failures, userId);
            }
            return failures;
        });
    }

    @Override
    public void clearFailedLogins(long userId) {
        jdbc.update("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ?", userId);
    }

    @Override
    public void addPasswordToken(long userId, String tokenHash, Instant expiresAt) {
        jdbc.update("INSERT INTO password_tokens (token_hash, user_id, expires_at) VALUES (?, ?, ?)", tokenHash, userId, expiresAt);
    }

    @Override
    public Optional<Long> consumePasswordToken(String tokenHash) {
        var now = clock.now();
        return jdbc.inTransaction(c -> {
            var rows = Jdbc.query(c, "SELECT user_id, expires_at FROM password_tokens WHERE token_hash = ? FOR UPDATE",
                    rs -> Map.entry(rs.getLong("user_id"), Jdbc.instant(rs, "expires_at")), tokenHash);
            Jdbc.update(c, "DELETE FROM password_tokens WHERE token_hash = ? OR expires_at < ?", tokenHash, now);
            return rows.stream().filter(r -> r.getValue().isAfter(now)).map(Map.Entry::getKey).findFirst();
        });
    }

    @Override
    public SecondFactor secondFactor(long userId) {
        return jdbc.queryOne("SELECT totp_secret, totp_pending_secret FROM users WHERE id = ?",
                rs -> new SecondFactor(rs.getString(1), rs.getString(2)), userId)
                .orElseThrow(() -> new NotFoundException("no user " + userId));
    }

    @Override
    public void setPendingTotpSecret(long userId, String secret) {
        jdbc.update("UPDATE users SET totp_pending_secret = ? WHERE id = ?", secret, userId);
    }

    @Override
    public void activateTotp(long userId) {
        jdbc.update("UPDATE users SET totp_secret = totp_pending_secret, totp_pending_secret = NULL, totp_last_step = 0"
                + " WHERE id = ? AND totp_pending_secret IS NOT NULL", userId);
    }

    @Override
    public void disableTotp(long userId) {
        jdbc.update("UPDATE users SET totp_secret = NULL, totp_pending_secret = NULL, totp_last_step = 0 WHERE id = ?", userId);
    }

    @Override
    public boolean useTotpStep(long userId, long step) {
        return jdbc.update("UPDATE users SET totp_last_step = ? WHERE id = ? AND totp_last_step < ?", step, userId, step) == 1;
    }

    @Override
    public Optional<Instant> lockedUntil(long userId) {
        var now = clock.now();
        return jdbc.queryOne("SELECT locked_until FROM users WHERE id = ?", rs -> Jdbc.instant(rs, "locked_until"), userId)
                .filter(until -> until.isAfter(now));
    }

    private static String key(String username) {
        return username.strip().toLowerCase(Locale.ROOT);
    }

    private static User user(ResultSet rs) throws SQLException {
        return new User(rs.getLong("id"), rs.getString("username"), Role.valueOf(rs.getString("role")),
                Jdbc.nullableLong(rs, "client_id"), Jdbc.nullableLong(rs, "operator_id"),
                rs.getString("password_hash"), Jdbc.instant(rs, "created_at"));
    }
}
