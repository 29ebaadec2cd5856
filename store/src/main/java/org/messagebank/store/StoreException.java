package org.messagebank.store;

/** A failure of the store that callers can act on, or a database failure wrapped once. */
public class StoreException extends RuntimeException {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
