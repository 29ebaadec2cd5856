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
    void callerHangingUpInTheQueueIsNoticedOnTheAgiConnectionWithoutAmi() throws Exception {
        h = new TelephonyHarness(dir, new TelephonyHarness.Options(100, false));
        var call = to(ACME_NUMBER);
        var commands = new java.util.ArrayList<String>();
        try (var socket = new java.net.Socket()) {
            socket.connect(h.agi, 5000);
            var out = socket.getOutputStream();
            var in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
            out.write(org.messagebank.telephony.sim.CallSimulator.environment(call, h.agi).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.flush();
            boolean hungUp = false;
            String line;
            while ((line = in.readLine()) != null) {
                commands.add(line);
                if (hungUp) {
                    out.write("511 Command Not Permitted on a dead channel or intercept routine\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                } else {
                    out.write("200 result=0\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
                out.flush();
                if (line.equals("SET MUSIC ON")) {
                    Await.until(() -> h.telephony.acd().waiting().size() == 1, "call queued");
                    out.write("HANGUP\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    out.flush();
                    hungUp = true;
                }
            }
        }

        assertEquals(CallOutcome.ABANDONED, h.bus.await(CallEnded.class, e -> true).outcome());
        assertEquals(java.util.List.of(), h.telephony.acd().waiting());
        assertEquals(java.util.List.of("ANSWER", "SET MUSIC ON", "SET VARIABLE \"AJ_AGISTATUS\" \"SUCCESS\""), commands);
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
