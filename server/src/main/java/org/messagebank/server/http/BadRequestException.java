package org.messagebank.server.http;

/** The request is wrong in a way the client can fix; answered 400 with this message as the detail. */
public final class BadRequestException extends RuntimeException {
    public BadRequestException(String message) {
        super(message);
    }
}
