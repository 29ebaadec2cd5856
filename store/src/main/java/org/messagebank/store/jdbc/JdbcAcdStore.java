package org.messagebank.store.jdbc;

import org.messagebank.store.StoreException;
import org.messagebank.store.acd.AcdStore;
import org.messagebank.store.acd.CallRow;
import org.messagebank.store.acd.SeatRow;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The shared call distribution's state in PostgreSQL (or H2). Claims use {@code FOR UPDATE SKIP
 * LOCKED}, so two nodes offering at once take different seats and calls instead of queueing
 * behind each other.
 */
final class JdbcAcdStore implements AcdStore {
    /** How often a transaction aborted by a deadlock or serialization failure is tried in all. */
    private static final int ATTEMPTS = 5;
    private static final String SEAT_COLUMNS =
            "s.operator_id, s.state, s.pause_reason, s.call_id, s.since, s.idle_since, s.phone, s.endpoint";
    private static final String CALL_COLUMNS = "c.call_id, c.client_id, c.node_id, c.arrived_at, c.arrival_seq, c.stage, c.operator_id";

    private final Jdbc jdbc;

    JdbcAcdStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public <T> T inTransaction(Function<Transaction, T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return jdbc.inTransaction(c -> work.apply(new JdbcTransaction(c)));
            } catch (StoreException e) {
                if (attempt >= ATTEMPTS || !retriable(e)) {
                    throw e;
                }
            }
        }
    }

    /** Deadlock detected (40P01) or serialization failure (40001): the database rolled the work back. */
    private static boolean retriable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().equals("40P01") || sql.getSQLState().equals("40001"))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Optional<SeatRow> seat(long operatorId) {
        return jdbc.queryOne("SELECT " + SEAT_COLUMNS + " FROM acd_seats s WHERE s.operator_id = ?", JdbcAcdStore::seatRow,
                operatorId);
    }

    @Override
    public List<SeatRow> seats() {
        return jdbc.query("SELECT " + SEAT_COLUMNS + " FROM acd_seats s ORDER BY s.operator_id", JdbcAcdStore::seatRow);
    }

    @Override
    public Optional<CallRow> call(long callId) {
        return jdbc.queryOne("SELECT " + CALL_COLUMNS + " FROM acd_calls c WHERE c.call_id = ?", JdbcAcdStore::callRow, callId);
    }

    @Override
    public List<CallRow> waiting() {
        return callsWhere("c.stage = ?", "QUEUED");
    }

    @Override
    public List<CallRow> callsOf(String nodeId) {
        return callsWhere("c.node_id = ?", nodeId);
    }

    @Override
    public List<CallRow> offeredCallsOf(String nodeId) {
        return callsWhere("c.node_id = ? AND c.stage = ?", nodeId, "OFFERED");
    }

    /** Calls matching the condition, in arrival order. */
    private List<CallRow> callsWhere(String condition, Object... parameters) {
        return jdbc.query("SELECT " + CALL_COLUMNS + " FROM acd_calls c WHERE " + condition + " ORDER BY c.arrived_at, c.arrival_seq",
                JdbcAcdStore::callRow, parameters);
    }

    @Override
    public boolean heartbeat(String nodeId, Instant now) {
        return jdbc.inTransaction(c -> {
            if (Jdbc.update(c, "UPDATE acd_nodes SET seen_at = ? WHERE node_id = ?", now, nodeId) > 0) {
                return true;
            }
            Jdbc.update(c, "INSERT INTO acd_nodes (node_id, seen_at) VALUES (?, ?)", nodeId, now);
            return false;
        });
    }

    @Override
    public Set<Long> clientsWithFreeSeats() {
        return new HashSet<>(jdbc.query("SELECT DISTINCT a.client_id FROM acd_seats s JOIN acd_seat_clients a"
                + " ON a.operator_id = s.operator_id WHERE s.state = 'AVAILABLE' AND s.phone <> 'UNAVAILABLE'", rs -> rs.getLong(1)));
    }

    @Override
    public List<String> nodesSilentSince(Instant before) {
        return jdbc.query("SELECT node_id FROM acd_nodes WHERE seen_at < ? ORDER BY node_id", rs -> rs.getString(1), before);
    }

    private static SeatRow seatRow(ResultSet rs) throws SQLException {
        return new SeatRow(rs.getLong(1), rs.getString(2), rs.getString(3), Jdbc.nullableLong(rs, "call_id"),
                Jdbc.instant(rs, "since"), Jdbc.instant(rs, "idle_since"), rs.getString(7), rs.getString(8));
    }

    private static CallRow callRow(ResultSet rs) throws SQLException {
        return new CallRow(rs.getLong(1), rs.getLong(2), rs.getString(3), Jdbc.instant(rs, "arrived_at"), rs.getLong(5),
                rs.getString(6), Jdbc.nullableLong(rs, "operator_id"));
    }

    private record JdbcTransaction(Connection c) implements Transaction {

        @Override
        public Optional<SeatRow> lockSeat(long operatorId) {
            return one("SELECT " + SEAT_COLUMNS + " FROM acd_seats s WHERE s.operator_id = ? FOR UPDATE", JdbcAcdStore::seatRow,
                    operatorId);
        }

        /** The first row the query returns, if any. */
        private <T> Optional<T> one(String query, Jdbc.RowMapper<T> mapper, Object... params) {
            var rows = many(query, mapper, params);
            return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
        }

        private <T> List<T> many(String query, Jdbc.RowMapper<T> mapper, Object... params) {
            return sql(() -> Jdbc.query(c, query, mapper, params));
        }

        /** Runs an INSERT, UPDATE or DELETE; returns the rows it changed. */
        private int write(String statement, Object... params) {
            return sql(() -> Jdbc.update(c, statement, params));
        }

        @Override
        public void saveSeat(SeatRow s) {
            String key = s.endpoint() == null ? null : s.endpoint().toLowerCase(Locale.ROOT);
            int updated = write("UPDATE acd_seats SET state = ?, pause_reason = ?, call_id = ?, since = ?, idle_since = ?,"
                            + " phone = ?, endpoint = ?, endpoint_key = ? WHERE operator_id = ?", s.state(), s.pauseReason(),
                    s.callId(), s.since(), s.idleSince(), s.phone(), s.endpoint(), key, s.operatorId());
            if (updated == 0) {
                write("INSERT INTO acd_seats (operator_id, state, pause_reason, call_id, since, idle_since, phone, endpoint,"
                                + " endpoint_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", s.operatorId(), s.state(), s.pauseReason(),
                        s.callId(), s.since(), s.idleSince(), s.phone(), s.endpoint(), key);
            }
        }

        @Override
        public void setSeatClients(long operatorId, Set<Long> clientIds) {
            sql(() -> {
                Jdbc.update(c, "DELETE FROM acd_seat_clients WHERE operator_id = ?", operatorId);
                try (var ps = c.prepareStatement("INSERT INTO acd_seat_clients (operator_id, client_id) VALUES (?, ?)")) {
                    for (long client : clientIds) {
                        ps.setLong(1, operatorId);
                        ps.setLong(2, client);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                return null;
            });
        }

        @Override
        public Optional<SeatRow> claimFreeSeat(long clientId) {
            return one("SELECT " + SEAT_COLUMNS + " FROM acd_seats s WHERE s.state = 'AVAILABLE'"
                    + " AND s.phone <> 'UNAVAILABLE' AND EXISTS (SELECT 1 FROM acd_seat_clients a"
                    + " WHERE a.operator_id = s.operator_id AND a.client_id = ?)"
                    + " ORDER BY s.idle_since, s.operator_id LIMIT 1 FOR UPDATE SKIP LOCKED", JdbcAcdStore::seatRow, clientId);
        }

        @Override
        public Optional<CallRow> claimOldestWaiting(long operatorId) {
            return one("SELECT " + CALL_COLUMNS + " FROM acd_calls c WHERE c.stage = 'QUEUED'"
                    + " AND c.client_id IN (SELECT a.client_id FROM acd_seat_clients a WHERE a.operator_id = ?)"
                    + " ORDER BY c.arrived_at, c.arrival_seq LIMIT 1 FOR UPDATE SKIP LOCKED", JdbcAcdStore::callRow, operatorId);
        }

        @Override
        public List<SeatRow> lockSeatsByEndpoint(String endpointKey) {
            return many("SELECT " + SEAT_COLUMNS + " FROM acd_seats s WHERE s.endpoint_key = ? ORDER BY s.operator_id FOR UPDATE",
                    JdbcAcdStore::seatRow, endpointKey);
        }

        @Override
        public List<SeatRow> claimWrapUpsSince(Instant since) {
            return many("SELECT " + SEAT_COLUMNS + " FROM acd_seats s WHERE s.state = 'WRAP_UP' AND s.since <= ?"
                    + " ORDER BY s.since, s.operator_id FOR UPDATE SKIP LOCKED", JdbcAcdStore::seatRow, since);
        }

        @Override
        public CallRow insertCall(CallRow call) {
            return sql(() -> {
                long seq = Jdbc.insertReturning(c, "INSERT INTO acd_calls (call_id, client_id, node_id, arrived_at, stage, operator_id)"
                                + " VALUES (?, ?, ?, ?, ?, ?)", "arrival_seq", call.callId(), call.clientId(), call.nodeId(),
                        call.arrivedAt(), call.stage(), call.operatorId());
                return new CallRow(call.callId(), call.clientId(), call.nodeId(), call.arrivedAt(), seq, call.stage(),
                        call.operatorId());
            });
        }

        @Override
        public Optional<CallRow> lockCall(long callId) {
            return one("SELECT " + CALL_COLUMNS + " FROM acd_calls c WHERE c.call_id = ? FOR UPDATE", JdbcAcdStore::callRow, callId);
        }

        @Override
        public void saveCall(CallRow call) {
            write("UPDATE acd_calls SET stage = ?, operator_id = ? WHERE call_id = ?", call.stage(), call.operatorId(), call.callId());
        }

        @Override
        public boolean deleteCall(long callId) {
            return write("DELETE FROM acd_calls WHERE call_id = ?", callId) > 0;
        }

        @Override
        public List<CallRow> lockCallsOf(String nodeId) {
            return many("SELECT " + CALL_COLUMNS + " FROM acd_calls c WHERE c.node_id = ? ORDER BY c.call_id FOR UPDATE",
                    JdbcAcdStore::callRow, nodeId);
        }

        @Override
        public void forgetNode(String nodeId) {
            write("DELETE FROM acd_nodes WHERE node_id = ?", nodeId);
        }
    }

    @FunctionalInterface
    private interface SqlWork<T> {
        T run() throws SQLException;
    }

    private static <T> T sql(SqlWork<T> work) {
        try {
            return work.run();
        } catch (SQLException e) {
            throw Jdbc.translate(e);
        }
    }
}
