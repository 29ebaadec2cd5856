package org.messagebank.store.jdbc;

import org.messagebank.store.CallStore;
import org.messagebank.store.Scope;
import org.messagebank.store.domain.Call;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

final class JdbcCallStore implements CallStore {
    private static final String COLUMNS = "id, client_id, dialled_number, caller_number, caller_name, started_at, ended_at";
    private final Jdbc jdbc;
    private final StoreClock clock;

    JdbcCallStore(Jdbc jdbc, StoreClock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public Call open(long clientId, String dialledNumber, String callerNumber, String callerName) {
        var now = clock.now();
        long id = jdbc.withConnection(c -> Jdbc.insert(c,
                "INSERT INTO calls (client_id, dialled_number, caller_number, caller_name, started_at) VALUES (?, ?, ?, ?, ?)",
                clientId, dialledNumber, callerNumber, callerName, now));
        return new Call(id, clientId, dialledNumber, callerNumber, callerName, now, null);
    }

    @Override
    public void end(long callId) {
        jdbc.update("UPDATE calls SET ended_at = ? WHERE id = ? AND ended_at IS NULL", clock.now(), callId);
    }

    @Override
    public Optional<Call> find(Scope scope, long callId) {
        var sql = "SELECT " + COLUMNS + " FROM calls WHERE id = ?";
        return switch (scope) {
            case Scope.Tenant t -> jdbc.queryOne(sql + " AND client_id = ?", JdbcCallStore::call, callId, t.clientId());
            case Scope.Admin a -> jdbc.queryOne(sql, JdbcCallStore::call, callId);
        };
    }

    @Override
    public Map<Long, Long> countsSince(Scope.Admin scope, Instant since) {
        return Jdbc.countsByClient(jdbc, "SELECT client_id, COUNT(*) FROM calls WHERE started_at >= ? GROUP BY client_id", since);
    }

    @Override
    public List<Call> findBySubject(Scope.Admin scope, String e164, String text, int limit) {
        return SubjectMatch.of(e164, text, "caller_name")
                .map(m -> jdbc.query("SELECT " + COLUMNS + " FROM calls" + m.sql() + " ORDER BY id DESC LIMIT "
                        + Math.max(1, Math.min(limit, 10_000)), JdbcCallStore::call, m.params()))
                .orElse(List.of());
    }

    @Override
    public int erase(Scope.Admin scope, Collection<Long> callIds) {
        if (callIds.isEmpty()) {
            return 0;
        }
        return jdbc.update("DELETE FROM calls WHERE id IN (" + MessageDeletion.placeholders(callIds.size()) + ")", callIds.toArray());
    }

    private static Call call(ResultSet rs) throws SQLException {
        return new Call(rs.getLong("id"), rs.getLong("client_id"), rs.getString("dialled_number"),
                rs.getString("caller_number"), rs.getString("caller_name"),
                Jdbc.instant(rs, "started_at"), Jdbc.instant(rs, "ended_at"));
    }
}
