package org.messagebank.store.retention;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.messagebank.config.DatabaseConfig;
import org.messagebank.config.RetentionConfig;
import org.messagebank.store.Await;
import org.messagebank.store.IndexFiles;
import org.messagebank.store.MessageBankStore;
import org.messagebank.store.NotFoundException;
import org.messagebank.store.PhoneNumbers;
import org.messagebank.store.Scope;
import org.messagebank.store.TestData;
import org.messagebank.store.domain.Message;
import org.messagebank.store.domain.OutboxEntry.OutboxKind;
import org.messagebank.store.domain.RegisterContact.Kind;
import org.messagebank.store.domain.Role;
import org.messagebank.store.event.InProcessEventBus;
import org.messagebank.store.index.LuceneMessageIndex;
import org.messagebank.store.index.MessageIndexer;
import org.messagebank.store.index.SearchQuery;
import org.messagebank.store.jdbc.Database;
import org.messagebank.store.jdbc.JdbcMessageBankStore;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The retention policy as the reaper applies it, on every database. Time moves by an injected clock. */
public abstract class RetentionContract {
    private static final Duration DAY = Duration.ofDays(1);
    private static final String CANARY = "zqxcanaryqxz";
    static final RetentionConfig POLICY = new RetentionConfig(Duration.ofDays(100), Duration.ofDays(7), Duration.ofDays(100),
            Duration.ofDays(7), Duration.ofDays(365), Duration.ofDays(7), Duration.ofHours(1), 10, 100);

    @TempDir
    Path dir;
    private TestData.MutableClock clock;
    private InProcessEventBus bus;
    private MessageBankStore store;
    private LuceneMessageIndex index;
    private MessageIndexer indexer;
    private RetentionReaper reaper;
    private DatabaseConfig database;

    protected abstract DatabaseConfig newDatabase();

    @BeforeEach
    void open() {
        clock = new TestData.MutableClock(Instant.parse("2026-01-01T09:00:00Z"));
        bus = new InProcessEventBus();
        database = newDatabase();
        store = new JdbcMessageBankStore(Database.open(database), clock, bus);
        index = LuceneMessageIndex.open(dir.resolve("index"), new PhoneNumbers("GB"));
        indexer = new MessageIndexer(store.messages(), index, Duration.ofMillis(50), Duration.ofHours(1));
        reaper = reaper(POLICY);
    }

    private RetentionReaper reaper(RetentionConfig policy) {
        return new RetentionReaper(store.retention(), store.audit(), policy, clock, indexer::purgeDeleted);
    }

    @AfterEach
    void close() throws Exception {
        TestData.closeAll(index, store, bus);
    }

    private Message save(long clientId, String reason) {
        var m = store.messages().save(TestData.message(clientId).field("reason", reason).build());
        indexer.catchUp();
        return m;
    }

    private boolean indexFilesContain(String needle) throws IOException {
        return IndexFiles.contain(dir.resolve("index"), needle);
    }

    @Test
    void messageKeptAtDay99AndGoneEverywhereAtDay101() throws Exception {
        var client = store.clients().create("Acme", "Hello");
        var call = store.calls().open(client.id(), "+442079460000", "+447700900123", "Jane");
        var old = store.messages().save(TestData.message(client.id()).call(call.id()).field("reason", CANARY + " boiler").build());
        indexer.catchUp();
        index.commit();
        assertTrue(indexFilesContain(CANARY), "the canary is in the index files before reaping");
        clock.advance(DAY.multipliedBy(2));
        var young = save(client.id(), "radiator");

        clock.advance(DAY.multipliedBy(97));
        assertEquals(0, reaper.run(false).counts().get(RetentionCategory.MESSAGES), "day 99: no message is due");
        assertTrue(store.messages().find(Scope.admin(), old.id()).isPresent());

        clock.advance(DAY.multipliedBy(2));
        var run = reaper.run(false);

        assertEquals(1, run.counts().get(RetentionCategory.MESSAGES));
        assertEquals(1, run.counts().get(RetentionCategory.CALLS), "the call follows its message");
        assertTrue(store.messages().find(Scope.admin(), old.id()).isEmpty());
        assertTrue(store.calls().find(Scope.admin(), call.id()).isEmpty());
        assertTrue(store.messages().find(Scope.admin(), young.id()).isPresent());
        var deleted = store.messages().outboxAfter(0, 100).stream().filter(e -> e.kind() == OutboxKind.MESSAGE_DELETED).toList();
        assertEquals(List.of(old.id()), deleted.stream().map(e -> e.messageId()).toList());
        assertEquals(0, index.search(Scope.admin(), SearchQuery.text(CANARY)).total());
        assertEquals(1, index.documentCount());
        assertFalse(indexFilesContain(CANARY), "no deleted text survives in the index files");
    }

    /**
     * A save checks that its client exists while the reaper erases that client's account and
     * deletes it as empty: the save is held at the message ids (a test transaction holds them)
     * until the reaper is either done or waiting for them too. Without the reaper waiting for the
     * saves in progress, the save would commit a message for a client that no longer exists
     * (on H2, where no key refers messages to clients: ADR 14).
     */
    @Test
    void noClientIsDeletedAsEmptyWhileAMessageForItIsBeingSaved() throws Exception {
        var client = store.clients().create("Leaving Ltd", "Hello");
        store.clients().cease(client.id());
        clock.advance(DAY.multipliedBy(8));
        CompletableFuture<Message> save;
        CompletableFuture<RetentionReaper.Run> reap;
        try (var threads = Executors.newVirtualThreadPerTaskExecutor();
             var test = DriverManager.getConnection(database.url(), database.user(), database.password());
             var observer = DriverManager.getConnection(database.url(), database.user(), database.password())) {
            test.setAutoCommit(false);
            firstValue(test, "SELECT counter_value FROM counters WHERE name = 'message_id' FOR UPDATE");
            save = CompletableFuture.supplyAsync(() -> store.messages().save(TestData.message(client.id()).build()), threads);
            Await.until("the save waiting for the message ids", () -> waitingForTheMessageIds(observer) == 1);
            reap = CompletableFuture.supplyAsync(() -> reaper.run(false), threads);
            Await.until("the reaper done, or waiting behind the save", () -> reap.isDone() || waitingForTheMessageIds(observer) == 2);
            test.rollback();
        }

        var run = reap.get(60, TimeUnit.SECONDS);
        assertEquals(1, run.counts().get(RetentionCategory.CEASED_CLIENT_ACCOUNTS));
        assertEquals(1, run.counts().get(RetentionCategory.EMPTY_CLIENTS));
        assertTrue(store.clients().find(client.id()).isEmpty());
        var refused = assertThrows(ExecutionException.class, () -> save.get(60, TimeUnit.SECONDS));
        assertTrue(refused.getCause() instanceof NotFoundException, refused.getCause().toString());
        assertEquals("no client " + client.id() + " to take messages for", refused.getCause().getMessage());
        try (var c = DriverManager.getConnection(database.url(), database.user(), database.password())) {
            assertEquals(0, firstValue(c, "SELECT COUNT(*) FROM messages"), "no message without its client");
        }
    }

    /** The first column of the first row of {@code sql}'s answer. */
    private static long firstValue(Connection c, String sql) {
        try (var s = c.createStatement(); var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sessions waiting for the row of the message id counter, seen from outside any transaction (PostgreSQL keeps a transaction's view of its statistics). */
    private long waitingForTheMessageIds(Connection observer) {
        return firstValue(observer, database.embedded()
                ? "SELECT COUNT(*) FROM information_schema.sessions WHERE blocker_id IS NOT NULL AND executing_statement LIKE '%counters%'"
                : "SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()"
                        + " AND query LIKE '%counters%'");
    }

    @Test
    void ceasedClientAccountKeptAtDay6ErasedAtDay8AndEverythingGoneAfter100Days() {
        var client = store.clients().create("Gone Ltd", "Hello, Gone Ltd");
        store.clients().addNumber(client.id(), "+442079460001");
        var user = store.users().create("gone-user", Role.CLIENT_USER, client.id(), null, "$argon2id$h");
        var msg = save(client.id(), "last message");
        store.clients().cease(client.id());

        clock.advance(DAY.multipliedBy(6));
        reaper.run(false);
        assertEquals("Gone Ltd", store.clients().find(client.id()).orElseThrow().name());
        assertTrue(store.users().find(user.id()).isPresent());

        clock.advance(DAY.multipliedBy(2));
        var run = reaper.run(false);
        assertEquals(1, run.counts().get(RetentionCategory.CEASED_CLIENT_ACCOUNTS));
        assertEquals("ceased client " + client.id(), store.clients().find(client.id()).orElseThrow().name());
        assertTrue(store.users().find(user.id()).isEmpty());
        assertTrue(store.clients().findNumber("+442079460001").isEmpty());
        assertTrue(store.messages().find(Scope.admin(), msg.id()).isPresent(), "messages outlive the account");

        clock.advance(DAY.multipliedBy(93));
        run = reaper.run(false);
        assertTrue(store.messages().find(Scope.admin(), msg.id()).isEmpty());
        assertEquals(1, run.counts().get(RetentionCategory.EMPTY_CLIENTS));
        assertTrue(store.clients().find(client.id()).isEmpty());
    }

    @Test
    void ceasedClientsMessagesGoWithinTheCeasedLimitEvenIfYounger() {
        var short100 = new RetentionConfig(Duration.ofDays(100), Duration.ofDays(7), Duration.ofDays(30),
                Duration.ofDays(7), Duration.ofDays(365), Duration.ofDays(7), Duration.ofHours(1), 10, 100);
        var client = store.clients().create("Brief Ltd", "Hello");
        var msg = save(client.id(), "x");
        store.clients().cease(client.id());
        clock.advance(DAY.multipliedBy(31));
        var run = reaper(short100).run(false);
        assertEquals(1, run.counts().get(RetentionCategory.CEASED_CLIENT_MESSAGES));
        assertTrue(store.messages().find(Scope.admin(), msg.id()).isEmpty());
    }

    @Test
    void registerDeletesUnsubscribedAndDeadEnquiriesAtOnceAndCeasedResellersAfterTheirLimit() {
        var optIn = store.register().add(Kind.MARKETING, "Mo Marketing", "Co", "mo@example.com", null, null);
        var enquiry = store.register().add(Kind.ENQUIRY, "Eve Enquiry", "Co", null, "07700900111", "1 High St");
        var reseller = store.register().add(Kind.RESELLER, "Rex Reseller", "Resell Ltd", null, "07700900222", "2 High St");

        assertTrue(store.register().unsubscribe(optIn.id()));
        assertTrue(store.register().find(optIn.id()).isEmpty());
        assertTrue(store.register().enquiryDidNotProceed(enquiry.id()));
        assertTrue(store.register().find(enquiry.id()).isEmpty());

        store.register().resellerCeased(reseller.id());
        clock.advance(DAY.multipliedBy(6));
        reaper.run(false);
        assertTrue(store.register().find(reseller.id()).isPresent());
        clock.advance(DAY.multipliedBy(2));
        assertEquals(1, reaper.run(false).counts().get(RetentionCategory.CEASED_RESELLERS));
        assertTrue(store.register().find(reseller.id()).isEmpty());
    }

    @Test
    void legalHoldsKeepRecordsPastRetention() {
        var held = store.clients().create("Held Ltd", "Hello");
        var free = store.clients().create("Free Ltd", "Hello");
        var heldByClient = save(held.id(), "a");
        var heldByMessage = save(free.id(), "b");
        var expired = save(free.id(), "c");
        store.clients().setLegalHold(held.id(), true);
        assertTrue(store.messages().setLegalHold(new Scope.Admin(), heldByMessage.id(), true));
        store.clients().cease(held.id());

        clock.advance(DAY.multipliedBy(200));
        reaper.run(false);

        assertTrue(store.messages().find(Scope.admin(), heldByClient.id()).isPresent());
        assertTrue(store.messages().find(Scope.admin(), heldByMessage.id()).isPresent());
        assertTrue(store.messages().find(Scope.admin(), expired.id()).isEmpty());
        assertEquals("Held Ltd", store.clients().find(held.id()).orElseThrow().name(), "held account is not erased");
    }

    @Test
    void aClientsRequestErasesAllItsMessagesAtOnceUnlessOnHold() {
        var client = store.clients().create("Acme", "Hello");
        var other = store.clients().create("Other", "Hello");
        store.messages().saveAll(IntStream.range(0, 25).mapToObj(i -> TestData.message(client.id()).build()).toList());
        var kept = save(other.id(), "x");

        assertEquals(25, reaper.eraseClientMessages("user:1", client.id()));

        assertTrue(store.messages().recent(Scope.tenant(client.id()), null, 100).isEmpty());
        assertTrue(store.messages().find(Scope.admin(), kept.id()).isPresent());
        var entry = store.audit().list(null, 1).getFirst();
        assertEquals("client.erase-messages", entry.action());
        assertEquals("messages=25", entry.detail());

        save(client.id(), "y");
        store.clients().setLegalHold(client.id(), true);
        var refused = assertThrows(LegalHoldException.class, () -> reaper.eraseClientMessages("user:1", client.id()));
        assertTrue(refused.getMessage().contains("legal hold"), refused.getMessage());
        assertEquals(1, store.messages().recent(Scope.tenant(client.id()), null, 100).size());
    }

    @Test
    void dryRunCountsWithoutDeleting() {
        var client = store.clients().create("Acme", "Hello");
        IntStream.range(0, 3).forEach(i -> save(client.id(), "m" + i));
        clock.advance(DAY.multipliedBy(101));
        long auditBefore = store.audit().list(null, 1000).size();

        var run = reaper.run(true);

        assertTrue(run.dryRun());
        assertEquals(3, run.counts().get(RetentionCategory.MESSAGES));
        assertEquals(3, store.messages().recent(Scope.admin(), null, 10).size());
        assertEquals(auditBefore, store.audit().list(null, 1000).size());
        assertTrue(run.toString().startsWith("would delete messages=3"), run.toString());
    }

    @Test
    void aRunThatDiesMidwayIsFinishedByTheNextRun() {
        var client = store.clients().create("Acme", "Hello");
        store.messages().saveAll(IntStream.range(0, 35).mapToObj(i -> TestData.message(client.id()).build()).toList());
        clock.advance(DAY.multipliedBy(101));

        var batches = new ArrayList<Integer>();
        assertThrows(IllegalStateException.class, () -> reaper.run(false, (category, deleted) -> {
            batches.add(deleted);
            throw new IllegalStateException("killed after the first batch");
        }));
        assertEquals(List.of(10), batches);
        assertEquals(25, store.messages().recent(Scope.admin(), null, 100).size(), "the first batch stayed deleted");

        var finish = reaper.run(false);
        assertEquals(25, finish.counts().get(RetentionCategory.MESSAGES));
        assertTrue(store.messages().recent(Scope.admin(), null, 100).isEmpty());
    }

    /** Scripted time: every reading of the clock moves it on by 4 ms, so each batch "works" 4 ms. */
    private static final class ScriptedPacing implements RetentionReaper.Pacing {
        final List<Duration> rests = new ArrayList<>();
        private long now;
        private Runnable onRest = () -> {
        };

        @Override
        public long nanoTime() {
            now += Duration.ofMillis(4).toNanos();
            return now;
        }

        @Override
        public boolean rest(Duration pause, java.util.concurrent.CountDownLatch stop) {
            rests.add(pause);
            onRest.run();
            return stop.getCount() == 0;
        }
    }

    /** Saves {@code count} messages now and moves the clock past their retention. */
    private void saveExpired(long clientId, int count) {
        store.messages().saveAll(IntStream.range(0, count).mapToObj(i -> TestData.message(clientId).build()).toList());
        clock.advance(DAY.multipliedBy(101));
    }

    private RetentionReaper pacedReaper(int dutyPercent, ScriptedPacing pacing) {
        return new RetentionReaper(store.retention(), store.audit(), POLICY.withReaperDutyPercent(dutyPercent), clock,
                indexer::purgeDeleted, pacing);
    }

    @Test
    void theReaperRestsBetweenFullBatchesSoThatDeletingTakesItsDuty() {
        var client = store.clients().create("Acme", "Hello");
        saveExpired(client.id(), 25);
        var pacing = new ScriptedPacing();

        var batches = new ArrayList<Integer>();
        var run = pacedReaper(25, pacing).run(false, (category, deleted) -> batches.add(deleted));

        assertEquals(25, run.counts().get(RetentionCategory.MESSAGES));
        long full = batches.stream().filter(n -> n == 10).count();
        assertTrue(full >= 2, "two full batches of messages, and the outbox's: " + batches);
        assertEquals(java.util.Collections.nCopies((int) full, Duration.ofMillis(12)), pacing.rests,
                "after each full batch of 4 ms work, 3 times as long at rest; none after a category's last, partial batch");

        var unpaced = new ScriptedPacing();
        saveExpired(client.id(), 25);
        assertEquals(25, pacedReaper(100, unpaced).run(false).counts().get(RetentionCategory.MESSAGES));
        assertTrue(unpaced.rests.isEmpty(), "a duty of 100% never rests");
    }

    @Test
    void aRestNeverOutlastsTheLeaseAndASecondRunOnTheSameNodeIsTurnedAway() {
        var slow = POLICY.withReaperDutyPercent(1);
        assertEquals(Duration.ofMillis(990), RetentionReaper.restAfter(slow, Duration.ofMillis(10)));
        assertEquals(RetentionReaper.MAX_REST, RetentionReaper.restAfter(slow, Duration.ofSeconds(10)));
        assertTrue(RetentionReaper.MAX_REST.compareTo(RetentionReaper.LEASE_TTL) < 0);

        saveExpired(store.clients().create("Acme", "Hello").id(), 25);
        var pacing = new ScriptedPacing();
        var reaper = pacedReaper(50, pacing);
        var second = new ArrayList<RetentionReaper.Run>();
        pacing.onRest = () -> {
            if (second.isEmpty()) {
                second.add(reaper.run(false));
            }
        };

        var first = reaper.run(false);

        assertFalse(second.getFirst().ran(), "an admin's run while the scheduled one rests is turned away");
        assertEquals(25, first.counts().get(RetentionCategory.MESSAGES));
    }

    @Test
    void aStoppedReaperEndsAtItsNextRestAndTheNextRunFinishes() {
        saveExpired(store.clients().create("Acme", "Hello").id(), 35);
        var pacing = new ScriptedPacing();
        var reaper = pacedReaper(50, pacing);
        pacing.onRest = reaper::stop;

        var stopped = reaper.run(false);

        assertTrue(stopped.ran());
        assertEquals(10, stopped.counts().get(RetentionCategory.MESSAGES), "the batch before the stop stays deleted");
        assertEquals(0, stopped.counts().get(RetentionCategory.OUTBOX), "no later category is started");
        assertEquals("retention.reap", store.audit().list(null, 1).getFirst().action(), "the partial run is audited");
        assertTrue(store.retention().acquireLease(RetentionReaper.LEASE, "another-node", clock.instant(), RetentionReaper.LEASE_TTL),
                "the stopped run released its lease");
        store.retention().releaseLease(RetentionReaper.LEASE, "another-node");

        var finish = reaper(POLICY).run(false);
        assertEquals(25, finish.counts().get(RetentionCategory.MESSAGES));
        assertTrue(store.messages().recent(Scope.admin(), null, 100).isEmpty());
    }

    @Test
    void onlyOneNodeReapsAtATimeUntilADeadHoldersLeaseExpires() {
        var client = store.clients().create("Acme", "Hello");
        save(client.id(), "x");
        clock.advance(DAY.multipliedBy(101));
        assertTrue(store.retention().acquireLease(RetentionReaper.LEASE, "node-that-died", clock.instant(), RetentionReaper.LEASE_TTL));

        var blocked = reaper.run(false);
        assertFalse(blocked.ran());
        assertEquals("skipped: another node holds the reaper lease", blocked.toString());
        assertEquals(1, store.messages().recent(Scope.admin(), null, 10).size());

        clock.advance(RetentionReaper.LEASE_TTL.plusSeconds(1));
        assertEquals(1, reaper.run(false).counts().get(RetentionCategory.MESSAGES));
    }

    @Test
    void eachRunIsAuditedWithCountsAndOldAuditEntriesArePrunedWithoutBreakingTheChain() {
        store.audit().append("user:1", "login", "user:1", "");
        clock.advance(DAY.multipliedBy(400));
        store.audit().append("user:1", "login", "user:1", "");

        var run = reaper.run(false);

        assertEquals(1, run.counts().get(RetentionCategory.AUDIT));
        var entries = store.audit().list(null, 10);
        assertEquals("retention.reap", entries.getFirst().action());
        assertTrue(entries.getFirst().detail().contains("audit=1"), entries.getFirst().detail());
        assertEquals(2, entries.size());
        assertTrue(store.audit().firstBrokenLink().isEmpty());
    }

    @Test
    void reportGivesHeldCountsOldestAgeAndLimitPerCategory() {
        var client = store.clients().create("Acme", "Hello");
        save(client.id(), "x");
        clock.advance(DAY.multipliedBy(40));
        save(client.id(), "y");

        var report = reaper.report();

        var messages = report.get(RetentionCategory.MESSAGES);
        assertEquals(2, messages.held());
        assertEquals(Duration.ofDays(40), messages.oldestAge());
        assertEquals(Duration.ofDays(100), messages.limit());
        assertEquals(0, messages.due());
    }
}
