package org.messagebank.store.jdbc;

import org.messagebank.store.domain.OutboxEntry.OutboxKind;
import org.messagebank.store.event.MessageChanged;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/** Physical deletion of messages, with one outbox entry each so every index replica follows. */
final class MessageDeletion {
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
        String in = idList(ids);
        var rows = Jdbc.query(c, "SELECT id, client_id FROM messages WHERE id IN (" + in + ") ORDER BY id",
                rs -> new long[] {rs.getLong(1), rs.getLong(2)});
        return deleteRows(c, rows, now);
    }

    /**
     * Deletes messages whose ids and clients the caller has just read in this transaction, as
     * {@code {id, client_id}} pairs, and returns the events to publish once it commits. The
     * {@code DELETE} checks the legal holds again, so a hold committed since the rows were read
     * keeps its message (PostgreSQL re-checks a row changed meanwhile before deleting it), and
     * such a message gets no deletion entry. A message erased by another transaction in between
     * gets a second deletion entry, which every follower treats as the no-op it is.
     */
    static List<MessageChanged> deleteRows(Connection c, List<long[]> rows, Instant now) throws SQLException {
        if (rows.isEmpty()) {
            return List.of();
        }
        String in = idList(rows.stream().map(row -> row[0]).toList());
        // The clients on hold as one uncorrelated subquery: evaluated once per statement, where a
        // correlated NOT EXISTS would run once per deleted row.
        int deleted = Jdbc.update(c, "DELETE FROM messages WHERE id IN (" + in + ") AND legal_hold = FALSE"
                + " AND client_id NOT IN (SELECT k.id FROM clients k WHERE k.legal_hold = TRUE)");
        if (deleted != rows.size()) {
            var kept = new java.util.HashSet<>(Jdbc.query(c, "SELECT id FROM messages WHERE id IN (" + in + ")", rs -> rs.getLong(1)));
            rows = rows.stream().filter(row -> !kept.contains(row[0])).toList();
            if (rows.isEmpty()) {
                return List.of();
            }
        }
        long firstSeq = Jdbc.allocate(c, "outbox_seq", rows.size());
        var events = new ArrayList<MessageChanged>(rows.size());
        try (var outbox = c.prepareStatement("INSERT INTO outbox (seq, kind, message_id, client_id, created_at) VALUES (?, ?, ?, ?, ?)")) {
            for (int i = 0; i < rows.size(); i++) {
                long[] row = rows.get(i);
                Jdbc.bind(outbox, firstSeq + i, OutboxKind.MESSAGE_DELETED, row[0], row[1], now);
                outbox.addBatch();
                events.add(new MessageChanged(row[0], row[1], firstSeq + i, OutboxKind.MESSAGE_DELETED));
            }
            outbox.executeBatch();
        }
        return events;
    }

    /**
     * The ids as SQL literals for an {@code IN} list. With literals H2 checks each row against a
     * hash set; with one parameter per id it compares each row with the whole list, which makes
     * a batch cost the square of its size.
     */
    static String idList(Collection<Long> ids) {
        return ids.stream().map(id -> Long.toString(id)).collect(Collectors.joining(", "));
    }

    static String placeholders(int count) {
        return java.util.stream.IntStream.range(0, count).mapToObj(i -> "?").collect(Collectors.joining(", "));
    }
}
