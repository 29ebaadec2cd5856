package org.messagebank.telephony.acd;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.messagebank.config.DatabaseConfig;
import org.messagebank.store.MessageBankStore;
import org.messagebank.store.TestData.MutableClock;
import org.messagebank.store.TestDatabases;
import org.messagebank.store.acd.AcdStore;
import org.messagebank.store.acd.CallRow;
import org.messagebank.store.event.BusEvent;
import org.messagebank.store.event.EventBus;
import org.messagebank.store.event.Topic;
import org.messagebank.store.jdbc.Database;
import org.messagebank.store.jdbc.JdbcMessageBankStore;
import org.messagebank.telephony.RecordingBus;
import org.messagebank.telephony.event.CallAssigned;
import org.messagebank.telephony.event.CallEnded;
import org.messagebank.telephony.event.ScreenPop;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shared call distribution on the embedded database: the contract on one node, then two
 * nodes on one database and one bus, as a cluster runs them.
 */
class SharedAcdTest extends AcdContract {
    static final long ACME = 1;
    static final Duration MAX_WAIT = Duration.ofSeconds(60);
    @TempDir
    Path dir;
    MessageBankStore store;
    private final List<SharedAcd> others = new ArrayList<>();

    DatabaseConfig database() {
        return TestDatabases.h2(dir);
    }

    @Override
    Acd open(MutableClock clock, RecordingBus bus) {
        store = new JdbcMessageBankStore(Database.open(database()), clock, bus);
        return node("node-a", bus);
    }

    /** Another node on the same database and bus, with consumer groups of its own. */
    SharedAcd node(String nodeId, EventBus bus) {
        return node(new NodeBus(bus, nodeId));
    }

    SharedAcd node(NodeBus bus) {
        var node = new SharedAcd(store.acd(), clock, bus, WRAP_UP_LIMIT, bus.nodeId());
        node.start();
        others.add(node);
        return node;
    }

    @AfterEach
    void closeStore() {
        others.forEach(SharedAcd::close);
        store.close();
    }

    @Test
    void aCallHeldOnOneNodeIsOfferedToAnOperatorWhoLoggedInOnAnother() {
        var nodeB = node("node-b", bus);
        nodeB.logIn(10, "PJSIP/110", Set.of(ACME));

        var call = acd.arrive(100, ACME, "u100", MAX_WAIT);

        assertEquals(new Assignment.Offer(10, "PJSIP/110"), call.poll());
        assertEquals(OperatorState.OFFERED, nodeB.status(10).state());
        assertEquals(List.of(new ScreenPop(100, ACME, 10)), bus.events(ScreenPop.class));
        assertEquals(List.of(), bus.events(CallAssigned.class), "the node holding the call rings the operator itself");
    }

    @Test
    void anOperatorFreedOnAnotherNodeTakesTheOldestCallWaitingHereAndThisNodeRingsThem() throws Exception {
        var nodeB = node("node-b", bus);
        var older = acd.arrive(100, ACME, "u100", MAX_WAIT);
        clock.advance(Duration.ofSeconds(1));
        var newer = acd.arrive(101, ACME, "u101", MAX_WAIT);

        nodeB.logIn(10, "PJSIP/110", Set.of(ACME));

        assertEquals(new CallAssigned(100, 10), bus.await(CallAssigned.class, e -> true));
        assertEquals(new Assignment.Offer(10, "PJSIP/110"), older.poll(Duration.ofSeconds(10)));
        assertNull(newer.poll());
        assertEquals(List.of(101L), acd.waiting().stream().map(Acd.WaitingCall::callId).toList());
    }

    @Test
    void withAssignmentEventsLostTheHoldingNodeStillRingsTheOperatorAtItsNextTick() throws Exception {
        var deaf = node(new NodeBus(bus, "node-b", CallAssigned.TOPIC));
        var call = deaf.arrive(200, ACME, "u200", MAX_WAIT);
        acd.logIn(10, "PJSIP/110", Set.of(ACME));
        bus.await(CallAssigned.class, e -> e.callId() == 200);
        assertNull(call.poll(Duration.ofMillis(200)));

        deaf.tick();

        assertEquals(new Assignment.Offer(10, "PJSIP/110"), call.poll());
    }

    @Test
    void theCallsOfASilentNodeAreRemovedAndTheOperatorsTheyHeldFreed() {
        var nodeB = node("node-b", bus);
        acd.logIn(10, "PJSIP/110", Set.of(ACME));
        acd.logIn(11, "PJSIP/111", Set.of(ACME));
        var ringing = nodeB.arrive(200, ACME, "u200", MAX_WAIT);
        var talking = nodeB.arrive(201, ACME, "u201", MAX_WAIT);
        assertEquals(new Assignment.Offer(10, "PJSIP/110"), ringing.poll());
        assertEquals(new Assignment.Offer(11, "PJSIP/111"), talking.poll());
        nodeB.connected(talking);

        clock.advance(SharedAcd.NODE_SILENCE.plusSeconds(1));
        acd.tick();
        var waiting = acd.arrive(100, ACME, "u100", MAX_WAIT);

        assertEquals(OperatorState.WRAP_UP, acd.status(11).state(), "the caller was cut off: the operator writes up");
        assertEquals(new Assignment.Offer(10, "PJSIP/110"), waiting.poll(), "the operator whose phone rang takes a new call");
        assertEquals(List.of(200L, 201L), bus.events(CallEnded.class).stream().map(CallEnded::callId).sorted().toList());
        assertTrue(store.acd().callsOf("node-b").isEmpty());
    }

    @Test
    void aNodeTakenForDeadQueuesItsWaitingCallsAgainWhenItIsBack() throws Exception {
        var nodeB = node("node-b", bus);
        var call = nodeB.arrive(200, ACME, "u200", MAX_WAIT);
        clock.advance(SharedAcd.NODE_SILENCE.plusSeconds(1));
        acd.tick();
        assertTrue(store.acd().waiting().isEmpty());

        nodeB.tick();
        acd.logIn(10, "PJSIP/110", Set.of(ACME));

        assertEquals(new Assignment.Offer(10, "PJSIP/110"), call.poll(Duration.ofSeconds(10)));
    }

    @Test
    void aCallRowLeftBehindByAnEndThatFailedIsEndedAtTheNextHeartbeatAndItsOperatorFreed() {
        acd.logIn(10, "PJSIP/110", Set.of(ACME));
        var call = acd.arrive(300, ACME, "u300", MAX_WAIT);
        assertEquals(new Assignment.Offer(10, "PJSIP/110"), call.poll());
        acd.connected(call);
        var broken = new SharedAcd(failingDeletes(store.acd()), clock, new NodeBus(bus, "node-a"), WRAP_UP_LIMIT, "node-a");
        var held = broken.arrive(301, ACME, "u301", MAX_WAIT);
        assertThrows(RuntimeException.class, () -> broken.ended(held, CallOutcome.ABANDONED), "the database refused the end");
        assertEquals(List.of(300L, 301L), store.acd().callsOf("node-a").stream().map(CallRow::callId).sorted().toList());

        clock.advance(SharedAcd.HEARTBEAT);
        acd.tick();

        assertEquals(List.of(300L), store.acd().callsOf("node-a").stream().map(CallRow::callId).toList(),
                "the row of a call this node still holds is kept");
        assertEquals(OperatorState.ON_CALL, acd.status(10).state());
        assertEquals(List.of(301L), bus.events(CallEnded.class).stream().map(CallEnded::callId).toList());
    }

    /** The shared store, except that deleting a call row fails, as when the database is unreachable. */
    static AcdStore failingDeletes(AcdStore store) {
        return (AcdStore) Proxy.newProxyInstance(AcdStore.class.getClassLoader(), new Class<?>[] {AcdStore.class},
                (proxy, method, args) -> {
                    if (!method.getName().equals("inTransaction")) {
                        return invoke(method, store, args);
                    }
                    @SuppressWarnings("unchecked")
                    var work = (Function<AcdStore.Transaction, Object>) args[0];
                    return store.inTransaction(tx -> work.apply((AcdStore.Transaction) Proxy.newProxyInstance(
                            AcdStore.Transaction.class.getClassLoader(), new Class<?>[] {AcdStore.Transaction.class},
                            (p, m, a) -> {
                                if (m.getName().equals("deleteCall")) {
                                    throw new IllegalStateException("database unreachable");
                                }
                                return invoke(m, tx, a);
                            })));
                });
    }

    private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /**
     * A node's view of the shared bus: its node groups carry its own name, as Kafka's do; events
     * of the {@code deafTo} topic (if any) are published but never delivered to it.
     */
    record NodeBus(EventBus shared, String nodeId, Topic<?> deafTo) implements EventBus {
        NodeBus(EventBus shared, String nodeId) {
            this(shared, nodeId, null);
        }

        @Override
        public <E extends BusEvent> void publish(Topic<E> topic, E event) {
            shared.publish(topic, event);
        }

        @Override
        public <E extends BusEvent> Subscription subscribe(Topic<E> topic, String group, Consumer<? super E> handler) {
            return shared.subscribe(topic, group, topic.equals(deafTo) ? e -> { } : handler);
        }

        @Override
        public String nodeGroup(String role) {
            return role + "." + nodeId;
        }

        @Override
        public void close() {
        }
    }
}
