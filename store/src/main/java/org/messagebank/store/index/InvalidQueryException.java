package org.messagebank.store.index;

/** The user's query does not parse; the message says where and why, fit to show next to the query box. */
public final class InvalidQueryException extends RuntimeException {
    public InvalidQueryException(String message, Throwable cause) {
        super(message, cause);
    }
}
