package org.messagebank.telephony;

import org.messagebank.config.AgiConfig;
import org.messagebank.config.TelephonyConfig;
import org.messagebank.store.MessageBankStore;
import org.messagebank.store.PhoneNumbers;
import org.messagebank.store.TestData.MutableClock;
import org.messagebank.store.TestDatabases;
import org.messagebank.store.domain.Client;
import org.messagebank.store.domain.Operator;
import org.messagebank.store.jdbc.Database;
import org.messagebank.store.jdbc.JdbcMessageBankStore;
import org.messagebank.telephony.sim.CallSimulator;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A real telephony stack for end-to-end tests: an H2 store with two clients (Acme, Beta), a ceased
 * one, and two operators; a fake Asterisk AMI; the FastAGI listener on 127.0.0.1 port 0. Calls are
 * placed with {@link CallSimulator}, which speaks Asterisk 22's side of FastAGI.
 */
public final class TelephonyHarness implements AutoCloseable {
    public static final String ACME_NUMBER = "02079460000";
    public static final String BETA_NUMBER = "02079460001";
    public static final String CEASED_NUMBER = "02079460002";
    public static final String CALLER = "07700900123";
    public static final String CALLER_NAME = "Jane Caller";

    public final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T09:00:00Z"));
    public final List<Object> timeline = new CopyOnWriteArrayList<>();
    public final RecordingBus bus = new RecordingBus(timeline);
    public final MessageBankStore store;
    public final FakeAmi ami;
    public final Telephony telephony;
    public final InetSocketAddress agi;
    public final Client acme;
    public final Client beta;
    public final Operator op1;
    public final Operator op2;

    /** Settings tests may change before starting. */
    public record Options(int maxSessions, boolean amiReachable) {
        public static Options defaults() {
            return new Options(100, true);
        }
    }

    public TelephonyHarness(Path dir, Options options) throws IOException {
        store = new JdbcMessageBankStore(Database.open(TestDatabases.h2(dir)), clock, bus);
        acme = store.clients().create("Acme Plumbing", "Good morning, Acme Plumbing");
        store.clients().addNumber(acme.id(), "+442079460000");
        beta = store.clients().create("Beta Dental", "Beta Dental, how can I help?");
        store.clients().addNumber(beta.id(), "+442079460001");
        var ceased = store.clients().create("Gone Ltd", "Hello");
        store.clients().addNumber(ceased.id(), "+442079460002");
        store.clients().cease(ceased.id());
        op1 = store.operators().create("Olive", "PJSIP/101");
        op2 = store.operators().create("Oscar", "PJSIP/102");
        store.operators().allow(op1.id(), acme.id());
        store.operators().allow(op1.id(), beta.id());
        store.operators().allow(op2.id(), acme.id());

        ami = new FakeAmi("messagebank", "s3cret");
        int amiPort = ami.port();
        if (!options.amiReachable()) {
            ami.close();
        }
        var config = new TelephonyConfig(options.maxSessions(), Duration.ofMillis(500), 8192, false,
                Duration.ofSeconds(20), Duration.ofMinutes(2), Duration.ofSeconds(60),
                new TelephonyConfig.Ami("127.0.0.1", amiPort, "messagebank", "s3cret", "messagebank-callback",
                        Duration.ofMillis(200)));
        telephony = new Telephony(new AgiConfig("127.0.0.1", 0), config, store, new PhoneNumbers("GB"), bus, clock);
        agi = telephony.start();
    }

    /** Places a call in the background. */
    public CompletableFuture<CallSimulator.Result> call(CallSimulator.Call call, CallSimulator.DialHandler dial) {
        var result = new CompletableFuture<CallSimulator.Result>();
        Thread.ofVirtual().start(() -> {
            try {
                result.complete(CallSimulator.run(agi, call, dial, CallSimulator.Transcript.NONE));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /** Places a call and waits for it to end. */
    public CallSimulator.Result callAndWait(CallSimulator.Call call, CallSimulator.DialHandler dial) throws Exception {
        return call(call, dial).get(10, TimeUnit.SECONDS);
    }

    public static CallSimulator.Call to(String number) {
        return CallSimulator.Call.inbound(number, CALLER, CALLER_NAME);
    }

    /** An AMI event from the dial-operator transcript, moved onto the given caller channel. */
    public static String amiEvent(String event, String uniqueId) {
        return Fixtures.amiEvent("ami-originate-dial-operator.txt", event, "Uniqueid: 1795806666.5")
                .replace("1795806666.5", uniqueId);
    }

    @Override
    public void close() throws IOException {
        telephony.close();
        ami.close();
        store.close();
        bus.close();
    }
}
