package org.messagebank.store.domain;

/** Where one dispatch stands. */
public enum DispatchState {
    /** Waiting to be sent, now or at its due time (quiet hours, retry back-off). */
    QUEUED,
    /** Leased by a worker that is sending it; retried if the lease runs out. */
    SENDING,
    /** Accepted by the provider. */
    SENT,
    /** The provider reports it delivered. */
    DELIVERED,
    /** Failed for good: a permanent error, the provider's report, or the last attempt; the reason is kept. */
    FAILED,
    /** The message was acknowledged: nothing more to do. */
    ACKNOWLEDGED
}
