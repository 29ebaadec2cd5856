package org.messagebank.telephony.routing;

/**
 * What Asterisk tells us about a new inbound call, taken from the AGI environment. Values are as
 * Asterisk sent them; {@code null} where a variable was missing.
 *
 * @param uniqueId  {@code agi_uniqueid}: names the caller's channel in AMI events
 * @param extension {@code agi_extension}
 * @param dnid      {@code agi_dnid} ({@code unknown} when the trunk did not set it)
 * @param callerId  {@code agi_callerid}
 * @param callerName {@code agi_calleridname}
 */
public record InboundCall(String uniqueId, String extension, String dnid, String callerId, String callerName) {

    @Override
    public String toString() {
        return "InboundCall[uniqueId=" + uniqueId + "]";
    }
}
