package org.messagebank.store.domain;

/** How soon the client needs a message. */
public enum Urgency {
    NORMAL, URGENT
}
