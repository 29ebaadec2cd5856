package org.messagebank.telephony.acd;

import java.time.Instant;

/**
 * A snapshot of one operator's state.
 *
 * @param pauseReason why the operator is paused; null unless {@link OperatorState#PAUSED}
 * @param callId      the call offered to or held by the operator, or being wrapped up; null otherwise
 * @param since       when the operator entered the state
 */
public record OperatorStatus(long operatorId, OperatorState state, String pauseReason, Long callId, Instant since,
                             PhoneState phone) {
}
