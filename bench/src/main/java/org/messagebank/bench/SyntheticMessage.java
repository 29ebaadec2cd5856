package org.messagebank.bench;

import org.messagebank.store.domain.Message;
import org.messagebank.store.domain.MessageStatus;
import org.messagebank.store.domain.NewMessage;
import org.messagebank.store.domain.Urgency;

import java.time.Instant;
import java.util.Map;

/**
 * One generated message, independent of any database: turned into a {@link NewMessage} for the
 * store or a {@link Message} (with the generator's id and times) for the index and the SQL baseline.
 *
 * @param seq    position in the generated sequence, from 0; {@code seq + 1} is its id where the
 *               generator assigns ids
 * @param caller null when the caller withheld the number
 */
public record SyntheticMessage(long seq, int clientIndex, long operatorId, Instant createdAt, Caller caller,
                        Map<String, String> fields, Urgency urgency, Instant readAt, Instant acknowledgedAt) {

    long id() {
        return seq + 1;
    }

    String callerNumber() {
        return caller == null ? null : caller.e164();
    }

    String callerName() {
        return caller == null ? null : caller.name();
    }

    public MessageStatus status() {
        if (acknowledgedAt != null) {
            return MessageStatus.ACKNOWLEDGED;
        }
        return readAt != null ? MessageStatus.READ : MessageStatus.NEW;
    }

    /** As taken by an operator now: the store assigns id and time; no call or operator rows exist. */
    public NewMessage toNewMessage(long clientId) {
        return new NewMessage(clientId, null, null, callerNumber(), callerName(), 1, fields, urgency);
    }

    Message toMessage(long clientId) {
        return new Message(id(), clientId, null, operatorId, createdAt, callerNumber(), callerName(), 1, fields, urgency,
                readAt, acknowledgedAt);
    }
}
