package org.messagebank.store.index;

import org.messagebank.store.Scope;
import org.messagebank.store.domain.Message;

import java.util.Collection;

/**
 * The full-text message index. Derived from the database: it can be rebuilt at any time, and it
 * records the last outbox sequence it has applied so that a restart resumes from there.
 */
public interface MessageIndex extends AutoCloseable {

    /**
     * Searches the messages the scope may see. A tenant scope is applied here, inside the index,
     * whatever the query says.
     *
     * @throws InvalidQueryException when the query text does not parse
     */
    SearchResult search(Scope scope, SearchQuery query);

    /** Adds or replaces the messages' documents (visible after {@link #refresh()}). */
    void upsert(Collection<Message> messages);

    void delete(Collection<Long> messageIds);

    /** Removes every document. */
    void clear();

    /** Makes everything written so far searchable. */
    void refresh();

    /** The outbox sequence of the last change applied (committed or not). */
    long appliedSeq();

    /** Records that all changes up to {@code seq} have been applied. */
    void markApplied(long seq);

    /** The outbox sequence stored with the last durable commit. */
    long committedSeq();

    /** Durably commits everything applied, with the applied sequence. */
    void commit();

    long documentCount();

    /** Rewrites segments holding deleted documents, so no deleted text survives in the index files, and commits. */
    void expungeDeletes();

    @Override
    void close();
}
