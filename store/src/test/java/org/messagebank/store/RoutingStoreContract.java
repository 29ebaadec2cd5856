package org.messagebank.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.messagebank.config.DatabaseConfig;
import org.messagebank.store.domain.OverflowAction;
import org.messagebank.store.domain.RoutingSettings;
import org.messagebank.store.event.InProcessEventBus;
import org.messagebank.store.jdbc.Database;
import org.messagebank.store.jdbc.JdbcMessageBankStore;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Routing settings behaviour every relational store must have; run against H2 and PostgreSQL. */
public abstract class RoutingStoreContract {
    private InProcessEventBus bus;
    private MessageBankStore store;

    protected abstract DatabaseConfig newDatabase() throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        bus = new InProcessEventBus();
        store = new JdbcMessageBankStore(Database.open(newDatabase()),
                new TestData.MutableClock(Instant.parse("2026-03-01T09:00:00Z")), bus);
    }

    @AfterEach
    void closeStore() throws Exception {
        TestData.closeAll(store, bus);
    }

    @Test
    void aClientHasNoRoutingSettingsUntilSaved() {
        var client = store.clients().create("Acme", "Hello");
        assertTrue(store.routing().find(client.id()).isEmpty());
    }

    @Test
    void savingTwiceReplacesTheSettings() {
        var client = store.clients().create("Acme", "Hello");
        store.routing().save(new RoutingSettings(client.id(), Duration.ofSeconds(45), OverflowAction.FORWARD, "+442079460999"));
        var second = store.routing().save(new RoutingSettings(client.id(), Duration.ofMillis(90_500), OverflowAction.BUSY, null));

        assertEquals(second, store.routing().find(client.id()).orElseThrow());
    }

    @Test
    void keepsTheOverflowTargetOfACapture() {
        var client = store.clients().create("Acme", "Hello");
        var saved = store.routing().save(new RoutingSettings(client.id(), Duration.ofMinutes(3), OverflowAction.CAPTURE, "mailbox-7"));
        assertEquals(saved, store.routing().find(client.id()).orElseThrow());
    }

    @Test
    void savingForAMissingClientIsNotFound() {
        assertThrows(NotFoundException.class, () -> store.routing().save(
                new RoutingSettings(999_999, Duration.ofSeconds(30), OverflowAction.BUSY, null)));
    }
}
