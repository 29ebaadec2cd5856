package org.messagebank.telephony.acd;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.messagebank.store.TestData.MutableClock;
import org.messagebank.telephony.RecordingBus;
import org.messagebank.telephony.event.CallConnected;
import org.messagebank.telephony.event.CallEnded;
import org.messagebank.telephony.event.CallOffered;
import org.messagebank.telephony.event.CallQueued;
import org.messagebank.telephony.event.OperatorStateChanged;
import org.messagebank.telephony.event.ScreenPop;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * What every call distribution does, on one node: run against the in-memory {@link LocalAcd} and
 * the database-backed {@link SharedAcd}.
 */
abstract class AcdContract {
    private static final long ACME = 1;
    private static final long BETA = 2;
    private static final Duration MAX_WAIT = Duration.ofSeconds(60);

    static final Duration WRAP_UP_LIMIT = Duration.ofSeconds(30);
    final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T09:00:00Z"));
    final RecordingBus bus = new RecordingBus();
    Acd acd;

    /** The distribution under test, with a {@link #WRAP_UP_LIMIT} wrap-up limit. */
    abstract Acd open(MutableClock clock, RecordingBus bus) throws Exception;

    @BeforeEach
    void openAcd() throws Exception {
        acd = open(clock, bus);
    }

    @AfterEach
    void closeBus() {
        acd.close();
        bus.close();
    }

    private List<Long> waiting() {
        return acd.waiting().stream().map(Acd.WaitingCall::callId).toList();
    }

    private LiveCall arrive(long callId, long clientId) {
        clock.advance(Duration.ofSeconds(1));
        return acd.arrive(callId, clientId, "u" + callId, MAX_WAIT);
    }

    private static Assignment.Offer offer(LiveCall call) {
        return assertInstanceOf(Assignment.Offer.class, call.poll());
    }

    @Test
    void offersToTheLongestIdleAllowedOperatorAndPopsTheScreenFirst() {
        acd.logIn(10, "PJSIP/110", Set.of(ACME));
        clock.advance(Duration.ofSeconds(5));
        acd.logIn(11, "PJSIP/111", Set.of(ACME));
        acd.logIn(12, "PJSIP/112", Set.of(BETA));

        var call = arrive(100, ACME);

        assertEquals(new Assignment.Offer(10, "PJSIP/110"), call.poll());
        assertEquals(OperatorState.OFFERED, acd.status(10).state());
        assertEquals(100L, acd.status(10).callId());
        assertEquals(List.of(new ScreenPop(100, ACME, 10)), bus.events(ScreenPop.class));
        assertEquals(List.of(new CallOffered(100, ACME, 10)), bus.events(CallOffered.class));
    }

    @Test
    void waitingCallsAreTakenOldestFirstAcrossClients() {
        var older = arrive(100, BETA);
        var newer = arrive(101, ACME);
        assertEquals(List.of(100L, 101L), waiting());
        assertEquals(2, bus.events(CallQueued.class).size());

        acd.logIn(10, "PJSIP/110", Set.of(ACME, BETA));

        assertEquals(10, offer(older).operatorId());
        assertNull(newer.poll());
        assertEquals(List.of(101L), waiting());
    }

    @Test
    void anOperatorOnlyTakesCallsOfClientsTheyAreAllowed() {
        var beta = arrive(100, BETA);
        var acme = arrive(101, ACME);
        acd.logIn(10, "PJSIP/110", Set.of(ACME));

        assertNull(beta.poll());
        assertEquals(10, offer(acme).operatorId());
    }

    @Test
    void noAnswerPausesTheOperatorAndPutsTheCallBackAtTheHead() {
        acd.logIn(10, "PJSIP/110", Set.of(ACME));
        var first = arrive(100, ACME);
        offer(first);
        var second = arrive(101, ACME);

        acd.noAnswer(first, Acd.MISSED_CALL);

        assertEquals(OperatorState.PAUSED, acd.status(10).state());
        assertEquals("missed-call", acd.status(10).pauseReason());
        assertEquals(List.of(100L, 101L), waiting());

        acd.logIn(11, "PJSIP/111", Set.of(ACME));
        assertEquals(11, offer(first).operatorId());
        assertNull(second.poll());
    }

    @Test
    void answeredCallEndsInWrapUpUntilFinished() {
        acd.logIn(10, "PJSIP/110", Set.of(ACME));
        var call = arrive(100, ACME);
        offer(call);

        acd.connected(call);
        acd.connected(call);
        assertEquals(OperatorState.ON_CALL, acd.status(10).state());
        assertEquals(1, bus.events(CallConnected.class).size());

        acd.ended(call, CallOutcome.ANSWERED);
        assertEquals(OperatorState.WRAP_UP, acd.status(10).state());
        assertEquals(List.of(new CallEnded(100, ACME, 10L, CallOutcome.ANSWERED)), bus.events(CallEnded.class));

        var next = arrive(101, ACME);
        assertNull(next.poll());
        acd.finishWrapUp(10);
        assertEquals(10, offer(next).operatorId());
    }

    @Test
    void wrapUpEndsByItselfAtTheLimit() {
        acd.logIn(10, "PJSIP/110", Set.of(ACME));
        var call = arrive(100, ACME);
        offer(call);
        acd.connected(call);
        acd.ended(call, CallOutcome.ANSWERED);

        clock.advance(Duration.ofSeconds(29));
        acd.tick();
        assertEquals(OperatorState.WRAP_UP, acd.status(10).state());
        clock.advance(Duration.ofSeconds(1));
        acd.tick();
        assertEquals(OperatorState.AVAILABLE, acd.status(10).state());
    }

    @Test
    void aCallWaitingLongerThanItsMaximumOverflows() {
        var call = arrive(100, ACME);
        clock.advance(MAX_WAIT.minusSeconds(1));
        acd.tick();
        assertNull(call.poll());

        clock.advance(Duration.ofSeconds(1));
        acd.tick();
        assertInstanceOf(Assignment.Overflow.class, call.poll());
        assertEquals(List.of(), waiting());
    }

    @Test
    void callerHangingUpWhileRingingReleasesTheOperatorAsStillLongestIdle() {
        acd.logIn(10, "PJSIP/110", Set.of(ACME));
        clock.advance(Duration.ofSeconds(1));
        acd.logIn(11, "PJSIP/111", Set.of(ACME));
        var call = arrive(100, ACME);
        offer(call);

        acd.ended(call, CallOutcome.ABANDONED);

        assertEquals(OperatorState.AVAILABLE, acd.status(10).state());
        assertEquals(List.of(new CallEnded(100, ACME, null, CallOutcome.ABANDONED)), bus.events(CallEnded.class));
        assertEquals(10, offer(arrive(101, ACME)).operatorId());
    }

    @Test
    void hangupReportedByAsteriskTakesAWaitingCallOutOfTheQueue() {
        var call = arrive(100, ACME);
        acd.hungUp("u100");
        assertInstanceOf(Assignment.CallerGone.class, call.poll());
        assertEquals(List.of(), waiting());
    }

    @Test
    void anUnavailablePhoneIsNotOffered() {
        acd.logIn(10, "PJSIP/110", Set.of(ACME));
        acd.phoneState("PJSIP/110", PhoneState.UNAVAILABLE);
        var call = arrive(100, ACME);
        assertNull(call.poll());

        acd.phoneState("pjsip/110", PhoneState.IDLE);
        assertEquals(10, offer(call).operatorId());
    }

    @Test
    void operatorApiRefusesWhatTheStateDoesNotAllow() {
        assertThrows(IllegalStateException.class, () -> acd.pause(10, "break"));
        acd.logIn(10, "PJSIP/110", Set.of(ACME));
        assertThrows(IllegalStateException.class, () -> acd.resume(10));
        assertThrows(IllegalStateException.class, () -> acd.finishWrapUp(10));
        offer(arrive(100, ACME));
        assertThrows(IllegalStateException.class, () -> acd.logOut(10));
        assertThrows(IllegalStateException.class, () -> acd.pause(10, "break"));
    }

    @Test
    void pauseReasonMustBeAShortCodeNotFreeText() {
        acd.logIn(10, "PJSIP/110", Set.of(ACME));
        assertThrows(IllegalArgumentException.class, () -> acd.pause(10, "calling Jane back on 07700 900123"));
        acd.pause(10, "training");
        assertEquals("training", acd.status(10).pauseReason());
    }

    @Test
    void pauseResumeAndLogOutArePublishedWithIdsAndStatesOnly() {
        acd.logIn(10, "PJSIP/110", Set.of(ACME));
        acd.pause(10, "break");
        acd.resume(10);
        acd.logOut(10);
        assertEquals(List.of(OperatorState.AVAILABLE, OperatorState.PAUSED, OperatorState.AVAILABLE, OperatorState.LOGGED_OUT),
                bus.events(OperatorStateChanged.class).stream().map(OperatorStateChanged::state).toList());
        assertEquals("break", bus.events(OperatorStateChanged.class).get(1).pauseReason());
    }

    @Test
    void resynchronisingEndsCallsAsteriskNoLongerHasAndConnectsBridgedOnes() {
        acd.logIn(10, "PJSIP/110", Set.of(ACME));
        var ringing = arrive(100, ACME);
        offer(ringing);
        var waiting = arrive(101, ACME);

        acd.resynchronise(Set.of("u100"), Set.of("u100"));

        assertEquals(OperatorState.ON_CALL, acd.status(10).state());
        assertInstanceOf(Assignment.CallerGone.class, waiting.poll());
    }
    // ---- the free-operator index: the same choices as a scan of every seat -------------------

    @Test
    void amongManyOperatorsTheLongestIdleAllowedOneIsOfferedAndGoesToTheBackAfterACall() {
        for (long op = 1000; op < 1300; op++) {
            acd.logIn(op, "PJSIP/" + op, op % 3 == 0 ? Set.of(BETA) : Set.of(ACME, BETA));
            clock.advance(Duration.ofMillis(10));
        }

        assertEquals(1000, offer(arrive(100, BETA)).operatorId());
        var acme = arrive(101, ACME);
        assertEquals(1001, offer(acme).operatorId());
        acd.connected(acme);
        acd.ended(acme, CallOutcome.ANSWERED);
        acd.finishWrapUp(1001);

        assertEquals(1003, offer(arrive(102, ACME)).operatorId());
        assertEquals(1004, offer(arrive(103, ACME)).operatorId());
        assertEquals(1002, offer(arrive(104, BETA)).operatorId());
        assertEquals(1005, offer(arrive(105, BETA)).operatorId());
    }

    @Test
    void operatorsIdleSinceTheSameInstantAreOfferedLowestIdFirst() {
        acd.logIn(12, "PJSIP/112", Set.of(ACME));
        acd.logIn(10, "PJSIP/110", Set.of(ACME));
        acd.logIn(11, "PJSIP/111", Set.of(ACME));

        assertEquals(10, offer(arrive(100, ACME)).operatorId());
        assertEquals(11, offer(arrive(101, ACME)).operatorId());
        assertEquals(12, offer(arrive(102, ACME)).operatorId());
    }

    @Test
    void loggingInAgainWhileAvailableChangesTheClientsOfferedAtOnce() {
        acd.logIn(10, "PJSIP/110", Set.of(BETA));
        var acme = arrive(100, ACME);
        assertNull(acme.poll());

        acd.logIn(10, "PJSIP/210", Set.of(ACME));

        assertEquals(new Assignment.Offer(10, "PJSIP/210"), acme.poll());
        acd.ended(acme, CallOutcome.ABANDONED);
        var beta = arrive(101, BETA);
        assertNull(beta.poll());
        assertEquals(List.of(101L), waiting());
    }

    @Test
    void phoneStatesFollowTheEndpointAfterItChanges() {
        acd.logIn(10, "PJSIP/110", Set.of(ACME));
        acd.logIn(10, "PJSIP/210", Set.of(ACME));

        acd.phoneState("PJSIP/110", PhoneState.UNAVAILABLE);
        assertEquals(PhoneState.UNKNOWN, acd.status(10).phone());
        acd.phoneState("PJSIP/210", PhoneState.UNAVAILABLE);
        assertEquals(PhoneState.UNAVAILABLE, acd.status(10).phone());
        var call = arrive(100, ACME);
        assertNull(call.poll());

        acd.phoneState("PJSIP/210", PhoneState.IDLE);
        assertEquals(10, offer(call).operatorId());
    }

    @Test
    void aPausedOrLoggedOutOperatorIsNotOfferedUntilAvailableAgain() {
        acd.logIn(10, "PJSIP/110", Set.of(ACME));
        acd.pause(10, "break");
        var call = arrive(100, ACME);
        assertNull(call.poll());
        acd.logOut(10);
        assertNull(call.poll());

        acd.logIn(10, "PJSIP/110", Set.of(ACME));
        assertEquals(10, offer(call).operatorId());
    }

    @Test
    void onlyWrapUpsPastTheLimitEndAndTheOperatorsAreOfferedInTheOrderTheyBecameIdle() {
        acd.logIn(10, "PJSIP/110", Set.of(ACME));
        acd.logIn(11, "PJSIP/111", Set.of(ACME));
        var first = arrive(100, ACME);
        offer(first);
        acd.connected(first);
        acd.ended(first, CallOutcome.ANSWERED);
        var second = arrive(101, ACME);
        offer(second);
        acd.connected(second);
        acd.ended(second, CallOutcome.ANSWERED);

        clock.advance(Duration.ofSeconds(29));
        acd.tick();
        assertEquals(OperatorState.AVAILABLE, acd.status(10).state());
        assertEquals(OperatorState.WRAP_UP, acd.status(11).state());
        clock.advance(Duration.ofSeconds(1));
        acd.tick();
        assertEquals(OperatorState.AVAILABLE, acd.status(11).state());

        assertEquals(10, offer(arrive(102, ACME)).operatorId());
        assertEquals(11, offer(arrive(103, ACME)).operatorId());
    }
}
