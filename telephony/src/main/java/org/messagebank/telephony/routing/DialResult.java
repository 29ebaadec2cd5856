package org.messagebank.telephony.routing;

/** The outcome of dialling an operator, from Asterisk's {@code DIALSTATUS}. */
public enum DialResult {
    ANSWER, NOANSWER, BUSY, CHANUNAVAIL, CONGESTION,
    /** The caller hung up while the operator's phone rang. */
    CANCEL,
    /** Asterisk gave no status or one we do not know. */
    UNKNOWN;

    public static DialResult fromDialStatus(String status) {
        if (status == null) {
            return UNKNOWN;
        }
        return switch (status.trim()) {
            case "ANSWER" -> ANSWER;
            case "NOANSWER" -> NOANSWER;
            case "BUSY" -> BUSY;
            case "CHANUNAVAIL" -> CHANUNAVAIL;
            case "CONGESTION" -> CONGESTION;
            case "CANCEL" -> CANCEL;
            default -> UNKNOWN;
        };
    }
}
