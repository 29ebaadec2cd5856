package org.messagebank.store;

import org.messagebank.store.domain.DeliveryChannel;
import org.messagebank.store.domain.Dispatch;
import org.messagebank.store.domain.DispatchEvent;
import org.messagebank.store.domain.DispatchState;
import org.messagebank.store.domain.Escalation;
import org.messagebank.store.domain.NewDispatch;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Dispatches: the durable queue of deliveries. Creation is idempotent by
 * {@link NewDispatch#idempotencyKey()}; workers claim due dispatches under a lease, so a
 * dispatch whose worker died is claimed again once its lease has run out.
 */
public interface DispatchStore {

    /** The position of the named outbox follower, 0 before its first step. */
    long cursor(String name);

    /**
     * In one transaction: creates the dispatches that do not exist yet, starts the escalations
     * that do not exist yet, and moves the named cursor to {@code seq}. Returns the dispatches
     * created by this call. The cursor only moves forward, and planners on several nodes may
     * create it at the same moment: each node's planner may finish a batch after another's.
     */
    List<Dispatch> plan(String cursor, long seq, List<NewDispatch> dispatches, List<Escalation> escalations);

    /** Creates the dispatches that do not exist yet; returns those created. */
    List<Dispatch> createAll(List<NewDispatch> dispatches);

    Optional<Dispatch> find(long dispatchId);

    /** The dispatches of a message, oldest first, if the scope may see it. */
    List<Dispatch> forMessage(Scope scope, long messageId);

    /**
     * The state changes of the message's dispatches, oldest first, if the scope may see it: each
     * creation (QUEUED), attempt (SENDING), acceptance (SENT), retry (QUEUED with the reason),
     * provider report (DELIVERED or FAILED with the reason) and acknowledgement.
     */
    List<DispatchEvent> history(Scope scope, long messageId);

    /**
     * Claims up to {@code limit} dispatches that are QUEUED and due, or SENDING with a lease that
     * has run out: each becomes SENDING, leased to {@code owner} until {@code now + lease}, with
     * one more attempt counted. A dispatch is claimed by one owner at a time.
     *
     * @param channels only dispatches on these channels
     */
    List<Dispatch> claimDue(String owner, Collection<DeliveryChannel> channels, Instant now, Duration lease, int limit);

    /**
     * Extends the lease of a SENDING dispatch still leased to {@code owner} to {@code now + lease};
     * true if it was still {@code owner}'s. A lease that ran out but was not claimed by another
     * owner is still {@code owner}'s, and renewing it keeps it so.
     */
    boolean renewLease(long dispatchId, String owner, Instant now, Duration lease);

    /** The earliest due time of a QUEUED dispatch or lease end of a SENDING one, if any. */
    Optional<Instant> nextDue(Collection<DeliveryChannel> channels);

    /** SENDING → SENT, if still leased to {@code owner}; true if it was. */
    boolean markSent(long dispatchId, String owner, String providerId);

    /** SENDING → QUEUED due at {@code dueAt}, keeping the reason; true if still leased to {@code owner}. */
    boolean markRetry(long dispatchId, String owner, Instant dueAt, String errorCode, String errorText);

    /** SENDING → FAILED with the reason; {@code deadLetter} when it ran out of attempts. */
    boolean markFailed(long dispatchId, String owner, String errorCode, String errorText, boolean deadLetter);

    /**
     * Applies a provider's report (DELIVERED or FAILED) to the dispatch it accepted as
     * {@code providerId}. Only SENDING or SENT dispatches move; an acknowledged one stays.
     */
    Optional<Dispatch> report(String providerId, DispatchState state, String errorCode, String errorText);

    /**
     * The message was acknowledged: its dispatches still QUEUED, SENDING, SENT or DELIVERED become
     * ACKNOWLEDGED (queued ones are not sent; a worker sending one loses its lease), and its
     * escalation finishes. Returns how many moved.
     */
    int acknowledged(long messageId);

    /** How many dispatches are in the state. */
    long count(DispatchState state);

    /** How many dispatches are dead letters. */
    long deadLetterCount();

    /** Dispatches that failed after their last attempt, newest first. */
    List<Dispatch> deadLetters(int limit);

    /** The newest urgent SMS dispatch sent to any of these contacts. */
    Optional<Dispatch> latestUrgentSms(Collection<Long> contactIds);

    /**
     * Deletes a dispatch, with its history, if its message no longer exists; true if it did. A
     * message's dispatches go with it, but on the embedded database one created while its
     * message was being deleted can be left behind (ADR 11): the worker that finds it drops it.
     */
    boolean dropIfMessageGone(long dispatchId);

    /** Deletes the escalation of a message that no longer exists, as {@link #dropIfMessageGone} does a dispatch. */
    boolean dropEscalationIfMessageGone(long messageId);

    /** Unfinished escalations due at or before {@code now}, oldest first. */
    List<Escalation> dueEscalations(Instant now, int limit);

    /**
     * Records one escalation step and creates its dispatches, in one transaction, only if the
     * escalation is still at {@code expectedRoundsDone} (so two nodes never run the same round).
     */
    boolean escalate(Escalation next, int expectedRoundsDone, List<NewDispatch> dispatches);

    Optional<Escalation> escalation(long messageId);
}
