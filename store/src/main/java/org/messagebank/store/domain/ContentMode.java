package org.messagebank.store.domain;

/** What a notification carries. */
public enum ContentMode {
    /** The message itself: caller, number and the captured fields. */
    FULL,
    /** Only a link to the message in the portal: no caller data leaves the system. */
    SECURE_LINK
}
