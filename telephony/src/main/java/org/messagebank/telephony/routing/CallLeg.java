package org.messagebank.telephony.routing;

import java.time.Duration;

/**
 * The caller's channel, as the router drives it: the few things routing asks of Asterisk. The
 * FastAGI adapter implements it; the router never sees a protocol type.
 */
public interface CallLeg {

    /** Sets a channel variable for the dialplan to read after the AGI returns. */
    void setVariable(String name, String value) throws CallerGone;

    /** Answers the caller's channel (before holding it in the queue). */
    void answer() throws CallerGone;

    /** Starts or stops music on hold. */
    void musicOnHold(boolean on) throws CallerGone;

    /**
     * Whether Asterisk has said, unasked, that the caller hung up (it does so on the AGI
     * connection while we wait without a command outstanding).
     */
    boolean hungUp();

    /**
     * Dials the operator's endpoint and returns when the dial ends: unanswered, or answered and
     * then finished.
     */
    DialResult dial(String endpoint, Duration ringTimeout) throws CallerGone;
}
