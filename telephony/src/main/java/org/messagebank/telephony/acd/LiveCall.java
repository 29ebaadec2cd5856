package org.messagebank.telephony.acd;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.TimeUnit;

/**
 * The state of one call in progress: the one object that holds it, so that the handlers around
 * it stay stateless. Fields change only under the {@link Acd}'s lock; the mailbox hands
 * {@link Assignment}s to the thread that serves the call.
 */
public final class LiveCall {

    /** Where the call is. */
    public enum Stage { QUEUED, OFFERED, CONNECTED, ENDED }

    private final long callId;
    private final long clientId;
    private final String uniqueId;
    private final Instant arrivedAt;
    private final long arrivalSeq;
    private final Instant deadline;
    /** Lock-free: a blocking queue with two locks and their conditions would cost four times the memory for each call held. */
    private final LinkedTransferQueue<Assignment> mailbox = new LinkedTransferQueue<>();
    volatile Stage stage = Stage.QUEUED;
    Long operatorId;
    volatile boolean answered;
    /** Told to overflow or that its caller is gone: it waits for nothing more. */
    volatile boolean leaving;

    LiveCall(long callId, long clientId, String uniqueId, Instant arrivedAt, long arrivalSeq, Duration maxWait) {
        this.callId = callId;
        this.clientId = clientId;
        this.uniqueId = uniqueId;
        this.arrivedAt = arrivedAt;
        this.arrivalSeq = arrivalSeq;
        this.deadline = arrivedAt.plus(maxWait);
    }

    /** Whether an operator has answered (the call may since have ended). */
    public boolean connectedOrLater() {
        return stage == Stage.CONNECTED || (stage == Stage.ENDED && answered);
    }

    public long callId() {
        return callId;
    }

    public long clientId() {
        return clientId;
    }

    /** Asterisk's unique id of the caller's channel, which AMI events name. */
    public String uniqueId() {
        return uniqueId;
    }

    public Instant arrivedAt() {
        return arrivedAt;
    }

    long arrivalSeq() {
        return arrivalSeq;
    }

    Instant deadline() {
        return deadline;
    }

    void post(Assignment assignment) {
        mailbox.add(assignment);
    }

    /** The next assignment if one is already there. */
    public Assignment poll() {
        return mailbox.poll();
    }

    /** Waits for the next assignment. */
    public Assignment take() throws InterruptedException {
        return mailbox.take();
    }

    /** Waits at most {@code timeout} for the next assignment; null if none came. */
    public Assignment poll(Duration timeout) throws InterruptedException {
        return mailbox.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public String toString() {
        return "LiveCall[callId=" + callId + ", clientId=" + clientId + ", stage=" + stage + "]";
    }
}
