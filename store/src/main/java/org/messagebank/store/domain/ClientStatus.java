package org.messagebank.store.domain;

/** Whether a client still receives the answering service. */
public enum ClientStatus {
    ACTIVE,
    /** Service ceased: calls are refused and retention deadlines run from {@code ceasedAt}. */
    CEASED
}
