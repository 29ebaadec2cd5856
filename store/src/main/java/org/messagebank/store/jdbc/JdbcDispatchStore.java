package org.messagebank.store.jdbc;

import org.messagebank.store.DispatchStore;
import org.messagebank.store.Scope;
import org.messagebank.store.domain.DeliveryChannel;
import org.messagebank.store.domain.Dispatch;
import org.messagebank.store.domain.DispatchEvent;
import org.messagebank.store.domain.DispatchState;
import org.messagebank.store.domain.Escalation;
import org.messagebank.store.domain.NewDispatch;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

final class JdbcDispatchStore implements DispatchStore {
    private static final String COLUMNS = "id, idempotency_key, message_id, client_id, contact_id, channel, urgent, state,"
            + " attempts, due_at, lease_owner, lease_until, provider_id, error_code, error_text, dead_letter, created_at, updated_at";
    private static final int CANDIDATES = 8;
    private static final String RECORD_EVENT = "INSERT INTO dispatch_events (dispatch_id, state, attempt, error_code, error_text, changed_at)"
            + " SELECT id, state, attempts, error_code, error_text, ? FROM dispatches";

    private final Jdbc jdbc;
    private final StoreClock clock;

    JdbcDispatchStore(Jdbc jdbc, StoreClock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public long cursor(String name) {
        return jdbc.queryOne("SELECT seq FROM outbox_cursors WHERE name = ?", rs -> rs.getLong(1), name).orElse(0L);
    }

    @Override
    public List<Dispatch> plan(String cursor, long seq, List<NewDispatch> dispatches, List<Escalation> escalations) {
        return jdbc.inTransaction(c -> {
            String forward = "UPDATE outbox_cursors SET seq = GREATEST(seq, ?) WHERE name = ?";
            if (Jdbc.update(c, forward, seq, cursor) == 0
                    && Jdbc.update(c, "INSERT INTO outbox_cursors (name, seq) VALUES (?, ?) ON CONFLICT DO NOTHING", cursor, seq) == 0) {
                Jdbc.update(c, forward, seq, cursor);
            }
            for (Escalation e : escalations) {
                Jdbc.update(c, "INSERT INTO escalations (message_id, client_id, rounds_done, next_at, finished) VALUES (?, ?, ?, ?, ?)"
                        + " ON CONFLICT DO NOTHING", e.messageId(), e.clientId(), e.roundsDone(), e.nextAt(), e.finished());
            }
            return insert(c, dispatches);
        });
    }

    @Override
    public List<Dispatch> createAll(List<NewDispatch> dispatches) {
        return dispatches.isEmpty() ? List.of() : jdbc.inTransaction(c -> insert(c, dispatches));
    }

    private List<Dispatch> insert(Connection c, List<NewDispatch> dispatches) throws SQLException {
        var now = clock.now();
        var created = new ArrayList<Dispatch>();
        for (NewDispatch d : dispatches) {
            int inserted = Jdbc.update(c, "INSERT INTO dispatches (idempotency_key, message_id, client_id, contact_id, channel, urgent,"
                            + " state, attempts, due_at, dead_letter, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, FALSE, ?, ?)"
                            + " ON CONFLICT DO NOTHING",
                    d.idempotencyKey(), d.messageId(), d.clientId(), d.contactId(), d.channel(), d.urgent(), DispatchState.QUEUED,
                    d.dueAt(), now, now);
            if (inserted == 1) {
                var dispatch = Jdbc.query(c, "SELECT " + COLUMNS + " FROM dispatches WHERE idempotency_key = ?",
                        JdbcDispatchStore::dispatch, d.idempotencyKey());
                for (var one : dispatch) {
                    recordEvent(c, one.id(), now);
                }
                created.addAll(dispatch);
            }
        }
        return created;
    }

    @Override
    public Optional<Dispatch> find(long dispatchId) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM dispatches WHERE id = ?", JdbcDispatchStore::dispatch, dispatchId);
    }

    @Override
    public List<Dispatch> forMessage(Scope scope, long messageId) {
        var where = Where.scoped(scope).and("message_id = ?", messageId);
        return jdbc.query("SELECT " + COLUMNS + " FROM dispatches" + where.sql() + " ORDER BY id", JdbcDispatchStore::dispatch,
                where.params());
    }

    @Override
    public List<DispatchEvent> history(Scope scope, long messageId) {
        var where = Where.scoped(scope).and("message_id = ?", messageId);
        return jdbc.query("SELECT e.dispatch_id, e.state, e.attempt, e.error_code, e.error_text, e.changed_at FROM dispatch_events e"
                        + " WHERE e.dispatch_id IN (SELECT id FROM dispatches" + where.sql() + ") ORDER BY e.id",
                rs -> new DispatchEvent(rs.getLong("dispatch_id"), DispatchState.valueOf(rs.getString("state")), rs.getInt("attempt"),
                        rs.getString("error_code"), rs.getString("error_text"), Jdbc.instant(rs, "changed_at")),
                where.params());
    }

    /** Records the dispatch's state as it now is, in the caller's transaction. */
    private static void recordEvent(Connection c, long dispatchId, Instant at) throws SQLException {
        Jdbc.update(c, RECORD_EVENT + " WHERE id = ?", at, dispatchId);
    }

    /** Runs one conditional state change and, if it changed the dispatch, records the new state; true if it did. */
    private boolean changed(long dispatchId, Instant at, String sql, Object... params) {
        return jdbc.inTransaction(c -> {
            if (Jdbc.update(c, sql, params) != 1) {
                return false;
            }
            recordEvent(c, dispatchId, at);
            return true;
        });
    }

    @Override
    public List<Dispatch> claimDue(String owner, Collection<DeliveryChannel> channels, Instant now, Duration lease, int limit) {
        if (channels.isEmpty()) {
            return List.of();
        }
        var at = now.truncatedTo(ChronoUnit.MICROS);
        var until = at.plus(lease);
        var channelList = channels.stream().map(ch -> "'" + ch.name() + "'").collect(Collectors.joining(", "));
        // the oldest due few, tried in random order so that concurrent workers rarely collide
        var candidates = jdbc.query("SELECT id FROM dispatches WHERE channel IN (" + channelList + ") AND"
                        + " ((state = 'QUEUED' AND due_at <= ?) OR (state = 'SENDING' AND lease_until <= ?))"
                        + " ORDER BY due_at, id LIMIT " + Math.max(1, limit * CANDIDATES),
                rs -> rs.getLong(1), at, at);
        var shuffled = new ArrayList<>(candidates);
        java.util.Collections.shuffle(shuffled);
        var claimed = new ArrayList<Dispatch>();
        for (long id : shuffled) {
            if (claimed.size() >= limit) {
                break;
            }
            boolean updated = changed(id, at, "UPDATE dispatches SET state = 'SENDING', lease_owner = ?, lease_until = ?,"
                            + " attempts = attempts + 1, updated_at = ? WHERE id = ? AND"
                            + " ((state = 'QUEUED' AND due_at <= ?) OR (state = 'SENDING' AND lease_until <= ?))",
                    owner, until, at, id, at, at);
            if (updated) {
                find(id).filter(d -> owner.equals(d.leaseOwner())).ifPresent(claimed::add);
            }
        }
        return claimed;
    }

    @Override
    public boolean renewLease(long dispatchId, String owner, Instant now, Duration lease) {
        return jdbc.update("UPDATE dispatches SET lease_until = ? WHERE id = ? AND state = 'SENDING' AND lease_owner = ?",
                now.truncatedTo(ChronoUnit.MICROS).plus(lease), dispatchId, owner) == 1;
    }

    @Override
    public boolean dropIfMessageGone(long dispatchId) {
        return jdbc.update("DELETE FROM dispatches WHERE id = ? AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.id = dispatches.message_id)",
                dispatchId) == 1;
    }

    @Override
    public boolean dropEscalationIfMessageGone(long messageId) {
        return jdbc.update("DELETE FROM escalations WHERE message_id = ? AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.id = ?)",
                messageId, messageId) == 1;
    }

    @Override
    public Optional<Instant> nextDue(Collection<DeliveryChannel> channels) {
        if (channels.isEmpty()) {
            return Optional.empty();
        }
        var channelList = channels.stream().map(ch -> "'" + ch.name() + "'").collect(Collectors.joining(", "));
        var next = jdbc.query("SELECT MIN(CASE WHEN state = 'QUEUED' THEN due_at ELSE lease_until END) AS next_due FROM dispatches"
                + " WHERE channel IN (" + channelList + ") AND state IN ('QUEUED', 'SENDING')", rs -> Optional.ofNullable(Jdbc.instant(rs, "next_due")));
        return next.isEmpty() ? Optional.empty() : next.getFirst();
    }

    @Override
    public boolean markSent(long dispatchId, String owner, String providerId) {
        var now = clock.now();
        return changed(dispatchId, now, "UPDATE dispatches SET state = 'SENT', provider_id = ?, lease_owner = NULL, lease_until = NULL,"
                + " error_code = NULL, error_text = NULL, updated_at = ? WHERE id = ? AND state = 'SENDING' AND lease_owner = ?",
                providerId, now, dispatchId, owner);
    }

    @Override
    public boolean markRetry(long dispatchId, String owner, Instant dueAt, String errorCode, String errorText) {
        var now = clock.now();
        return changed(dispatchId, now, "UPDATE dispatches SET state = 'QUEUED', due_at = ?, lease_owner = NULL, lease_until = NULL,"
                + " error_code = ?, error_text = ?, updated_at = ? WHERE id = ? AND state = 'SENDING' AND lease_owner = ?",
                dueAt.truncatedTo(ChronoUnit.MICROS), errorCode, truncate(errorText), now, dispatchId, owner);
    }

    @Override
    public boolean markFailed(long dispatchId, String owner, String errorCode, String errorText, boolean deadLetter) {
        var now = clock.now();
        return changed(dispatchId, now, "UPDATE dispatches SET state = 'FAILED', lease_owner = NULL, lease_until = NULL, error_code = ?,"
                + " error_text = ?, dead_letter = ?, updated_at = ? WHERE id = ? AND state = 'SENDING' AND lease_owner = ?",
                errorCode, truncate(errorText), deadLetter, now, dispatchId, owner);
    }

    @Override
    public Optional<Dispatch> report(String providerId, DispatchState state, String errorCode, String errorText) {
        if (state != DispatchState.DELIVERED && state != DispatchState.FAILED) {
            throw new IllegalArgumentException("a provider reports DELIVERED or FAILED, not " + state);
        }
        return jdbc.inTransaction(c -> {
            var rows = Jdbc.query(c, "SELECT id FROM dispatches WHERE provider_id = ? AND state IN ('SENDING', 'SENT') FOR UPDATE",
                    rs -> rs.getLong(1), providerId);
            if (rows.isEmpty()) {
                return Optional.empty();
            }
            var now = clock.now();
            Jdbc.update(c, "UPDATE dispatches SET state = ?, error_code = ?, error_text = ?, lease_owner = NULL, lease_until = NULL,"
                    + " updated_at = ? WHERE id = ?", state, errorCode, truncate(errorText), now, rows.getFirst());
            recordEvent(c, rows.getFirst(), now);
            return Jdbc.query(c, "SELECT " + COLUMNS + " FROM dispatches WHERE id = ?", JdbcDispatchStore::dispatch, rows.getFirst())
                    .stream().findFirst();
        });
    }

    @Override
    public int acknowledged(long messageId) {
        return jdbc.inTransaction(c -> {
            Jdbc.update(c, "UPDATE escalations SET finished = TRUE WHERE message_id = ?", messageId);
            var now = clock.now();
            var moving = Jdbc.query(c, "SELECT id FROM dispatches WHERE message_id = ? AND state IN ('QUEUED', 'SENDING', 'SENT', 'DELIVERED')"
                    + " FOR UPDATE", rs -> rs.getLong(1), messageId);
            int moved = Jdbc.update(c, "UPDATE dispatches SET state = 'ACKNOWLEDGED', lease_owner = NULL, lease_until = NULL,"
                    + " updated_at = ? WHERE message_id = ? AND state IN ('QUEUED', 'SENDING', 'SENT', 'DELIVERED')", now, messageId);
            for (long id : moving) {
                recordEvent(c, id, now);
            }
            return moved;
        });
    }

    @Override
    public long count(DispatchState state) {
        return jdbc.queryOne("SELECT COUNT(*) FROM dispatches WHERE state = ?", rs -> rs.getLong(1), state).orElse(0L);
    }

    @Override
    public long deadLetterCount() {
        return jdbc.queryOne("SELECT COUNT(*) FROM dispatches WHERE dead_letter = TRUE", rs -> rs.getLong(1)).orElse(0L);
    }

    @Override
    public List<Dispatch> deadLetters(int limit) {
        return jdbc.query("SELECT " + COLUMNS + " FROM dispatches WHERE dead_letter = TRUE ORDER BY updated_at DESC, id DESC LIMIT "
                + Math.max(1, Math.min(limit, 10_000)), JdbcDispatchStore::dispatch);
    }

    @Override
    public Optional<Dispatch> latestUrgentSms(Collection<Long> contactIds) {
        if (contactIds.isEmpty()) {
            return Optional.empty();
        }
        var placeholders = contactIds.stream().map(id -> "?").collect(Collectors.joining(", "));
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM dispatches WHERE contact_id IN (" + placeholders + ")"
                        + " AND urgent = TRUE AND channel = 'SMS' AND state IN ('SENT', 'DELIVERED', 'ACKNOWLEDGED')"
                        + " ORDER BY message_id DESC, id DESC LIMIT 1",
                JdbcDispatchStore::dispatch, contactIds.toArray());
    }

    @Override
    public List<Escalation> dueEscalations(Instant now, int limit) {
        return jdbc.query("SELECT message_id, client_id, rounds_done, next_at, finished FROM escalations"
                        + " WHERE finished = FALSE AND next_at <= ? ORDER BY next_at, message_id LIMIT " + Math.max(1, Math.min(limit, 10_000)),
                JdbcDispatchStore::escalation, now.truncatedTo(ChronoUnit.MICROS));
    }

    @Override
    public boolean escalate(Escalation next, int expectedRoundsDone, List<NewDispatch> dispatches) {
        return jdbc.inTransaction(c -> {
            int updated = Jdbc.update(c, "UPDATE escalations SET rounds_done = ?, next_at = ?, finished = ?"
                            + " WHERE message_id = ? AND rounds_done = ? AND finished = FALSE",
                    next.roundsDone(), next.nextAt().truncatedTo(ChronoUnit.MICROS), next.finished(),
                    next.messageId(), expectedRoundsDone);
            if (updated == 1) {
                insert(c, dispatches);
            }
            return updated == 1;
        });
    }

    @Override
    public Optional<Escalation> escalation(long messageId) {
        return jdbc.queryOne("SELECT message_id, client_id, rounds_done, next_at, finished FROM escalations WHERE message_id = ?",
                JdbcDispatchStore::escalation, messageId);
    }

    private static String truncate(String text) {
        return text == null || text.length() <= 1000 ? text : text.substring(0, 1000);
    }

    private static Escalation escalation(ResultSet rs) throws SQLException {
        return new Escalation(rs.getLong("message_id"), rs.getLong("client_id"), rs.getInt("rounds_done"),
                Jdbc.instant(rs, "next_at"), rs.getBoolean("finished"));
    }

    private static Dispatch dispatch(ResultSet rs) throws SQLException {
        return new Dispatch(rs.getLong("id"), rs.getString("idempotency_key"), rs.getLong("message_id"), rs.getLong("client_id"),
                Jdbc.nullableLong(rs, "contact_id"), DeliveryChannel.valueOf(rs.getString("channel")), rs.getBoolean("urgent"),
                DispatchState.valueOf(rs.getString("state")), rs.getInt("attempts"), Jdbc.instant(rs, "due_at"),
                rs.getString("lease_owner"), Jdbc.instant(rs, "lease_until"), rs.getString("provider_id"),
                rs.getString("error_code"), rs.getString("error_text"), rs.getBoolean("dead_letter"),
                Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "updated_at"));
    }
}
