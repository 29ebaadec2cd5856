package org.messagebank.store.jdbc;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.messagebank.store.Scope;
import org.messagebank.store.TestData;
import org.messagebank.store.TestDatabases;
import org.messagebank.store.event.InProcessEventBus;
import org.messagebank.store.event.MessageChanged;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A legal hold committed between reading the messages to delete and deleting them still keeps them. */
class MessageDeletionTest {
    @TempDir
    Path dir;
    private Database database;
    private JdbcMessageBankStore store;
    private InProcessEventBus bus;

    @BeforeEach
    void open() {
        bus = new InProcessEventBus();
        database = Database.open(TestDatabases.h2(dir));
        store = new JdbcMessageBankStore(database, new TestData.MutableClock(Instant.parse("2026-01-01T09:00:00Z")), bus);
    }

    @AfterEach
    void close() throws Exception {
        TestData.closeAll(store, bus);
    }

    @Test
    void aHoldCommittedAfterTheRowsWereReadKeepsTheMessageAndGivesItNoDeletionEntry() throws Exception {
        var acme = store.clients().create("Acme", "Hello");
        var held = store.clients().create("Held Ltd", "Hello");
        var gone = store.messages().save(TestData.message(acme.id()).build());
        var heldMessage = store.messages().save(TestData.message(acme.id()).build());
        var heldClientsMessage = store.messages().save(TestData.message(held.id()).build());

        List<MessageChanged> events;
        try (Connection c = database.connection()) {
            c.setAutoCommit(false);
            var rows = Jdbc.query(c, "SELECT id, client_id FROM messages ORDER BY id", rs -> new long[] {rs.getLong(1), rs.getLong(2)});
            assertEquals(3, rows.size());
            store.messages().setLegalHold(new Scope.Admin(), heldMessage.id(), true);
            store.clients().setLegalHold(held.id(), true);

            events = MessageDeletion.deleteRows(c, rows, Instant.parse("2026-04-12T09:00:00Z"));
            c.commit();
        }

        assertEquals(List.of(gone.id()), events.stream().map(MessageChanged::messageId).toList());
        assertTrue(store.messages().find(Scope.admin(), gone.id()).isEmpty());
        assertTrue(store.messages().find(Scope.admin(), heldMessage.id()).isPresent());
        assertTrue(store.messages().find(Scope.admin(), heldClientsMessage.id()).isPresent());
    }
}
