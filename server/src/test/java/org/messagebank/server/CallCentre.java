package org.messagebank.server;

import org.messagebank.server.auth.PasswordHasher;
import org.messagebank.store.TestData;
import org.messagebank.store.domain.Client;
import org.messagebank.store.domain.Operator;
import org.messagebank.store.domain.Role;
import org.messagebank.telephony.sim.CallSimulator;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A node taking calls: the client Acme Plumbing on +44 20 7946 0000 with the plumber's script,
 * the operator Olive allowed to answer it, and the users olive (operator), alice (Acme's client
 * user) and root (admin), all with {@link #PASSWORD}. Calls are played over FastAGI by the call
 * simulator.
 */
final class CallCentre implements AutoCloseable {
    static final String PASSWORD = "correct horse battery";
    static final String GREETING = "Good morning, Acme Plumbing, how can I help?";

    final PageFixture page;
    final Node node;
    final String base;
    final ApiClient api;
    final Client acme;
    final Operator olive;
    private final String passwordHash = new PasswordHasher().hash(PASSWORD);
    private final ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();

    CallCentre(Path dir, String... configLines) throws IOException {
        this(new PageFixture(dir, Clock.systemUTC(), true, configLines));
    }

    /** The call centre seeded through a node already serving telephony and HTTP; closing it closes the node. */
    CallCentre(PageFixture page) {
        this.page = page;
        node = page.node;
        base = page.base;
        api = new ApiClient(base);
        var store = node.store();
        acme = store.clients().create("Acme Plumbing", GREETING);
        store.clients().addNumber(acme.id(), "+442079460000");
        store.clients().saveScript(acme.id(), TestData.PLUMBER_SCRIPT);
        olive = store.operators().create("Olive", "PJSIP/100");
        store.operators().allow(olive.id(), acme.id());
        user("olive", Role.OPERATOR, null, olive.id());
        user("alice", Role.CLIENT_USER, acme.id(), null);
        user("root", Role.ADMIN, null, null);
    }

    /** Another user with the same password. */
    void user(String username, Role role, Long clientId, Long operatorId) {
        node.store().users().create(username, role, clientId, operatorId, passwordHash);
    }

    /** A call to Acme's number; the operator's phone answers and the caller hangs up once {@code hangUp} opens. */
    Future<CallSimulator.Result> call(String from, String name, CountDownLatch hangUp) {
        return call(from, name, (endpoint, ringTimeout) -> {
            hangUp.await();
            return CallSimulator.DialOutcome.answeredThenCallerHungUp();
        });
    }

    Future<CallSimulator.Result> call(String from, String name, CallSimulator.DialHandler dial) {
        return callVia(page, from, name, dial);
    }

    /** A call to Acme's number that Asterisk hands to another node of the cluster. */
    Future<CallSimulator.Result> callVia(PageFixture node, String from, String name, CallSimulator.DialHandler dial) {
        return callers.submit(() -> CallSimulator.run(node.agi, CallSimulator.Call.inbound("02079460000", from, name), dial,
                CallSimulator.Transcript.NONE));
    }

    @Override
    public void close() {
        callers.shutdownNow();
        page.close();
    }
}
