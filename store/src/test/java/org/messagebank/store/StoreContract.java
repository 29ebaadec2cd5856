package org.messagebank.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.messagebank.config.DatabaseConfig;
import org.messagebank.store.domain.ClientStatus;
import org.messagebank.store.domain.MessageStatus;
import org.messagebank.store.domain.OutboxEntry.OutboxKind;
import org.messagebank.store.domain.Role;
import org.messagebank.store.event.InProcessEventBus;
import org.messagebank.store.event.MessageChanged;
import org.messagebank.store.jdbc.Database;
import org.messagebank.store.jdbc.JdbcMessageBankStore;
import org.messagebank.store.jdbc.SchemaMetadata;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Behaviour every relational store must have; run against H2 and PostgreSQL. */
public abstract class StoreContract {
    protected TestData.MutableClock clock;
    protected InProcessEventBus bus;
    protected MessageBankStore store;
    private DatabaseConfig database;

    /** A fresh, empty database for one test. */
    protected abstract DatabaseConfig newDatabase() throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        clock = new TestData.MutableClock(Instant.parse("2026-03-01T09:00:00.123456789Z"));
        bus = new InProcessEventBus();
        database = newDatabase();
        store = new JdbcMessageBankStore(Database.open(database), clock, bus);
    }

    /**
     * No two indexes of a table have the same columns: each insert and delete would keep both up
     * to date for nothing (H2 gave every foreign key declared with its table an index of its own,
     * next to the one the schema declares; migration V15). The keys themselves stay as declared,
     * except that on H2 messages refer to clients and operators without keys, so that no index
     * keyed by client alone sits next to {@code (client_id, id)} (V16, ADR 14; the store checks
     * both references when it saves). An index whose columns lead another's is allowed.
     */
    @Test
    void noTwoIndexesHaveTheSameColumnsAndTheForeignKeysAreAsDeclared() throws Exception {
        var redundant = new ArrayList<String>();
        var keys = new java.util.TreeSet<String>();
        Collection<List<String>> messageIndexes;
        try (var db = Database.open(database); var c = db.connection()) {
            for (String table : SchemaMetadata.tables(c)) {
                var indexes = List.copyOf(SchemaMetadata.indexes(c, table).entrySet());
                for (int i = 0; i < indexes.size(); i++) {
                    for (var other : indexes.subList(i + 1, indexes.size())) {
                        if (indexes.get(i).getValue().equals(other.getValue())) {
                            redundant.add(table + "." + indexes.get(i).getKey() + " and " + other.getKey() + " on " + other.getValue());
                        }
                    }
                }
            }
            for (String table : List.of("messages", "dispatches")) {
                for (var key : SchemaMetadata.foreignKeys(c, table)) {
                    keys.add(table + "." + String.join(",", key.columns()) + " -> " + key.target() + "."
                            + String.join(",", key.targetColumns()) + " on delete " + key.onDelete());
                }
            }
            messageIndexes = SchemaMetadata.indexes(c, "messages").values();
        }
        assertEquals(List.of(), redundant);
        short cascade = java.sql.DatabaseMetaData.importedKeyCascade;
        short setNull = java.sql.DatabaseMetaData.importedKeySetNull;
        assertTrue(keys.containsAll(List.of("messages.call_id -> calls.id on delete " + setNull,
                "dispatches.contact_id -> contacts.id on delete " + cascade, "dispatches.client_id -> clients.id on delete " + cascade)),
                keys.toString());
        var clientAndOperatorKeys = List.of("messages.client_id -> clients.id on delete " + cascade,
                "messages.operator_id -> operators.id on delete " + setNull);
        if (database.url().startsWith("jdbc:h2:")) {
            assertTrue(keys.stream().noneMatch(clientAndOperatorKeys::contains), keys.toString());
            assertFalse(messageIndexes.contains(List.of("client_id")), "no index on the client alone: " + messageIndexes);
            assertFalse(messageIndexes.contains(List.of("operator_id")), "no index on the operator alone: " + messageIndexes);
        } else {
            assertTrue(keys.containsAll(clientAndOperatorKeys), keys.toString());
        }
        assertTrue(messageIndexes.contains(List.of("client_id", "id")), messageIndexes.toString());
    }

    @Test
    void aMessageForAClientOrOperatorThatIsNotThereIsRefusedAndNothingIsSaved() throws Exception {
        var acme = store.clients().create("Acme", "Hello");
        var erased = store.clients().create("Gone Ltd", "Hello");
        var olive = store.operators().create("Olive", "PJSIP/101");
        try (var db = Database.open(database); var c = db.connection(); var s = c.prepareStatement(
                "UPDATE clients SET account_erased_at = CURRENT_TIMESTAMP WHERE id = ?")) {
            s.setLong(1, erased.id());
            s.executeUpdate();
        }

        var noClient = assertThrows(NotFoundException.class, () -> store.messages().save(TestData.message(acme.id() + 1000).build()));
        assertEquals("no client " + (acme.id() + 1000) + " to take messages for", noClient.getMessage());
        var noAccount = assertThrows(NotFoundException.class, () -> store.messages().save(TestData.message(erased.id()).build()));
        assertEquals("no client " + erased.id() + " to take messages for", noAccount.getMessage(), "a client whose account was erased");
        var noOperator = assertThrows(NotFoundException.class,
                () -> store.messages().save(TestData.message(acme.id()).operator(olive.id() + 1000).build()));
        assertEquals("no operator " + (olive.id() + 1000), noOperator.getMessage());

        var saved = store.messages().save(TestData.message(acme.id()).operator(olive.id()).build());
        try (var db = Database.open(database); var c = db.connection(); var s = c.createStatement();
             var rs = s.executeQuery("SELECT id, client_id, operator_id FROM messages")) {
            assertTrue(rs.next());
            assertEquals(List.of(saved.id(), acme.id(), olive.id()), List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3)));
            assertFalse(rs.next(), "only the message with a client and an operator was saved");
        }
    }

    @AfterEach
    void closeStore() throws Exception {
        TestData.closeAll(store, bus);
    }

    @Test
    void createsAndFindsClientsWithNumbersAndVersionedScripts() {
        var client = store.clients().create("Acme Plumbing", "Good morning, Acme Plumbing");
        store.clients().addNumber(client.id(), "+442079460000");

        assertEquals(client, store.clients().find(client.id()).orElseThrow());
        assertEquals(client.id(), store.clients().findNumber("+442079460000").orElseThrow().clientId());
        assertTrue(store.clients().findNumber("+442079460001").isEmpty());

        var v1 = store.clients().saveScript(client.id(), TestData.PLUMBER_SCRIPT);
        var v2 = store.clients().saveScript(client.id(), TestData.PLUMBER_SCRIPT.subList(0, 2));
        assertEquals(1, v1.version());
        assertEquals(2, v2.version());
        assertEquals(v2, store.clients().currentScript(client.id()).orElseThrow());
        assertEquals(v1, store.clients().script(client.id(), 1).orElseThrow());
        assertEquals(List.of(v2, v1), store.clients().scripts(client.id()), "every version, newest first");
        assertEquals(List.of(), store.clients().scripts(store.clients().create("Empty", "Hello").id()));
    }

    @Test
    void refusesANumberThatAlreadyReachesAClient() {
        var a = store.clients().create("A", "Hello A");
        var b = store.clients().create("B", "Hello B");
        store.clients().addNumber(a.id(), "+442079460000");
        var e = assertThrows(ConflictException.class, () -> store.clients().addNumber(b.id(), "+442079460000"));
        assertTrue(e.getMessage().contains("+442079460000"));
        assertEquals(a.id(), store.clients().findNumber("+442079460000").orElseThrow().clientId());
    }

    @Test
    void ceasingRecordsTheFirstDate() {
        var client = store.clients().create("A", "Hello");
        var ceased = store.clients().cease(client.id());
        assertEquals(ClientStatus.CEASED, ceased.status());
        assertEquals(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS), ceased.ceasedAt());
        clock.advance(Duration.ofDays(2));
        assertEquals(ceased.ceasedAt(), store.clients().cease(client.id()).ceasedAt());
    }

    @Test
    void usersAreUniqueCaseInsensitivelyAndBoundToTheirClient() {
        var client = store.clients().create("A", "Hello");
        var user = store.users().create("Alice", Role.CLIENT_USER, client.id(), null, "$argon2id$stub");
        assertEquals(user, store.users().findByUsername("alice").orElseThrow());
        assertThrows(ConflictException.class, () -> store.users().create("ALICE", Role.ADMIN, null, null, "$argon2id$x"));
        assertThrows(IllegalArgumentException.class, () -> store.users().create("bob", Role.CLIENT_USER, null, null, "h"));
    }

    @Test
    void operatorsAreAllowedClients() {
        var a = store.clients().create("A", "Hello");
        var b = store.clients().create("B", "Hello");
        var op = store.operators().create("Olive", "PJSIP/101");
        store.operators().allow(op.id(), a.id());
        store.operators().allow(op.id(), a.id());
        store.operators().allow(op.id(), b.id());
        store.operators().disallow(op.id(), b.id());
        assertEquals(java.util.Set.of(a.id()), store.operators().allowedClients(op.id()));
    }

    @Test
    void savedMessageIsReadableInItsTenantScopeOnly() {
        var a = store.clients().create("A", "Hello");
        var b = store.clients().create("B", "Hello");
        var call = store.calls().open(a.id(), "+442079460000", "+447700900123", "Jane Caller");
        var saved = store.messages().save(TestData.message(a.id()).call(call.id()).field("callback", "07700 900123").build());

        assertEquals(saved, store.messages().find(Scope.tenant(a.id()), saved.id()).orElseThrow());
        assertEquals(saved, store.messages().find(Scope.admin(), saved.id()).orElseThrow());
        assertTrue(store.messages().find(Scope.tenant(b.id()), saved.id()).isEmpty(), "client B must not see A's message");
        assertTrue(store.messages().findAll(Scope.tenant(b.id()), List.of(saved.id())).isEmpty());
        assertTrue(store.messages().recent(Scope.tenant(b.id()), null, 10).isEmpty());
        assertTrue(store.calls().find(Scope.tenant(b.id()), call.id()).isEmpty());
        assertEquals("07700 900123", saved.fields().get("callback"));
        assertEquals(List.of("reason", "callback"), List.copyOf(saved.fields().keySet()));
    }

    @Test
    void tenantCannotChangeAnotherTenantsMessage() {
        var a = store.clients().create("A", "Hello");
        var b = store.clients().create("B", "Hello");
        var saved = store.messages().save(TestData.message(a.id()).build());
        assertFalse(store.messages().markRead(Scope.tenant(b.id()), saved.id()));
        assertFalse(store.messages().acknowledge(Scope.tenant(b.id()), saved.id()));
        assertEquals(MessageStatus.NEW, store.messages().find(Scope.admin(), saved.id()).orElseThrow().status());
    }

    @Test
    void readAndAcknowledgeMoveStatusOnceAndAppendToOutbox() {
        var a = store.clients().create("A", "Hello");
        var saved = store.messages().save(TestData.message(a.id()).build());
        long seq = store.messages().lastOutboxSeq();

        assertTrue(store.messages().markRead(Scope.tenant(a.id()), saved.id()));
        assertFalse(store.messages().markRead(Scope.tenant(a.id()), saved.id()));
        assertEquals(MessageStatus.READ, store.messages().find(Scope.admin(), saved.id()).orElseThrow().status());
        assertTrue(store.messages().acknowledge(Scope.tenant(a.id()), saved.id()));
        assertFalse(store.messages().acknowledge(Scope.tenant(a.id()), saved.id()));
        assertEquals(MessageStatus.ACKNOWLEDGED, store.messages().find(Scope.admin(), saved.id()).orElseThrow().status());

        var entries = store.messages().outboxAfter(seq, 10);
        assertEquals(List.of(OutboxKind.MESSAGE_UPDATED, OutboxKind.MESSAGE_UPDATED), entries.stream().map(e -> e.kind()).toList());
        assertEquals(List.of(seq + 1, seq + 2), entries.stream().map(e -> e.seq()).toList());
    }

    @Test
    void everyMessageWriteAppendsToTheOutboxInOrder() {
        var a = store.clients().create("A", "Hello");
        var saved = store.messages().saveAll(List.of(TestData.message(a.id()).build(), TestData.message(a.id()).build()));
        var one = store.messages().save(TestData.message(a.id()).build());

        var outbox = store.messages().outboxAfter(0, 100);
        assertEquals(3, outbox.size());
        assertEquals(List.of(saved.get(0).id(), saved.get(1).id(), one.id()), outbox.stream().map(e -> e.messageId()).toList());
        assertEquals(List.of(1L, 2L, 3L), outbox.stream().map(e -> e.seq()).toList());
        assertEquals(3, store.messages().lastOutboxSeq());
        assertTrue(outbox.stream().allMatch(e -> e.kind() == OutboxKind.MESSAGE_CREATED && e.clientId() == a.id()));
    }

    @Test
    void concurrentSavesAllCommitWithDistinctIdsAndGaplessOutbox() throws Exception {
        var a = store.clients().create("A", "Hello");
        int writers = 16;
        int each = 25;
        var ids = new CopyOnWriteArrayList<Long>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            var futures = new ArrayList<Future<?>>();
            for (int w = 0; w < writers; w++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        ids.add(store.messages().save(TestData.message(a.id()).build()).id());
                    }
                }));
            }
            for (var f : futures) {
                f.get();
            }
        }
        assertEquals(writers * each, ids.stream().distinct().count());
        var outbox = store.messages().outboxAfter(0, 1000);
        assertEquals(IntStream.rangeClosed(1, writers * each).mapToObj(i -> (long) i).toList(),
                outbox.stream().map(e -> e.seq()).toList());
    }

    /**
     * Every group commit of saved messages is counted with its messages and its time; the sync
     * after it is timed on the embedded database, which needs one, and is zero where the commit
     * itself syncs. A message that fails adds time, not a commit.
     */
    @Test
    void commitStatsCountEachGroupCommitItsMessagesAndItsTime() {
        var a = store.clients().create("A", "Hello");
        var start = store.messages().commitStats();

        store.messages().saveAll(List.of(TestData.message(a.id()).build(), TestData.message(a.id()).build(),
                TestData.message(a.id()).build()));
        store.messages().save(TestData.message(a.id()).build());
        var saved = store.messages().commitStats().since(start);
        assertThrows(StoreException.class, () -> store.messages().save(TestData.message(999_999).build()));
        var failed = store.messages().commitStats().since(start);

        assertEquals(2, saved.commits());
        assertEquals(4, saved.messages());
        assertTrue(saved.committing().isPositive(), saved.toString());
        assertEquals(database.embedded(), saved.syncing().isPositive(), saved.toString());
        assertEquals(2, failed.commits(), "a failed commit is not counted as one");
        assertEquals(4, failed.messages());
        assertTrue(failed.committing().compareTo(saved.committing()) > 0, "but its time is");
    }

    @Test
    void aFailingMessageDoesNotFailOthersCommittedWithIt() {
        var a = store.clients().create("A", "Hello");
        var bad = TestData.message(999_999).build();
        assertThrows(StoreException.class, () -> store.messages().save(bad));
        var ok = store.messages().save(TestData.message(a.id()).build());
        assertEquals(ok, store.messages().find(Scope.admin(), ok.id()).orElseThrow());
        assertEquals(1, store.messages().outboxAfter(0, 10).size(), "the failed message left no outbox row");
    }

    @Test
    void pagesNewestFirstAndScansInIdOrder() {
        var a = store.clients().create("A", "Hello");
        var m1 = store.messages().save(TestData.message(a.id()).caller("+447700900001", "One").build());
        var m2 = store.messages().save(TestData.message(a.id()).caller("+447700900002", "Two").build());
        var m3 = store.messages().save(TestData.message(a.id()).caller("+447700900001", "One").build());

        assertEquals(List.of(m3, m2), store.messages().recent(Scope.tenant(a.id()), null, 2));
        assertEquals(List.of(m1), store.messages().recent(Scope.tenant(a.id()), m2.id(), 2));
        assertEquals(List.of(m2, m3), store.messages().scan(Scope.admin(), m1.id(), 10));
    }

    @Test
    void countsEachClientsCallsAndMessagesSinceATime() {
        var a = store.clients().create("A", "Hello");
        var b = store.clients().create("B", "Hello");
        store.calls().open(a.id(), "+442079460000", "+447700900001", null);
        store.messages().save(TestData.message(a.id()).build());
        store.messages().save(TestData.message(a.id()).build());
        store.messages().save(TestData.message(b.id()).build());
        var longAgo = java.time.Instant.parse("2000-01-01T00:00:00Z");
        var later = java.time.Instant.parse("2999-01-01T00:00:00Z");

        assertEquals(java.util.Map.of(a.id(), 1L), store.calls().countsSince(new Scope.Admin(), longAgo));
        assertEquals(java.util.Map.of(a.id(), 2L, b.id(), 1L), store.messages().countsSince(new Scope.Admin(), longAgo));
        assertEquals(java.util.Map.of(), store.messages().countsSince(new Scope.Admin(), later));
        assertEquals(java.util.Map.of(), store.calls().countsSince(new Scope.Admin(), later));
    }

    @Test
    void findsTheMessageTakenOnACallWithinScope() {
        var a = store.clients().create("A", "Hello");
        var b = store.clients().create("B", "Hello");
        var call = store.calls().open(a.id(), "+442079460000", "+447700900001", "One");
        var other = store.calls().open(a.id(), "+442079460000", "+447700900002", "Two");
        var taken = store.messages().save(TestData.message(a.id()).call(call.id()).build());

        assertEquals(Optional.of(taken), store.messages().findByCall(Scope.tenant(a.id()), call.id()));
        assertEquals(Optional.of(taken), store.messages().findByCall(Scope.admin(), call.id()));
        assertEquals(Optional.empty(), store.messages().findByCall(Scope.tenant(b.id()), call.id()));
        assertEquals(Optional.empty(), store.messages().findByCall(Scope.admin(), other.id()));
    }

    @Test
    void tellsSaveListenersWhatWasCommittedWithItsOutboxSequenceUntilClosed() throws Exception {
        var a = store.clients().create("A", "Hello");
        var heard = new CopyOnWriteArrayList<MessageStore.Saved>();
        var failed = store.messages().onSaved(saved -> {
            throw new IllegalStateException("a broken listener");
        });
        var listening = store.messages().onSaved(heard::addAll);
        var saved = store.messages().saveAll(List.of(TestData.message(a.id()).build(), TestData.message(a.id()).build()));
        assertThrows(StoreException.class, () -> store.messages().save(TestData.message(999_999).build()));

        var outbox = store.messages().outboxAfter(0, 10);
        assertEquals(List.of(new MessageStore.Saved(saved.get(0), outbox.get(0).seq()), new MessageStore.Saved(saved.get(1), outbox.get(1).seq())),
                heard, "each saved message once, with its outbox sequence; nothing for a failed save; a failing listener harms none");
        listening.close();
        failed.close();
        store.messages().save(TestData.message(a.id()).build());
        assertEquals(2, heard.size(), "nothing after closing");
    }

    @Test
    void publishesMessageChangesAfterCommit() throws Exception {
        var a = store.clients().create("A", "Hello");
        var seen = new java.util.concurrent.LinkedBlockingQueue<MessageChanged>();
        bus.subscribe(MessageChanged.TOPIC, "test", seen::add);
        var saved = store.messages().save(TestData.message(a.id()).build());
        var event = seen.poll(5, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(new MessageChanged(saved.id(), a.id(), 1, OutboxKind.MESSAGE_CREATED), event);
    }

    @Test
    void concurrentAppendsMakeOneUnbrokenChainWithNoGapInItsSequence() throws Exception {
        try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 200; i++) {
                String user = "user:" + i;
                threads.submit(() -> store.audit().append(user, "login", user, ""));
            }
        }

        var entries = store.audit().list(null, 1000);
        assertEquals(java.util.stream.LongStream.rangeClosed(1, 200).boxed().toList(),
                entries.stream().map(e -> e.seq()).sorted().toList());
        assertEquals(200, entries.stream().map(e -> e.actor()).distinct().count());
        assertTrue(store.audit().firstBrokenLink().isEmpty());
    }

    @Test
    void auditLogIsAHashChainThatDetectsTampering() throws Exception {
        var first = store.audit().append("user:1", "login", "user:1", "");
        var second = store.audit().append("user:1", "message.read", "message:7", "");
        assertEquals(first.hash(), second.previousHash());
        assertNotEquals(first.hash(), second.hash());
        assertTrue(store.audit().firstBrokenLink().isEmpty());
        assertEquals(List.of(second, first), store.audit().list(null, 10));

        tamper("UPDATE audit_log SET target = 'message:8' WHERE seq = 2");
        assertEquals(2, store.audit().firstBrokenLink().orElseThrow());
    }

    @Test
    void sessionsAreFoundByIdHashTouchedAndExpired() {
        var user = store.users().create("olive", Role.ADMIN, null, null, "$argon2id$h");
        var session = store.sessions().create("a".repeat(64), user.id(), "csrf-token");
        assertEquals(session, store.sessions().find("a".repeat(64)).orElseThrow());
        clock.advance(Duration.ofMinutes(10));
        store.sessions().touch(session.idHash());
        assertEquals(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS),
                store.sessions().find(session.idHash()).orElseThrow().lastSeenAt());
        store.sessions().create("b".repeat(64), user.id(), "other");
        clock.advance(Duration.ofMinutes(31));
        store.sessions().touch("b".repeat(64));
        assertEquals(1, store.sessions().deleteExpired(clock.instant().minus(Duration.ofMinutes(30)), Instant.EPOCH));
        assertTrue(store.sessions().find(session.idHash()).isEmpty());
        store.sessions().deleteForUser(user.id());
        assertTrue(store.sessions().find("b".repeat(64)).isEmpty());
    }

    @Test
    void repeatedFailedLoginsLockTheAccountUntilTheGivenTime() {
        var user = store.users().create("olive", Role.ADMIN, null, null, "$argon2id$h");
        var until = clock.instant().plus(Duration.ofMinutes(15));
        assertEquals(1, store.users().recordFailedLogin(user.id(), 3, until));
        assertEquals(2, store.users().recordFailedLogin(user.id(), 3, until));
        assertTrue(store.users().lockedUntil(user.id()).isEmpty());
        assertEquals(3, store.users().recordFailedLogin(user.id(), 3, until));
        assertEquals(until.truncatedTo(java.time.temporal.ChronoUnit.MICROS), store.users().lockedUntil(user.id()).orElseThrow());
        clock.advance(Duration.ofMinutes(16));
        assertTrue(store.users().lockedUntil(user.id()).isEmpty(), "the lock expires by itself");
        store.users().recordFailedLogin(user.id(), 3, until);
        store.users().clearFailedLogins(user.id());
        assertEquals(1, store.users().recordFailedLogin(user.id(), 3, until), "success cleared the count");
    }

    @Test
    void passwordTokensWorkOnceAndExpire() {
        var user = store.users().create("olive", Role.ADMIN, null, null, "$argon2id$h");
        store.users().addPasswordToken(user.id(), "t1", clock.instant().plus(Duration.ofDays(1)));
        store.users().addPasswordToken(user.id(), "t2", clock.instant().plus(Duration.ofDays(1)));
        assertEquals(user.id(), store.users().consumePasswordToken("t1").orElseThrow());
        assertTrue(store.users().consumePasswordToken("t1").isEmpty(), "a token works once");
        clock.advance(Duration.ofDays(2));
        assertTrue(store.users().consumePasswordToken("t2").isEmpty(), "an expired token does not work");
        assertTrue(store.users().consumePasswordToken("nope").isEmpty());
    }

    @Test
    void apiKeysAreFoundByHashNoteTheirUseAndCanBeRevoked() {
        var user = store.users().create("robot", Role.ADMIN, null, null, "$argon2id$h");
        var key = store.apiKeys().create("CRM sync", user.id(), "f".repeat(64));
        assertTrue(store.apiKeys().use("0".repeat(64)).isEmpty());
        clock.advance(Duration.ofMinutes(5));
        var used = store.apiKeys().use("f".repeat(64)).orElseThrow();
        assertEquals(key.id(), used.id());
        assertEquals(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS), used.lastUsedAt());
        assertEquals(List.of("CRM sync"), store.apiKeys().list().stream().map(k -> k.name()).toList());
        assertTrue(store.apiKeys().revoke(key.id()));
        assertTrue(store.apiKeys().use("f".repeat(64)).isEmpty());
    }

    @Test
    void totpIsEnrolledThenActivatedAndEachTimeStepWorksOnce() {
        var user = store.users().create("olive", Role.ADMIN, null, null, "$argon2id$h");
        assertFalse(store.users().secondFactor(user.id()).enabled());
        store.users().setPendingTotpSecret(user.id(), "JBSWY3DPEHPK3PXP");
        assertEquals("JBSWY3DPEHPK3PXP", store.users().secondFactor(user.id()).pendingSecret());
        assertFalse(store.users().secondFactor(user.id()).enabled(), "not active until confirmed");
        store.users().activateTotp(user.id());
        assertEquals("JBSWY3DPEHPK3PXP", store.users().secondFactor(user.id()).activeSecret());
        assertTrue(store.users().useTotpStep(user.id(), 100));
        assertFalse(store.users().useTotpStep(user.id(), 100), "a code works once");
        assertFalse(store.users().useTotpStep(user.id(), 99));
        assertTrue(store.users().useTotpStep(user.id(), 101));
        store.users().disableTotp(user.id());
        assertFalse(store.users().secondFactor(user.id()).enabled());
    }

    /** Runs raw SQL against the test database behind the store. */
    protected abstract void tamper(String sql) throws Exception;
}
