package org.messagebank.store.jdbc;

import org.messagebank.store.StoreException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Small helpers over plain JDBC: transactions, parameter binding, row mapping. */
final class Jdbc {
    private final Database database;

    Jdbc(Database database) {
        this.database = database;
    }

    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** Runs the work in one transaction, committed on return and rolled back on any failure. */
    <T> T inTransaction(Work<T> work) {
        try (Connection c = database.connection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    <T> T withConnection(Work<T> work) {
        try (Connection c = database.connection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) {
        return withConnection(c -> query(c, sql, mapper, params));
    }

    <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... params) {
        var rows = query(sql, mapper, params);
        return rows.isEmpty() ? Optional.empty() : Optional.ofNullable(rows.getFirst());
    }

    int update(String sql, Object... params) {
        return withConnection(c -> update(c, sql, params));
    }

    static <T> List<T> query(Connection c, String sql, RowMapper<T> mapper, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                var rows = new ArrayList<T>();
                while (rs.next()) {
                    rows.add(mapper.map(rs));
                }
                return rows;
            }
        }
    }

    static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            return ps.executeUpdate();
        }
    }

    /** Inserts one row and returns the generated {@code id}. */
    static long insert(Connection c, String sql, Object... params) throws SQLException {
        return insertReturning(c, sql, "id", params);
    }

    /** Inserts one row and returns the value the database generated for {@code column}. */
    static long insertReturning(Connection c, String sql, String column, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql, new String[] {column})) {
            bind(ps, params);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                if (!keys.next()) {
                    throw new SQLException("no generated key returned");
                }
                return keys.getLong(1);
            }
        }
    }

    /**
     * Takes {@code count} values from a named counter under a row lock held until commit, and
     * returns the first. Transactions that allocate from the same counter commit in order.
     */
    static long allocate(Connection c, String counter, int count) throws SQLException {
        long current = lockCounter(c, counter);
        update(c, "UPDATE counters SET counter_value = ? WHERE name = ?", current + count, counter);
        return current + 1;
    }

    /** Locks a named counter's row until commit, as {@link #allocate} does, and returns its value. */
    static long lockCounter(Connection c, String counter) throws SQLException {
        return query(c, "SELECT counter_value FROM counters WHERE name = ? FOR UPDATE", rs -> rs.getLong(1), counter).getFirst();
    }

    static void bind(PreparedStatement ps, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            Object p = params[i];
            switch (p) {
                case null -> ps.setNull(i + 1, Types.NULL);
                case Instant instant -> ps.setObject(i + 1, OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
                case Enum<?> e -> ps.setString(i + 1, e.name());
                default -> ps.setObject(i + 1, p);
            }
        }
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        var value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    static StoreException translate(SQLException e) {
        String state = e.getSQLState();
        if (state != null && state.startsWith("23")) {
            return new StoreException("constraint violated: " + e.getMessage(), e);
        }
        return new StoreException("database error: " + e.getMessage(), e);
    }

    static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** Runs a {@code SELECT client_id, COUNT(*) ... GROUP BY client_id} into a map by client id. */
    static Map<Long, Long> countsByClient(Jdbc jdbc, String sql, Object... params) {
        var counts = new java.util.TreeMap<Long, Long>();
        jdbc.query(sql, rs -> counts.put(rs.getLong(1), rs.getLong(2)), params);
        return counts;
    }
}
