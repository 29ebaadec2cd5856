package org.messagebank.telephony.acd;

/** Where an operator is in the call cycle. */
public enum OperatorState {
    LOGGED_OUT,
    /** Waiting for a call; the longest-idle available operator is offered the next one. */
    AVAILABLE,
    /** A call has been offered (screen-pop sent) and the operator's phone is ringing. */
    OFFERED,
    ON_CALL,
    /** After a call, until the message is saved or discarded, or the wrap-up limit runs out. */
    WRAP_UP,
    /** Taking no calls, for a reason (break, missed call, ...). */
    PAUSED
}
