package org.messagebank.bench;

import org.messagebank.bench.QuerySpec.Term;
import org.messagebank.store.domain.MessageStatus;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * The query mix in PostgreSQL full-text search over {@link PostgresCorpus#TABLE}: words as a
 * {@code tsquery} (AND; a fielded word is limited to its weight: A name, B reason), the caller by
 * equality on the E.164 column, dates and status as plain predicates, newest 20 first. One
 * connection per load thread, {@code prepareThreshold=0} so that every query is planned with its values.
 */
record SqlSearch(String url) implements SearchEngine {

    /** A statement and its parameters. */
    record Sql(String text, List<Object> params) {
    }

    @Override
    public String name() {
        return "PostgreSQL FTS (GIN)";
    }

    static Sql toSql(QuerySpec q) {
        var where = new StringJoiner(" AND ");
        var params = new ArrayList<>();
        if (!q.admin()) {
            where.add("client_id = ?");
            params.add(q.clientIndex() + 1L);
        }
        if (!q.terms().isEmpty()) {
            where.add("tsv @@ to_tsquery('english', ?)");
            params.add(tsquery(q.terms()));
        }
        if (q.caller() != null) {
            where.add("caller_number = ?");
            params.add(q.caller().e164());
        }
        if (q.from() != null) {
            where.add("created_at >= ? AND created_at < ?");
            params.add(OffsetDateTime.ofInstant(q.from(), ZoneOffset.UTC));
            params.add(OffsetDateTime.ofInstant(q.to(), ZoneOffset.UTC));
        }
        if (q.status() != null) {
            where.add(status(q.status()));
        }
        String sql = "SELECT id FROM " + PostgresCorpus.TABLE + (where.length() == 0 ? "" : " WHERE " + where)
                + " ORDER BY created_at DESC, id DESC LIMIT " + QuerySpec.LIMIT;
        return new Sql(sql, List.copyOf(params));
    }

    /** Words are single lower-case words from the vocabulary, so they need no quoting. */
    static String tsquery(List<Term> terms) {
        var query = new StringJoiner(" & ");
        for (Term t : terms) {
            query.add(switch (t.field()) {
                case ANY -> t.word();
                case NAME -> t.word() + ":A";
                case REASON -> t.word() + ":B";
            });
        }
        return query.toString();
    }

    private static String status(MessageStatus status) {
        return switch (status) {
            case NEW -> "read_at IS NULL AND acknowledged_at IS NULL";
            case READ -> "read_at IS NOT NULL AND acknowledged_at IS NULL";
            case ACKNOWLEDGED -> "acknowledged_at IS NOT NULL";
        };
    }

    static String withParameter(String url, String parameter) {
        return url + (url.contains("?") ? "&" : "?") + parameter;
    }

    @Override
    public Session open() {
        Connection c;
        try {
            c = DriverManager.getConnection(withParameter(url, "prepareThreshold=0"));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to " + url + ": " + e.getMessage(), e);
        }
        return new Session() {
            @Override
            public int search(QuerySpec query) {
                var sql = toSql(query);
                try (var ps = c.prepareStatement(sql.text())) {
                    for (int i = 0; i < sql.params().size(); i++) {
                        ps.setObject(i + 1, sql.params().get(i));
                    }
                    int rows = 0;
                    try (var rs = ps.executeQuery()) {
                        while (rs.next()) {
                            rs.getLong(1);
                            rows++;
                        }
                    }
                    return rows;
                } catch (SQLException e) {
                    throw new IllegalStateException("query failed: " + sql.text() + " " + sql.params() + ": " + e.getMessage(), e);
                }
            }

            @Override
            public void close() {
                try {
                    c.close();
                } catch (SQLException e) {
                    // closing after the run: nothing to do
                }
            }
        };
    }
}
