package org.messagebank.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.postgresql.PGConnection;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * The generated messages as a PostgreSQL table for the search baseline: the store's message
 * columns (fields as jsonb), a stored generated {@code tsvector} over caller name and fields
 * (weights A name, B reason, C the rest) with a GIN index, and btrees for the tenant's newest
 * messages, the caller and the admin's newest messages. Loaded with COPY, indexed afterwards.
 * A marker row lets a second run with the same seed and size reuse the table.
 */
final class PostgresCorpus {
    static final String TABLE = "bench_messages";
    private static final int COPY_CHUNK_BYTES = 1 << 20;

    private static final String CREATE = """
            CREATE TABLE bench_messages (
                id              BIGINT                   NOT NULL,
                client_id       BIGINT                   NOT NULL,
                operator_id     BIGINT,
                created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
                caller_number   VARCHAR(64),
                caller_name     VARCHAR(200),
                fields          JSONB                    NOT NULL,
                urgency         VARCHAR(16)              NOT NULL,
                read_at         TIMESTAMP WITH TIME ZONE,
                acknowledged_at TIMESTAMP WITH TIME ZONE,
                tsv TSVECTOR GENERATED ALWAYS AS (
                    setweight(to_tsvector('english', coalesce(caller_name, '')), 'A')
                    || setweight(to_tsvector('english', coalesce(fields ->> 'reason', '')), 'B')
                    || setweight(to_tsvector('english', coalesce(fields ->> 'company', '') || ' '
                                                         || coalesce(fields ->> 'callback', '')), 'C')) STORED
            )""";

    private static final List<String> INDEXES = List.of(
            "ALTER TABLE bench_messages ADD PRIMARY KEY (id)",
            "CREATE INDEX bench_messages_tsv ON bench_messages USING gin (tsv)",
            "CREATE INDEX bench_messages_client_created ON bench_messages (client_id, created_at DESC)",
            "CREATE INDEX bench_messages_client_caller ON bench_messages (client_id, caller_number, created_at DESC)",
            "CREATE INDEX bench_messages_created ON bench_messages (created_at DESC)");

    /** What loading took, or that an earlier load was reused. */
    record Load(boolean reused, long copyMillis, long indexMillis, long tableBytes, long indexBytes) {
    }

    private final String url;
    private final ObjectMapper json = new ObjectMapper();

    PostgresCorpus(String url) {
        this.url = url;
    }

    Load ensureLoaded(DataGenerator data, long seed) throws SQLException {
        String marker = "seed=" + seed + ",messages=" + data.messageCount() + ",clients=" + data.clients().size();
        try (var c = DriverManager.getConnection(url)) {
            if (marker.equals(currentMarker(c))) {
                return sizes(c, new Load(true, 0, 0, 0, 0));
            }
            try (var s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS bench_messages");
                s.execute("CREATE TABLE IF NOT EXISTS bench_corpus (marker TEXT NOT NULL)");
                s.execute("DELETE FROM bench_corpus");
                s.execute(CREATE);
            }
            long t0 = System.nanoTime();
            copy(c, data);
            long t1 = System.nanoTime();
            try (var s = c.createStatement()) {
                s.execute("SET maintenance_work_mem = '1GB'");
                for (String ddl : INDEXES) {
                    s.execute(ddl);
                }
                s.execute("VACUUM ANALYZE bench_messages");
                s.execute("INSERT INTO bench_corpus (marker) VALUES ('" + marker + "')");
            }
            long t2 = System.nanoTime();
            return sizes(c, new Load(false, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, 0, 0));
        }
    }

    private static String currentMarker(Connection c) throws SQLException {
        try (var s = c.createStatement();
             var rs = s.executeQuery("SELECT to_regclass('bench_corpus') IS NOT NULL AND to_regclass('bench_messages') IS NOT NULL")) {
            rs.next();
            if (!rs.getBoolean(1)) {
                return null;
            }
        }
        try (var s = c.createStatement(); var rs = s.executeQuery("SELECT marker FROM bench_corpus")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static Load sizes(Connection c, Load load) throws SQLException {
        try (var s = c.createStatement();
             var rs = s.executeQuery("SELECT pg_table_size('bench_messages'), pg_indexes_size('bench_messages')")) {
            rs.next();
            return new Load(load.reused(), load.copyMillis(), load.indexMillis(), rs.getLong(1), rs.getLong(2));
        }
    }

    private void copy(Connection c, DataGenerator data) throws SQLException {
        var copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(
                "COPY bench_messages (id, client_id, operator_id, created_at, caller_number, caller_name, fields, urgency,"
                        + " read_at, acknowledged_at) FROM STDIN (FORMAT csv)");
        try {
            var rows = new StringBuilder(COPY_CHUNK_BYTES + 4096);
            for (long seq = 0; seq < data.messageCount(); seq++) {
                appendRow(rows, data.message(seq));
                if (rows.length() >= COPY_CHUNK_BYTES) {
                    byte[] bytes = rows.toString().getBytes(StandardCharsets.UTF_8);
                    copy.writeToCopy(bytes, 0, bytes.length);
                    rows.setLength(0);
                }
            }
            byte[] bytes = rows.toString().getBytes(StandardCharsets.UTF_8);
            copy.writeToCopy(bytes, 0, bytes.length);
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    private void appendRow(StringBuilder out, SyntheticMessage m) {
        out.append(m.id()).append(',').append(m.clientIndex() + 1L).append(',').append(m.operatorId()).append(',');
        instant(out, m.createdAt()).append(',');
        quoted(out, m.callerNumber()).append(',');
        quoted(out, m.callerName()).append(',');
        try {
            quoted(out, json.writeValueAsString(m.fields())).append(',');
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        out.append(m.urgency().name()).append(',');
        instant(out, m.readAt()).append(',');
        instant(out, m.acknowledgedAt()).append('\n');
    }

    /** CSV: null is an empty unquoted value. */
    private static StringBuilder instant(StringBuilder out, Instant value) {
        return value == null ? out : out.append(value);
    }

    private static StringBuilder quoted(StringBuilder out, String value) {
        return value == null ? out : out.append('"').append(value.replace("\"", "\"\"")).append('"');
    }
}
