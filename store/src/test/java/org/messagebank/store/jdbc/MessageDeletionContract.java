package org.messagebank.store.jdbc;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.messagebank.config.DatabaseConfig;
import org.messagebank.store.Scope;
import org.messagebank.store.TestData;
import org.messagebank.store.domain.Client;
import org.messagebank.store.domain.Contact;
import org.messagebank.store.domain.DeliveryChannel;
import org.messagebank.store.domain.Escalation;
import org.messagebank.store.domain.Message;
import org.messagebank.store.domain.NewDispatch;
import org.messagebank.store.domain.OutboxEntry;
import org.messagebank.store.domain.OutboxEntry.OutboxKind;
import org.messagebank.store.event.InProcessEventBus;
import org.messagebank.store.event.MessageChanged;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Deleting messages takes their dispatches, dispatch history and escalations with them, and a
 * legal hold committed between reading the messages and deleting them keeps the message and
 * everything that belongs to it.
 */
abstract class MessageDeletionContract {
    protected static final Instant NOW = Instant.parse("2026-01-01T09:00:00Z");
    protected Database database;
    protected JdbcMessageBankStore store;
    private InProcessEventBus bus;
    protected Client acme;
    private Contact alice;
    private final java.util.Map<Long, Long> contacts = new java.util.HashMap<>();

    protected abstract DatabaseConfig newDatabase() throws Exception;

    @BeforeEach
    void open() throws Exception {
        bus = new InProcessEventBus();
        database = Database.open(newDatabase());
        store = new JdbcMessageBankStore(database, new TestData.MutableClock(NOW), bus);
        acme = store.clients().create("Acme", "Hello");
        alice = store.contacts().add(Contact.of(acme.id(), "Alice", "+447700900001", "alice@example.com",
                EnumSet.of(DeliveryChannel.EMAIL), EnumSet.of(DeliveryChannel.SMS, DeliveryChannel.EMAIL), null));
    }

    @AfterEach
    void close() throws Exception {
        TestData.closeAll(store, bus);
    }

    /** A message with two dispatches (so two rows of history) and an escalation. */
    protected Message dispatchedMessage(long clientId) {
        var m = store.messages().save(TestData.message(clientId).build());
        store.dispatches().plan("test", 0, List.of(dispatch(m, DeliveryChannel.SMS), dispatch(m, DeliveryChannel.EMAIL)),
                List.of(new Escalation(m.id(), m.clientId(), 0, NOW.plusSeconds(300), false)));
        assertEquals(2, store.dispatches().forMessage(Scope.admin(), m.id()).size());
        assertTrue(store.dispatches().escalation(m.id()).isPresent());
        return m;
    }

    protected NewDispatch dispatch(Message m, DeliveryChannel channel) {
        long contact = m.clientId() == acme.id() ? alice.id() : contacts.computeIfAbsent(m.clientId(), clientId -> store.contacts()
                .add(Contact.of(clientId, "Bob", "+447700900002", "bob@example.com", EnumSet.of(DeliveryChannel.EMAIL),
                        EnumSet.of(DeliveryChannel.SMS, DeliveryChannel.EMAIL), null)).id());
        return new NewDispatch(m.id(), m.clientId(), contact, channel, true, NOW);
    }

    /** Rows in dispatches, dispatch_events and escalations that belong to the message. */
    protected long dependents(long messageId) throws SQLException {
        try (Connection c = database.connection()) {
            return Jdbc.query(c, "SELECT (SELECT COUNT(*) FROM dispatches WHERE message_id = ?)"
                            + " + (SELECT COUNT(*) FROM dispatch_events e JOIN dispatches d ON d.id = e.dispatch_id WHERE d.message_id = ?)"
                            + " + (SELECT COUNT(*) FROM escalations WHERE message_id = ?)",
                    rs -> rs.getLong(1), messageId, messageId, messageId).getFirst();
        }
    }

    @Test
    void aDeletedMessageTakesItsDispatchesHistoryAndEscalationWithIt() throws SQLException {
        var m = dispatchedMessage(acme.id());
        var other = dispatchedMessage(acme.id());
        long before = dependents(other.id());
        assertTrue(dependents(m.id()) >= 5, "two dispatches, their history and an escalation");

        var erasure = store.messages().erase(new Scope.Admin(), List.of(m.id()));

        assertEquals(List.of(m.id()), erasure.erased());
        assertTrue(store.messages().find(Scope.admin(), m.id()).isEmpty());
        assertEquals(0, dependents(m.id()));
        assertEquals(before, dependents(other.id()), "another message's dispatches are left alone");
    }

    @Test
    void aHoldCommittedAfterTheRowsWereReadKeepsTheMessageItsDispatchesAndGivesItNoDeletionEntry() throws Exception {
        var held = store.clients().create("Held Ltd", "Hello");
        var gone = dispatchedMessage(acme.id());
        var heldMessage = dispatchedMessage(acme.id());
        var heldClientsMessage = dispatchedMessage(held.id());
        long heldDependents = dependents(heldMessage.id());
        long heldClientsDependents = dependents(heldClientsMessage.id());

        var deleted = deleteEveryMessageRead(3, () -> {
            store.messages().setLegalHold(new Scope.Admin(), heldMessage.id(), true);
            store.clients().setLegalHold(held.id(), true);
        });

        assertEquals(List.of(gone.id()), deleted);
        assertTrue(store.messages().find(Scope.admin(), gone.id()).isEmpty());
        assertEquals(0, dependents(gone.id()));
        assertTrue(store.messages().find(Scope.admin(), heldMessage.id()).isPresent());
        assertTrue(store.messages().find(Scope.admin(), heldClientsMessage.id()).isPresent());
        assertEquals(heldDependents, dependents(heldMessage.id()), "a held message keeps its dispatches and escalation");
        assertEquals(heldClientsDependents, dependents(heldClientsMessage.id()));
    }

    @Test
    void aMessageErasedByAnotherTransactionMeanwhileGetsNoSecondDeletionEntry() throws Exception {
        var first = dispatchedMessage(acme.id());
        var second = dispatchedMessage(acme.id());
        var deleted = deleteEveryMessageRead(2, () -> store.messages().erase(new Scope.Admin(), List.of(first.id())));
        assertEquals(List.of(second.id()), deleted);
        assertEquals(0, dependents(first.id()) + dependents(second.id()));
    }

    @Test
    void aBatchIsOneOutboxRowReadBackAsOneEntryPerMessageFromAnyPointInIt() throws SQLException {
        var other = store.clients().create("Other", "Hello");
        long base = store.messages().lastOutboxSeq();
        var saved = store.messages().saveAll(List.of(TestData.message(acme.id()).build(), TestData.message(other.id()).build(),
                TestData.message(acme.id()).build()));
        var ids = saved.stream().map(Message::id).toList();

        assertEquals(ids, store.messages().erase(new Scope.Admin(), ids).erased());

        assertEquals(2, outboxRowsAfter(base), "one row for the captures committed together, one for the deletions");
        var expected = new ArrayList<OutboxEntry>();
        for (var kind : List.of(OutboxKind.MESSAGE_CREATED, OutboxKind.MESSAGE_DELETED)) {
            for (var m : saved) {
                expected.add(new OutboxEntry(base + expected.size() + 1, kind, m.id(), m.clientId(), NOW));
            }
        }
        assertEquals(expected, store.messages().outboxAfter(base, 100));
        assertEquals(expected.subList(1, 4), store.messages().outboxAfter(base + 1, 3), "from inside one row into the next");
        assertEquals(expected.subList(4, 5), store.messages().outboxAfter(base + 4, 1), "a limit ends a row's run");
        assertEquals(List.of(), store.messages().outboxAfter(base + 6, 10));
    }

    @Test
    void consecutiveIdsAreDeletedAsARangeAndAGapKeepsTheMessageInIt() throws SQLException {
        var saved = store.messages().saveAll(List.of(TestData.message(acme.id()).build(), TestData.message(acme.id()).build(),
                TestData.message(acme.id()).build(), TestData.message(acme.id()).build()));
        var first = saved.get(0);
        var kept = saved.get(1);
        var withDispatches = dispatchedMessage(acme.id());
        assertEquals("id BETWEEN 3 AND 5", MessageDeletion.idIn("id", List.of(5L, 3L, 4L, 4L)));
        assertEquals("id IN (1, 3)", MessageDeletion.idIn("id", List.of(3L, 1L, 1L)));

        var gap = List.of(first.id(), saved.get(2).id());
        assertEquals(gap, store.messages().erase(new Scope.Admin(), gap).erased());
        var run = List.of(saved.get(3).id(), withDispatches.id());
        assertEquals(run, store.messages().erase(new Scope.Admin(), run).erased());

        assertEquals(List.of(kept.id()), store.messages().scan(Scope.admin(), 0, 10).stream().map(Message::id).toList());
        assertEquals(0, dependents(withDispatches.id()));
    }

    private long outboxRowsAfter(long seq) throws SQLException {
        try (Connection c = database.connection()) {
            return Jdbc.query(c, "SELECT COUNT(*) FROM outbox WHERE seq > ?", rs -> rs.getLong(1), seq).getFirst();
        }
    }

    /**
     * Reads every message in a transaction (expecting {@code expectedRead}), lets another
     * transaction commit {@code meanwhile}, then deletes what was read and commits; returns the
     * ids given a deletion entry.
     */
    private List<Long> deleteEveryMessageRead(int expectedRead, Runnable meanwhile) throws SQLException {
        try (Connection c = database.connection()) {
            c.setAutoCommit(false);
            var rows = Jdbc.query(c, "SELECT id, client_id FROM messages ORDER BY id", rs -> new long[] {rs.getLong(1), rs.getLong(2)});
            assertEquals(expectedRead, rows.size());
            meanwhile.run();
            var events = MessageDeletion.deleteRows(c, rows, NOW);
            c.commit();
            return events.stream().map(MessageChanged::messageId).toList();
        }
    }
}
