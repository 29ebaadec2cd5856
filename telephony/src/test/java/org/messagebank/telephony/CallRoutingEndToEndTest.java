package org.messagebank.telephony;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.messagebank.store.Scope;
import org.messagebank.store.domain.OverflowAction;
import org.messagebank.store.domain.RoutingSettings;
import org.messagebank.telephony.acd.CallOutcome;
import org.messagebank.telephony.acd.OperatorState;
import org.messagebank.telephony.event.CallConnected;
import org.messagebank.telephony.event.CallEnded;
import org.messagebank.telephony.event.CallOffered;
import org.messagebank.telephony.event.ScreenPop;
import org.messagebank.telephony.sim.CallSimulator.DialOutcome;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.messagebank.telephony.TelephonyHarness.ACME_NUMBER;
import static org.messagebank.telephony.TelephonyHarness.BETA_NUMBER;
import static org.messagebank.telephony.TelephonyHarness.amiEvent;
import static org.messagebank.telephony.TelephonyHarness.to;

/** Calls placed over FastAGI by a fake Asterisk, routed to operators, with AMI confirming progress. */
class CallRoutingEndToEndTest {
    @TempDir
    Path dir;
    private TelephonyHarness h;

    @BeforeEach
    void start() throws Exception {
        h = new TelephonyHarness(dir, TelephonyHarness.Options.defaults());
        Await.until(h.telephony::amiConnected, "AMI login");
    }

    @AfterEach
    void stop() throws Exception {
        h.close();
    }

    @Test
    void callPopsTheScreenBeforeDialConnectsThenEndsInWrapUp() throws Exception {
        h.telephony.logIn(h.op1.id());
        var call = to(ACME_NUMBER);

        var result = h.callAndWait(call, (endpoint, ring) -> {
            h.timeline.add("EXEC Dial " + endpoint + "," + ring.toSeconds());
            h.ami.emit(amiEvent("DialEnd", call.uniqueId()));
            h.ami.emit(Fixtures.amiEvent("ami-originate-dial-operator.txt", "BridgeCreate"));
            h.ami.emit(amiEvent("BridgeEnter", call.uniqueId()));
            h.bus.await(CallConnected.class, e -> true);
            assertEquals(OperatorState.ON_CALL, h.telephony.acd().status(h.op1.id()).state());
            return DialOutcome.answeredThenCallerHungUp();
        });

        assertEquals("ANSWERED", result.status());
        assertTrue(result.commands().contains("EXEC \"Dial\" \"PJSIP/101,20\""), result.commands().toString());
        var pop = h.bus.events(ScreenPop.class).getFirst();
        assertEquals(h.acme.id(), pop.clientId());
        assertEquals(h.op1.id(), pop.operatorId());
        int popAt = h.timeline.indexOf(pop);
        int dialAt = h.timeline.indexOf("EXEC Dial PJSIP/101,20");
        assertTrue(popAt >= 0 && popAt < dialAt, h.timeline.toString());
        var ended = h.bus.await(CallEnded.class, e -> true);
        assertEquals(new CallEnded(pop.callId(), h.acme.id(), h.op1.id(), CallOutcome.ANSWERED), ended);
        assertTrue(h.timeline.indexOf(h.bus.events(CallConnected.class).getFirst()) < h.timeline.indexOf(ended));
        assertEquals(OperatorState.WRAP_UP, h.telephony.acd().status(h.op1.id()).state());

        var stored = h.store.calls().find(Scope.admin(), pop.callId()).orElseThrow();
        assertEquals("+442079460000", stored.dialledNumber());
        assertEquals("+447700900123", stored.callerNumber());
        assertNotNull(stored.endedAt());

        assertEquals(OperatorState.AVAILABLE, h.telephony.finishWrapUp(h.op1.id()).state());
    }

    @Test
    void savingTheCallsMessageEndsTheOperatorsWrapUp() throws Exception {
        h.telephony.logIn(h.op1.id());
        h.callAndWait(to(ACME_NUMBER), (endpoint, ring) -> DialOutcome.answeredThenCallerHungUp());
        var ended = h.bus.await(CallEnded.class, e -> true);
        assertEquals(OperatorState.WRAP_UP, h.telephony.acd().status(h.op1.id()).state());

        h.store.messages().save(org.messagebank.store.TestData.message(h.acme.id()).call(ended.callId()).operator(h.op1.id()).build());

        Await.until(() -> h.telephony.acd().status(h.op1.id()).state() == OperatorState.AVAILABLE, "wrap-up ended by the saved message");
    }

    @Test
    void waitingCallsAreAnsweredOldestFirstAcrossClients() throws Exception {
        var order = new CopyOnWriteArrayList<String>();
        var beta = h.call(to(BETA_NUMBER), (endpoint, ring) -> {
            order.add("beta");
            return DialOutcome.answeredThenOperatorHungUp();
        });
        Await.until(() -> h.telephony.acd().waiting().size() == 1, "first call queued");
        h.clock.advance(Duration.ofSeconds(1));
        var acme = h.call(to(ACME_NUMBER), (endpoint, ring) -> {
            order.add("acme");
            return DialOutcome.answeredThenOperatorHungUp();
        });
        Await.until(() -> h.telephony.acd().waiting().size() == 2, "second call queued");

        h.telephony.logIn(h.op1.id());
        assertEquals("ANSWERED", beta.get().status());
        assertEquals(List.of("beta"), order);
        assertTrue(beta.get().commands().containsAll(List.of("ANSWER", "SET MUSIC ON", "SET MUSIC OFF")),
                beta.get().commands().toString());

        Await.until(() -> h.telephony.acd().status(h.op1.id()).state() == OperatorState.WRAP_UP, "wrap-up");
        h.telephony.finishWrapUp(h.op1.id());
        assertEquals("ANSWERED", acme.get().status());
        assertEquals(List.of("beta", "acme"), order);
    }

    @Test
    void operatorWhoDoesNotAnswerIsPausedAndTheCallGoesToTheNext() throws Exception {
        h.telephony.logIn(h.op1.id());
        h.clock.advance(Duration.ofSeconds(1));
        h.telephony.logIn(h.op2.id());
        var dialled = new ArrayList<String>();

        var result = h.callAndWait(to(ACME_NUMBER), (endpoint, ring) -> {
            dialled.add(endpoint);
            return endpoint.equals("PJSIP/101") ? DialOutcome.noAnswer() : DialOutcome.answeredThenCallerHungUp();
        });

        assertEquals("ANSWERED", result.status());
        assertEquals(List.of("PJSIP/101", "PJSIP/102"), dialled);
        var op1 = h.telephony.acd().status(h.op1.id());
        assertEquals(OperatorState.PAUSED, op1.state());
        assertEquals("missed-call", op1.pauseReason());
        assertEquals(List.of(h.op1.id(), h.op2.id()), h.bus.events(CallOffered.class).stream().map(CallOffered::operatorId).toList());
        assertEquals(OperatorState.WRAP_UP, h.telephony.acd().status(h.op2.id()).state());
    }

    @Test
    void unansweredCallReturnsToTheHeadOfTheQueueAheadOfLaterCallers() throws Exception {
        h.telephony.logIn(h.op1.id());
        var order = new CopyOnWriteArrayList<String>();
        var first = h.call(to(ACME_NUMBER), (endpoint, ring) -> {
            order.add("first");
            if (order.size() == 1) {
                h.clock.advance(Duration.ofSeconds(1));
                return DialOutcome.noAnswer();
            }
            return DialOutcome.answeredThenCallerHungUp();
        });
        Await.until(() -> h.telephony.acd().status(h.op1.id()).state() == OperatorState.PAUSED, "operator paused");
        var second = h.call(to(ACME_NUMBER), (endpoint, ring) -> {
            order.add("second");
            return DialOutcome.answeredThenCallerHungUp();
        });
        Await.until(() -> h.telephony.acd().waiting().size() == 2, "both waiting");

        h.telephony.resume(h.op1.id());
        assertEquals("ANSWERED", first.get().status());
        Await.until(() -> h.telephony.acd().status(h.op1.id()).state() == OperatorState.WRAP_UP, "wrap-up");
        h.telephony.finishWrapUp(h.op1.id());
        assertEquals("ANSWERED", second.get().status());
        assertEquals(List.of("first", "first", "second"), order);
    }

    @Test
    void callerWaitingTheClientsMaximumOverflowsToItsTarget() throws Exception {
        h.store.routing().save(new RoutingSettings(h.beta.id(), Duration.ofSeconds(30), OverflowAction.FORWARD, "+442079460999"));
        var call = h.call(to(BETA_NUMBER), (endpoint, ring) -> DialOutcome.noAnswer());
        Await.until(() -> h.telephony.acd().waiting().size() == 1, "call queued");

        h.clock.advance(Duration.ofSeconds(30));
        h.telephony.acd().tick();

        var result = call.get();
        assertEquals("OVERFLOW", result.status());
        assertEquals("FORWARD", result.variables().get("MB_OVERFLOW_ACTION"));
        assertEquals("+442079460999", result.variables().get("MB_OVERFLOW_TARGET"));
        assertEquals(CallOutcome.OVERFLOW, h.bus.await(CallEnded.class, e -> true).outcome());
    }

    @Test
    void callerHangingUpInTheQueueIsReportedByAmiAndLeavesIt() throws Exception {
        var call = to(ACME_NUMBER);
        var placed = h.call(call, (endpoint, ring) -> DialOutcome.noAnswer());
        Await.until(() -> h.telephony.acd().waiting().size() == 1, "call queued");

        h.ami.emit(amiEvent("Hangup", call.uniqueId()));

        placed.get();
        assertEquals(CallOutcome.ABANDONED, h.bus.await(CallEnded.class, e -> true).outcome());
        assertEquals(List.of(), h.telephony.acd().waiting());
    }

    @Test
    void unknownAndCeasedNumbersAreToldToTheDialplan() throws Exception {
        assertEquals("UNKNOWN_NUMBER", h.callAndWait(to("02079469999"), (e, r) -> DialOutcome.noAnswer()).status());
        assertEquals("UNKNOWN_NUMBER", h.callAndWait(to("not-a-number"), (e, r) -> DialOutcome.noAnswer()).status());
        assertEquals("CEASED", h.callAndWait(to(TelephonyHarness.CEASED_NUMBER), (e, r) -> DialOutcome.noAnswer()).status());
        assertEquals(0, h.telephony.acd().activeCalls());
    }

    @Test
    void numbersAndClientsChangedBetweenCallsTakeEffectOnTheNextCall() throws Exception {
        h.telephony.logIn(h.op1.id());
        assertEquals("UNKNOWN_NUMBER", h.callAndWait(to("02079460055"), (e, r) -> DialOutcome.noAnswer()).status());

        h.store.clients().addNumber(h.acme.id(), "+442079460055");
        assertEquals("ANSWERED", h.callAndWait(to("02079460055"), (e, r) -> DialOutcome.answeredThenOperatorHungUp()).status());

        h.store.clients().cease(h.acme.id());
        assertEquals("CEASED", h.callAndWait(to("02079460055"), (e, r) -> DialOutcome.noAnswer()).status());
        assertEquals("CEASED", h.callAndWait(to(ACME_NUMBER), (e, r) -> DialOutcome.noAnswer()).status());
    }

    @Test
    void callBackIsOriginatedFromTheOperatorsPhone() {
        h.telephony.callBack(h.op1.id(), "07700 900123");

        Await.until(() -> h.ami.count("Originate") == 1, "Originate action");
        var originate = h.ami.actions.stream().filter(a -> "Originate".equals(a.get("Action"))).findFirst().orElseThrow();
        assertEquals("PJSIP/101", originate.get("Channel"));
        assertEquals("messagebank-callback", originate.get("Context"));
        assertEquals("+447700900123", originate.get("Exten"));
        assertEquals("true", originate.get("Async"));
    }

    @Test
    void amiLoginUsesTheMd5ChallengeAndReadsCoreSettings() {
        assertEquals(1, h.ami.count("Challenge"));
        var login = h.ami.actions.stream().filter(a -> "Login".equals(a.get("Action"))).findFirst().orElseThrow();
        assertEquals("MD5", login.get("AuthType"));
        assertTrue(login.get("Secret") == null, "the secret is never sent in clear");
        assertEquals(1, h.ami.count("CoreSettings"));
        Await.until(() -> h.ami.count("CoreShowChannels") == 1 && h.ami.count("DeviceStateList") == 1, "initial resync");
    }
}
