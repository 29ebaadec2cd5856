package org.messagebank.bench;

import org.junit.jupiter.api.Test;
import org.messagebank.bench.QuerySpec.Field;
import org.messagebank.bench.QuerySpec.Kind;
import org.messagebank.bench.QuerySpec.Term;
import org.messagebank.store.Scope;
import org.messagebank.store.domain.MessageStatus;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QueryTranslationTest {
    private static final Caller CALLER = new Caller("+447700900123", "07700 900123", "Ann Smith");
    private static final Instant FROM = Instant.parse("2025-03-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2025-03-08T00:00:00Z");

    @Test
    void fieldedWordsBecomeTheStoreSyntaxAndWeightedTsqueries() {
        var q = new QuerySpec(Kind.TWO_WORDS, 4, List.of(new Term(Field.REASON, "boiler"), new Term(Field.NAME, "smith"),
                new Term(Field.ANY, "leak")), null, false, null, null, null);
        assertEquals("reason:boiler name:smith leak", q.text());
        assertEquals("boiler:B & smith:A & leak", SqlSearch.tsquery(q.terms()));
    }

    @Test
    void aCombinedTenantSearchKeepsEveryFilterOnBothSides() {
        var q = new QuerySpec(Kind.WORD_STATUS_RANGE, 4, List.of(new Term(Field.ANY, "boiler")), CALLER, false, FROM, TO,
                MessageStatus.NEW);

        assertEquals(Scope.tenant(5), StoreSearch.scope(q));
        var search = StoreSearch.toSearchQuery(q);
        assertEquals("boiler", search.text());
        assertEquals("07700 900123", search.caller());
        assertEquals(FROM, search.from());
        assertEquals(TO, search.to());
        assertEquals(MessageStatus.NEW, search.status());
        assertEquals(QuerySpec.LIMIT, search.limit());

        var sql = SqlSearch.toSql(q);
        assertEquals("SELECT id FROM bench_messages WHERE client_id = ? AND tsv @@ to_tsquery('english', ?)"
                + " AND caller_number = ? AND created_at >= ? AND created_at < ? AND read_at IS NULL AND acknowledged_at IS NULL"
                + " ORDER BY created_at DESC, id DESC LIMIT 20", sql.text());
        assertEquals(List.of(5L, "boiler", "+447700900123", OffsetDateTime.ofInstant(FROM, ZoneOffset.UTC),
                OffsetDateTime.ofInstant(TO, ZoneOffset.UTC)), sql.params());
    }

    @Test
    void aCallerTypedIntoTheBoxIsTextForTheStoreAndEqualityForSql() {
        var q = new QuerySpec(Kind.CALLER_TEXT, null, List.of(), CALLER, true, null, null, null);
        assertEquals(Scope.admin(), StoreSearch.scope(q));
        assertEquals("07700 900123", StoreSearch.toSearchQuery(q).text());
        assertNull(StoreSearch.toSearchQuery(q).caller());
        assertEquals("SELECT id FROM bench_messages WHERE caller_number = ? ORDER BY created_at DESC, id DESC LIMIT 20",
                SqlSearch.toSql(q).text());
    }

    @Test
    void theMixIsReproducibleAndHasEveryKindAndSomeAdminSearches() {
        var data = DataGenerator.standard(3, 10_000);
        var mix = new QueryMix(data);
        var queries = mix.queries(2, 5_000);
        assertEquals(queries, new QueryMix(data).queries(2, 5_000));
        assertTrue(!queries.equals(mix.queries(1, 5_000)));

        var kinds = EnumSet.noneOf(Kind.class);
        queries.forEach(q -> kinds.add(q.kind()));
        assertEquals(EnumSet.allOf(Kind.class), kinds);
        long admin = queries.stream().filter(QuerySpec::admin).count();
        assertTrue(admin > 350 && admin < 650, "admin searches: " + admin);
        assertEquals(100, QueryMix.WEIGHTS.values().stream().mapToInt(Integer::intValue).sum());
        // the wheel is built in this order; a hash-ordered map would change the mix from one JVM to the next
        assertEquals(List.of(Kind.values()), List.copyOf(QueryMix.WEIGHTS.keySet()));
    }
}
