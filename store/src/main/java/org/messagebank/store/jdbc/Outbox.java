package org.messagebank.store.jdbc;

import org.messagebank.store.domain.OutboxEntry;
import org.messagebank.store.domain.OutboxEntry.OutboxKind;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the outbox and reads it back. Entries of one kind written by one transaction take
 * consecutive sequence numbers and are stored as one row, covering {@code first_seq} to
 * {@code seq} with the messages and their clients in order (ADR 12): a group commit of captures
 * or a reaper batch of a thousand deletions writes one row, not one per message. Readers get
 * one {@link OutboxEntry} per message either way.
 */
final class Outbox {
    private Outbox() {
    }

    /** One message the entry is about. */
    record Change(long messageId, long clientId) {
    }

    /**
     * Appends one entry per change, in order, in the caller's transaction. The sequence is taken
     * here, and its row lock (which orders outbox writers, ADR 1) is held until the caller
     * commits, so callers append last.
     *
     * @return the first entry's sequence number; the others follow it
     */
    static long append(Connection c, OutboxKind kind, List<Change> changes, Instant now) throws SQLException {
        if (changes.isEmpty()) {
            throw new IllegalArgumentException("nothing to append to the outbox");
        }
        long first = Jdbc.allocate(c, "outbox_seq", changes.size());
        if (changes.size() == 1) {
            var change = changes.getFirst();
            Jdbc.update(c, "INSERT INTO outbox (seq, kind, message_id, client_id, created_at) VALUES (?, ?, ?, ?, ?)",
                    first, kind, change.messageId(), change.clientId(), now);
        } else {
            var messages = c.createArrayOf("bigint", changes.stream().map(Change::messageId).toArray(Long[]::new));
            var clients = c.createArrayOf("bigint", changes.stream().map(Change::clientId).toArray(Long[]::new));
            Jdbc.update(c, "INSERT INTO outbox (seq, first_seq, kind, message_ids, client_ids, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                    first + changes.size() - 1, first, kind, messages, clients, now);
        }
        return first;
    }

    /**
     * The first {@code limit} entries after {@code afterSeq}, in sequence order. A row is found
     * by its last sequence number, so a reader that stopped inside a row's run resumes there.
     */
    static List<OutboxEntry> after(Jdbc jdbc, long afterSeq, int limit) {
        var rows = jdbc.query("SELECT seq, kind, message_id, client_id, created_at, first_seq, message_ids, client_ids FROM outbox"
                + " WHERE seq > ? ORDER BY seq LIMIT " + limit, Outbox::entries, afterSeq);
        var entries = new ArrayList<OutboxEntry>(limit);
        for (var row : rows) {
            for (var entry : row) {
                if (entry.seq() > afterSeq) {
                    entries.add(entry);
                    if (entries.size() == limit) {
                        return entries;
                    }
                }
            }
        }
        return entries;
    }

    private static List<OutboxEntry> entries(ResultSet rs) throws SQLException {
        long seq = rs.getLong("seq");
        var kind = OutboxKind.valueOf(rs.getString("kind"));
        var at = Jdbc.instant(rs, "created_at");
        var messages = rs.getArray("message_ids");
        if (messages == null) {
            return List.of(new OutboxEntry(seq, kind, rs.getLong("message_id"), rs.getLong("client_id"), at));
        }
        Object[] messageIds = (Object[]) messages.getArray();
        Object[] clientIds = (Object[]) rs.getArray("client_ids").getArray();
        long first = rs.getLong("first_seq");
        if (messageIds.length != seq - first + 1 || clientIds.length != messageIds.length) {
            throw new SQLException("outbox row " + seq + " holds " + messageIds.length + " messages and " + clientIds.length
                    + " clients for sequence numbers " + first + " to " + seq);
        }
        var entries = new ArrayList<OutboxEntry>(messageIds.length);
        for (int i = 0; i < messageIds.length; i++) {
            entries.add(new OutboxEntry(first + i, kind, ((Number) messageIds[i]).longValue(), ((Number) clientIds[i]).longValue(), at));
        }
        return entries;
    }
}
