package org.messagebank.telephony.acd;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Automatic call distribution: operators' states and the waiting calls. Each free operator takes
 * the oldest waiting call they are allowed to answer, across all clients; a call goes to the
 * longest-idle available operator allowed for its client whose phone is not unavailable. Every
 * state change is published on the bus as ids and states only.
 *
 * <p>{@link LocalAcd} keeps this in one node's memory (the default); {@link SharedAcd} keeps it
 * in the database for several nodes (ADR 10). Time comes from the injected clock: {@link #tick()}
 * applies maximum waits (overflow) and the wrap-up limit as of the clock's now.
 */
public interface Acd extends AutoCloseable {
    /** Pause reason given when an offered operator does not answer. */
    String MISSED_CALL = "missed-call";

    /**
     * Logs the operator in as AVAILABLE with the phone to ring and the clients they may answer.
     * Logging in again while logged in only updates the endpoint and clients.
     */
    void logIn(long operatorId, String endpoint, Set<Long> allowedClients);

    /** Logs the operator out; refused while a call is offered to them or in progress. */
    void logOut(long operatorId);

    /** Pauses the operator for a reason, a {@linkplain #pauseReason short code}; refused during a call. */
    void pause(long operatorId, String reason);

    /** Makes a paused operator available again. */
    void resume(long operatorId);

    /** Ends the operator's wrap-up (the message was saved or discarded): they become available. */
    void finishWrapUp(long operatorId);

    /** A message was saved for this call by this operator: if they are wrapping that call up, they become available. */
    void messageSaved(long operatorId, long callId);

    /** The operator's current state; LOGGED_OUT for an operator never seen. */
    OperatorStatus status(long operatorId);

    /** Every operator seen, by id. */
    List<OperatorStatus> operators();

    /** The operator's endpoint, if they have logged in. */
    String endpoint(long operatorId);

    /**
     * A new call held by this node joins the queue in arrival order and is offered at once if an
     * allowed operator is free; otherwise CallQueued is published. Its {@link LiveCall} receives
     * the assignments.
     */
    LiveCall arrive(long callId, long clientId, String uniqueId, Duration maxWait);

    /** The offered operator did not answer: they are paused with the reason, and the call goes back to its place in the queue. */
    void noAnswer(LiveCall call, String reason);

    /** The offered operator answered: the call is CONNECTED and the operator ON_CALL. Repeating it is harmless. */
    void connected(LiveCall call);

    /**
     * The call ended. An operator who was on the call enters WRAP_UP; one whose phone was still
     * ringing becomes available again, keeping their place as longest idle. Repeating it is harmless.
     */
    void ended(LiveCall call, CallOutcome outcome);

    /** Calls waiting for an operator, oldest first. */
    List<WaitingCall> waiting();

    /** Calls this node holds in progress (waiting, ringing or connected). */
    int activeCalls();

    /** The live call with this id, if this node holds it. */
    LiveCall call(long callId);

    /** Asterisk says the caller's channel was answered by the dialled operator or entered a bridge. */
    void answered(String uniqueId);

    /**
     * Asterisk says the caller's channel hung up. A waiting call leaves the queue at once; a
     * connected call ends now (the operator enters wrap-up); a ringing call ends when the dial
     * returns.
     */
    void hungUp(String uniqueId);

    /** Asterisk reports the state of a device; operators whose endpoint it is take it as their phone state. */
    void phoneState(String device, PhoneState state);

    /**
     * Brings call state back in line with what Asterisk holds after a reconnect: calls whose
     * channel is gone are treated as hung up; ringing calls whose channel is bridged are connected.
     *
     * @param liveChannels    unique ids of every channel Asterisk has
     * @param bridgedChannels unique ids of channels that are in a bridge
     */
    default void resynchronise(Set<String> liveChannels, Set<String> bridgedChannels) {
        for (var call : liveCalls()) {
            if (!liveChannels.contains(call.uniqueId())) {
                hungUp(call.uniqueId());
            } else if (bridgedChannels.contains(call.uniqueId())) {
                connected(call);
            }
        }
    }

    /** The calls this node holds that Asterisk named by a unique id. */
    List<LiveCall> liveCalls();

    /** Overflows calls past their maximum wait and ends wrap-ups past the limit, as of the clock's now. */
    void tick();

    /** Starts what the distribution needs besides its callers (subscriptions); nothing by default. */
    default void start() {
    }

    @Override
    default void close() {
    }

    /** A call waiting for an operator. */
    record WaitingCall(long callId, long clientId, Instant arrivedAt) {
    }

    /**
     * The pause reason as stored: a short code such as {@code break} (lower-case letters, digits
     * and dashes, at most 32: it travels on the bus, so it may not be free text), {@code paused}
     * when none is given.
     *
     * @throws IllegalArgumentException for anything else
     */
    static String pauseReason(String reason) {
        if (reason == null || reason.isBlank()) {
            return "paused";
        }
        if (!reason.strip().matches("[a-z0-9][a-z0-9-]{0,31}")) {
            throw new IllegalArgumentException("a pause reason is a short code such as break or training");
        }
        return reason.strip();
    }
}
