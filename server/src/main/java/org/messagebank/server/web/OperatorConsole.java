package org.messagebank.server.web;

import org.messagebank.server.http.HttpException;
import org.messagebank.server.http.JsonText;
import org.messagebank.server.http.Request;
import org.messagebank.server.http.WebSocketEndpoint;
import org.messagebank.server.http.WebSocketPeer;
import org.messagebank.store.event.EventBus;
import org.messagebank.store.domain.Role;
import org.messagebank.telephony.Telephony;
import org.messagebank.telephony.acd.OperatorState;
import org.messagebank.telephony.acd.OperatorStatus;
import org.messagebank.telephony.event.OperatorStateChanged;
import org.messagebank.telephony.event.ScreenPop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The live side of the operator console: one WebSocket per open console, at {@link #PATH}.
 *
 * <p>Each connection gets the operator's state whenever it changes and a screen-pop for each call
 * offered to them. On (re)connect it first gets the current state and, when the operator holds a
 * call (offered, on the call or wrapping it up), that call's pop again: a pop sent while the
 * console was away is not lost. State messages always carry the state as it is when sent, under
 * one lock per operator, so a console never shows an older state after a newer one.
 *
 * <p>While a console is open its session is kept alive, and the connection is closed when the
 * session ends (signed out, or past its absolute time-out).
 */
public final class OperatorConsole implements AutoCloseable {
    public static final String PATH = "/api/v1/operator/events";
    static final Duration SESSION_CHECK = Duration.ofSeconds(30);
    private static final Logger log = LoggerFactory.getLogger(OperatorConsole.class);

    private final ScreenPops pops;
    private final Telephony telephony;
    private final Authenticator authenticator;
    private final Guard guard;
    private final Map<Long, Set<Connection>> byOperator = new ConcurrentHashMap<>();
    /** Sends to an operator's consoles one at a time (a lock, not synchronized: sending may read the database). */
    private final Map<Long, ReentrantLock> sending = new ConcurrentHashMap<>();
    private final List<EventBus.Subscription> subscriptions = new ArrayList<>();
    private volatile boolean closed;
    private Thread sessionChecker;

    private record Connection(WebSocketPeer peer, String sessionToken, long operatorId) {
    }

    OperatorConsole(ScreenPops pops, Telephony telephony, Authenticator authenticator) {
        this.pops = pops;
        this.telephony = telephony;
        this.authenticator = authenticator;
        this.guard = new Guard(authenticator);
    }

    /**
     * Follows the bus in node groups of this node's own, so that every node sees every pop; one
     * group per topic, so that a rebalance of one never pauses the other.
     */
    void start(EventBus bus) {
        subscriptions.add(bus.subscribe(ScreenPop.TOPIC, bus.nodeGroup("operator-console-pops"),
                pop -> sendPop(pop.operatorId(), pop.callId())));
        subscriptions.add(bus.subscribe(OperatorStateChanged.TOPIC, bus.nodeGroup("operator-console-states"),
                change -> sendState(change.operatorId())));
        sessionChecker = Thread.ofVirtual().name("console-sessions").start(this::checkSessionsUntilClosed);
    }

    WebSocketEndpoint endpoint() {
        return this::accept;
    }

    private WebSocketEndpoint.Listener accept(Request upgrade) {
        Guard.checkOrigin(upgrade);
        var principal = guard.require(upgrade, Set.of(Role.OPERATOR));
        if (principal.session() == null) {
            throw new HttpException(403, "Forbidden", "the console needs a signed-in session, not an API key");
        }
        long operatorId = principal.user().operatorId();
        String token = upgrade.cookie(Guard.SESSION_COOKIE).orElseThrow();
        return new WebSocketEndpoint.Listener() {
            private Connection connection;

            @Override
            public void opened(WebSocketPeer peer) {
                connection = new Connection(peer, token, operatorId);
                Thread.ofVirtual().name("console-open").start(() -> greet(connection));
            }

            @Override
            public void closed(WebSocketPeer peer) {
                if (connection != null) {
                    var open = byOperator.get(operatorId);
                    if (open != null) {
                        open.remove(connection);
                    }
                }
            }
        };
    }

    /** Registers the connection and sends the current state and the held call's pop, before any later event. */
    private void greet(Connection connection) {
        withLock(connection.operatorId(), () -> {
            byOperator.computeIfAbsent(connection.operatorId(), id -> new CopyOnWriteArraySet<>()).add(connection);
            var status = telephony.acd().status(connection.operatorId());
            connection.peer().send(stateMessage(status));
            if (status.callId() != null && holdsCall(status.state())) {
                pops.of(status.callId()).ifPresent(pop -> connection.peer().send(popMessage(pop)));
            }
        });
    }

    private static boolean holdsCall(OperatorState state) {
        return state == OperatorState.OFFERED || state == OperatorState.ON_CALL || state == OperatorState.WRAP_UP;
    }

    private void sendPop(long operatorId, long callId) {
        var open = byOperator.get(operatorId);
        if (open == null || open.isEmpty()) {
            return;
        }
        withLock(operatorId, () -> pops.of(callId).ifPresent(pop -> {
            String message = popMessage(pop);
            open.forEach(c -> c.peer().send(message));
        }));
    }

    private void sendState(long operatorId) {
        var open = byOperator.get(operatorId);
        if (open == null || open.isEmpty()) {
            return;
        }
        withLock(operatorId, () -> {
            String message = stateMessage(telephony.acd().status(operatorId));
            open.forEach(c -> c.peer().send(message));
        });
    }

    private void withLock(long operatorId, Runnable send) {
        var lock = sending.computeIfAbsent(operatorId, id -> new ReentrantLock());
        lock.lock();
        try {
            send.run();
        } finally {
            lock.unlock();
        }
    }

    static String stateMessage(OperatorStatus status) {
        return JsonText.write(Map.of("type", "state", "state", status));
    }

    static String popMessage(ScreenPops.Pop pop) {
        return JsonText.write(Map.of("type", "pop", "pop", pop));
    }

    /** Open consoles keep their sessions alive; a console whose session has ended is closed. */
    private void checkSessionsUntilClosed() {
        while (!closed) {
            try {
                Thread.sleep(SESSION_CHECK);
                checkSessions();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("checking the sessions of open consoles failed: {}", e.getClass().getSimpleName());
            }
        }
    }

    void checkSessions() {
        for (var open : byOperator.values()) {
            for (var connection : open) {
                if (authenticator.resolve(connection.sessionToken()).isEmpty()) {
                    connection.peer().close(1008, "the session has ended; sign in again");
                    open.remove(connection);
                }
            }
        }
    }

    /** Closes every open console with the status "going away"; consoles reconnect by themselves. */
    void disconnectAll() {
        byOperator.values().forEach(open -> open.forEach(c -> c.peer().close(1001, "the server is going away")));
    }

    @Override
    public void close() {
        closed = true;
        subscriptions.forEach(EventBus.Subscription::close);
        if (sessionChecker != null) {
            sessionChecker.interrupt();
        }
        disconnectAll();
    }
}
