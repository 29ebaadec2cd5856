package org.messagebank.store.jdbc;

import org.messagebank.store.NotFoundException;
import org.messagebank.store.event.Committed;
import org.messagebank.store.event.EventBus;
import org.messagebank.store.event.MessageChanged;
import org.messagebank.store.retention.LegalHoldException;
import org.messagebank.store.retention.RetentionCategory;
import org.messagebank.store.retention.RetentionStore;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Retention deletions in SQL that both H2 and PostgreSQL run. */
final class JdbcRetentionStore implements RetentionStore {

    /**
     * How one category is found: the id and time columns, the FROM/WHERE of due records with
     * the cutoffs it needs, the FROM/WHERE of held records, and the indexed order in which
     * batches take due records (oldest first).
     */
    private record Rule(String id, String time, String dueFrom, Function<Cutoffs, List<Object>> params, String heldFrom,
                        String batchOrder) {
        Rule(String id, String time, String dueFrom, Function<Cutoffs, List<Object>> params, String heldFrom) {
            this(id, time, dueFrom, params, heldFrom, time);
        }
    }

    private static final String NOT_ON_HOLD = "NOT EXISTS (SELECT 1 FROM clients c WHERE c.id = %s.client_id AND c.legal_hold = TRUE)";
    private static final Map<RetentionCategory, Rule> RULES = new EnumMap<>(Map.of(
            RetentionCategory.MESSAGES, new Rule("m.id", "m.created_at",
                    "messages m WHERE m.created_at < ? AND m.legal_hold = FALSE AND " + NOT_ON_HOLD.formatted("m"),
                    c -> List.of(c.messages()), "messages m"),
            RetentionCategory.CEASED_CLIENT_MESSAGES, new Rule("m.id", "m.created_at",
                    "messages m WHERE m.legal_hold = FALSE AND EXISTS (SELECT 1 FROM clients c WHERE c.id = m.client_id"
                            + " AND c.ceased_at < ? AND c.legal_hold = FALSE)",
                    c -> List.of(c.ceasedClientMessages()),
                    "messages m WHERE EXISTS (SELECT 1 FROM clients c WHERE c.id = m.client_id AND c.ceased_at IS NOT NULL)"),
            RetentionCategory.CALLS, new Rule("k.id", "k.started_at",
                    "calls k WHERE NOT EXISTS (SELECT 1 FROM messages m WHERE m.call_id = k.id) AND " + NOT_ON_HOLD.formatted("k")
                            + " AND (k.started_at < ? OR EXISTS (SELECT 1 FROM clients c WHERE c.id = k.client_id AND c.ceased_at < ?))",
                    c -> List.of(c.messages(), c.ceasedClientMessages()), "calls k"),
            RetentionCategory.CEASED_CLIENT_ACCOUNTS, new Rule("c.id", "c.ceased_at",
                    "clients c WHERE c.ceased_at < ? AND c.account_erased_at IS NULL AND c.legal_hold = FALSE",
                    c -> List.of(c.ceasedClientAccounts()),
                    "clients c WHERE c.ceased_at IS NOT NULL AND c.account_erased_at IS NULL"),
            RetentionCategory.EMPTY_CLIENTS, new Rule("c.id", "c.ceased_at",
                    "clients c WHERE c.account_erased_at IS NOT NULL AND c.legal_hold = FALSE"
                            + " AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.client_id = c.id)"
                            + " AND NOT EXISTS (SELECT 1 FROM calls k WHERE k.client_id = c.id)",
                    c -> List.of(), "clients c WHERE c.account_erased_at IS NOT NULL"),
            RetentionCategory.CEASED_RESELLERS, new Rule("r.id", "r.status_at",
                    "register_contacts r WHERE r.kind = 'RESELLER' AND r.status = 'CEASED' AND r.status_at < ?",
                    c -> List.of(c.ceasedResellers()), "register_contacts r WHERE r.kind = 'RESELLER' AND r.status = 'CEASED'"),
            RetentionCategory.AUDIT, new Rule("a.seq", "a.at", "audit_log a WHERE a.at < ?",
                    c -> List.of(c.audit()), "audit_log a", "a.seq"),
            RetentionCategory.OUTBOX, new Rule("o.seq", "o.created_at", "outbox o WHERE o.created_at < ?",
                    c -> List.of(c.outbox()), "outbox o", "o.seq")));

    /** Tables holding a client's account data, erased when a ceased client's account expires. */
    private static final List<String> ACCOUNT_TABLES = List.of("client_numbers", "users", "operator_clients", "contacts",
            "delivery_rules");

    private final Jdbc jdbc;
    private final StoreClock clock;
    private final EventBus bus;

    JdbcRetentionStore(Jdbc jdbc, StoreClock clock, EventBus bus) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.bus = bus;
    }

    @Override
    public Due due(RetentionCategory category, Cutoffs cutoffs) {
        var rule = RULES.get(category);
        return jdbc.queryOne("SELECT COUNT(*) AS n, MIN(" + rule.time() + ") AS oldest FROM " + rule.dueFrom(),
                rs -> new Due(rs.getLong("n"), Optional.ofNullable(Jdbc.instant(rs, "oldest"))),
                rule.params().apply(cutoffs).toArray()).orElseThrow();
    }

    @Override
    public Held held(RetentionCategory category) {
        var rule = RULES.get(category);
        return jdbc.queryOne("SELECT COUNT(*) AS n, MIN(" + rule.time() + ") AS oldest FROM " + rule.heldFrom(),
                rs -> new Held(rs.getLong("n"), Optional.ofNullable(Jdbc.instant(rs, "oldest")))).orElseThrow();
    }

    @Override
    public int reapBatch(RetentionCategory category, Cutoffs cutoffs, int limit) {
        var rule = RULES.get(category);
        var params = new ArrayList<>(rule.params().apply(cutoffs));
        params.add(limit);
        boolean messages = category == RetentionCategory.MESSAGES || category == RetentionCategory.CEASED_CLIENT_MESSAGES;
        String select = "SELECT " + rule.id() + (messages ? ", m.client_id" : "") + " FROM " + rule.dueFrom()
                + " ORDER BY " + rule.batchOrder() + " LIMIT ?";
        var deletedMessages = new ArrayList<MessageChanged>();
        int count = jdbc.inTransaction(c -> {
            if (messages) {
                var rows = Jdbc.query(c, select, rs -> new long[] {rs.getLong(1), rs.getLong(2)}, params.toArray());
                deletedMessages.addAll(MessageDeletion.deleteRows(c, rows, clock.now()));
                return deletedMessages.size();
            }
            if (category == RetentionCategory.EMPTY_CLIENTS) {
                // On H2 no key stops a save of a message for a client deleted meanwhile (ADR 14).
                JdbcMessageStore.holdOffSaves(c);
            }
            List<Long> ids = Jdbc.query(c, select, rs -> rs.getLong(1), params.toArray());
            if (ids.isEmpty()) {
                return 0;
            }
            switch (category) {
                case MESSAGES, CEASED_CLIENT_MESSAGES -> throw new IllegalStateException("messages are deleted above");
                case CALLS -> deleteWhereIdIn(c, "calls", "id", ids);
                case CEASED_CLIENT_ACCOUNTS -> eraseAccounts(c, ids);
                case EMPTY_CLIENTS -> deleteWhereIdIn(c, "clients", "id", ids);
                case CEASED_RESELLERS -> deleteWhereIdIn(c, "register_contacts", "id", ids);
                case AUDIT -> deleteWhereIdIn(c, "audit_log", "seq", ids);
                case OUTBOX -> deleteWhereIdIn(c, "outbox", "seq", ids);
            }
            return ids.size();
        });
        deletedMessages.forEach(e -> Committed.publish(bus, MessageChanged.TOPIC, e));
        return count;
    }

    @Override
    public int eraseClientMessages(long clientId, int limit) {
        var events = jdbc.inTransaction(c -> {
            var hold = Jdbc.query(c, "SELECT legal_hold FROM clients WHERE id = ?", rs -> rs.getBoolean(1), clientId);
            if (hold.isEmpty()) {
                throw new NotFoundException("no client " + clientId);
            }
            if (hold.getFirst()) {
                throw new LegalHoldException("client " + clientId + " is under a legal hold; nothing was erased");
            }
            var ids = Jdbc.query(c, "SELECT id FROM messages WHERE client_id = ? AND legal_hold = FALSE ORDER BY id LIMIT ?",
                    rs -> rs.getLong(1), clientId, limit);
            return MessageDeletion.delete(c, ids, clock.now());
        });
        events.forEach(e -> Committed.publish(bus, MessageChanged.TOPIC, e));
        return events.size();
    }

    private void eraseAccounts(Connection c, List<Long> clientIds) throws SQLException {
        var in = placeholders(clientIds);
        for (String table : ACCOUNT_TABLES) {
            Jdbc.update(c, "DELETE FROM " + table + " WHERE client_id IN (" + in + ")", clientIds.toArray());
        }
        for (long id : clientIds) {
            Jdbc.update(c, "UPDATE clients SET name = ?, greeting = '', account_erased_at = ? WHERE id = ?",
                    "ceased client " + id, clock.now(), id);
        }
    }

    private static void deleteWhereIdIn(Connection c, String table, String column, List<Long> ids) throws SQLException {
        Jdbc.update(c, "DELETE FROM " + table + " WHERE " + MessageDeletion.idIn(column, ids));
    }

    private static String placeholders(List<Long> ids) {
        return MessageDeletion.placeholders(ids.size());
    }

    @Override
    public boolean acquireLease(String name, String holder, Instant now, Duration ttl) {
        try {
            return jdbc.inTransaction(c -> {
                var current = Jdbc.query(c, "SELECT holder, expires_at FROM leases WHERE name = ? FOR UPDATE",
                        rs -> new Object[] {rs.getString("holder"), Jdbc.instant(rs, "expires_at")}, name);
                Instant until = now.plus(ttl);
                if (current.isEmpty()) {
                    Jdbc.update(c, "INSERT INTO leases (name, holder, expires_at) VALUES (?, ?, ?)", name, holder, until);
                    return true;
                }
                boolean mine = holder.equals(current.getFirst()[0]);
                boolean expired = ((Instant) current.getFirst()[1]).isBefore(now);
                if (!mine && !expired) {
                    return false;
                }
                Jdbc.update(c, "UPDATE leases SET holder = ?, expires_at = ? WHERE name = ?", holder, until, name);
                return true;
            });
        } catch (RuntimeException e) {
            if (Jdbc.isUniqueViolation(e)) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public void releaseLease(String name, String holder) {
        jdbc.update("DELETE FROM leases WHERE name = ? AND holder = ?", name, holder);
    }
}
