package org.messagebank.store.index;

import org.messagebank.store.domain.MessageStatus;

import java.time.Instant;

/**
 * A message search: free text in the documented query syntax plus fielded filters, newest
 * first. Every filter is optional; a null text matches every message in scope.
 *
 * @param text       user query (see docs/search.md), or null
 * @param clientId   only this client's messages (admins); a tenant scope always applies its own
 * @param caller     caller or phone-field number in any format, normalised to E.164
 * @param from       created at or after, inclusive
 * @param to         created before, exclusive
 * @param offset     how many matches to skip, for paging
 * @param limit      page size, 1..1000
 */
public record SearchQuery(String text, Long clientId, String caller, Instant from, Instant to, Long operatorId,
                          MessageStatus status, int offset, int limit) {
    public static final int MAX_LIMIT = 1000;
    public static final int MAX_OFFSET = 10_000;

    public SearchQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ": " + limit);
        }
        if (offset < 0 || offset > MAX_OFFSET) {
            throw new IllegalArgumentException("offset must be 0.." + MAX_OFFSET + ": " + offset);
        }
    }

    /** Everything in scope, newest 20 first. */
    public static SearchQuery all() {
        return new SearchQuery(null, null, null, null, null, null, null, 0, 20);
    }

    public static SearchQuery text(String text) {
        return all().withText(text);
    }

    public SearchQuery withText(String text) {
        return new SearchQuery(text, clientId, caller, from, to, operatorId, status, offset, limit);
    }

    public SearchQuery withClient(Long clientId) {
        return new SearchQuery(text, clientId, caller, from, to, operatorId, status, offset, limit);
    }

    public SearchQuery withCaller(String caller) {
        return new SearchQuery(text, clientId, caller, from, to, operatorId, status, offset, limit);
    }

    public SearchQuery between(Instant from, Instant to) {
        return new SearchQuery(text, clientId, caller, from, to, operatorId, status, offset, limit);
    }

    public SearchQuery withOperator(Long operatorId) {
        return new SearchQuery(text, clientId, caller, from, to, operatorId, status, offset, limit);
    }

    public SearchQuery withStatus(MessageStatus status) {
        return new SearchQuery(text, clientId, caller, from, to, operatorId, status, offset, limit);
    }

    public SearchQuery page(int offset, int limit) {
        return new SearchQuery(text, clientId, caller, from, to, operatorId, status, offset, limit);
    }
}
