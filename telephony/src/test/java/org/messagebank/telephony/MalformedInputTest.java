package org.messagebank.telephony;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.messagebank.telephony.sim.CallSimulator;
import org.messagebank.telephony.sim.CallSimulator.DialOutcome;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.messagebank.telephony.TelephonyHarness.ACME_NUMBER;
import static org.messagebank.telephony.TelephonyHarness.to;

/** Bad input gets a defined answer and never harms other calls or the listener. */
class MalformedInputTest {
    @TempDir
    Path dir;
    private TelephonyHarness h;

    @AfterEach
    void stop() throws Exception {
        h.close();
    }

    private void start(int maxSessions) throws Exception {
        h = new TelephonyHarness(dir, new TelephonyHarness.Options(maxSessions, true));
        Await.until(h.telephony::amiConnected, "AMI login");
    }

    private String environment(String number) {
        return CallSimulator.environment(to(number), h.agi);
    }

    private void aNormalCallStillRoutes() throws Exception {
        assertEquals("UNKNOWN_NUMBER", h.callAndWait(to("02079469999"), (e, r) -> DialOutcome.noAnswer()).status());
    }

    @Test
    void environmentWithoutItsClosingEmptyLineTimesOutWhileOtherCallsGoOn() throws Exception {
        start(100);
        var env = environment(ACME_NUMBER);
        var stalled = CompletableFuture.supplyAsync(() -> {
            try {
                return RawAgiSession.send(h.agi, env.substring(0, env.length() - 1).getBytes(StandardCharsets.UTF_8), false);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        aNormalCallStillRoutes();

        var outcome = stalled.get(10, TimeUnit.SECONDS);
        assertTrue(outcome.closedByServer());
        assertEquals(List.of(), outcome.commands());
        Await.until(() -> h.telephony.agiStats().malformed() == 1, "malformed connection counted");
        assertEquals(0, h.telephony.acd().activeCalls());
    }

    @Test
    void aOneMegabyteLineClosesThatConnectionOnly() throws Exception {
        start(100);
        var line = new byte[1024 * 1024 + 1];
        Arrays.fill(line, (byte) 'x');
        line[line.length - 1] = '\n';
        var bytes = concat("agi_network: yes\nagi_extension: ".getBytes(StandardCharsets.UTF_8), line);

        var outcome = RawAgiSession.send(h.agi, bytes, false);

        assertEquals(List.of(), outcome.commands());
        aNormalCallStillRoutes();
        assertEquals(1, h.telephony.agiStats().malformed());
    }

    @Test
    void binaryGarbageWithoutLineEndsIsRefused() throws Exception {
        start(100);
        var garbage = new byte[64 * 1024];
        new Random(7).nextBytes(garbage);
        for (int i = 0; i < garbage.length; i++) {
            if (garbage[i] == '\n') {
                garbage[i] = 0;
            }
        }
        var outcome = RawAgiSession.send(h.agi, garbage, false);

        assertEquals(List.of(), outcome.commands());
        aNormalCallStillRoutes();
    }

    @Test
    void binaryGarbageLinesEndedByAnEmptyLineAreAnUnknownScript() throws Exception {
        start(100);
        var garbage = new byte[40 * 50];
        new Random(11).nextBytes(garbage);
        for (int i = 0; i < garbage.length; i++) {
            if (garbage[i] == '\n') {
                garbage[i] = 1;
            }
            if (i % 50 == 49) {
                garbage[i] = '\n';
            }
        }
        var outcome = RawAgiSession.send(h.agi, concat(garbage, "\n".getBytes(StandardCharsets.UTF_8)), false);

        assertEquals("UNKNOWN_SCRIPT", outcome.status());
        aNormalCallStillRoutes();
    }

    @Test
    void connectionClosedInTheMiddleOfTheEnvironmentRunsNoScript() throws Exception {
        start(100);
        var env = environment(ACME_NUMBER);
        var outcome = RawAgiSession.send(h.agi, env.substring(0, env.length() / 2).getBytes(StandardCharsets.UTF_8), true);

        assertEquals(List.of(), outcome.commands());
        Await.until(() -> h.telephony.agiStats().malformed() == 1, "malformed connection counted");
        assertEquals(0, h.telephony.acd().activeCalls());
        aNormalCallStillRoutes();
    }

    @Test
    void unknownScriptPathIsAnswered() throws Exception {
        start(100);
        var result = h.callAndWait(to(ACME_NUMBER).withScript("outbound"), (e, r) -> DialOutcome.noAnswer());
        assertEquals("UNKNOWN_SCRIPT", result.status());
        assertEquals(0, h.telephony.acd().activeCalls());
    }

    @Test
    void missingExtensionIsAnInvalidRequest() throws Exception {
        start(100);
        var env = environment(ACME_NUMBER).replace("agi_extension: " + ACME_NUMBER + "\n", "");
        var outcome = RawAgiSession.send(h.agi, env.getBytes(StandardCharsets.UTF_8), false);
        assertEquals("INVALID_REQUEST", outcome.status());
        aNormalCallStillRoutes();
    }

    @Test
    void callsAboveTheSessionLimitAreAnsweredBusyNotDropped() throws Exception {
        start(1);
        var held = h.call(to(ACME_NUMBER), (e, r) -> DialOutcome.answeredThenCallerHungUp());
        Await.until(() -> h.telephony.acd().waiting().size() == 1, "first call held in the queue");

        var second = h.callAndWait(to(ACME_NUMBER), (e, r) -> DialOutcome.noAnswer());

        assertEquals("BUSY", second.status());
        assertEquals(1, h.telephony.agiStats().busy());
        h.telephony.logIn(h.op1.id());
        assertEquals("ANSWERED", held.get(10, TimeUnit.SECONDS).status());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        var all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
