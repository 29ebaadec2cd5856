package org.messagebank.store;

/** The record named by id does not exist (or is outside the scope). */
public final class NotFoundException extends StoreException {
    public NotFoundException(String message) {
        super(message);
    }
}
