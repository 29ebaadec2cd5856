package org.messagebank.telephony.routing;

/** The values of the channel variable {@code MB_STATUS} that tell the dialplan what happened. */
public enum RouteStatus {
    /** An operator answered and the conversation ended. */
    ANSWERED,
    /** The dialled number reaches no client. */
    UNKNOWN_NUMBER,
    /** The client's service has ceased. */
    CEASED,
    /** The caller waited the maximum: see {@code MB_OVERFLOW_ACTION} and {@code MB_OVERFLOW_TARGET}. */
    OVERFLOW,
    /** The server holds as many calls as it may: play a busy message. */
    BUSY,
    /** The AGI request named a script this server does not have. */
    UNKNOWN_SCRIPT,
    /** The AGI request did not carry the dialled number. */
    INVALID_REQUEST,
    /** Something failed on our side (such as the database); the dialplan should fall back. */
    FAILED;

    /** The channel variable holding the status. */
    public static final String VARIABLE = "MB_STATUS";
}
