package org.messagebank.bench;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.messagebank.bench.QuerySpec.Kind;
import org.messagebank.store.PhoneNumbers;
import org.messagebank.store.Scope;
import org.messagebank.store.index.LuceneMessageIndex;
import org.messagebank.store.index.SearchQuery;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The mix against a small real index: searches find things, tenants see only their own messages. */
class StoreSearchTest {
    private static final DataGenerator DATA = DataGenerator.standard(5, 2_000);

    @TempDir
    static Path dir;
    private static LuceneMessageIndex index;

    @BeforeAll
    static void build() {
        index = LuceneMessageIndex.open(dir, new PhoneNumbers("GB"));
        var build = IndexCorpus.ensureBuilt(index, dir, DATA, 5, 500);
        assertTrue(!build.reused() && build.bytes() > 0);
    }

    @AfterAll
    static void close() {
        index.close();
    }

    @Test
    void theCorpusIsReusedWhenSeedAndSizeMatch() {
        assertEquals(2_000, index.documentCount());
        assertTrue(IndexCorpus.ensureBuilt(index, dir, DATA, 5, 500).reused());
    }

    @Test
    void everyKindOfSearchFindsSomethingAndTenantsSeeOnlyTheirOwn() {
        var queries = new QueryMix(DATA).queries(2, 500);
        var found = new EnumMap<Kind, Integer>(Kind.class);
        for (var q : queries) {
            var result = index.search(StoreSearch.scope(q), StoreSearch.toSearchQuery(q));
            if (!q.admin()) {
                result.hits().forEach(h -> assertEquals(q.clientIndex() + 1L, h.clientId(), q.toString()));
            }
            if (!result.hits().isEmpty()) {
                found.merge(q.kind(), 1, Integer::sum);
            }
        }
        for (Kind kind : Kind.values()) {
            assertTrue(found.getOrDefault(kind, 0) > 0, "no " + kind + " search found anything");
        }
    }

    @Test
    void plainLuceneOnTheSameFilesFindsWhatTheStoreFinds() {
        try (var plain = new PlainLuceneSearch(dir, PlainLuceneSearch.DEFAULT_TOTAL_HITS_THRESHOLD); var session = plain.open()) {
            for (var q : new QueryMix(DATA).queries(4, 500)) {
                int store = index.search(StoreSearch.scope(q), StoreSearch.toSearchQuery(q)).hits().size();
                assertEquals(store, session.search(q), q.toString());
            }
        }
    }

    @Test
    void anAdminSeesManyClients() {
        var all = index.search(Scope.admin(), SearchQuery.all().page(0, 1000));
        assertTrue(all.hits().stream().mapToLong(h -> h.clientId()).distinct().count() > 10);
    }

    @Test
    void theLoadRunsEverySearchOnceAndCountsItsKind() {
        var queries = new QueryMix(DATA).queries(3, 300);
        var load = SearchLoad.run(new StoreSearch(index), queries, 2, Duration.ofMinutes(5));
        assertEquals(queries.size(), load.completed());
        assertEquals(queries.size(), load.byKind().values().stream().mapToInt(k -> k.latency().count()).sum());
    }
}
