package org.messagebank.telephony.agi;

import org.asteriskjava.fastagi.AgiChannel;
import org.asteriskjava.fastagi.AgiRequest;
import org.asteriskjava.fastagi.AgiScript;
import org.asteriskjava.fastagi.MappingStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.messagebank.store.PhoneNumbers;
import org.messagebank.telephony.RecordingBus;
import org.messagebank.telephony.TelephonyHarness;
import org.messagebank.telephony.acd.Acd;
import org.messagebank.telephony.acd.LocalAcd;
import org.messagebank.telephony.routing.CallRouter;
import org.messagebank.telephony.sim.CallSimulator;
import org.messagebank.telephony.sim.CallSimulator.DialOutcome;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A session held in {@code EXEC Dial} for the whole conversation no longer keeps its AGI
 * environment: the inbound script releases it once it has the call's details, and everything
 * read afterwards (the channel's name and unique id, the Asterisk version that decides how
 * commands are written, {@code AJ_AGISTATUS}) still works.
 */
class EnvironmentReleaseTest {
    @TempDir
    Path dir;
    private TelephonyHarness h;
    private ServerSocket server;
    private Thread serving;

    @BeforeEach
    void listen() throws IOException {
        server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void close() throws Exception {
        server.close();
        if (serving != null) {
            serving.join(5000);
        }
        if (h != null) {
            h.close();
        }
    }

    /** Serves one session with our handler (as the listener does), with the given scripts. */
    private InetSocketAddress serveOne(MappingStrategy scripts) {
        serving = Thread.ofVirtual().start(() -> {
            try (var socket = server.accept()) {
                new AgiListener.SessionHandler(scripts, new BoundedAgiConnection(socket, Duration.ofSeconds(5), 8192)).run();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
    }

    @Test
    void theInboundScriptReleasesTheEnvironmentBeforeTheSessionIsHeldInDial() throws Exception {
        h = new TelephonyHarness(dir, TelephonyHarness.Options.defaults());
        var bus = new RecordingBus();
        var acd = new LocalAcd(h.clock, bus, Duration.ofSeconds(30));
        acd.logIn(h.op1.id(), "PJSIP/101", Set.of(h.acme.id()));
        var router = new CallRouter(h.store.clients(), h.store.routing(), h.store.calls(), new PhoneNumbers("GB"), acd,
                new CallRouter.Settings(false, Duration.ofSeconds(60), Duration.ofSeconds(20)));
        var seen = new AtomicReference<AgiRequest>();
        var channelSeen = new AtomicReference<AgiChannel>();
        var address = serveOne((request, channel) -> {
            seen.set(request);
            channelSeen.set(channel);
            return new AgiScripts.InboundScript(router);
        });
        var call = TelephonyHarness.to(TelephonyHarness.ACME_NUMBER);
        var duringDial = new ArrayList<String>();

        var result = CallSimulator.run(address, call, (endpoint, ring) -> {
            var request = assertInstanceOf(ReleasableAgiRequest.class, seen.get());
            duringDial.add(String.valueOf(request.released()));
            duringDial.add(channelSeen.get().getUniqueId());
            duringDial.add(channelSeen.get().getName());
            return DialOutcome.answeredThenCallerHungUp();
        }, CallSimulator.Transcript.NONE);

        assertEquals(List.of("true", call.uniqueId(), seen.get().getChannel()), duringDial);
        assertEquals("ANSWERED", result.variables().get("MB_STATUS"));
        assertEquals("SUCCESS", result.variables().get("AJ_AGISTATUS"));
        assertTrue(result.commands().contains("EXEC \"Dial\" \"PJSIP/101,20\""), result.commands().toString());
        assertThrows(IllegalStateException.class, seen.get()::getCallerIdNumber);
        bus.close();
    }

    @Test
    void beforeReleaseEverythingIsReadAfterwardsOnlyWhatTheChannelNeeds() throws Exception {
        var before = new ArrayList<Object>();
        var after = new ArrayList<Object>();
        var failures = new ArrayList<Class<?>>();
        var address = serveOne((request, channel) -> (AgiScript) (req, ch) -> {
            before.addAll(List.of(req.getScript(), req.getUniqueId(), req.getChannel(), req.getAsteriskVersion(),
                    req.getExtension(), req.getCallerIdNumber()));
            ReleasableAgiRequest.release(req);
            ReleasableAgiRequest.release(req);
            after.addAll(List.of(req.getScript(), req.getUniqueId(), req.getChannel(), req.getAsteriskVersion()));
            for (Runnable read : List.<Runnable>of(req::getExtension, req::getCallerIdNumber, req::getRequest, req::getArguments,
                    req::getRemoteAddress)) {
                failures.add(assertThrows(IllegalStateException.class, read::run).getClass());
            }
            assertFalse(req.toString().contains(TelephonyHarness.CALLER), req.toString());
            ch.exec("Dial", "PJSIP/101,20");
            after.add(ch.getName());
            after.add(ch.getUniqueId());
        });
        var call = TelephonyHarness.to(TelephonyHarness.ACME_NUMBER);

        var result = CallSimulator.run(address, call, (endpoint, ring) -> DialOutcome.answeredThenOperatorHungUp(),
                CallSimulator.Transcript.NONE);

        assertEquals(List.of("inbound", call.uniqueId(), before.get(2), before.get(3)), after.subList(0, 4));
        assertEquals(List.of(before.get(2), call.uniqueId()), after.subList(4, 6));
        assertEquals(TelephonyHarness.ACME_NUMBER, before.get(4));
        assertEquals(TelephonyHarness.CALLER, before.get(5));
        assertEquals(5, failures.size());
        assertTrue(result.commands().contains("EXEC \"Dial\" \"PJSIP/101,20\""), result.commands().toString());
        assertEquals("SUCCESS", result.variables().get("AJ_AGISTATUS"));
    }
}
