package org.messagebank.store.index;

import java.time.Instant;
import java.util.List;

/**
 * A page of matches, newest first.
 *
 * @param total      how many messages match; a lower bound when {@code totalExact} is false
 */
public record SearchResult(List<Hit> hits, long total, boolean totalExact) {
    public SearchResult {
        hits = List.copyOf(hits);
    }

    /** One matching message; load it from the store, with the same scope, to show it. */
    public record Hit(long messageId, long clientId, Instant createdAt) {
    }

    public List<Long> messageIds() {
        return hits.stream().map(Hit::messageId).toList();
    }
}
