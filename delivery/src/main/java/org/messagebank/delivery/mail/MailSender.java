package org.messagebank.delivery.mail;

import org.messagebank.delivery.SendResult;

/**
 * Sends email; maps every failure to a {@link SendResult}. One sender belongs to one worker at a
 * time (an SMTP sender holds one connection); close it when the worker stops.
 */
public interface MailSender extends AutoCloseable {
    SendResult send(OutgoingMail mail);

    @Override
    void close();
}
