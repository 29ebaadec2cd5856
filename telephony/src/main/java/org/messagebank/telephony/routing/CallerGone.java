package org.messagebank.telephony.routing;

/** The caller's channel hung up, or the connection to Asterisk was lost: nothing more can be said on it. */
public final class CallerGone extends Exception {
    public CallerGone(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
