package org.messagebank.store.jdbc;

import org.junit.jupiter.api.Test;
import org.messagebank.config.DatabaseConfig;
import org.messagebank.store.Scope;
import org.messagebank.store.TestDatabases;
import org.messagebank.store.event.MessageChanged;

import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessageDeletionPostgresTest extends MessageDeletionContract {
    @Override
    protected DatabaseConfig newDatabase() {
        return TestDatabases.postgresSchema();
    }

    /**
     * A planner creates a dispatch for a message while it is being deleted: the deletion's
     * {@code DELETE} waits for the planner's lock on the message, then finds the new dispatch;
     * it starts again from its savepoint and deletes the message with the dispatch.
     */
    @Test
    void aDispatchCommittedWhileTheDeletionWaitsIsDeletedWithTheMessage() throws Exception {
        var m = dispatchedMessage(acme.id());
        try (Connection planner = database.connection(); Connection deleter = database.connection()) {
            planner.setAutoCommit(false);
            deleter.setAutoCommit(false);
            Jdbc.update(planner, "INSERT INTO dispatches (idempotency_key, message_id, client_id, channel, urgent, state, attempts,"
                    + " due_at, dead_letter, created_at, updated_at) VALUES ('late', ?, ?, 'SMS', TRUE, 'QUEUED', 0, ?, FALSE, ?, ?)",
                    m.id(), m.clientId(), NOW, NOW, NOW);
            long deleterPid = Jdbc.query(deleter, "SELECT pg_backend_pid()", rs -> rs.getLong(1)).getFirst();

            var deleting = CompletableFuture.supplyAsync(() -> {
                try {
                    var events = MessageDeletion.deleteRows(deleter, List.<long[]>of(new long[] {m.id(), m.clientId()}), NOW);
                    deleter.commit();
                    return events;
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            awaitLockWait(deleterPid);
            planner.commit();

            List<MessageChanged> events = deleting.get(30, TimeUnit.SECONDS);
            assertEquals(List.of(m.id()), events.stream().map(MessageChanged::messageId).toList());
        }
        assertTrue(store.messages().find(Scope.admin(), m.id()).isEmpty());
        assertEquals(0, dependents(m.id()), "the late dispatch went with its message");
    }

    /** Waits until the backend waits for a lock: the deletion is blocked on the planner. */
    private void awaitLockWait(long pid) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        try (Connection c = database.connection()) {
            while (true) {
                var waiting = Jdbc.query(c, "SELECT wait_event_type FROM pg_stat_activity WHERE pid = ?", rs -> rs.getString(1), pid);
                if (!waiting.isEmpty() && "Lock".equals(waiting.getFirst())) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the deletion never waited for the planner's lock: " + waiting);
                }
                Thread.sleep(20);
            }
        }
    }
}
