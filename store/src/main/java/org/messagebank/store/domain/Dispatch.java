package org.messagebank.store.domain;

import java.time.Instant;

/**
 * One delivery of one message to one contact (or the client's webhook) on one channel.
 *
 * @param idempotencyKey unique per (message, contact, channel): creating it twice creates it once
 * @param contactId      the contact, or null for the client's webhook
 * @param attempts       send attempts begun so far
 * @param dueAt          when it may next be sent
 * @param providerId     the provider's id once accepted (Twilio message SID, email Message-ID)
 * @param errorCode      the provider's code of the last failure, such as {@code 21211} or {@code 550}
 * @param errorText      the provider's text of the last failure
 * @param deadLetter     failed after the last allowed attempt: for admins to look at
 */
public record Dispatch(long id, String idempotencyKey, long messageId, long clientId, Long contactId,
                       DeliveryChannel channel, boolean urgent, DispatchState state, int attempts, Instant dueAt,
                       String leaseOwner, Instant leaseUntil, String providerId, String errorCode, String errorText,
                       boolean deadLetter, Instant createdAt, Instant updatedAt) {
}
