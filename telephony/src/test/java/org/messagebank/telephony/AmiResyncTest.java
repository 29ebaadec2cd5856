package org.messagebank.telephony;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.messagebank.telephony.acd.CallOutcome;
import org.messagebank.telephony.acd.OperatorState;
import org.messagebank.telephony.acd.PhoneState;
import org.messagebank.telephony.event.CallConnected;
import org.messagebank.telephony.event.CallEnded;
import org.messagebank.telephony.sim.CallSimulator.DialOutcome;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.messagebank.telephony.TelephonyHarness.ACME_NUMBER;
import static org.messagebank.telephony.TelephonyHarness.amiEvent;
import static org.messagebank.telephony.TelephonyHarness.to;

/** AMI keeps state true, drops are survived, and state is re-read from Asterisk afterwards. */
class AmiResyncTest {
    @TempDir
    Path dir;
    private TelephonyHarness h;

    @AfterEach
    void stop() throws Exception {
        h.close();
    }

    @Test
    void afterADroppedConnectionStateIsResynchronisedFromAsterisk() throws Exception {
        h = new TelephonyHarness(dir, TelephonyHarness.Options.defaults());
        Await.until(h.telephony::amiConnected, "AMI login");
        h.telephony.logIn(h.op1.id());
        h.telephony.logIn(h.op2.id());
        var call = to(ACME_NUMBER);
        var hangUp = new CountDownLatch(1);
        var placed = h.call(call, (endpoint, ring) -> {
            h.ami.emit(amiEvent("DialEnd", call.uniqueId()));
            hangUp.await(10, TimeUnit.SECONDS);
            return DialOutcome.answeredThenCallerHungUp();
        });
        h.bus.await(CallConnected.class, e -> true);
        long resyncsBefore = h.ami.count("CoreShowChannels");

        // While AMI is away the call ends in Asterisk and operator 2's phone goes unavailable.
        h.ami.devices.put("PJSIP/102", "UNAVAILABLE");
        h.ami.dropConnections();

        Await.until(() -> h.ami.count("CoreShowChannels") > resyncsBefore && h.telephony.amiConnected(), "reconnect and resync");
        var ended = h.bus.await(CallEnded.class, e -> true);
        assertEquals(CallOutcome.ANSWERED, ended.outcome());
        Await.until(() -> h.telephony.acd().status(h.op2.id()).phone() == PhoneState.UNAVAILABLE, "device state re-read");
        assertEquals(OperatorState.WRAP_UP, h.telephony.acd().status(h.op1.id()).state());

        hangUp.countDown();
        assertEquals("ANSWERED", placed.get(10, TimeUnit.SECONDS).status());
        assertEquals(1, h.bus.events(CallEnded.class).size());
    }

    @Test
    void callsRouteOverFastAgiWhileAmiIsDown() throws Exception {
        h = new TelephonyHarness(dir, new TelephonyHarness.Options(100, false));
        h.telephony.logIn(h.op1.id());

        var result = h.callAndWait(to(ACME_NUMBER), (endpoint, ring) -> DialOutcome.answeredThenCallerHungUp());

        assertEquals("ANSWERED", result.status());
        assertEquals(CallOutcome.ANSWERED, h.bus.await(CallEnded.class, e -> true).outcome());
        assertFalse(h.telephony.amiConnected());
        assertThrows(IllegalStateException.class, () -> h.telephony.callBack(h.op1.id(), "07700900123"));
    }

    @Test
    void liveDeviceStateChangesReachTheOperatorsPhoneState() throws Exception {
        h = new TelephonyHarness(dir, TelephonyHarness.Options.defaults());
        Await.until(h.telephony::amiConnected, "AMI login");
        h.telephony.logIn(h.op1.id());

        h.ami.emit("Event: DeviceStateChange\nPrivilege: call,all\nDevice: PJSIP/101\nState: INUSE\n");

        Await.until(() -> h.telephony.acd().status(h.op1.id()).phone() == PhoneState.IN_USE, "phone in use");
    }
}
