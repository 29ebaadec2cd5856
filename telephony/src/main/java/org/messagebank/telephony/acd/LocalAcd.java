package org.messagebank.telephony.acd;

import org.messagebank.store.event.EventBus;
import org.messagebank.telephony.event.CallConnected;
import org.messagebank.telephony.event.CallEnded;
import org.messagebank.telephony.event.CallOffered;
import org.messagebank.telephony.event.CallQueued;
import org.messagebank.telephony.event.OperatorStateChanged;
import org.messagebank.telephony.event.ScreenPop;

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
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Automatic call distribution on one node, in memory: the operators' states and the one global
 * queue of waiting calls.
 *
 * <p>Each free operator takes the oldest waiting call that they are allowed to answer, across all
 * clients; a call goes to the longest-idle available operator allowed for its client whose phone
 * is not unavailable. Time comes from the injected clock: {@link #tick()} applies maximum waits
 * (overflow) and the wrap-up limit as of the clock's now, so a scheduler calls it in production
 * and tests call it after moving their clock. Every state change is published on the bus as
 * ids and states only.
 *
 * <p>Free operators are kept indexed by client, longest idle first, so offering a call costs
 * the same with ten operators logged in as with ten thousand: routing never scans every seat.
 *
 * <p>Thread-safe: one lock guards all state; nothing blocks while holding it.
 */
public final class LocalAcd implements Acd {

    private final Clock clock;
    private final EventBus bus;
    private final Duration wrapUpLimit;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<Long, Seat> seats = new HashMap<>();
    /** Free seats (AVAILABLE, phone not UNAVAILABLE) by each client they may answer, longest idle first. */
    private final Map<Long, TreeMap<IdleKey, Seat>> freeByClient = new HashMap<>();
    /** Seats by endpoint in lower case, for the phone states AMI reports. */
    private final Map<String, List<Seat>> seatsByEndpoint = new HashMap<>();
    /** Seats in WRAP_UP, for the wrap-up limit. */
    private final Set<Seat> wrappingUp = new HashSet<>();
    private final TreeSet<LiveCall> queue = new TreeSet<>(
            Comparator.comparing(LiveCall::arrivedAt).thenComparingLong(LiveCall::arrivalSeq));
    private final Map<Long, LiveCall> calls = new HashMap<>();
    private final Map<String, LiveCall> callsByUniqueId = new HashMap<>();
    private long arrivals;

    public LocalAcd(Clock clock, EventBus bus, Duration wrapUpLimit) {
        this.clock = clock;
        this.bus = bus;
        this.wrapUpLimit = wrapUpLimit;
    }

    // ---- operators -------------------------------------------------------------------------

    @Override
    public void logIn(long operatorId, String endpoint, Set<Long> allowedClients) {
        locked(() -> {
            var seat = seats.computeIfAbsent(operatorId, Seat::new);
            setEndpoint(seat, endpoint);
            seat.allowedClients = Set.copyOf(allowedClients);
            if (seat.state == OperatorState.LOGGED_OUT) {
                seat.idleSince = now();
                change(seat, OperatorState.AVAILABLE, null, null);
            } else {
                reindex(seat);
            }
            dispatch();
            return null;
        });
    }

    @Override
    public void logOut(long operatorId) {
        locked(() -> {
            var seat = seat(operatorId);
            refuseDuringCall(seat, "log out");
            if (seat.state != OperatorState.LOGGED_OUT) {
                change(seat, OperatorState.LOGGED_OUT, null, null);
            }
            return null;
        });
    }

    @Override
    public void pause(long operatorId, String reason) {
        String code = Acd.pauseReason(reason);
        locked(() -> {
            var seat = seat(operatorId);
            refuseDuringCall(seat, "pause");
            requireLoggedIn(seat);
            change(seat, OperatorState.PAUSED, code, null);
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

    /** Makes a seat in state {@code from} available and offers it the oldest waiting call; refused in any other state. */
    private void becomeAvailableFrom(long operatorId, OperatorState from, String refusal) {
        locked(() -> {
            var seat = seat(operatorId);
            if (seat.state != from) {
                throw new IllegalStateException("operator " + operatorId + " is " + seat.state + ", " + refusal);
            }
            becomeAvailable(seat);
            dispatch();
            return null;
        });
    }

    @Override
    public void messageSaved(long operatorId, long callId) {
        locked(() -> {
            var seat = seats.get(operatorId);
            if (seat != null && seat.state == OperatorState.WRAP_UP && seat.callId != null && seat.callId == callId) {
                becomeAvailable(seat);
                dispatch();
            }
            return null;
        });
    }

    @Override
    public OperatorStatus status(long operatorId) {
        return locked(() -> {
            var seat = seats.get(operatorId);
            return seat == null ? new OperatorStatus(operatorId, OperatorState.LOGGED_OUT, null, null, null, PhoneState.UNKNOWN)
                    : seat.snapshot();
        });
    }

    @Override
    public List<OperatorStatus> operators() {
        return locked(() -> seats.values().stream().map(Seat::snapshot)
                .sorted(Comparator.comparingLong(OperatorStatus::operatorId)).toList());
    }

    @Override
    public String endpoint(long operatorId) {
        return locked(() -> {
            var seat = seats.get(operatorId);
            return seat == null ? null : seat.endpoint;
        });
    }

    // ---- calls -----------------------------------------------------------------------------

    @Override
    public LiveCall arrive(long callId, long clientId, String uniqueId, Duration maxWait) {
        return locked(() -> {
            var call = new LiveCall(callId, clientId, uniqueId, now(), ++arrivals, maxWait);
            calls.put(callId, call);
            if (uniqueId != null) {
                callsByUniqueId.put(uniqueId, call);
            }
            queue.add(call);
            dispatch();
            if (call.stage == LiveCall.Stage.QUEUED) {
                bus.publish(CallQueued.TOPIC, new CallQueued(callId, clientId));
            }
            return call;
        });
    }

    @Override
    public void noAnswer(LiveCall call, String reason) {
        locked(() -> {
            if (call.stage != LiveCall.Stage.OFFERED) {
                return null;
            }
            var seat = seats.get(call.operatorId);
            if (seat != null && seat.state == OperatorState.OFFERED && seat.callId == call.callId()) {
                change(seat, OperatorState.PAUSED, reason, null);
            }
            call.stage = LiveCall.Stage.QUEUED;
            call.operatorId = null;
            queue.add(call);
            dispatch();
            if (call.stage == LiveCall.Stage.QUEUED) {
                bus.publish(CallQueued.TOPIC, new CallQueued(call.callId(), call.clientId()));
            }
            return null;
        });
    }

    @Override
    public void connected(LiveCall call) {
        locked(() -> {
            if (call.stage != LiveCall.Stage.OFFERED) {
                return null;
            }
            call.stage = LiveCall.Stage.CONNECTED;
            call.answered = true;
            var seat = seats.get(call.operatorId);
            if (seat != null) {
                change(seat, OperatorState.ON_CALL, null, call.callId());
            }
            bus.publish(CallConnected.TOPIC, new CallConnected(call.callId(), call.clientId(), call.operatorId));
            return null;
        });
    }

    @Override
    public void ended(LiveCall call, CallOutcome outcome) {
        locked(() -> {
            if (call.stage == LiveCall.Stage.ENDED) {
                return null;
            }
            queue.remove(call);
            Long answeredBy = null;
            var seat = call.operatorId == null ? null : seats.get(call.operatorId);
            if (seat != null && seat.callId != null && seat.callId == call.callId()) {
                if (call.stage == LiveCall.Stage.CONNECTED) {
                    answeredBy = seat.operatorId;
                    change(seat, OperatorState.WRAP_UP, null, call.callId());
                } else if (seat.state == OperatorState.OFFERED) {
                    change(seat, OperatorState.AVAILABLE, null, null);
                }
            }
            call.stage = LiveCall.Stage.ENDED;
            calls.remove(call.callId());
            if (call.uniqueId() != null) {
                callsByUniqueId.remove(call.uniqueId(), call);
            }
            bus.publish(CallEnded.TOPIC, new CallEnded(call.callId(), call.clientId(), answeredBy,
                    outcome == CallOutcome.ANSWERED && answeredBy == null ? CallOutcome.ABANDONED : outcome));
            dispatch();
            return null;
        });
    }

    @Override
    public List<WaitingCall> waiting() {
        return locked(() -> queue.stream().map(c -> new WaitingCall(c.callId(), c.clientId(), c.arrivedAt())).toList());
    }

    @Override
    public int activeCalls() {
        return locked(calls::size);
    }

    @Override
    public LiveCall call(long callId) {
        return locked(() -> calls.get(callId));
    }

    // ---- what Asterisk reports (AMI) -------------------------------------------------------

    @Override
    public void answered(String uniqueId) {
        var call = locked(() -> callsByUniqueId.get(uniqueId));
        if (call != null) {
            connected(call);
        }
    }

    @Override
    public void hungUp(String uniqueId) {
        locked(() -> {
            var call = callsByUniqueId.get(uniqueId);
            if (call == null) {
                return null;
            }
            switch (call.stage) {
                case QUEUED -> {
                    queue.remove(call);
                    call.post(new Assignment.CallerGone());
                }
                case CONNECTED -> ended(call, CallOutcome.ANSWERED);
                default -> {
                }
            }
            return null;
        });
    }

    @Override
    public void phoneState(String device, PhoneState state) {
        locked(() -> {
            for (var seat : seatsByEndpoint.getOrDefault(endpointKey(device), List.of())) {
                if (seat.phone != state) {
                    seat.phone = state;
                    reindex(seat);
                    publish(seat);
                }
            }
            dispatch();
            return null;
        });
    }

    @Override
    public List<LiveCall> liveCalls() {
        return locked(() -> new ArrayList<>(callsByUniqueId.values()));
    }

    // ---- time ------------------------------------------------------------------------------

    @Override
    public void tick() {
        locked(() -> {
            var now = now();
            for (var it = queue.iterator(); it.hasNext(); ) {
                var call = it.next();
                if (!call.deadline().isAfter(now)) {
                    it.remove();
                    call.post(new Assignment.Overflow());
                }
            }
            var due = new ArrayList<Seat>();
            for (var seat : wrappingUp) {
                if (!seat.since.plus(wrapUpLimit).isAfter(now)) {
                    due.add(seat);
                }
            }
            due.sort(Comparator.comparingLong(seat -> seat.operatorId));
            due.forEach(this::becomeAvailable);
            dispatch();
            return null;
        });
    }

    // ---- internals -------------------------------------------------------------------------

    /** Offers waiting calls, oldest first, each to the longest-idle free operator allowed for its client. */
    private void dispatch() {
        for (var it = queue.iterator(); it.hasNext() && !freeByClient.isEmpty(); ) {
            var call = it.next();
            var free = freeByClient.get(call.clientId());
            if (free != null) {
                it.remove();
                offer(call, free.firstEntry().getValue());
            }
        }
    }

    /**
     * Puts the seat in, or takes it out of, the free index to match its state, phone, clients and
     * idle time. Called after any of them changes.
     */
    private void reindex(Seat seat) {
        if (seat.freeKey != null) {
            for (long client : seat.freeUnder) {
                var free = freeByClient.get(client);
                free.remove(seat.freeKey);
                if (free.isEmpty()) {
                    freeByClient.remove(client);
                }
            }
            seat.freeKey = null;
            seat.freeUnder = null;
        }
        if (seat.state == OperatorState.AVAILABLE && seat.phone != PhoneState.UNAVAILABLE && !seat.allowedClients.isEmpty()) {
            seat.freeKey = new IdleKey(seat.idleSince, seat.operatorId);
            seat.freeUnder = seat.allowedClients;
            for (long client : seat.freeUnder) {
                freeByClient.computeIfAbsent(client, c -> new TreeMap<>()).put(seat.freeKey, seat);
            }
        }
    }

    private void setEndpoint(Seat seat, String endpoint) {
        if (seat.endpoint != null) {
            var same = seatsByEndpoint.get(endpointKey(seat.endpoint));
            same.remove(seat);
            if (same.isEmpty()) {
                seatsByEndpoint.remove(endpointKey(seat.endpoint));
            }
        }
        seat.endpoint = endpoint;
        if (endpoint != null) {
            seatsByEndpoint.computeIfAbsent(endpointKey(endpoint), e -> new ArrayList<>(1)).add(seat);
        }
    }

    /** Endpoints are matched without regard to case, as Asterisk names devices. */
    private static String endpointKey(String endpoint) {
        return endpoint.toLowerCase(Locale.ROOT);
    }

    private void offer(LiveCall call, Seat seat) {
        call.stage = LiveCall.Stage.OFFERED;
        call.operatorId = seat.operatorId;
        bus.publish(CallOffered.TOPIC, new CallOffered(call.callId(), call.clientId(), seat.operatorId));
        bus.publish(ScreenPop.TOPIC, new ScreenPop(call.callId(), call.clientId(), seat.operatorId));
        change(seat, OperatorState.OFFERED, null, call.callId());
        call.post(new Assignment.Offer(seat.operatorId, seat.endpoint));
    }

    private void becomeAvailable(Seat seat) {
        seat.idleSince = now();
        change(seat, OperatorState.AVAILABLE, null, null);
    }

    private void change(Seat seat, OperatorState state, String reason, Long callId) {
        seat.state = state;
        seat.pauseReason = reason;
        seat.callId = callId;
        seat.since = now();
        if (state == OperatorState.WRAP_UP) {
            wrappingUp.add(seat);
        } else {
            wrappingUp.remove(seat);
        }
        reindex(seat);
        publish(seat);
    }

    private void publish(Seat seat) {
        bus.publish(OperatorStateChanged.TOPIC,
                new OperatorStateChanged(seat.operatorId, seat.state, seat.pauseReason, seat.callId, seat.phone));
    }

    private Seat seat(long operatorId) {
        var seat = seats.get(operatorId);
        if (seat == null) {
            throw new IllegalStateException("operator " + operatorId + " is not logged in");
        }
        return seat;
    }

    private static void refuseDuringCall(Seat seat, String what) {
        if (seat.state == OperatorState.OFFERED || seat.state == OperatorState.ON_CALL) {
            throw new IllegalStateException("operator " + seat.operatorId + " cannot " + what + " while " + seat.state);
        }
    }

    private static void requireLoggedIn(Seat seat) {
        if (seat.state == OperatorState.LOGGED_OUT) {
            throw new IllegalStateException("operator " + seat.operatorId + " is not logged in");
        }
    }

    private Instant now() {
        return clock.instant();
    }

    private <T> T locked(Supplier<T> work) {
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    private static final class Seat {
        final long operatorId;
        String endpoint;
        Set<Long> allowedClients = Set.of();
        OperatorState state = OperatorState.LOGGED_OUT;
        String pauseReason;
        Long callId;
        Instant since;
        Instant idleSince;
        PhoneState phone = PhoneState.UNKNOWN;
        /** Where the seat is in the free index, or null when it is not free. */
        IdleKey freeKey;
        Set<Long> freeUnder;

        Seat(long operatorId) {
            this.operatorId = operatorId;
        }

        OperatorStatus snapshot() {
            return new OperatorStatus(operatorId, state, pauseReason, callId, since, phone);
        }
    }

    /** Longest idle first; the lower operator id first between equals. */
    private record IdleKey(Instant idleSince, long operatorId) implements Comparable<IdleKey> {
        @Override
        public int compareTo(IdleKey other) {
            int byIdle = idleSince.compareTo(other.idleSince);
            return byIdle != 0 ? byIdle : Long.compare(operatorId, other.operatorId);
        }
    }
}
