package org.messagebank.store;

import org.messagebank.store.domain.Call;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Inbound calls. */
public interface CallStore {

    Call open(long clientId, String dialledNumber, String callerNumber, String callerName);

    /** Records the end of the call now; ending an ended call keeps the first time. */
    void end(long callId);

    Optional<Call> find(Scope scope, long callId);

    /** How many calls each client has had since {@code since}, by client id; clients without calls are left out. */
    Map<Long, Long> countsSince(Scope.Admin scope, Instant since);

    /** Calls from the number {@code e164}, or whose caller name contains {@code text} (case-insensitive). */
    List<Call> findBySubject(Scope.Admin scope, String e164, String text, int limit);

    /** Deletes the calls; messages taken on them keep their content and lose the link. Returns how many. */
    int erase(Scope.Admin scope, Collection<Long> callIds);
}
