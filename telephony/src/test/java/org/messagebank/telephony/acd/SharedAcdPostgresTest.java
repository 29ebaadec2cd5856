package org.messagebank.telephony.acd;

import org.junit.jupiter.api.Test;
import org.messagebank.config.DatabaseConfig;
import org.messagebank.store.TestDatabases;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shared call distribution on PostgreSQL, where several nodes really run it; and two nodes racing for seats. */
class SharedAcdPostgresTest extends SharedAcdTest {

    @Override
    DatabaseConfig database() {
        return TestDatabases.postgresSchema();
    }

    @Test
    void callsArrivingAtOnceOnTwoNodesAreEachOfferedToOneOperatorAndNoOperatorTwice() throws Exception {
        var nodeB = node("node-b", bus);
        int operators = 12;
        for (long op = 1; op <= operators; op++) {
            (op % 2 == 0 ? acd : nodeB).logIn(op, "PJSIP/" + op, Set.of(ACME));
        }
        var calls = new ArrayList<LiveCall>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            var arrivals = new ArrayList<Future<LiveCall>>();
            for (long id : LongStream.rangeClosed(1, 2L * operators).toArray()) {
                var node = id % 2 == 0 ? acd : nodeB;
                arrivals.add(threads.submit(() -> node.arrive(id, ACME, "u" + id, MAX_WAIT)));
            }
            for (var arrival : arrivals) {
                calls.add(arrival.get());
            }
        }
        acd.tick();
        nodeB.tick();

        var offers = new ArrayList<Assignment.Offer>();
        var offeredCalls = new ArrayList<LiveCall>();
        for (var call : calls) {
            var offer = call.poll(Duration.ofMillis(50));
            if (offer != null) {
                offers.add(assertInstanceOf(Assignment.Offer.class, offer));
                offeredCalls.add(call);
                assertTrue(call.poll() == null, "one offer per call");
            }
        }
        assertEquals(operators, offers.size(), "as many calls offered as operators free");
        assertEquals(operators, new HashSet<>(offers.stream().map(Assignment.Offer::operatorId).toList()).size(),
                "no operator offered two calls");
        assertEquals(operators, acd.waiting().size());

        // Every operator answers, finishes and takes the next call: the rest are offered once each.
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < offeredCalls.size(); i++) {
                var call = offeredCalls.get(i);
                var operator = offers.get(i).operatorId();
                var node = call.callId() % 2 == 0 ? acd : nodeB;
                threads.submit(() -> {
                    node.connected(call);
                    node.ended(call, CallOutcome.ANSWERED);
                    (operator % 2 == 0 ? nodeB : acd).finishWrapUp(operator);
                    return null;
                });
            }
        }
        acd.tick();
        nodeB.tick();
        var second = new ArrayList<Long>();
        for (var call : calls) {
            if (!offeredCalls.contains(call)) {
                var offer = assertInstanceOf(Assignment.Offer.class, call.poll(Duration.ofSeconds(10)));
                second.add(offer.operatorId());
            }
        }
        assertEquals(operators, new HashSet<>(second).size(), "each freed operator took exactly one waiting call");
        assertEquals(List.of(), acd.waiting());
    }
}
