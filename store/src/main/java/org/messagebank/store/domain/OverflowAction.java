package org.messagebank.store.domain;

/** What happens to a caller who has waited the client's maximum time in the queue. */
public enum OverflowAction {
    /** Voicemail-style capture: the dialplan records the caller's message ({@code MB_OVERFLOW_TARGET} names the mailbox). */
    CAPTURE,
    /** The call is sent on to another number ({@code MB_OVERFLOW_TARGET}). */
    FORWARD,
    /** The caller hears a busy message and the call ends. */
    BUSY
}
