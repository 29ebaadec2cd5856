package org.messagebank.bench.web;

import org.messagebank.bench.QueryMix;
import org.messagebank.bench.QuerySpec;
import org.messagebank.store.index.SearchQuery;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.StringJoiner;

/**
 * One request of a client user in the portal: a page of the inbox (every message, newest first)
 * or a search of the benchmark mix, always 20 to a page. The same request is sent over HTTP as
 * {@code GET /api/v1/messages?...} and, for the baseline, built as the {@link SearchQuery} that
 * the server builds from those parameters. Searches are always of the user's own client: an
 * admin search of the mix is sent like any other, and the server scopes it to the client.
 *
 * @param kind   {@code INBOX} (first page), {@code INBOX_LATER} (pages 2 to 5) or the search's kind
 * @param search the search, or null for an inbox page
 * @param offset how many newest matches to skip
 */
record PortalRequest(String kind, QuerySpec search, int offset) {
    static final String INBOX = "INBOX";
    static final String INBOX_LATER = "INBOX_LATER";

    /** Share of inbox pages in {@link #mix}, in percent; the rest are searches of the mix. */
    static final int INBOX_PERCENT = 30;

    /**
     * {@code count} requests: {@link #INBOX_PERCENT}% inbox pages (two in three the first page, the
     * rest pages 2 to 5), the others the searches of {@code mix}'s stream {@code stream}, in order.
     */
    static List<PortalRequest> mix(QueryMix mix, long seed, long stream, int count) {
        var searches = mix.queries(stream, count);
        var r = new SplittableRandom(seed * 31 + stream);
        var requests = new ArrayList<PortalRequest>(count);
        for (int i = 0; i < count; i++) {
            if (r.nextInt(100) < INBOX_PERCENT) {
                requests.add(inbox(r.nextInt(3) < 2 ? 0 : 1 + r.nextInt(4)));
            } else {
                requests.add(search(searches.get(i)));
            }
        }
        return List.copyOf(requests);
    }

    static PortalRequest inbox(int page) {
        return new PortalRequest(page == 0 ? INBOX : INBOX_LATER, null, page * QuerySpec.LIMIT);
    }

    static PortalRequest search(QuerySpec search) {
        return new PortalRequest(search.kind().name(), search, 0);
    }

    /** The path and query string, each value URL-encoded. */
    String path() {
        var query = new StringJoiner("&", "/api/v1/messages?", "");
        if (search != null) {
            add(query, "q", search.text());
            if (search.caller() != null && !search.callerAsText()) {
                add(query, "caller", search.caller().national());
            }
            add(query, "from", search.from() == null ? null : search.from().toString());
            add(query, "to", search.to() == null ? null : search.to().toString());
            add(query, "status", search.status() == null ? null : search.status().name());
        }
        add(query, "offset", Integer.toString(offset));
        add(query, "limit", Integer.toString(QuerySpec.LIMIT));
        return query.toString();
    }

    private static void add(StringJoiner query, String name, String value) {
        if (value != null) {
            query.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
    }

    /** The store query the server makes of {@link #path()}. */
    SearchQuery toSearchQuery() {
        var query = SearchQuery.all();
        if (search != null) {
            query = query.withText(search.text()).between(search.from(), search.to()).withStatus(search.status());
            if (search.caller() != null && !search.callerAsText()) {
                query = query.withCaller(search.caller().national());
            }
        }
        return query.page(offset, QuerySpec.LIMIT);
    }
}
