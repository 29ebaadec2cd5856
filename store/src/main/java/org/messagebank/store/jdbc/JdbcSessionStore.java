package org.messagebank.store.jdbc;

import org.messagebank.store.SessionStore;
import org.messagebank.store.domain.Session;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

final class JdbcSessionStore implements SessionStore {
    private final Jdbc jdbc;
    private final StoreClock clock;

    JdbcSessionStore(Jdbc jdbc, StoreClock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public Session create(String idHash, long userId, String csrfToken) {
        var now = clock.now();
        jdbc.update("INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)",
                idHash, userId, csrfToken, now, now);
        return new Session(idHash, userId, csrfToken, now, now);
    }

    @Override
    public Optional<Session> find(String idHash) {
        return jdbc.queryOne("SELECT id_hash, user_id, csrf_token, created_at, last_seen_at FROM sessions WHERE id_hash = ?",
                JdbcSessionStore::session, idHash);
    }

    @Override
    public void touch(String idHash) {
        jdbc.update("UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?", clock.now(), idHash);
    }

    @Override
    public void delete(String idHash) {
        jdbc.update("DELETE FROM sessions WHERE id_hash = ?", idHash);
    }

    @Override
    public void deleteForUser(long userId) {
        jdbc.update("DELETE FROM sessions WHERE user_id = ?", userId);
    }

    @Override
    public int deleteExpired(Instant idleBefore, Instant createdBefore) {
        return jdbc.update("DELETE FROM sessions WHERE last_seen_at < ? OR created_at < ?", idleBefore, createdBefore);
    }

    private static Session session(ResultSet rs) throws SQLException {
        return new Session(rs.getString("id_hash"), rs.getLong("user_id"), rs.getString("csrf_token"),
                Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "last_seen_at"));
    }
}
