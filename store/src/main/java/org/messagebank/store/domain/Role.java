package org.messagebank.store.domain;

/** What a user may do. */
public enum Role {
    /** Manages clients, numbers, scripts, operators and users; searches every archive. */
    ADMIN,
    /** Answers calls and takes messages. */
    OPERATOR,
    /** Reads, searches and acknowledges the messages of exactly one client. */
    CLIENT_USER
}
