package org.messagebank.store.jdbc;

import org.messagebank.store.ApiKeyStore;
import org.messagebank.store.domain.ApiKey;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

final class JdbcApiKeyStore implements ApiKeyStore {
    private static final String COLUMNS = "id, name, user_id, created_at, last_used_at";

    private final Jdbc jdbc;
    private final StoreClock clock;

    JdbcApiKeyStore(Jdbc jdbc, StoreClock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public ApiKey create(String name, long userId, String keyHash) {
        var now = clock.now();
        long id = jdbc.withConnection(c -> Jdbc.insert(c,
                "INSERT INTO api_keys (name, key_hash, user_id, created_at) VALUES (?, ?, ?, ?)", name, keyHash, userId, now));
        return new ApiKey(id, name, userId, now, null);
    }

    @Override
    public Optional<ApiKey> use(String keyHash) {
        var now = clock.now();
        if (jdbc.update("UPDATE api_keys SET last_used_at = ? WHERE key_hash = ?", now, keyHash) == 0) {
            return Optional.empty();
        }
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM api_keys WHERE key_hash = ?", JdbcApiKeyStore::key, keyHash);
    }

    @Override
    public List<ApiKey> list() {
        return jdbc.query("SELECT " + COLUMNS + " FROM api_keys ORDER BY id", JdbcApiKeyStore::key);
    }

    @Override
    public boolean revoke(long id) {
        return jdbc.update("DELETE FROM api_keys WHERE id = ?", id) == 1;
    }

    private static ApiKey key(ResultSet rs) throws SQLException {
        return new ApiKey(rs.getLong("id"), rs.getString("name"), rs.getLong("user_id"), Jdbc.instant(rs, "created_at"),
                Jdbc.instant(rs, "last_used_at"));
    }
}
