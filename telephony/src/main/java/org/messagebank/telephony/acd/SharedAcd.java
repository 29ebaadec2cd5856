package org.messagebank.telephony.acd;

import org.messagebank.store.acd.AcdStore;
import org.messagebank.store.acd.CallRow;
import org.messagebank.store.acd.SeatRow;
import org.messagebank.store.event.BusEvent;
import org.messagebank.store.event.Committed;
import org.messagebank.store.event.EventBus;
import org.messagebank.store.event.Topic;
import org.messagebank.telephony.event.CallAssigned;
import org.messagebank.telephony.event.CallConnected;
import org.messagebank.telephony.event.CallEnded;
import org.messagebank.telephony.event.CallOffered;
import org.messagebank.telephony.event.CallQueued;
import org.messagebank.telephony.event.OperatorStateChanged;
import org.messagebank.telephony.event.ScreenPop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;

/**
 * Call distribution shared by every node on one database (ADR 10). Operators' seats and the calls
 * each node holds are rows; each decision is one transaction that claims the seat or call it
 * needs with {@code FOR UPDATE SKIP LOCKED}, so an operator is offered one call at a time and a
 * call is offered to one operator at a time, whichever nodes hold the call and the console.
 *
 * <p>A call arriving here is offered to the longest-idle free seat allowed for its client, or
 * waits. When a seat becomes free on any node, that node claims the oldest waiting call the
 * operator may answer and, if another node holds it, publishes {@link CallAssigned}; the holding
 * node rings the operator. Events only shorten delays: every {@link #tick()} the node also
 * looks for its waiting calls that were claimed, offers them to seats that were freed while
 * they were being queued, records that it is alive, and removes the calls of nodes silent for
 * {@link #NODE_SILENCE} (their callers were cut off with them), freeing their operators.
 *
 * <p>The {@link LiveCall}s of calls held here stay in this node's memory; nothing is published or
 * handed to a call before the transaction that decided it has committed.
 */
public final class SharedAcd implements Acd {
    private static final Logger log = LoggerFactory.getLogger(SharedAcd.class);
    /** How often a node records that it is alive. */
    static final Duration HEARTBEAT = Duration.ofSeconds(1);
    /** A node silent this long is taken for dead: its calls are removed and their operators freed. */
    static final Duration NODE_SILENCE = Duration.ofSeconds(15);
    private static final String QUEUED = "QUEUED";
    private static final String OFFERED = "OFFERED";
    private static final String CONNECTED = "CONNECTED";

    private final AcdStore store;
    private final Clock clock;
    private final EventBus bus;
    private final Duration wrapUpLimit;
    private final String nodeId;
    private final Map<Long, LiveCall> calls = new ConcurrentHashMap<>();
    private final Map<String, LiveCall> callsByUniqueId = new ConcurrentHashMap<>();
    private volatile Instant lastHeartbeat;
    /** The last heartbeat found this node forgotten: other nodes took it for dead and removed its calls. */
    private volatile boolean revived;
    private EventBus.Subscription assignments;

    /**
     * @param nodeId this node's {@code events.node-id}: the calls it holds are recorded under it
     */
    public SharedAcd(AcdStore store, Clock clock, EventBus bus, Duration wrapUpLimit, String nodeId) {
        this.store = store;
        this.clock = clock;
        this.bus = bus;
        this.wrapUpLimit = wrapUpLimit;
        this.nodeId = nodeId;
    }

    /** Follows the assignments other nodes make to the calls held here. */
    @Override
    public void start() {
        lastHeartbeat = now();
        store.heartbeat(nodeId, lastHeartbeat);
        assignments = bus.subscribe(CallAssigned.TOPIC, bus.nodeGroup("acd-assignments"), this::assigned);
    }

    @Override
    public void close() {
        if (assignments != null) {
            assignments.close();
        }
    }

    // ---- operators -------------------------------------------------------------------------

    @Override
    public void logIn(long operatorId, String endpoint, Set<Long> allowedClients) {
        decide((tx, fx) -> {
            var seat = tx.lockSeat(operatorId).orElse(null);
            tx.setSeatClients(operatorId, allowedClients);
            if (seat == null || state(seat) == OperatorState.LOGGED_OUT) {
                var now = now();
                seat = fx.save(new SeatRow(operatorId, OperatorState.AVAILABLE.name(), null, null, now, now,
                        seat == null ? PhoneState.UNKNOWN.name() : seat.phone(), endpoint));
            } else {
                seat = new SeatRow(operatorId, seat.state(), seat.pauseReason(), seat.callId(), seat.since(), seat.idleSince(),
                        seat.phone(), endpoint);
                tx.saveSeat(seat);
            }
            takeWaitingCall(fx, seat);
            return null;
        });
    }

    @Override
    public void logOut(long operatorId) {
        decide((tx, fx) -> {
            var seat = requireSeat(tx, operatorId);
            refuseDuringCall(seat, "log out");
            if (state(seat) != OperatorState.LOGGED_OUT) {
                fx.save(change(seat, OperatorState.LOGGED_OUT, null, null));
            }
            return null;
        });
    }

    @Override
    public void pause(long operatorId, String reason) {
        String code = Acd.pauseReason(reason);
        decide((tx, fx) -> {
            var seat = requireSeat(tx, operatorId);
            refuseDuringCall(seat, "pause");
            if (state(seat) == OperatorState.LOGGED_OUT) {
                throw new IllegalStateException("operator " + operatorId + " is not logged in");
            }
            fx.save(change(seat, OperatorState.PAUSED, code, null));
            return null;
        });
    }

    @Override
    public void resume(long operatorId) {
        becomeAvailableFrom(operatorId, OperatorState.PAUSED, "not PAUSED");
    }

    @Override
    public void finishWrapUp(long operatorId) {
        becomeAvailableFrom(operatorId, OperatorState.WRAP_UP, "not in WRAP_UP");
    }

    private void becomeAvailableFrom(long operatorId, OperatorState required, String refusal) {
        decide((tx, fx) -> {
            var seat = requireSeat(tx, operatorId);
            if (state(seat) != required) {
                throw new IllegalStateException("operator " + operatorId + " is " + seat.state() + ", " + refusal);
            }
            becomeAvailable(fx, seat);
            return null;
        });
    }

    @Override
    public void messageSaved(long operatorId, long callId) {
        var seen = store.seat(operatorId);
        if (seen.isEmpty() || !wrappingUp(seen.get(), callId)) {
            return;
        }
        decide((tx, fx) -> {
            tx.lockSeat(operatorId).filter(seat -> wrappingUp(seat, callId)).ifPresent(seat -> becomeAvailable(fx, seat));
            return null;
        });
    }

    private static boolean wrappingUp(SeatRow seat, long callId) {
        return state(seat) == OperatorState.WRAP_UP && seat.callId() != null && seat.callId() == callId;
    }

    @Override
    public OperatorStatus status(long operatorId) {
        return store.seat(operatorId).map(SharedAcd::status)
                .orElse(new OperatorStatus(operatorId, OperatorState.LOGGED_OUT, null, null, null, PhoneState.UNKNOWN));
    }

    @Override
    public List<OperatorStatus> operators() {
        return store.seats().stream().map(SharedAcd::status).toList();
    }

    @Override
    public String endpoint(long operatorId) {
        return store.seat(operatorId).map(SeatRow::endpoint).orElse(null);
    }

    // ---- calls -----------------------------------------------------------------------------

    @Override
    public LiveCall arrive(long callId, long clientId, String uniqueId, Duration maxWait) {
        var now = now();
        var call = new LiveCall(callId, clientId, uniqueId, now, 0, maxWait);
        calls.put(callId, call);
        if (uniqueId != null) {
            callsByUniqueId.put(uniqueId, call);
        }
        boolean queued;
        try {
            queued = decide((tx, fx) -> {
                var seat = tx.claimFreeSeat(clientId);
                var row = tx.insertCall(new CallRow(callId, clientId, nodeId, now, 0, QUEUED, null));
                if (seat.isPresent()) {
                    offer(fx, row, seat.get());
                    return false;
                }
                fx.publish(CallQueued.TOPIC, new CallQueued(callId, clientId));
                return true;
            });
        } catch (RuntimeException e) {
            forget(call);
            throw e;
        }
        if (queued) {
            // A seat freed on another node while this call was being queued did not see it: look once
            // more (and if that fails, the next tick does).
            try {
                offerWaiting(call);
            } catch (RuntimeException e) {
                log.warn("offering call {} again failed: {}", callId, e.getMessage());
            }
        }
        return call;
    }

    @Override
    public void noAnswer(LiveCall call, String reason) {
        whileOffered(call, (row, fx) -> {
            fx.tx.lockSeat(row.operatorId())
                    .filter(seat -> state(seat) == OperatorState.OFFERED && call.callId() == seat.callId())
                    .ifPresent(seat -> fx.save(change(seat, OperatorState.PAUSED, reason, null)));
            var waiting = row.withStage(QUEUED, null);
            fx.tx.saveCall(waiting);
            fx.then(() -> requeue(call));
            var seat = fx.tx.claimFreeSeat(row.clientId());
            if (seat.isPresent()) {
                offer(fx, waiting, seat.get());
            } else {
                fx.publish(CallQueued.TOPIC, new CallQueued(call.callId(), call.clientId()));
            }
        });
    }

    @Override
    public void connected(LiveCall call) {
        whileOffered(call, (row, fx) -> {
            fx.tx.saveCall(row.withStage(CONNECTED, row.operatorId()));
            fx.tx.lockSeat(row.operatorId()).ifPresent(seat -> fx.save(change(seat, OperatorState.ON_CALL, null, call.callId())));
            fx.publish(CallConnected.TOPIC, new CallConnected(call.callId(), call.clientId(), row.operatorId()));
            fx.then(() -> {
                synchronized (call) {
                    call.stage = LiveCall.Stage.CONNECTED;
                    call.answered = true;
                }
            });
        });
    }

    /** Decides about a call held here that is ringing an operator, if it still is, with its row locked. */
    private void whileOffered(LiveCall call, BiConsumer<CallRow, Effects> work) {
        synchronized (call) {
            if (call.stage != LiveCall.Stage.OFFERED) {
                return;
            }
        }
        decide((tx, fx) -> {
            tx.lockCall(call.callId()).filter(row -> row.stage().equals(OFFERED)).ifPresent(row -> work.accept(row, fx));
            return null;
        });
    }

    @Override
    public void ended(LiveCall call, CallOutcome outcome) {
        synchronized (call) {
            if (call.stage == LiveCall.Stage.ENDED) {
                return;
            }
        }
        decide((tx, fx) -> {
            Long answeredBy = null;
            var row = tx.lockCall(call.callId()).orElse(null);
            SeatRow freed = null;
            if (row != null) {
                tx.deleteCall(call.callId());
                var seat = row.operatorId() == null ? null : tx.lockSeat(row.operatorId()).orElse(null);
                if (seat != null && seat.callId() != null && seat.callId() == call.callId()) {
                    if (row.stage().equals(CONNECTED)) {
                        answeredBy = seat.operatorId();
                        fx.save(change(seat, OperatorState.WRAP_UP, null, call.callId()));
                    } else if (state(seat) == OperatorState.OFFERED) {
                        freed = fx.save(change(seat, OperatorState.AVAILABLE, null, null));
                    }
                }
            }
            fx.publish(CallEnded.TOPIC, new CallEnded(call.callId(), call.clientId(), answeredBy,
                    outcome == CallOutcome.ANSWERED && answeredBy == null ? CallOutcome.ABANDONED : outcome));
            fx.then(() -> forget(call));
            if (freed != null) {
                takeWaitingCall(fx, freed);
            }
            return null;
        });
    }

    @Override
    public List<WaitingCall> waiting() {
        return store.waiting().stream().map(row -> new WaitingCall(row.callId(), row.clientId(), row.arrivedAt())).toList();
    }

    @Override
    public int activeCalls() {
        return calls.size();
    }

    @Override
    public LiveCall call(long callId) {
        return calls.get(callId);
    }

    // ---- what Asterisk reports (AMI) -------------------------------------------------------

    @Override
    public void answered(String uniqueId) {
        var call = callsByUniqueId.get(uniqueId);
        if (call != null) {
            connected(call);
        }
    }

    @Override
    public void hungUp(String uniqueId) {
        var call = callsByUniqueId.get(uniqueId);
        if (call == null) {
            return;
        }
        switch (call.stage) {
            case QUEUED -> {
                // Taken out of the queue so that no node offers it; if one just did, ending the call frees the operator.
                call.leaving = true;
                store.inTransaction(tx -> tx.lockCall(call.callId()).filter(row -> row.stage().equals(QUEUED))
                        .map(row -> tx.deleteCall(row.callId())).orElse(false));
                call.post(new Assignment.CallerGone());
            }
            case CONNECTED -> ended(call, CallOutcome.ANSWERED);
            default -> {
            }
        }
    }

    @Override
    public void phoneState(String device, PhoneState state) {
        decide((tx, fx) -> {
            for (var seat : tx.lockSeatsByEndpoint(device.toLowerCase(Locale.ROOT))) {
                if (!seat.phone().equals(state.name())) {
                    var changed = fx.save(new SeatRow(seat.operatorId(), seat.state(), seat.pauseReason(), seat.callId(), seat.since(),
                            seat.idleSince(), state.name(), seat.endpoint()));
                    takeWaitingCall(fx, changed);
                }
            }
            return null;
        });
    }

    @Override
    public List<LiveCall> liveCalls() {
        return List.copyOf(callsByUniqueId.values());
    }

    // ---- time ------------------------------------------------------------------------------

    /**
     * Records this node alive (once per {@link #HEARTBEAT}, before anything else, so that a slow
     * or failing step cannot make it look dead), overflows this node's calls past their maximum
     * wait, ends wrap-ups past the limit, delivers assignments whose events were missed, offers
     * waiting calls to seats freed meanwhile, and removes the calls of silent nodes. Each step's
     * cost is bounded by what changed, not by how many calls wait.
     */
    @Override
    public void tick() {
        var now = now();
        boolean beat = lastHeartbeat == null || !now.isBefore(lastHeartbeat.plus(HEARTBEAT));
        if (beat) {
            lastHeartbeat = now;
            if (!store.heartbeat(nodeId, now)) {
                revived = true;
            }
        }
        var waitingHere = new ArrayList<LiveCall>();
        calls.values().stream().filter(call -> call.stage == LiveCall.Stage.QUEUED && !call.leaving)
                .sorted(Comparator.comparing(LiveCall::arrivedAt).thenComparingLong(LiveCall::callId)).forEach(call -> {
                    if (call.deadline().isAfter(now)) {
                        waitingHere.add(call);
                    } else {
                        overflow(call);
                    }
                });
        decide((tx, fx) -> {
            for (var seat : tx.claimWrapUpsSince(now.minus(wrapUpLimit))) {
                becomeAvailable(fx, seat);
            }
            return null;
        });
        if (!waitingHere.isEmpty()) {
            reconcile(waitingHere);
        }
        if (beat) {
            for (String silent : store.nodesSilentSince(now.minus(NODE_SILENCE))) {
                if (!silent.equals(nodeId)) {
                    removeNode(silent);
                }
            }
            endOrphans();
        }
    }

    /**
     * Ends this node's call rows that no call here answers to any more: an end that could not
     * reach the database left its row behind, which would keep an operator on a call forever.
     * A row is written only while its call is held here and deleted before the call is
     * forgotten, so a row without a call is an orphan (checked again under its lock).
     */
    private void endOrphans() {
        var orphans = store.callsOf(nodeId).stream().filter(row -> !calls.containsKey(row.callId())).map(CallRow::callId).toList();
        if (orphans.isEmpty()) {
            return;
        }
        int ended = decide((tx, fx) -> endUnserved(fx, orphans.stream().map(tx::lockCall).flatMap(java.util.Optional::stream)
                .filter(row -> !calls.containsKey(row.callId())).toList()));
        log.warn("{} calls this node no longer held were still recorded as in progress: ended", ended);
    }

    private void overflow(LiveCall call) {
        var row = store.inTransaction(tx -> {
            var current = tx.lockCall(call.callId());
            if (current.isEmpty() || current.get().stage().equals(QUEUED)) {
                tx.deleteCall(call.callId());
            }
            return current;
        });
        if (row.isPresent() && row.get().stage().equals(OFFERED)) {
            deliverOffer(call, row.get().operatorId());
        } else {
            call.leaving = true;
            call.post(new Assignment.Overflow());
        }
    }

    /**
     * This node's waiting calls against their rows: calls another node claimed are rung; after
     * this node was taken for dead, its calls are queued again; and calls of clients that have a
     * free seat are offered one (normally none has: a seat freed takes the oldest waiting call).
     */
    private void reconcile(List<LiveCall> waitingHere) {
        boolean requeue = revived;
        revived = false;
        var rows = new HashMap<Long, CallRow>();
        (requeue ? store.callsOf(nodeId) : store.offeredCallsOf(nodeId)).forEach(row -> rows.put(row.callId(), row));
        var free = new HashSet<>(store.clientsWithFreeSeats());
        for (var call : waitingHere) {
            var row = rows.get(call.callId());
            if (call.stage != LiveCall.Stage.QUEUED || call.leaving) {
                continue;
            }
            if (row == null && requeue) {
                store.inTransaction(tx -> tx.insertCall(new CallRow(call.callId(), call.clientId(), nodeId, call.arrivedAt(), 0,
                        QUEUED, null)));
                free.add(call.clientId());
            } else if (row != null && row.stage().equals(OFFERED)) {
                deliverOffer(call, row.operatorId());
                continue;
            }
            if (free.contains(call.clientId()) && !offerWaiting(call)) {
                free.remove(call.clientId());
            }
        }
    }

    /** Removes the calls of a node taken for dead and frees the operators they held. */
    private void removeNode(String silent) {
        int removed = decide((tx, fx) -> {
            int ended = endUnserved(fx, tx.lockCallsOf(silent));
            tx.forgetNode(silent);
            return ended;
        });
        log.warn("Node {} silent for more than {} s: its {} calls in progress were removed", silent, NODE_SILENCE.toSeconds(),
                removed);
    }

    /**
     * Deletes locked call rows that no node serves and frees their operators: one being rung
     * becomes available (and may take a waiting call), one on the call writes it up. Returns how
     * many rows it deleted.
     */
    private int endUnserved(Effects fx, List<CallRow> rows) {
        for (var row : rows) {
            fx.tx.deleteCall(row.callId());
            var seat = row.operatorId() == null ? null : fx.tx.lockSeat(row.operatorId()).orElse(null);
            if (seat != null && seat.callId() != null && seat.callId() == row.callId()) {
                if (state(seat) == OperatorState.ON_CALL) {
                    fx.save(change(seat, OperatorState.WRAP_UP, null, row.callId()));
                } else if (state(seat) == OperatorState.OFFERED) {
                    takeWaitingCall(fx, fx.save(change(seat, OperatorState.AVAILABLE, null, null)));
                }
            }
            fx.publish(CallEnded.TOPIC, new CallEnded(row.callId(), row.clientId(), null, CallOutcome.FAILED));
        }
        return rows.size();
    }

    // ---- internals -------------------------------------------------------------------------

    /** Offers a call held here that waits to a free seat allowed for its client; false when there was none. */
    private boolean offerWaiting(LiveCall call) {
        return decide((tx, fx) -> {
            var row = tx.lockCall(call.callId()).filter(r -> r.stage().equals(QUEUED)).orElse(null);
            var seat = row == null ? null : tx.claimFreeSeat(row.clientId()).orElse(null);
            if (seat != null) {
                offer(fx, row, seat);
            }
            return seat != null;
        });
    }

    /** A free seat takes the oldest waiting call its operator may answer, held on whichever node. */
    private void takeWaitingCall(Effects fx, SeatRow seat) {
        if (state(seat) != OperatorState.AVAILABLE || seat.phone().equals(PhoneState.UNAVAILABLE.name())) {
            return;
        }
        fx.tx.claimOldestWaiting(seat.operatorId()).ifPresent(call -> offer(fx, call, seat));
    }

    private void offer(Effects fx, CallRow call, SeatRow seat) {
        fx.tx.saveCall(call.withStage(OFFERED, seat.operatorId()));
        fx.publish(CallOffered.TOPIC, new CallOffered(call.callId(), call.clientId(), seat.operatorId()));
        fx.publish(ScreenPop.TOPIC, new ScreenPop(call.callId(), call.clientId(), seat.operatorId()));
        fx.save(change(seat, OperatorState.OFFERED, null, call.callId()));
        if (call.nodeId().equals(nodeId)) {
            fx.then(() -> {
                var live = calls.get(call.callId());
                if (live != null) {
                    ring(live, seat.operatorId(), seat.endpoint());
                }
            });
        } else {
            fx.publish(CallAssigned.TOPIC, new CallAssigned(call.callId(), seat.operatorId()));
        }
    }

    /** Another node gave a call held here to an operator. */
    private void assigned(CallAssigned assignment) {
        var call = calls.get(assignment.callId());
        if (call != null) {
            store.call(assignment.callId())
                    .filter(row -> row.stage().equals(OFFERED) && row.operatorId() == assignment.operatorId())
                    .ifPresent(row -> deliverOffer(call, row.operatorId()));
        }
    }

    private void deliverOffer(LiveCall call, long operatorId) {
        ring(call, operatorId, endpoint(operatorId));
    }

    /** Hands the offer to the call's session, once: only a call still waiting here takes it. */
    private static void ring(LiveCall call, long operatorId, String endpoint) {
        synchronized (call) {
            if (call.stage != LiveCall.Stage.QUEUED || call.leaving) {
                return;
            }
            call.stage = LiveCall.Stage.OFFERED;
            call.operatorId = operatorId;
        }
        call.post(new Assignment.Offer(operatorId, endpoint));
    }

    private static void requeue(LiveCall call) {
        synchronized (call) {
            call.stage = LiveCall.Stage.QUEUED;
            call.operatorId = null;
        }
    }

    private void forget(LiveCall call) {
        synchronized (call) {
            call.stage = LiveCall.Stage.ENDED;
        }
        calls.remove(call.callId());
        if (call.uniqueId() != null) {
            callsByUniqueId.remove(call.uniqueId(), call);
        }
    }

    private void becomeAvailable(Effects fx, SeatRow seat) {
        var now = now();
        takeWaitingCall(fx, fx.save(new SeatRow(seat.operatorId(), OperatorState.AVAILABLE.name(), null, null, now, now,
                seat.phone(), seat.endpoint())));
    }

    private SeatRow change(SeatRow seat, OperatorState state, String reason, Long callId) {
        return new SeatRow(seat.operatorId(), state.name(), reason, callId, now(), seat.idleSince(), seat.phone(), seat.endpoint());
    }

    private static SeatRow requireSeat(AcdStore.Transaction tx, long operatorId) {
        return tx.lockSeat(operatorId)
                .orElseThrow(() -> new IllegalStateException("operator " + operatorId + " is not logged in"));
    }

    private static void refuseDuringCall(SeatRow seat, String what) {
        var state = state(seat);
        if (state == OperatorState.OFFERED || state == OperatorState.ON_CALL) {
            throw new IllegalStateException("operator " + seat.operatorId() + " cannot " + what + " while " + state);
        }
    }

    private static OperatorState state(SeatRow seat) {
        return OperatorState.valueOf(seat.state());
    }

    private static OperatorStatus status(SeatRow seat) {
        return new OperatorStatus(seat.operatorId(), state(seat), seat.pauseReason(), seat.callId(), seat.since(),
                PhoneState.valueOf(seat.phone()));
    }

    private Instant now() {
        return clock.instant();
    }

    /**
     * Runs one decision in a transaction, then what it decided: events published and calls
     * handed their assignments, in order, only once it has committed. A retried transaction
     * starts with no effects.
     */
    private <T> T decide(BiFunction<AcdStore.Transaction, Effects, T> work) {
        var effects = new ArrayList<Effects>(1);
        T result = store.inTransaction(tx -> {
            effects.clear();
            var fx = new Effects(tx);
            effects.add(fx);
            return work.apply(tx, fx);
        });
        effects.getFirst().run();
        return result;
    }

    /** What a decision does once committed. */
    private final class Effects {
        final AcdStore.Transaction tx;
        private final List<Runnable> actions = new ArrayList<>();

        Effects(AcdStore.Transaction tx) {
            this.tx = tx;
        }

        /** Stores the seat and, once committed, publishes its new state. */
        SeatRow save(SeatRow seat) {
            tx.saveSeat(seat);
            publish(OperatorStateChanged.TOPIC, new OperatorStateChanged(seat.operatorId(), state(seat), seat.pauseReason(),
                    seat.callId(), PhoneState.valueOf(seat.phone())));
            return seat;
        }

        /** Publishes the event once committed; one the bus refuses is logged (ticks reconcile) and the rest still run. */
        <E extends BusEvent> void publish(Topic<E> topic, E event) {
            actions.add(() -> Committed.publish(bus, topic, event));
        }

        void then(Runnable action) {
            actions.add(action);
        }

        void run() {
            actions.forEach(Runnable::run);
        }
    }
}
