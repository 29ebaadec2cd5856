package org.messagebank.delivery.webhook;

import org.messagebank.delivery.SendResult;

/** Posts a signed JSON document to a client's system. Thread-safe. */
public interface WebhookSender extends AutoCloseable {

    /**
     * @param deliveryId the same on every retry of one dispatch, so the receiver can drop duplicates
     */
    SendResult post(String url, String secret, String deliveryId, byte[] json);

    /** Releases the connections it keeps; nothing by default. */
    @Override
    default void close() {
    }
}
