package org.messagebank.bench;

import org.messagebank.store.Scope;
import org.messagebank.store.index.MessageIndex;
import org.messagebank.store.index.SearchQuery;

/** The query mix through the store's search API ({@link MessageIndex#search}). Client ids are index + 1. */
record StoreSearch(MessageIndex index) implements SearchEngine {

    @Override
    public String name() {
        return "store index (Lucene)";
    }

    static Scope scope(QuerySpec q) {
        return q.admin() ? Scope.admin() : Scope.tenant(q.clientIndex() + 1L);
    }

    static SearchQuery toSearchQuery(QuerySpec q) {
        var query = SearchQuery.all().withText(q.text()).between(q.from(), q.to()).withStatus(q.status())
                .page(0, QuerySpec.LIMIT);
        return q.caller() != null && !q.callerAsText() ? query.withCaller(q.caller().national()) : query;
    }

    @Override
    public Session open() {
        return new Session() {
            @Override
            public int search(QuerySpec query) {
                return index.search(scope(query), toSearchQuery(query)).hits().size();
            }

            @Override
            public void close() {
            }
        };
    }
}
