package org.messagebank.store;

/** The write would break a uniqueness rule, such as a number reaching two clients. */
public final class ConflictException extends StoreException {
    public ConflictException(String message) {
        super(message);
    }
}
