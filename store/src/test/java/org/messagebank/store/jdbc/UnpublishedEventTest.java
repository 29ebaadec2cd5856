package org.messagebank.store.jdbc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.messagebank.store.Scope;
import org.messagebank.store.TestData;
import org.messagebank.store.TestDatabases;
import org.messagebank.store.event.BusEvent;
import org.messagebank.store.event.EventBus;
import org.messagebank.store.event.Topic;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A change whose event the bus refuses (brokers unreachable) is committed once and reported saved. */
class UnpublishedEventTest {
    @TempDir
    Path dir;

    @Test
    void aSaveWhoseEventCannotBePublishedIsStoredOnceAndSucceeds() {
        var refused = new AtomicInteger();
        EventBus unreachable = new EventBus() {
            @Override
            public <E extends BusEvent> void publish(Topic<E> topic, E event) {
                refused.incrementAndGet();
                throw new IllegalStateException("Kafka did not answer within 100 ms");
            }

            @Override
            public <E extends BusEvent> Subscription subscribe(Topic<E> topic, String group, Consumer<? super E> handler) {
                return () -> { };
            }

            @Override
            public String nodeGroup(String role) {
                return role;
            }

            @Override
            public void close() {
            }
        };
        try (var store = new JdbcMessageBankStore(Database.open(TestDatabases.h2(dir)), Clock.systemUTC(), unreachable)) {
            var client = store.clients().create("Acme Plumbing", "Hello");

            var saved = store.messages().save(TestData.message(client.id()).build());

            assertEquals(1, refused.get());
            assertEquals(saved.id(), store.messages().find(Scope.tenant(client.id()), saved.id()).orElseThrow().id());
            assertEquals(1L, store.messages().countsSince(new Scope.Admin(), Instant.EPOCH).get(client.id()),
                    "saved once: a refused event does not make the store write the message again");
            store.messages().markRead(Scope.tenant(client.id()), saved.id());
            assertTrue(refused.get() >= 2);
        }
    }
}
