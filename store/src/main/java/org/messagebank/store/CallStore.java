package org.messagebank.store;

import org.messagebank.store.domain.Call;

import java.util.Optional;

/** Inbound calls. */
public interface CallStore {

    Call open(long clientId, String dialledNumber, String callerNumber, String callerName);

    /** Records the end of the call now; ending an ended call keeps the first time. */
    void end(long callId);

    Optional<Call> find(Scope scope, long callId);
}
