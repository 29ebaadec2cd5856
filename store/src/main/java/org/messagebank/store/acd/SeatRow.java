package org.messagebank.store.acd;

import java.time.Instant;

/**
 * An operator's seat as the shared call distribution stores it: states by name (the telephony
 * module owns their meaning).
 *
 * @param callId    the call offered to the operator, on, or being wrapped up; null otherwise
 * @param since     when the seat entered its state
 * @param idleSince when the operator last became available, for longest-idle-first
 * @param endpoint  the phone Asterisk rings for them
 */
public record SeatRow(long operatorId, String state, String pauseReason, Long callId, Instant since, Instant idleSince,
                      String phone, String endpoint) {
}
