package org.messagebank.store.domain;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** A message about to be stored; the store assigns its id and capture time. */
public record NewMessage(long clientId, Long callId, Long operatorId, String callerNumber, String callerName,
                         int scriptVersion, Map<String, String> fields, Urgency urgency) {
    public NewMessage {
        Objects.requireNonNull(urgency, "urgency");
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    @Override
    public String toString() {
        return "NewMessage[clientId=" + clientId + ", callId=" + callId + ", scriptVersion=" + scriptVersion + "]";
    }
}
