package org.messagebank.store.domain;

import java.time.Instant;

/**
 * One state change of a dispatch, for the delivery timeline.
 *
 * @param attempt   the send attempt it belongs to (0 before the first)
 * @param errorCode the provider's code when the change was a failure or a retry, else null
 * @param errorText the provider's text when the change was a failure or a retry, else null
 */
public record DispatchEvent(long dispatchId, DispatchState state, int attempt, String errorCode, String errorText, Instant at) {
}
