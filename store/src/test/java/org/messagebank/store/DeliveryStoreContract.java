package org.messagebank.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.messagebank.config.DatabaseConfig;
import org.messagebank.store.domain.Client;
import org.messagebank.store.domain.Contact;
import org.messagebank.store.domain.ContentMode;
import org.messagebank.store.domain.DeliveryChannel;
import org.messagebank.store.domain.DeliveryRules;
import org.messagebank.store.domain.Dispatch;
import org.messagebank.store.domain.DispatchState;
import org.messagebank.store.domain.Escalation;
import org.messagebank.store.domain.Message;
import org.messagebank.store.domain.NewDispatch;
import org.messagebank.store.event.InProcessEventBus;
import org.messagebank.store.jdbc.Database;
import org.messagebank.store.jdbc.JdbcMessageBankStore;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Behaviour of the contact and dispatch stores; run against H2 and PostgreSQL. */
public abstract class DeliveryStoreContract {
    private static final Set<DeliveryChannel> ALL = EnumSet.allOf(DeliveryChannel.class);

    protected TestData.MutableClock clock;
    protected InProcessEventBus bus;
    protected MessageBankStore store;
    private Client acme;
    private Contact alice;
    private Contact bob;

    /** A fresh, empty database for one test. */
    protected abstract DatabaseConfig newDatabase() throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        clock = new TestData.MutableClock(Instant.parse("2026-03-01T09:00:00Z"));
        bus = new InProcessEventBus();
        store = new JdbcMessageBankStore(Database.open(newDatabase()), clock, bus);
        acme = store.clients().create("Acme", "Hello");
        alice = store.contacts().add(Contact.of(acme.id(), "Alice", "+447700900001", "alice@example.com",
                EnumSet.of(DeliveryChannel.EMAIL), EnumSet.of(DeliveryChannel.SMS, DeliveryChannel.EMAIL), null));
        bob = store.contacts().add(Contact.of(acme.id(), "Bob", "+447700900002", null,
                EnumSet.noneOf(DeliveryChannel.class), EnumSet.of(DeliveryChannel.SMS), 1));
    }

    @AfterEach
    void closeStore() throws Exception {
        TestData.closeAll(store, bus);
    }

    private Message message(boolean urgent) {
        var builder = TestData.message(acme.id());
        return store.messages().save(urgent ? builder.urgent().build() : builder.build());
    }

    private NewDispatch sms(Message m, Contact c) {
        return new NewDispatch(m.id(), m.clientId(), c.id(), DeliveryChannel.SMS, m.urgency() == org.messagebank.store.domain.Urgency.URGENT,
                clock.instant());
    }

    @Test
    void storesContactsWithTheirChannelsAndEscalationList() {
        assertEquals(List.of(alice, bob), store.contacts().list(acme.id()));
        assertEquals(List.of(bob), store.contacts().escalationList(acme.id()));
        assertEquals(List.of(bob), store.contacts().findByMobile("+447700900002"));
        assertEquals(EnumSet.of(DeliveryChannel.SMS), bob.channelsFor(org.messagebank.store.domain.Urgency.URGENT));
        assertTrue(store.contacts().delete(alice.id()));
        assertEquals(List.of(bob), store.contacts().list(acme.id()));
    }

    @Test
    void updatesAContactOnlyWithinItsClient() {
        var edited = new Contact(alice.id(), acme.id(), "Alice Smith", null, "alice.smith@example.com",
                EnumSet.of(DeliveryChannel.EMAIL), EnumSet.of(DeliveryChannel.EMAIL), 2);
        assertTrue(store.contacts().update(edited));
        assertEquals(edited, store.contacts().find(alice.id()).orElseThrow());
        var other = store.clients().create("Other", "Hi");
        var hijack = new Contact(bob.id(), other.id(), "Mallory", null, null, EnumSet.noneOf(DeliveryChannel.class),
                EnumSet.noneOf(DeliveryChannel.class), null);
        assertFalse(store.contacts().update(hijack), "a contact cannot be moved to or changed from another client");
        assertEquals(bob, store.contacts().find(bob.id()).orElseThrow());
    }

    @Test
    void givesDefaultRulesUntilTheClientSavesItsOwn() {
        assertEquals(DeliveryRules.defaults(acme.id()), store.contacts().rules(acme.id()));
        var rules = DeliveryRules.defaults(acme.id())
                .withQuietHours(ZoneId.of("Europe/London"), LocalTime.of(21, 30), LocalTime.of(7, 0))
                .withContent(ContentMode.SECURE_LINK, "[Acme]", "Acme Answering")
                .withSmsSender("MG0123456789abcdef0123456789abcdef")
                .withWebhook("https://crm.example/hook", "s3cret")
                .withEscalation(Duration.ofMinutes(10), 2);
        store.contacts().saveRules(rules);
        assertEquals(rules, store.contacts().rules(acme.id()));
        var changed = rules.withQuietHours(ZoneId.of("UTC"), null, null);
        store.contacts().saveRules(changed);
        assertEquals(changed, store.contacts().rules(acme.id()));
        assertFalse(rules.toString().contains("s3cret"));
    }

    @Test
    void planCreatesEachDispatchOnceAndMovesTheCursorWithIt() {
        var m = message(false);
        assertEquals(0, store.dispatches().cursor("planner"));
        var first = store.dispatches().plan("planner", 5, List.of(sms(m, alice), sms(m, bob)), List.of());
        assertEquals(2, first.size());
        assertEquals(5, store.dispatches().cursor("planner"));
        var again = store.dispatches().plan("planner", 6, List.of(sms(m, alice), sms(m, bob)), List.of());
        assertTrue(again.isEmpty());
        assertEquals(6, store.dispatches().cursor("planner"));
        var all = store.dispatches().forMessage(Scope.tenant(acme.id()), m.id());
        assertEquals(2, all.size());
        assertTrue(all.stream().allMatch(d -> d.state() == DispatchState.QUEUED && d.attempts() == 0));
        assertTrue(store.dispatches().forMessage(Scope.tenant(acme.id() + 1), m.id()).isEmpty());
    }

    @Test
    void planningOnSeveralNodesAtOnceCreatesTheCursorOnceAndNeverMovesItBack() throws Exception {
        String cursor = "planner-" + System.nanoTime();
        int nodes = 6;
        var start = new CyclicBarrier(nodes);
        try (var planners = Executors.newFixedThreadPool(nodes)) {
            var runs = new ArrayList<Future<?>>();
            for (int i = 1; i <= nodes; i++) {
                long seq = i * 10L;
                runs.add(planners.submit(() -> {
                    start.await();
                    return store.dispatches().plan(cursor, seq, List.of(), List.of());
                }));
            }
            for (var run : runs) {
                run.get(30, TimeUnit.SECONDS);
            }
        }
        assertEquals(nodes * 10L, store.dispatches().cursor(cursor));
        store.dispatches().plan(cursor, 25, List.of(), List.of());
        assertEquals(nodes * 10L, store.dispatches().cursor(cursor), "a planner finishing late does not move the cursor back");
    }

    @Test
    void claimsOnlyDueDispatchesAndEachByOneOwner() {
        var m = message(false);
        store.dispatches().createAll(List.of(sms(m, alice),
                new NewDispatch(m.id(), m.clientId(), bob.id(), DeliveryChannel.SMS, false, clock.instant().plusSeconds(60))));
        var a = store.dispatches().claimDue("a", ALL, clock.instant(), Duration.ofMinutes(1), 10);
        var b = store.dispatches().claimDue("b", ALL, clock.instant(), Duration.ofMinutes(1), 10);
        assertEquals(1, a.size());
        assertTrue(b.isEmpty());
        assertEquals(DispatchState.SENDING, a.getFirst().state());
        assertEquals(1, a.getFirst().attempts());
        assertEquals(clock.instant().plusSeconds(60), store.dispatches().nextDue(ALL).orElseThrow());
        assertTrue(store.dispatches().claimDue("b", EnumSet.of(DeliveryChannel.EMAIL), clock.instant().plusSeconds(61),
                Duration.ofMinutes(1), 10).isEmpty());
    }

    @Test
    void reclaimsADispatchWhoseLeaseRanOut() {
        var m = message(false);
        store.dispatches().createAll(List.of(sms(m, alice)));
        var crashed = store.dispatches().claimDue("crashed", ALL, clock.instant(), Duration.ofMinutes(1), 10).getFirst();
        assertTrue(store.dispatches().claimDue("b", ALL, clock.instant().plusSeconds(59), Duration.ofMinutes(1), 10).isEmpty());
        var retaken = store.dispatches().claimDue("b", ALL, clock.instant().plusSeconds(60), Duration.ofMinutes(1), 10);
        assertEquals(crashed.id(), retaken.getFirst().id());
        assertEquals(2, retaken.getFirst().attempts());
        assertFalse(store.dispatches().markSent(crashed.id(), "crashed", "SM1"), "a lost lease cannot complete");
        assertTrue(store.dispatches().markSent(crashed.id(), "b", "SM1"));
        assertEquals(DispatchState.SENT, store.dispatches().find(crashed.id()).orElseThrow().state());
    }

    /** A message's SMS dispatches to Alice and Bob, both claimed by {@code owner} for a minute. */
    private List<Dispatch> twoClaimedBy(String owner) {
        var m = message(false);
        store.dispatches().createAll(List.of(sms(m, alice), sms(m, bob)));
        var claimed = store.dispatches().claimDue(owner, ALL, clock.instant(), Duration.ofMinutes(1), 10);
        assertEquals(2, claimed.size());
        return claimed;
    }

    @Test
    void renewsALeaseOnlyForItsOwnerAndOnlyWhileNoOtherHasClaimedIt() {
        var claimed = twoClaimedBy("a");
        var kept = claimed.get(0);
        var lost = claimed.get(1);

        assertFalse(store.dispatches().renewLease(kept.id(), "b", clock.instant(), Duration.ofMinutes(1)), "not b's lease");
        assertTrue(store.dispatches().renewLease(kept.id(), "a", clock.instant().plusSeconds(50), Duration.ofMinutes(1)));
        var retaken = store.dispatches().claimDue("b", ALL, clock.instant().plusSeconds(61), Duration.ofMinutes(1), 10);
        assertEquals(List.of(lost.id()), retaken.stream().map(Dispatch::id).toList(), "only the lease that was not renewed ran out");
        assertEquals(clock.instant().plusSeconds(110), store.dispatches().find(kept.id()).orElseThrow().leaseUntil());
        assertEquals(1, store.dispatches().find(kept.id()).orElseThrow().attempts(), "a renewal is not an attempt");

        assertFalse(store.dispatches().renewLease(lost.id(), "a", clock.instant().plusSeconds(62), Duration.ofMinutes(1)),
                "a lease claimed by another cannot be renewed");
        assertEquals("b", store.dispatches().find(lost.id()).orElseThrow().leaseOwner());
        assertTrue(store.dispatches().markSent(kept.id(), "a", "SM1"));
        assertFalse(store.dispatches().renewLease(kept.id(), "a", clock.instant().plusSeconds(63), Duration.ofMinutes(1)),
                "a sent dispatch has no lease");
    }

    @Test
    void keepsTheReasonOfRetriesFailuresAndDeadLetters() {
        var claimed = twoClaimedBy("w");
        var first = claimed.get(0);
        var second = claimed.get(1);
        assertTrue(store.dispatches().markRetry(first.id(), "w", clock.instant().plusSeconds(30), "429", "Too Many Requests"));
        assertTrue(store.dispatches().markFailed(second.id(), "w", "21211", "invalid 'To' number", true));
        var retry = store.dispatches().find(first.id()).orElseThrow();
        assertEquals(DispatchState.QUEUED, retry.state());
        assertEquals("429", retry.errorCode());
        assertEquals(clock.instant().plusSeconds(30), retry.dueAt());
        assertEquals(1, store.dispatches().count(DispatchState.QUEUED));
        assertEquals(1, store.dispatches().count(DispatchState.FAILED));
        assertEquals(1, store.dispatches().deadLetterCount());
        var failed = store.dispatches().deadLetters(10);
        assertEquals(1, failed.size());
        assertEquals("21211", failed.getFirst().errorCode());
        assertEquals("invalid 'To' number", failed.getFirst().errorText());
    }

    @Test
    void appliesProviderReportsToSentDispatchesOnly() {
        var m = message(true);
        store.dispatches().createAll(List.of(sms(m, alice)));
        var d = store.dispatches().claimDue("w", ALL, clock.instant(), Duration.ofMinutes(1), 1).getFirst();
        store.dispatches().markSent(d.id(), "w", "SM42");
        assertTrue(store.dispatches().report("SM43", DispatchState.DELIVERED, null, null).isEmpty());
        assertEquals(DispatchState.DELIVERED, store.dispatches().report("SM42", DispatchState.DELIVERED, null, null).orElseThrow().state());
        assertEquals(d.id(), store.dispatches().latestUrgentSms(List.of(alice.id(), bob.id())).orElseThrow().id());
        assertEquals(1, store.dispatches().acknowledged(m.id()));
        assertTrue(store.dispatches().report("SM42", DispatchState.FAILED, "30003", "Unreachable").isEmpty());
        assertEquals(DispatchState.ACKNOWLEDGED, store.dispatches().find(d.id()).orElseThrow().state());
    }

    @Test
    void keepsEveryStateChangeOfADispatchForItsTimeline() {
        var m = message(true);
        store.dispatches().createAll(List.of(sms(m, alice), sms(m, bob)));
        var queuedAt = clock.instant();
        clock.advance(Duration.ofSeconds(1));
        var claimed = store.dispatches().claimDue("w", ALL, clock.instant(), Duration.ofMinutes(1), 10);
        var toAlice = claimed.stream().filter(d -> d.contactId() == alice.id()).findFirst().orElseThrow();
        var toBob = claimed.stream().filter(d -> d.contactId() == bob.id()).findFirst().orElseThrow();
        clock.advance(Duration.ofSeconds(1));
        store.dispatches().markSent(toAlice.id(), "w", "SM1");
        store.dispatches().markFailed(toBob.id(), "w", "21211", "invalid 'To' number", false);
        clock.advance(Duration.ofSeconds(1));
        store.dispatches().report("SM1", DispatchState.DELIVERED, null, null);
        clock.advance(Duration.ofSeconds(1));
        store.dispatches().acknowledged(m.id());

        var aliceEvents = store.dispatches().history(Scope.tenant(acme.id()), m.id()).stream()
                .filter(e -> e.dispatchId() == toAlice.id()).toList();
        assertEquals(List.of(DispatchState.QUEUED, DispatchState.SENDING, DispatchState.SENT, DispatchState.DELIVERED,
                DispatchState.ACKNOWLEDGED), aliceEvents.stream().map(org.messagebank.store.domain.DispatchEvent::state).toList());
        assertEquals(queuedAt, aliceEvents.getFirst().at());
        assertEquals(queuedAt.plusSeconds(4), aliceEvents.getLast().at());
        assertEquals(1, aliceEvents.get(1).attempt());
        var bobEvents = store.dispatches().history(Scope.admin(), m.id()).stream()
                .filter(e -> e.dispatchId() == toBob.id()).toList();
        assertEquals(DispatchState.FAILED, bobEvents.getLast().state());
        assertEquals("21211", bobEvents.getLast().errorCode());
        assertEquals("invalid 'To' number", bobEvents.getLast().errorText());
        assertEquals(3, bobEvents.size(), "a failed dispatch is not acknowledged");
        assertTrue(store.dispatches().history(Scope.tenant(acme.id() + 1), m.id()).isEmpty());
    }

    @Test
    void acknowledgementCancelsQueuedDispatchesAndFinishesEscalation() {
        var m = message(true);
        store.dispatches().plan("planner", 1, List.of(sms(m, alice)),
                List.of(new Escalation(m.id(), m.clientId(), 0, clock.instant().plusSeconds(600), false)));
        assertTrue(store.dispatches().dueEscalations(clock.instant(), 10).isEmpty());
        assertEquals(1, store.dispatches().dueEscalations(clock.instant().plusSeconds(600), 10).size());
        store.dispatches().acknowledged(m.id());
        assertTrue(store.dispatches().claimDue("w", ALL, clock.instant(), Duration.ofMinutes(1), 10).isEmpty());
        assertTrue(store.dispatches().dueEscalations(clock.instant().plusSeconds(600), 10).isEmpty());
        assertTrue(store.dispatches().escalation(m.id()).orElseThrow().finished());
    }

    @Test
    void runsEachEscalationRoundOnce() {
        var m = message(true);
        var start = new Escalation(m.id(), m.clientId(), 0, clock.instant(), false);
        store.dispatches().plan("planner", 1, List.of(), List.of(start));
        var round = new Escalation(m.id(), m.clientId(), 1, clock.instant().plusSeconds(600), false);
        assertTrue(store.dispatches().escalate(round, 0, List.of(sms(m, bob))));
        assertFalse(store.dispatches().escalate(round, 0, List.of(sms(m, bob))));
        assertEquals(1, store.dispatches().forMessage(Scope.admin(), m.id()).size());
        assertEquals(1, store.dispatches().escalation(m.id()).orElseThrow().roundsDone());
    }

    @Test
    void dropsNoDispatchOrEscalationWhoseMessageStillExists() {
        var m = message(true);
        var planned = store.dispatches().plan("planner", 1, List.of(sms(m, alice)),
                List.of(new Escalation(m.id(), m.clientId(), 0, clock.instant().plusSeconds(600), false)));
        assertFalse(store.dispatches().dropIfMessageGone(planned.getFirst().id()));
        assertFalse(store.dispatches().dropEscalationIfMessageGone(m.id()));
        assertTrue(store.dispatches().find(planned.getFirst().id()).isPresent());
        assertTrue(store.dispatches().escalation(m.id()).isPresent());
        assertFalse(store.dispatches().history(Scope.admin(), m.id()).isEmpty());
    }
}
