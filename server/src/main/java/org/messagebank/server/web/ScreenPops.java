package org.messagebank.server.web;

import org.messagebank.store.MessageBankStore;
import org.messagebank.store.Scope;
import org.messagebank.store.domain.Message;
import org.messagebank.store.domain.MessageStatus;
import org.messagebank.store.domain.ScriptField;
import org.messagebank.store.domain.Urgency;
import org.messagebank.store.index.MessageIndex;
import org.messagebank.store.index.SearchQuery;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an operator's console shows for a call: built from the store when the pop is sent, since
 * the events on the bus carry ids only.
 */
final class ScreenPops {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ScreenPops.class);
    /** How many of the caller's earlier messages for the client the pop shows. */
    static final int EARLIER_MESSAGES = 5;

    private final MessageBankStore store;
    private final MessageIndex index;

    ScreenPops(MessageBankStore store, MessageIndex index) {
        this.store = store;
        this.index = index;
    }

    /**
     * @param callerNumber E.164 where the caller ID parsed; null when withheld
     * @param script       the client's current capture script; the message is saved against its version
     * @param earlier      the client's latest messages with the caller's number (as caller ID or
     *                     in a phone field), newest first, that the client may see
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
            List<Earlier> earlier = number == null || !number.startsWith("+") ? List.of() : earlier(clientId, number);
            return new Pop(callId, clientId, client.name(), client.greeting(), number, call.get().callerName(),
                    call.get().startedAt(), script, earlier);
        });
    }

    /**
     * Found in the search index rather than by a database index on the caller's number: such an
     * index is touched at random places by every capture and every deletion, and was most of
     * the retention reaper's cost (see bench/RESULTS.md).
     */
    private List<Earlier> earlier(long clientId, String number) {
        var tenant = new Scope.Tenant(clientId);
        try {
            // Twice as many hits as shown: a message deleted or restricted since the index last
            // caught up is dropped by the database read, and the next one takes its place.
            var ids = index.search(tenant, SearchQuery.all().withCaller(number).page(0, 2 * EARLIER_MESSAGES)).messageIds();
            return store.messages().findAll(tenant, ids).stream().limit(EARLIER_MESSAGES).map(Earlier::of).toList();
        } catch (RuntimeException e) {
            log.warn("screen-pop for client {} shows no earlier messages: the search index failed ({})", clientId,
                    e.getClass().getSimpleName());
            return List.of();
        }
    }
}
