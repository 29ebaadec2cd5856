package org.messagebank.store.retention;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The deletions the reaper makes, one bounded batch per call and one transaction per batch,
 * so a run killed at any point leaves whole batches done and the next run finishes the job.
 * Records under a legal hold are never selected.
 */
public interface RetentionStore {

    /** How many records of the category are due for deletion now, and the oldest one's time. */
    Due due(RetentionCategory category, Cutoffs cutoffs);

    /** Deletes (or, for ceased client accounts, erases) up to {@code limit} due records; returns how many. */
    int reapBatch(RetentionCategory category, Cutoffs cutoffs, int limit);

    /**
     * Deletes up to {@code limit} messages of one client at the client's request, whatever their
     * age; returns how many. Refuses (deleting nothing) while the client is on a legal hold.
     */
    int eraseClientMessages(long clientId, int limit);

    /** How many records of the category are held, and when the oldest was made (or ceased). */
    Held held(RetentionCategory category);

    /** Takes or renews the named lease for {@code holder} until {@code now + ttl}; false if another holds it. */
    boolean acquireLease(String name, String holder, Instant now, Duration ttl);

    void releaseLease(String name, String holder);

    /** The instants before which each category's records are due. */
    record Cutoffs(Instant messages, Instant ceasedClientMessages, Instant ceasedClientAccounts, Instant ceasedResellers,
                   Instant audit, Instant outbox) {
    }

    record Due(long count, Optional<Instant> oldest) {
    }

    record Held(long count, Optional<Instant> oldest) {
    }
}
