package org.messagebank.telephony.acd;

/** The operator's phone as Asterisk reports it (AMI device state). */
public enum PhoneState {
    UNKNOWN, IDLE, RINGING, IN_USE, UNAVAILABLE;

    /** Translates an Asterisk device state name ({@code NOT_INUSE}, {@code INUSE}, ...). */
    public static PhoneState fromDeviceState(String state) {
        if (state == null) {
            return UNKNOWN;
        }
        return switch (state.trim().toUpperCase(java.util.Locale.ROOT)) {
            case "NOT_INUSE" -> IDLE;
            case "INUSE", "BUSY", "ONHOLD", "RINGINUSE" -> IN_USE;
            case "RINGING" -> RINGING;
            case "UNAVAILABLE", "INVALID" -> UNAVAILABLE;
            default -> UNKNOWN;
        };
    }
}
