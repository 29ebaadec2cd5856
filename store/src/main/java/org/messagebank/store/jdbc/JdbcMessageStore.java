package org.messagebank.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.messagebank.store.MessageStore;
import org.messagebank.store.NotFoundException;
import org.messagebank.store.Scope;
import org.messagebank.store.StoreException;
import org.messagebank.store.domain.Message;
import org.messagebank.store.domain.NewMessage;
import org.messagebank.store.domain.OutboxEntry;
import org.messagebank.store.domain.OutboxEntry.OutboxKind;
import org.messagebank.store.domain.Urgency;
import org.messagebank.store.event.Committed;
import org.messagebank.store.event.EventBus;
import org.messagebank.store.event.MessageChanged;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongFunction;
import java.util.stream.Collectors;

final class JdbcMessageStore implements MessageStore, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JdbcMessageStore.class);
    private static final TypeReference<LinkedHashMap<String, String>> FIELDS = new TypeReference<>() {
    };
    private static final String INSERT_COLUMNS = "id, client_id, call_id, operator_id, created_at, caller_number, caller_name,"
            + " script_version, fields, urgency, read_at, acknowledged_at";
    private static final String COLUMNS = INSERT_COLUMNS + ", restricted, legal_hold";
    private static final int IN_CHUNK = 500;

    private final Jdbc jdbc;
    private final StoreClock clock;
    private final ObjectMapper json;
    private final EventBus bus;
    private final GroupCommitWriter<NewMessage, Saved> writer;
    private final List<SaveListener> saveListeners = new CopyOnWriteArrayList<>();
    private final boolean syncAfterCommit;

    /**
     * @param syncAfterCommit whether each group commit must be followed by a sync of the database
     *                        files, for a database (embedded H2) whose commit does not sync them
     */
    JdbcMessageStore(Jdbc jdbc, StoreClock clock, ObjectMapper json, EventBus bus, int maxBatch, boolean syncAfterCommit) {
        this.jdbc = jdbc;
        this.syncAfterCommit = syncAfterCommit;
        this.clock = clock;
        this.json = json;
        this.bus = bus;
        this.writer = new GroupCommitWriter<>("message-writer", maxBatch, this::commit,
                syncAfterCommit ? this::syncToDisk : GroupCommitWriter.NO_SYNC, this::tellListeners);
    }

    @Override
    public Message save(NewMessage message) {
        return writer.write(List.of(message)).getFirst().message();
    }

    @Override
    public List<Message> saveAll(List<NewMessage> messages) {
        return messages.isEmpty() ? List.of() : writer.write(messages).stream().map(Saved::message).toList();
    }

    @Override
    public AutoCloseable onSaved(SaveListener listener) {
        saveListeners.add(listener);
        return () -> saveListeners.remove(listener);
    }

    @Override
    public CommitStats commitStats() {
        var stats = writer.stats();
        return new CommitStats(stats.commits(), stats.items(), Duration.ofNanos(stats.commitNanos()), Duration.ofNanos(stats.syncNanos()));
    }

    private void tellListeners(List<Saved> saved) {
        for (var listener : saveListeners) {
            try {
                listener.saved(saved);
            } catch (RuntimeException e) {
                log.warn("a listener to saved messages failed", e);
            }
        }
    }

    private record Inserted(List<Message> messages, long firstSeq) {
    }

    /** The counter of message ids; a save holds its row from the start of its transaction. */
    private static final String MESSAGE_ID = "message_id";

    /**
     * Waits for the saves in progress to commit and holds off new ones until {@code c}'s
     * transaction ends: a statement after this sees every message saved so far, and no save
     * checks its client until then.
     */
    static void holdOffSaves(Connection c) throws SQLException {
        Jdbc.lockCounter(c, MESSAGE_ID);
    }

    /**
     * Each message's client exists and has not had its account erased, and its operator, if it
     * names one, exists: on the embedded database no foreign key checks them (ADR 14). A batch
     * with a message that fails is retried writer by writer, so only that writer gets the error.
     */
    private static void checkReferences(Connection c, List<NewMessage> batch) throws SQLException {
        requireAll(c, "clients WHERE account_erased_at IS NULL AND", batch.stream().map(NewMessage::clientId).distinct().toList(),
                id -> "no client " + id + " to take messages for");
        requireAll(c, "operators WHERE", batch.stream().map(NewMessage::operatorId).filter(Objects::nonNull).distinct().toList(),
                id -> "no operator " + id);
    }

    /** Throws a {@link NotFoundException} for the first of {@code ids} that {@code from} (a table and a condition) lacks. */
    private static void requireAll(Connection c, String from, List<Long> ids, LongFunction<String> missing) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        var found = new HashSet<>(Jdbc.query(c, "SELECT id FROM " + from + " id IN (" + MessageDeletion.placeholders(ids.size()) + ")",
                rs -> rs.getLong(1), ids.toArray()));
        for (long id : ids) {
            if (!found.contains(id)) {
                throw new NotFoundException(missing.apply(id));
            }
        }
    }

    private List<Saved> commit(List<NewMessage> batch) {
        var encoded = batch.stream().map(this::encode).toList();
        Inserted committed = jdbc.inTransaction(c -> {
            // The ids first: the reaper takes the same counter before it deletes empty clients, so none
            // is deleted between this check and the commit (ADR 14).
            long firstId = Jdbc.allocate(c, MESSAGE_ID, batch.size());
            checkReferences(c, batch);
            var now = clock.now();
            var messages = new ArrayList<Message>(batch.size());
            try (var insert = c.prepareStatement("INSERT INTO messages (" + INSERT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (int i = 0; i < batch.size(); i++) {
                    var m = batch.get(i);
                    var message = new Message(firstId + i, m.clientId(), m.callId(), m.operatorId(), now, m.callerNumber(),
                            m.callerName(), m.scriptVersion(), m.fields(), m.urgency(), null, null);
                    Jdbc.bind(insert, message.id(), m.clientId(), m.callId(), m.operatorId(), now, m.callerNumber(),
                            m.callerName(), m.scriptVersion(), encoded.get(i), m.urgency(), null, null);
                    insert.addBatch();
                    messages.add(message);
                }
                insert.executeBatch();
            }
            long firstSeq = Outbox.append(c, OutboxKind.MESSAGE_CREATED,
                    messages.stream().map(m -> new Outbox.Change(m.id(), m.clientId())).toList(), now);
            return new Inserted(messages, firstSeq);
        });
        var messages = committed.messages();
        var saved = new ArrayList<Saved>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            var m = messages.get(i);
            saved.add(new Saved(m, committed.firstSeq() + i));
            Committed.publish(bus, MessageChanged.TOPIC, new MessageChanged(m.id(), m.clientId(), committed.firstSeq() + i, OutboxKind.MESSAGE_CREATED));
        }
        return saved;
    }

    /**
     * Writes H2's pending changes and forces them to the disk, so that a save is durable when it
     * returns; one sync serves the whole group commit (see docs/adr/0005).
     */
    private void syncToDisk() {
        jdbc.withConnection(c -> {
            try (var s = c.createStatement()) {
                s.execute("CHECKPOINT SYNC");
            }
            return null;
        });
    }

    @Override
    public Optional<Message> find(Scope scope, long messageId) {
        var where = visible(scope).and("id = ?", messageId);
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM messages" + where.sql(), this::message, where.params());
    }

    @Override
    public List<Message> findAll(Scope scope, Collection<Long> messageIds) {
        var ids = List.copyOf(messageIds);
        var found = new ArrayList<Message>(ids.size());
        for (int from = 0; from < ids.size(); from += IN_CHUNK) {
            var chunk = ids.subList(from, Math.min(ids.size(), from + IN_CHUNK));
            var placeholders = chunk.stream().map(id -> "?").collect(Collectors.joining(", "));
            var where = visible(scope).and("id IN (" + placeholders + ")", chunk.toArray());
            found.addAll(jdbc.query("SELECT " + COLUMNS + " FROM messages" + where.sql(), this::message, where.params()));
        }
        found.sort((a, b) -> Long.compare(b.id(), a.id()));
        return found;
    }

    @Override
    public List<Message> recent(Scope scope, Long beforeId, int limit) {
        var where = visible(scope);
        if (beforeId != null) {
            where = where.and("id < ?", beforeId);
        }
        return jdbc.query("SELECT " + COLUMNS + " FROM messages" + where.sql() + " ORDER BY id DESC LIMIT " + checkLimit(limit),
                this::message, where.params());
    }

    @Override
    public Map<Long, Long> countsSince(Scope.Admin scope, Instant since) {
        return Jdbc.countsByClient(jdbc, "SELECT client_id, COUNT(*) FROM messages WHERE created_at >= ? GROUP BY client_id", since);
    }

    @Override
    public Optional<Message> findByCall(Scope scope, long callId) {
        var where = visible(scope).and("call_id = ?", callId);
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM messages" + where.sql() + " ORDER BY id LIMIT 1", this::message,
                where.params());
    }

    @Override
    public List<Message> scan(Scope scope, long afterId, int limit) {
        var where = visible(scope).and("id > ?", afterId);
        return jdbc.query("SELECT " + COLUMNS + " FROM messages" + where.sql() + " ORDER BY id LIMIT " + checkLimit(limit),
                this::message, where.params());
    }

    @Override
    public boolean markRead(Scope scope, long messageId) {
        var now = clock.now();
        return change(scope, messageId, "read_at = ?", List.of(now), "read_at IS NULL", now);
    }

    @Override
    public boolean acknowledge(Scope scope, long messageId) {
        var now = clock.now();
        return change(scope, messageId, "acknowledged_at = ?, read_at = COALESCE(read_at, ?)", List.of(now, now),
                "acknowledged_at IS NULL", now);
    }

    private boolean change(Scope scope, long messageId, String set, List<Object> setParams, String unlessAlready, Instant now) {
        var where = visible(scope).and("id = ?", messageId).and(unlessAlready);
        var params = new ArrayList<Object>(setParams);
        Collections.addAll(params, where.params());
        Optional<OutboxEntry> entry = jdbc.inTransaction(c -> {
            var clientIds = Jdbc.query(c, "SELECT client_id FROM messages" + where.sql() + " FOR UPDATE", rs -> rs.getLong(1), where.params());
            if (clientIds.isEmpty()) {
                return Optional.empty();
            }
            Jdbc.update(c, "UPDATE messages SET " + set + where.sql(), params.toArray());
            return Optional.of(appendOutbox(c, OutboxKind.MESSAGE_UPDATED, messageId, clientIds.getFirst(), now));
        });
        entry.ifPresent(e -> Committed.publish(bus, MessageChanged.TOPIC, new MessageChanged(messageId, e.clientId(), e.seq(), e.kind())));
        return entry.isPresent();
    }

    @Override
    public boolean setRestricted(Scope.Admin scope, long messageId, boolean restricted) {
        var now = clock.now();
        Optional<OutboxEntry> entry = jdbc.inTransaction(c -> {
            var clientIds = Jdbc.query(c, "SELECT client_id FROM messages WHERE id = ? AND restricted <> ? FOR UPDATE",
                    rs -> rs.getLong(1), messageId, restricted);
            if (clientIds.isEmpty()) {
                return Optional.empty();
            }
            Jdbc.update(c, "UPDATE messages SET restricted = ? WHERE id = ?", restricted, messageId);
            return Optional.of(appendOutbox(c, OutboxKind.MESSAGE_UPDATED, messageId, clientIds.getFirst(), now));
        });
        entry.ifPresent(this::announce);
        return entry.isPresent();
    }

    @Override
    public Rectified rectify(Scope.Admin scope, long messageId, String field, String value) {
        var now = clock.now();
        var result = jdbc.inTransaction(c -> {
            var current = Jdbc.query(c, "SELECT " + COLUMNS + " FROM messages WHERE id = ? FOR UPDATE", this::message, messageId);
            if (current.isEmpty()) {
                throw new NotFoundException("no message " + messageId);
            }
            var m = current.getFirst();
            String before;
            switch (field) {
                case "caller_name" -> {
                    before = m.callerName();
                    Jdbc.update(c, "UPDATE messages SET caller_name = ? WHERE id = ?", value, messageId);
                }
                case "caller_number" -> {
                    before = m.callerNumber();
                    Jdbc.update(c, "UPDATE messages SET caller_number = ? WHERE id = ?", value, messageId);
                }
                default -> {
                    if (!m.fields().containsKey(field)) {
                        throw new IllegalArgumentException("message " + messageId + " has no field '" + field + "'");
                    }
                    before = m.fields().get(field);
                    var fields = new LinkedHashMap<>(m.fields());
                    fields.put(field, value);
                    Jdbc.update(c, "UPDATE messages SET fields = ? WHERE id = ?", encodeFields(fields), messageId);
                }
            }
            var entry = appendOutbox(c, OutboxKind.MESSAGE_UPDATED, messageId, m.clientId(), now);
            return Map.entry(entry, new Rectified(sha256(before), sha256(value)));
        });
        announce(result.getKey());
        return result.getValue();
    }

    @Override
    public Erasure erase(Scope.Admin scope, Collection<Long> messageIds) {
        var ids = List.copyOf(messageIds);
        if (ids.isEmpty()) {
            return new Erasure(List.of(), List.of());
        }
        var now = clock.now();
        var result = jdbc.inTransaction(c -> {
            var held = Jdbc.query(c, "SELECT m.id FROM messages m WHERE m.id IN (" + MessageDeletion.placeholders(ids.size())
                    + ") AND (m.legal_hold = TRUE OR EXISTS (SELECT 1 FROM clients k WHERE k.id = m.client_id AND k.legal_hold = TRUE))"
                    + " ORDER BY m.id", rs -> rs.getLong(1), ids.toArray());
            if (!held.isEmpty()) {
                return Map.entry(List.<MessageChanged>of(), new Erasure(List.of(), held));
            }
            var events = MessageDeletion.delete(c, ids, now);
            return Map.entry(events, new Erasure(events.stream().map(MessageChanged::messageId).toList(), held));
        });
        result.getKey().forEach(e -> Committed.publish(bus, MessageChanged.TOPIC, e));
        return result.getValue();
    }

    @Override
    public List<Message> findBySubject(Scope.Admin scope, String e164, String text, int limit) {
        return SubjectMatch.of(e164, text, "caller_name", "fields")
                .map(m -> jdbc.query("SELECT " + COLUMNS + " FROM messages" + m.sql() + " ORDER BY id DESC LIMIT " + checkLimit(limit),
                        this::message, m.params()))
                .orElse(List.of());
    }

    private void announce(OutboxEntry e) {
        Committed.publish(bus, MessageChanged.TOPIC, new MessageChanged(e.messageId(), e.clientId(), e.seq(), e.kind()));
    }

    private static String sha256(String value) {
        try {
            var digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(String.valueOf(value).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    @Override
    public boolean setLegalHold(Scope.Admin scope, long messageId, boolean held) {
        return jdbc.update("UPDATE messages SET legal_hold = ? WHERE id = ?", held, messageId) == 1;
    }

    private static OutboxEntry appendOutbox(Connection c, OutboxKind kind, long messageId, long clientId, Instant now)
            throws SQLException {
        long seq = Outbox.append(c, kind, List.of(new Outbox.Change(messageId, clientId)), now);
        return new OutboxEntry(seq, kind, messageId, clientId, now);
    }

    @Override
    public List<OutboxEntry> outboxAfter(long afterSeq, int limit) {
        return Outbox.after(jdbc, afterSeq, checkLimit(limit));
    }

    @Override
    public long lastOutboxSeq() {
        return jdbc.queryOne("SELECT counter_value FROM counters WHERE name = 'outbox_seq'", rs -> rs.getLong(1)).orElse(0L);
    }

    @Override
    public void close() {
        writer.close();
    }

    private Message message(ResultSet rs) throws SQLException {
        Map<String, String> fields;
        try {
            fields = json.readValue(rs.getString("fields"), FIELDS);
        } catch (JsonProcessingException e) {
            throw new StoreException("stored message fields are not readable", e);
        }
        return new Message(rs.getLong("id"), rs.getLong("client_id"), Jdbc.nullableLong(rs, "call_id"),
                Jdbc.nullableLong(rs, "operator_id"), Jdbc.instant(rs, "created_at"), rs.getString("caller_number"),
                rs.getString("caller_name"), rs.getInt("script_version"), fields, Urgency.valueOf(rs.getString("urgency")),
                Jdbc.instant(rs, "read_at"), Jdbc.instant(rs, "acknowledged_at"), rs.getBoolean("restricted"));
    }

    /** What the scope may see: client users never see restricted messages. */
    private static Where visible(Scope scope) {
        var where = Where.scoped(scope);
        return scope instanceof Scope.Tenant ? where.and("restricted = FALSE") : where;
    }

    private String encode(NewMessage m) {
        return encodeFields(m.fields());
    }

    private String encodeFields(Map<String, String> fields) {
        try {
            return json.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new StoreException("message fields cannot be encoded", e);
        }
    }

    private static int checkLimit(int limit) {
        if (limit < 1 || limit > 10_000) {
            throw new IllegalArgumentException("limit must be 1..10000: " + limit);
        }
        return limit;
    }
}
