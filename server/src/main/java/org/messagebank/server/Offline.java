package org.messagebank.server;

import org.messagebank.config.MessageBankConfig;
import org.messagebank.store.MessageBankStore;
import org.messagebank.store.PhoneNumbers;
import org.messagebank.store.StoreException;
import org.messagebank.store.event.InProcessEventBus;
import org.messagebank.store.index.LuceneMessageIndex;
import org.messagebank.store.index.MessageIndexer;
import org.messagebank.store.jdbc.Database;
import org.messagebank.store.jdbc.JdbcMessageBankStore;

import java.time.Clock;
import java.util.Optional;

/**
 * The store (and, when no server holds it, the index) opened for a one-off command such as
 * {@code reindex} or {@code reap}.
 */
final class Offline implements AutoCloseable {
    private final MessageBankConfig config;
    private final InProcessEventBus bus = new InProcessEventBus();
    private final MessageBankStore store;

    Offline(MessageBankConfig config, Clock clock) {
        this.config = config;
        try {
            this.store = new JdbcMessageBankStore(Database.open(config.database()), clock, bus);
        } catch (RuntimeException e) {
            bus.close();
            throw e;
        }
    }

    MessageBankStore store() {
        return store;
    }

    LuceneMessageIndex openIndex() {
        return LuceneMessageIndex.open(config.index().dir(), new PhoneNumbers(config.phone().defaultRegion()));
    }

    /** The index, unless a running server holds it. */
    Optional<LuceneMessageIndex> indexIfFree() {
        try {
            return Optional.of(openIndex());
        } catch (StoreException e) {
            return Optional.empty();
        }
    }

    MessageIndexer indexer(LuceneMessageIndex index) {
        return new MessageIndexer(store.messages(), index, config.index().refreshInterval(), config.index().commitInterval());
    }

    @Override
    public void close() {
        store.close();
        bus.close();
    }
}
