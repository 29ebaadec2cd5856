package org.messagebank.bench.web;

import org.junit.jupiter.api.Test;
import org.messagebank.bench.Caller;
import org.messagebank.bench.DataGenerator;
import org.messagebank.bench.QueryMix;
import org.messagebank.bench.QuerySpec;
import org.messagebank.bench.QuerySpec.Field;
import org.messagebank.bench.QuerySpec.Kind;
import org.messagebank.bench.QuerySpec.Term;
import org.messagebank.store.domain.MessageStatus;
import org.messagebank.store.index.SearchQuery;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PortalRequestTest {
    private static final Caller JANE = new Caller("+447700900123", "07700 900123", "Jane Smith");
    private static final Instant FROM = Instant.parse("2025-03-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2025-03-08T00:00:00Z");

    @Test
    void anInboxPageIsEveryMessageNewestFirstFromItsOffset() {
        var third = PortalRequest.inbox(2);

        assertEquals("/api/v1/messages?offset=40&limit=20", third.path());
        assertEquals(PortalRequest.INBOX_LATER, third.kind());
        assertEquals(SearchQuery.all().page(40, 20), third.toSearchQuery());
        assertEquals(PortalRequest.INBOX, PortalRequest.inbox(0).kind());
    }

    @Test
    void aSearchSendsItsTextAndFiltersAsTheQueryParametersTheServerReads() {
        var spec = new QuerySpec(Kind.WORD_STATUS_RANGE, 0, List.of(new Term(Field.ANY, "boiler"), new Term(Field.NAME, "smith")),
                JANE, false, FROM, TO, MessageStatus.NEW);
        var request = PortalRequest.search(spec);

        var params = params(request.path());

        assertEquals("boiler name:smith", params.get("q"));
        assertEquals("07700 900123", params.get("caller"));
        assertEquals(FROM.toString(), params.get("from"));
        assertEquals(TO.toString(), params.get("to"));
        assertEquals("NEW", params.get("status"));
        assertEquals("0", params.get("offset"));
        assertEquals("20", params.get("limit"));
        assertEquals(SearchQuery.all().withText("boiler name:smith").withCaller("07700 900123").between(FROM, TO)
                .withStatus(MessageStatus.NEW).page(0, 20), request.toSearchQuery());
    }

    @Test
    void aCallerTypedIntoTheSearchBoxIsTextNotTheCallerFilter() {
        var request = PortalRequest.search(new QuerySpec(Kind.CALLER_TEXT, 0, List.of(), JANE, true, null, null, null));

        var params = params(request.path());

        assertEquals("07700 900123", params.get("q"));
        assertFalse(params.containsKey("caller"));
        assertNull(request.toSearchQuery().caller());
        assertEquals("07700 900123", request.toSearchQuery().text());
    }

    @Test
    void theMixIsReproducibleAndAboutAThirdInbox() {
        var mix = new QueryMix(new DataGenerator(7, 1, 10_000, Instant.parse("2025-06-01T00:00:00Z"), Duration.ofDays(100)));

        var requests = PortalRequest.mix(mix, 7, 2, 2_000);

        assertEquals(requests, PortalRequest.mix(mix, 7, 2, 2_000));
        long inbox = requests.stream().filter(r -> r.search() == null).count();
        assertTrue(inbox > 500 && inbox < 700, "inbox pages: " + inbox);
        assertTrue(requests.stream().filter(r -> r.search() == null).allMatch(r -> r.offset() % 20 == 0 && r.offset() <= 80));
    }

    private static Map<String, String> params(String path) {
        return Arrays.stream(URI.create("http://127.0.0.1" + path).getRawQuery().split("&"))
                .map(p -> p.split("=", 2))
                .collect(Collectors.toMap(p -> p[0], p -> URLDecoder.decode(p[1], StandardCharsets.UTF_8)));
    }
}
