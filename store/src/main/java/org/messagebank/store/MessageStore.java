package org.messagebank.store;

import org.messagebank.store.domain.Message;
import org.messagebank.store.domain.NewMessage;
import org.messagebank.store.domain.OutboxEntry;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The message bank: the system of record for messages. Every write also appends to the
 * outbox in the same transaction; every read takes a {@link Scope}.
 */
public interface MessageStore {

    /**
     * Stores a message. Returns only after the database commit, so a returned message is durable.
     * Concurrent calls are committed together in one transaction.
     */
    Message save(NewMessage message);

    /** Stores the messages in one transaction, in order. */
    List<Message> saveAll(List<NewMessage> messages);

    Optional<Message> find(Scope scope, long messageId);

    /** The messages with these ids that the scope may see, newest first. */
    List<Message> findAll(Scope scope, Collection<Long> messageIds);

    /**
     * A page of messages newest first.
     *
     * @param beforeId only messages with a smaller id; null for the first page
     */
    List<Message> recent(Scope scope, Long beforeId, int limit);

    /** How many messages each client has had since {@code since}, by client id; clients without any are left out. */
    Map<Long, Long> countsSince(Scope.Admin scope, Instant since);

    /** The message taken on the call, if the scope may see it. */
    Optional<Message> findByCall(Scope scope, long callId);

    /** Messages in id order after {@code afterId}; used to rebuild derived stores. */
    List<Message> scan(Scope scope, long afterId, int limit);

    /** Marks the message read; true if it was unread and the scope may see it. */
    boolean markRead(Scope scope, long messageId);

    /** Acknowledges the message; true if it was not yet acknowledged and the scope may see it. */
    boolean acknowledge(Scope scope, long messageId);

    /**
     * Restricts processing (or lifts the restriction): a restricted message is kept but not
     * dispatched, and client users no longer see it or find it; admins still do.
     */
    boolean setRestricted(Scope.Admin scope, long messageId, boolean restricted);

    /** Changes one field (a script field, or {@code caller_name} / {@code caller_number}); returns hashes of the old and new value. */
    Rectified rectify(Scope.Admin scope, long messageId, String field, String value);

    /**
     * Deletes the messages, all or none: when any is on a legal hold (of its own or its
     * client's) nothing is deleted and the held ids are returned.
     */
    Erasure erase(Scope.Admin scope, Collection<Long> messageIds);

    /**
     * Messages that may hold a person's data: the caller number equal to {@code e164}, or a
     * caller name or field value containing {@code text} (case-insensitive). Either may be null.
     */
    List<Message> findBySubject(Scope.Admin scope, String e164, String text, int limit);

    /** SHA-256 hashes (hex) of a field's value before and after a rectification; never the values. */
    record Rectified(String beforeHash, String afterHash) {
    }

    /** The ids erased, or (when nothing was erased) those on a legal hold. */
    record Erasure(List<Long> erased, List<Long> held) {
    }

    /** A legal hold keeps the message past retention and blocks its erasure; admins only. */
    boolean setLegalHold(Scope.Admin scope, long messageId, boolean held);

    /** Outbox entries with a sequence above {@code afterSeq}, in sequence order. */
    List<OutboxEntry> outboxAfter(long afterSeq, int limit);

    /** The highest outbox sequence committed, 0 when empty. */
    long lastOutboxSeq();

    /** A message as {@link #save} committed it, with the sequence of its outbox entry. */
    record Saved(Message message, long outboxSeq) {
    }

    /** Told of messages this store has just saved, on the thread that committed them. */
    @FunctionalInterface
    interface SaveListener {
        /**
         * Called after each commit of saved messages and before the next one, so a slow listener
         * slows saving down. The messages are in outbox sequence order.
         */
        void saved(List<Saved> saved);
    }

    /**
     * Calls the listener with every group of messages saved through this store object (not
     * those saved by other nodes) until the returned handle is closed. The outbox remains the
     * record of every change; this only lets a follower in the same process skip reading back
     * what it was just handed.
     */
    AutoCloseable onSaved(SaveListener listener);

    /** What saving through this store object has done and cost since it opened (not counting other nodes). */
    CommitStats commitStats();

    /**
     * Totals of the group commits of saved messages: how many transactions, how many messages
     * they held, the time spent committing them (failed attempts included) and the time spent
     * syncing the database files after them, which only the embedded database needs (its commit
     * does not sync; PostgreSQL's does, so there it is zero). On the embedded database the sync
     * is most of a commit's time, and the first place to look when saving slows down.
     */
    record CommitStats(long commits, long messages, Duration committing, Duration syncing) {
        /** What happened between {@code earlier} and these totals. */
        public CommitStats since(CommitStats earlier) {
            return new CommitStats(commits - earlier.commits, messages - earlier.messages,
                    committing.minus(earlier.committing), syncing.minus(earlier.syncing));
        }
    }
}
