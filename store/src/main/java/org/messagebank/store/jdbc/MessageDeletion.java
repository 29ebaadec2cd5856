package org.messagebank.store.jdbc;

import org.messagebank.store.domain.OutboxEntry.OutboxKind;
import org.messagebank.store.event.MessageChanged;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Physical deletion of messages with their dispatches and escalations, and one outbox entry each so every index replica follows. */
final class MessageDeletion {
    /**
     * Not on hold, itself or through its client. The clients on hold are one uncorrelated
     * subquery, evaluated once per statement, where a correlated NOT EXISTS would run per row.
     */
    private static final String NOT_HELD = " AND legal_hold = FALSE AND client_id NOT IN (SELECT k.id FROM clients k WHERE k.legal_hold = TRUE)";
    /** SQLSTATE of a key violation: here, a dispatch created for a message while it was being deleted. */
    private static final String CHILD_EXISTS = "23503";
    private static final int ATTEMPTS = 5;

    private MessageDeletion() {
    }

    /**
     * Deletes the messages (in the caller's transaction) and returns the events to publish once
     * it commits. Ids that no longer exist are skipped. The outbox sequence is taken last, so the
     * lock that orders outbox writers is held only for the outbox rows and the commit, not for
     * the deletion itself, and captures carry on meanwhile.
     */
    static List<MessageChanged> delete(Connection c, List<Long> ids, Instant now) throws SQLException {
        if (ids.isEmpty()) {
            return List.of();
        }
        var rows = Jdbc.query(c, "SELECT id, client_id FROM messages WHERE " + idIn("id", ids) + " ORDER BY id",
                rs -> new long[] {rs.getLong(1), rs.getLong(2)});
        return deleteRows(c, rows, now);
    }

    /**
     * Deletes messages whose ids and clients the caller has just read in this transaction, as
     * {@code {id, client_id}} pairs, with their dispatches and escalations, and returns the events
     * to publish once it commits. Only messages still there and not on hold are deleted, each with
     * one deletion entry: the {@code DELETE} checks the legal holds again, so a hold committed
     * since the rows were read keeps its message (PostgreSQL re-checks a row changed meanwhile
     * before deleting it).
     *
     * <p>The dependents go first, one statement per table for the whole batch (their keys forbid
     * the reverse order; a cascade would run once per row). Should the {@code DELETE} then keep a
     * message back, or find a dispatch created meanwhile, everything is undone to a savepoint and
     * done again for the messages still deletable, so a held message keeps its dispatches too.
     */
    static List<MessageChanged> deleteRows(Connection c, List<long[]> rows, Instant now) throws SQLException {
        for (int attempt = 1; !rows.isEmpty(); attempt++) {
            var ids = rows.stream().map(row -> row[0]).toList();
            String children = idIn("message_id", ids);
            String messages = idIn("id", ids);
            Savepoint before = c.setSavepoint();
            try {
                Jdbc.update(c, "DELETE FROM dispatches WHERE " + children);
                Jdbc.update(c, "DELETE FROM escalations WHERE " + children);
                if (Jdbc.update(c, "DELETE FROM messages WHERE " + messages + NOT_HELD) == rows.size()) {
                    c.releaseSavepoint(before);
                    break;
                }
            } catch (SQLException e) {
                if (!CHILD_EXISTS.equals(e.getSQLState()) || attempt == ATTEMPTS) {
                    throw e;
                }
            }
            c.rollback(before);
            var deletable = new HashSet<>(Jdbc.query(c, "SELECT id FROM messages WHERE " + messages + NOT_HELD,
                    rs -> rs.getLong(1)));
            rows = rows.stream().filter(row -> deletable.contains(row[0])).toList();
        }
        if (rows.isEmpty()) {
            return List.of();
        }
        long firstSeq = Outbox.append(c, OutboxKind.MESSAGE_DELETED, rows.stream().map(row -> new Outbox.Change(row[0], row[1])).toList(), now);
        var events = new ArrayList<MessageChanged>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            events.add(new MessageChanged(rows.get(i)[0], rows.get(i)[1], firstSeq + i, OutboxKind.MESSAGE_DELETED));
        }
        return events;
    }

    /**
     * A condition that {@code column} is one of the ids (there is at least one). Ids that are
     * consecutive numbers, as a reaper batch of the oldest messages nearly always is, become a
     * {@code BETWEEN}: one index seek where a list needs a probe per id, and nothing to parse.
     * Otherwise SQL literals for an {@code IN} list: with literals H2 checks each row against a
     * hash set; with one parameter per id it compares each row with the whole list, which makes
     * a batch cost the square of its size.
     */
    static String idIn(String column, Collection<Long> ids) {
        var distinct = new TreeSet<>(ids);
        if (distinct.last() - distinct.first() + 1 == distinct.size()) {
            return column + " BETWEEN " + distinct.first() + " AND " + distinct.last();
        }
        return column + " IN (" + distinct.stream().map(id -> Long.toString(id)).collect(Collectors.joining(", ")) + ")";
    }

    static String placeholders(int count) {
        return java.util.stream.IntStream.range(0, count).mapToObj(i -> "?").collect(Collectors.joining(", "));
    }
}
