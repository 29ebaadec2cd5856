package org.messagebank.store.domain;

/** Where a message stands with its client. */
public enum MessageStatus {
    /** Taken, not yet opened by any client user. */
    NEW,
    /** Opened by a client user. */
    READ,
    /** Acknowledged: escalation stops. */
    ACKNOWLEDGED
}
