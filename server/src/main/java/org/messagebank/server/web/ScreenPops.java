package org.messagebank.server.web;

import org.messagebank.store.MessageBankStore;
import org.messagebank.store.Scope;
import org.messagebank.store.domain.Message;
import org.messagebank.store.domain.MessageStatus;
import org.messagebank.store.domain.ScriptField;
import org.messagebank.store.domain.Urgency;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an operator's console shows for a call: built from the store when the pop is sent, since
 * the events on the bus carry ids only.
 */
final class ScreenPops {
    /** How many of the caller's earlier messages for the client the pop shows. */
    static final int EARLIER_MESSAGES = 5;

    private final MessageBankStore store;

    ScreenPops(MessageBankStore store) {
        this.store = store;
    }

    /**
     * @param callerNumber E.164 where the caller ID parsed; null when withheld
     * @param script       the client's current capture script; the message is saved against its version
     * @param earlier      the caller's latest messages for this client, newest first
     */
    record Pop(long callId, long clientId, String clientName, String greeting, String callerNumber, String callerName,
               Instant startedAt, Script script, List<Earlier> earlier) {
    }

    record Script(int version, List<ScriptField> fields) {
    }

    record Earlier(long id, Instant createdAt, Map<String, String> fields, Urgency urgency, MessageStatus status) {
        static Earlier of(Message m) {
            return new Earlier(m.id(), m.createdAt(), m.fields(), m.urgency(), m.status());
        }
    }

    /** The pop of a call, if the call and its client still exist. */
    Optional<Pop> of(long callId) {
        var call = store.calls().find(Scope.admin(), callId);
        if (call.isEmpty()) {
            return Optional.empty();
        }
        long clientId = call.get().clientId();
        return store.clients().find(clientId).map(client -> {
            var script = store.clients().currentScript(clientId)
                    .map(s -> new Script(s.version(), s.fields()))
                    .orElse(new Script(0, List.of()));
            String number = call.get().callerNumber();
            List<Earlier> earlier = number == null || !number.startsWith("+") ? List.of()
                    : store.messages().byCaller(new Scope.Tenant(clientId), number, EARLIER_MESSAGES).stream()
                    .map(Earlier::of).toList();
            return new Pop(callId, clientId, client.name(), client.greeting(), number, call.get().callerName(),
                    call.get().startedAt(), script, earlier);
        });
    }
}
