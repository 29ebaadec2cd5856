package org.messagebank.store.index;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.messagebank.store.MessageBankStore;
import org.messagebank.store.PhoneNumbers;
import org.messagebank.store.Scope;
import org.messagebank.store.TestData;
import org.messagebank.store.TestDatabases;
import org.messagebank.store.domain.Client;
import org.messagebank.store.domain.MessageStatus;
import org.messagebank.store.event.InProcessEventBus;
import org.messagebank.store.jdbc.Database;
import org.messagebank.store.jdbc.JdbcMessageBankStore;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessageIndexerTest {
    @TempDir
    Path dir;
    private InProcessEventBus bus;
    private MessageBankStore store;
    private LuceneMessageIndex index;
    private Client acme;

    @BeforeEach
    void open() {
        bus = new InProcessEventBus();
        store = new JdbcMessageBankStore(Database.open(TestDatabases.h2(dir.resolve("db"))), Clock.systemUTC(), bus);
        index = openIndex();
        acme = store.clients().create("Acme", "Hello");
    }

    @AfterEach
    void close() {
        index.close();
        store.close();
        bus.close();
    }

    private LuceneMessageIndex openIndex() {
        return LuceneMessageIndex.open(dir.resolve("index"), new PhoneNumbers("GB"));
    }

    private MessageIndexer indexer() {
        return new MessageIndexer(store.messages(), index, Duration.ofMillis(50), Duration.ofHours(1));
    }

    private long count(String text) {
        return index.search(Scope.tenant(acme.id()), SearchQuery.text(text)).total();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.currentTimeMillis() + 10_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void followsTheOutboxSoSavedMessagesBecomeSearchable() throws Exception {
        try (var indexer = indexer()) {
            indexer.start(bus);
            var saved = store.messages().save(TestData.message(acme.id()).field("reason", "radiator cold").build());
            await("the new message in search", () -> count("radiator") == 1);
            store.messages().acknowledge(Scope.tenant(acme.id()), saved.id());
            await("the status change in search", () -> index.search(Scope.tenant(acme.id()),
                    SearchQuery.all().withStatus(MessageStatus.ACKNOWLEDGED)).total() == 1);
        }
        assertEquals(store.messages().lastOutboxSeq(), index.committedSeq(), "closing the indexer commits");
    }

    @Test
    void deletionsFromAnyWriterArePurgedFromTheIndexFilesOnceTheyPause() throws Exception {
        var policy = new org.messagebank.config.RetentionConfig(Duration.ofDays(1), Duration.ofDays(7), Duration.ofDays(100),
                Duration.ofDays(7), Duration.ofDays(365), Duration.ofDays(7), Duration.ofHours(1), 100, 100);
        var clock = new TestData.MutableClock(java.time.Instant.now());
        try (var indexer = new MessageIndexer(store.messages(), index, Duration.ofMillis(20), Duration.ofMillis(100))) {
            indexer.start(bus);
            store.messages().save(TestData.message(acme.id()).field("reason", "zqxpurgedqxz").build());
            store.messages().save(TestData.message(acme.id()).field("reason", "kept").build());
            await("the message in search", () -> count("zqxpurgedqxz") == 1);
            await("a commit holding the canary", () -> contains("zqxpurgedqxz"));

            clock.advance(Duration.ofDays(2));
            new org.messagebank.store.retention.RetentionReaper(store.retention(), store.audit(), policy, clock, () -> {
            }).run(false);

            await("the canary purged from the index files", () -> !contains("zqxpurgedqxz"));
        }
    }

    @Test
    void closingTheIndexerPurgesTheDeletionsItApplied() throws Exception {
        var policy = new org.messagebank.config.RetentionConfig(Duration.ofDays(1), Duration.ofDays(7), Duration.ofDays(100),
                Duration.ofDays(7), Duration.ofDays(365), Duration.ofDays(7), Duration.ofHours(1), 100, 100);
        var clock = new TestData.MutableClock(java.time.Instant.now());
        var indexer = indexer();
        indexer.start(bus);
        store.messages().save(TestData.message(acme.id()).field("reason", "zqxclosedqxz").build());
        indexer.catchUp();
        index.commit();
        assertTrue(contains("zqxclosedqxz"), "committed before the deletion");

        clock.advance(Duration.ofDays(2));
        new org.messagebank.store.retention.RetentionReaper(store.retention(), store.audit(), policy, clock, () -> {
        }).run(false);
        indexer.close();

        assertEquals(0, count("zqxclosedqxz"));
        assertFalse(contains("zqxclosedqxz"), "the deleted message is purged from the index files on close");
    }

    private boolean contains(String needle) {
        try {
            return org.messagebank.store.IndexFiles.contain(dir.resolve("index"), needle);
        } catch (java.io.IOException e) {
            return true;
        }
    }

    @Test
    void messagesBecomeSearchableWhileTheOutboxIsStillDraining() throws Exception {
        store.messages().saveAll(java.util.stream.IntStream.range(0, 20)
                .mapToObj(i -> TestData.message(acme.id()).field("reason", "steady stream").build()).toList());
        var real = store.messages();
        var slow = (org.messagebank.store.MessageStore) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {org.messagebank.store.MessageStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("outboxAfter")) {
                        Thread.sleep(30);
                        return real.outboxAfter((Long) args[0], 1);
                    }
                    return method.invoke(real, args);
                });
        var draining = Thread.ofVirtual().start(new MessageIndexer(slow, index, Duration.ofMillis(50), Duration.ofHours(1))::catchUp);

        await("the first messages in search", () -> count("steady") > 0);

        assertTrue(draining.isAlive(), "searchable before the indexer reached the end of the outbox");
        draining.join();
        assertEquals(20, count("steady"));
    }

    @Test
    void aSavedMessageBecomesSearchableWithoutTheOutboxBeingRead() throws Exception {
        var real = store.messages();
        var outboxStuck = (org.messagebank.store.MessageStore) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {org.messagebank.store.MessageStore.class}, (proxy, method, args) ->
                        method.getName().equals("outboxAfter") ? List.of() : method.invoke(real, args));
        try (var indexer = new MessageIndexer(outboxStuck, index, Duration.ofMillis(50), Duration.ofHours(1))) {
            indexer.start(bus);
            real.save(TestData.message(acme.id()).field("reason", "radiator cold").build());

            await("the new message in search", () -> count("radiator") == 1);
            assertEquals(0, index.appliedSeq(), "found in search although its outbox entry was never applied");
        }
    }

    @Test
    void aMessageSavedAndThenChangedIsIndexedWithItsChange() throws Exception {
        try (var indexer = indexer()) {
            indexer.start(bus);
            for (int i = 0; i < 20; i++) {
                var saved = store.messages().save(TestData.message(acme.id()).field("reason", "boiler").build());
                store.messages().acknowledge(Scope.tenant(acme.id()), saved.id());
            }
            await("every change applied", () -> index.appliedSeq() == store.messages().lastOutboxSeq());
            index.refresh();
            assertEquals(20, index.search(Scope.tenant(acme.id()), SearchQuery.all().withStatus(MessageStatus.ACKNOWLEDGED)).total());
            assertEquals(0, index.search(Scope.tenant(acme.id()), SearchQuery.all().withStatus(MessageStatus.NEW)).total());
        }
    }

    @Test
    void crashBetweenDatabaseCommitAndIndexCommitLosesNothing() {
        var indexer = indexer();
        store.messages().saveAll(List.of(TestData.message(acme.id()).field("reason", "first batch").build()));
        indexer.catchUp();
        index.commit();
        long committed = index.committedSeq();

        store.messages().saveAll(List.of(TestData.message(acme.id()).field("reason", "second batch").build(),
                TestData.message(acme.id()).field("reason", "second batch").build()));
        indexer.catchUp();
        assertEquals(2, count("second"), "applied and searchable, but not yet committed");

        index.abandon();
        index = openIndex();
        assertEquals(committed, index.appliedSeq(), "the reopened index resumes from its last commit");
        assertEquals(0, count("second"));

        indexer().catchUp();
        assertEquals(1, count("first"));
        assertEquals(2, count("second"));
        assertEquals(store.messages().lastOutboxSeq(), index.appliedSeq());
    }

    @Test
    void anIndexFurtherBehindThanTheOutboxRebuildsItself() throws Exception {
        var policy = new org.messagebank.config.RetentionConfig(Duration.ofDays(100), Duration.ofDays(7), Duration.ofDays(100),
                Duration.ofDays(7), Duration.ofDays(365), Duration.ofDays(7), Duration.ofHours(1), 100, 100);
        store.messages().save(TestData.message(acme.id()).field("reason", "before the gap").build());
        store.messages().save(TestData.message(acme.id()).field("reason", "before the gap").build());
        var clock = new TestData.MutableClock(java.time.Instant.now().plus(Duration.ofDays(8)));
        var run = new org.messagebank.store.retention.RetentionReaper(store.retention(), store.audit(), policy, clock, () -> {
        }).run(false);
        assertEquals(2, run.counts().get(org.messagebank.store.retention.RetentionCategory.OUTBOX));
        store.messages().save(TestData.message(acme.id()).field("reason", "after the gap").build());

        indexer().catchUp();

        assertEquals(2, count("before"), "messages whose outbox entries were pruned are indexed by the rebuild");
        assertEquals(1, count("after"));
        assertEquals(store.messages().lastOutboxSeq(), index.appliedSeq());
    }

    @Test
    void rebuildRecreatesTheIndexFromTheDatabase() {
        store.messages().saveAll(List.of(TestData.message(acme.id()).field("reason", "boiler").build(),
                TestData.message(acme.id()).field("reason", "boiler").build()));
        index.upsert(List.of(new org.messagebank.store.domain.Message(999, acme.id(), null, null, java.time.Instant.now(),
                null, "Ghost", 1, java.util.Map.of("reason", "boiler"), org.messagebank.store.domain.Urgency.NORMAL, null, null)));
        index.refresh();
        assertEquals(1, count("boiler"), "only the stray document");

        long indexed = indexer().rebuild();

        assertEquals(2, indexed);
        assertEquals(2, count("boiler"), "the stray document is gone and both real ones are back");
        assertEquals(store.messages().lastOutboxSeq(), index.committedSeq());
        assertTrue(index.documentCount() == 2);
    }
}
