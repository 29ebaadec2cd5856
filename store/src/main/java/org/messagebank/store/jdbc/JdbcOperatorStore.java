package org.messagebank.store.jdbc;

import org.messagebank.store.OperatorStore;
import org.messagebank.store.domain.Operator;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

final class JdbcOperatorStore implements OperatorStore {
    private final Jdbc jdbc;

    JdbcOperatorStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Operator create(String name, String endpoint) {
        long id = jdbc.withConnection(c -> Jdbc.insert(c, "INSERT INTO operators (name, endpoint) VALUES (?, ?)", name, endpoint));
        return new Operator(id, name, endpoint);
    }

    @Override
    public Optional<Operator> find(long operatorId) {
        return jdbc.queryOne("SELECT id, name, endpoint FROM operators WHERE id = ?",
                rs -> new Operator(rs.getLong(1), rs.getString(2), rs.getString(3)), operatorId);
    }

    @Override
    public List<Operator> list() {
        return jdbc.query("SELECT id, name, endpoint FROM operators ORDER BY id",
                rs -> new Operator(rs.getLong(1), rs.getString(2), rs.getString(3)));
    }

    @Override
    public void allow(long operatorId, long clientId) {
        jdbc.inTransaction(c -> {
            boolean present = !Jdbc.query(c, "SELECT 1 FROM operator_clients WHERE operator_id = ? AND client_id = ?",
                    rs -> 1, operatorId, clientId).isEmpty();
            if (!present) {
                Jdbc.update(c, "INSERT INTO operator_clients (operator_id, client_id) VALUES (?, ?)", operatorId, clientId);
            }
            return null;
        });
    }

    @Override
    public void disallow(long operatorId, long clientId) {
        jdbc.update("DELETE FROM operator_clients WHERE operator_id = ? AND client_id = ?", operatorId, clientId);
    }

    @Override
    public Set<Long> allowedClients(long operatorId) {
        return new LinkedHashSet<>(jdbc.query("SELECT client_id FROM operator_clients WHERE operator_id = ? ORDER BY client_id",
                rs -> rs.getLong(1), operatorId));
    }
}
