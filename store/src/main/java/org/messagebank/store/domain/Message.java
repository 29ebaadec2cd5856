package org.messagebank.store.domain;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A message taken for a client.
 *
 * @param callId         the call it was taken on; null for a message entered without a call
 * @param operatorId     who took it; null when not taken by an operator
 * @param callerNumber   E.164 where it could be parsed, otherwise as given; may be null
 * @param scriptVersion  the capture-script version the message was taken with
 * @param fields         field values by script field name, in script order
 * @param restricted     processing restricted at the data subject's request: kept, but not
 *                       dispatched and hidden from client users
 */
public record Message(long id, long clientId, Long callId, Long operatorId, Instant createdAt,
                      String callerNumber, String callerName, int scriptVersion, Map<String, String> fields,
                      Urgency urgency, Instant readAt, Instant acknowledgedAt, boolean restricted) {
    public Message {
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(urgency, "urgency");
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** An unrestricted message. */
    public Message(long id, long clientId, Long callId, Long operatorId, Instant createdAt, String callerNumber,
                   String callerName, int scriptVersion, Map<String, String> fields, Urgency urgency, Instant readAt,
                   Instant acknowledgedAt) {
        this(id, clientId, callId, operatorId, createdAt, callerNumber, callerName, scriptVersion, fields, urgency,
                readAt, acknowledgedAt, false);
    }

    public MessageStatus status() {
        if (acknowledgedAt != null) {
            return MessageStatus.ACKNOWLEDGED;
        }
        return readAt != null ? MessageStatus.READ : MessageStatus.NEW;
    }

    @Override
    public String toString() {
        return "Message[id=" + id + ", clientId=" + clientId + ", createdAt=" + createdAt + ", status=" + status() + "]";
    }
}
