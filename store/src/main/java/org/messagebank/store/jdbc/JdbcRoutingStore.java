package org.messagebank.store.jdbc;

import org.messagebank.store.NotFoundException;
import org.messagebank.store.RoutingStore;
import org.messagebank.store.domain.OverflowAction;
import org.messagebank.store.domain.RoutingSettings;

import java.time.Duration;
import java.util.Optional;

final class JdbcRoutingStore implements RoutingStore {
    private final Jdbc jdbc;

    JdbcRoutingStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<RoutingSettings> find(long clientId) {
        return jdbc.queryOne("SELECT client_id, max_wait_ms, overflow_action, overflow_target FROM client_routing WHERE client_id = ?",
                rs -> new RoutingSettings(rs.getLong(1), Duration.ofMillis(rs.getLong(2)),
                        OverflowAction.valueOf(rs.getString(3)), rs.getString(4)), clientId);
    }

    @Override
    public RoutingSettings save(RoutingSettings s) {
        jdbc.inTransaction(c -> {
            if (Jdbc.query(c, "SELECT 1 FROM clients WHERE id = ?", rs -> 1, s.clientId()).isEmpty()) {
                throw new NotFoundException("no client " + s.clientId());
            }
            int updated = Jdbc.update(c, "UPDATE client_routing SET max_wait_ms = ?, overflow_action = ?, overflow_target = ? WHERE client_id = ?",
                    s.maxWait().toMillis(), s.overflowAction(), s.overflowTarget(), s.clientId());
            if (updated == 0) {
                Jdbc.update(c, "INSERT INTO client_routing (client_id, max_wait_ms, overflow_action, overflow_target) VALUES (?, ?, ?, ?)",
                        s.clientId(), s.maxWait().toMillis(), s.overflowAction(), s.overflowTarget());
            }
            return null;
        });
        return s;
    }
}
