package org.messagebank.delivery.sms;

import org.messagebank.delivery.SendResult;

/** Sends SMS; maps every vendor failure to a {@link SendResult}, never throws for one. Thread-safe. */
public interface SmsSender {
    SendResult send(OutgoingSms sms);
}
