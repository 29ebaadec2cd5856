package org.messagebank.telephony.acd;

/** What the ACD tells a waiting call to do next. */
public sealed interface Assignment {

    /** Ring this operator: the screen-pop has already been published. */
    record Offer(long operatorId, String endpoint) implements Assignment {
    }

    /** The caller has waited the client's maximum: take the overflow action. */
    record Overflow() implements Assignment {
    }

    /** The caller hung up while waiting. */
    record CallerGone() implements Assignment {
    }
}
