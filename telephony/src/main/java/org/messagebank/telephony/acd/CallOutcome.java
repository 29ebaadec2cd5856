package org.messagebank.telephony.acd;

/** How a call ended. */
public enum CallOutcome {
    /** An operator answered; the call ended after the conversation. */
    ANSWERED,
    /** The caller hung up before an operator answered. */
    ABANDONED,
    /** The caller waited the client's maximum and went to the overflow action. */
    OVERFLOW,
    /** The call could not be handled (connection lost, Asterisk error). */
    FAILED
}
