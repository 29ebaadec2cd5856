package org.messagebank.store.index;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.messagebank.store.PhoneNumbers;
import org.messagebank.store.Scope;
import org.messagebank.store.domain.Message;
import org.messagebank.store.domain.MessageStatus;
import org.messagebank.store.domain.Urgency;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LuceneMessageIndexTest {
    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");
    private static final long ACME = 1;
    private static final long OTHER = 2;

    @TempDir
    Path dir;
    private LuceneMessageIndex index;

    @BeforeEach
    void open() {
        index = LuceneMessageIndex.open(dir, new PhoneNumbers("GB"));
    }

    @AfterEach
    void close() {
        index.close();
    }

    private static Message message(long id, long clientId, int minutes, String caller, String name, Map<String, String> fields) {
        return new Message(id, clientId, null, 7L, T0.plus(Duration.ofMinutes(minutes)), caller, name, 1, fields,
                Urgency.NORMAL, null, null);
    }

    private List<Long> ids(Scope scope, SearchQuery q) {
        return index.search(scope, q).messageIds();
    }

    private void add(Message... messages) {
        index.upsert(List.of(messages));
        index.refresh();
    }

    @Test
    void nationalFormatFindsTheE164Caller() {
        add(message(1, ACME, 0, "+447700900123", "Jane Smith", Map.of("reason", "boiler leaking")),
                message(2, ACME, 1, "+447700900999", "Bob Jones", Map.of("reason", "boiler leaking")));

        assertEquals(List.of(1L), ids(Scope.tenant(ACME), SearchQuery.text("07700 900123")));
        assertEquals(List.of(1L), ids(Scope.tenant(ACME), SearchQuery.text("caller:07700900123")));
        assertEquals(List.of(1L), ids(Scope.tenant(ACME), SearchQuery.text("+44 7700 900123 boiler")));
        assertEquals(List.of(1L), ids(Scope.tenant(ACME), SearchQuery.all().withCaller("07700 900123")));
    }

    @Test
    void numbersWrittenInFieldsAreSearchableInAnyFormat() {
        add(message(1, ACME, 0, null, "Jane", Map.of("callback", "020 7946 0018", "reason", "ring me on 07700 900555")));
        assertEquals(List.of(1L), ids(Scope.tenant(ACME), SearchQuery.text("+442079460018")));
        assertEquals(List.of(1L), ids(Scope.tenant(ACME), SearchQuery.text("07700900555")));
    }

    @Test
    void textAndFieldedQueriesMatchWords() {
        add(message(1, ACME, 0, "+447700900123", "Jane Smith", Map.of("reason", "boiler leaking in the kitchen")),
                message(2, ACME, 1, "+447700900124", "John Boiler", Map.of("reason", "invoice query")));

        assertEquals(List.of(2L, 1L), ids(Scope.tenant(ACME), SearchQuery.text("boiler")));
        assertEquals(List.of(1L), ids(Scope.tenant(ACME), SearchQuery.text("reason:boiler")));
        assertEquals(List.of(2L), ids(Scope.tenant(ACME), SearchQuery.text("name:boiler")));
        assertEquals(List.of(1L), ids(Scope.tenant(ACME), SearchQuery.text("boiler kitchen")), "terms are ANDed");
        assertEquals(List.of(2L, 1L), ids(Scope.tenant(ACME), SearchQuery.text("kitchen OR invoice")));
        assertEquals(List.of(1L), ids(Scope.tenant(ACME), SearchQuery.text("\"leaking in the kitchen\"")));
    }

    @Test
    void tenantScopeCannotBeEscapedFromTheQueryText() {
        add(message(1, ACME, 0, "+447700900123", "Jane", Map.of("reason", "secret")),
                message(2, OTHER, 1, "+447700900123", "Jane", Map.of("reason", "secret")));

        assertEquals(List.of(2L), ids(Scope.tenant(OTHER), SearchQuery.text("secret")));
        assertEquals(List.of(2L), ids(Scope.tenant(OTHER), SearchQuery.text("secret OR client:1")));
        assertEquals(List.of(), ids(Scope.tenant(OTHER), SearchQuery.text("secret").withClient(ACME)));
        assertEquals(List.of(2L, 1L), ids(Scope.admin(), SearchQuery.text("secret")));
        assertEquals(List.of(1L), ids(Scope.admin(), SearchQuery.text("secret").withClient(ACME)));
    }

    @Test
    void filtersByDateOperatorAndStatus() {
        var read = new Message(3, ACME, null, 8L, T0.plus(Duration.ofDays(2)), null, "Read One", 1, Map.of("reason", "x"),
                Urgency.NORMAL, T0.plus(Duration.ofDays(3)), null);
        add(message(1, ACME, 0, null, "A", Map.of("reason", "x")), message(2, ACME, 60 * 24, null, "B", Map.of("reason", "x")), read);

        assertEquals(List.of(2L), ids(Scope.tenant(ACME), SearchQuery.all().between(T0.plus(Duration.ofHours(1)), T0.plus(Duration.ofDays(2)))));
        assertEquals(List.of(3L), ids(Scope.tenant(ACME), SearchQuery.all().withOperator(8L)));
        assertEquals(List.of(3L), ids(Scope.tenant(ACME), SearchQuery.all().withStatus(MessageStatus.READ)));
        assertEquals(List.of(2L, 1L), ids(Scope.tenant(ACME), SearchQuery.all().withStatus(MessageStatus.NEW)));
    }

    @Test
    void pagesNewestFirstWithTotals() {
        for (int i = 1; i <= 30; i++) {
            index.upsert(List.of(message(i, ACME, i, null, "N", Map.of("reason", "leak"))));
        }
        index.refresh();
        var first = index.search(Scope.tenant(ACME), SearchQuery.text("leak").page(0, 10));
        var second = index.search(Scope.tenant(ACME), SearchQuery.text("leak").page(10, 10));
        assertEquals(List.of(30L, 29L, 28L, 27L, 26L, 25L, 24L, 23L, 22L, 21L), first.messageIds());
        assertEquals(20L, second.messageIds().getFirst());
        assertTrue(first.total() >= 10 && first.total() <= 30, "counted at least as far as the page: " + first.total());
        assertEquals(first.total() == 30, first.totalExact());
        var all = index.search(Scope.tenant(ACME), SearchQuery.text("leak").page(0, 50));
        assertEquals(30, all.total(), "a page wider than the matches counts them all");
        assertTrue(all.totalExact());
        assertEquals(ACME, first.hits().getFirst().clientId());
        assertEquals(T0.plus(Duration.ofMinutes(30)), first.hits().getFirst().createdAt());
    }

    @Test
    void adminHitsNameTheirClient() {
        add(message(1, ACME, 0, null, "A", Map.of("reason", "boiler")), message(2, OTHER, 1, null, "B", Map.of("reason", "boiler")));
        var hits = index.search(Scope.admin(), SearchQuery.text("boiler")).hits();
        assertEquals(List.of(OTHER, ACME), hits.stream().map(SearchResult.Hit::clientId).toList());
    }

    @Test
    void upsertReplacesAndDeleteRemoves() {
        add(message(1, ACME, 0, null, "A", Map.of("reason", "boiler")));
        add(message(1, ACME, 0, null, "A", Map.of("reason", "radiator")));
        assertEquals(List.of(), ids(Scope.tenant(ACME), SearchQuery.text("boiler")));
        assertEquals(List.of(1L), ids(Scope.tenant(ACME), SearchQuery.text("radiator")));
        assertEquals(1, index.documentCount());
        index.delete(List.of(1L));
        index.refresh();
        assertEquals(0, index.documentCount());
    }

    @Test
    void malformedQueryGivesATypedErrorWithTheParsersMessage() {
        add(message(1, ACME, 0, null, "A", Map.of("reason", "boiler")));
        var e = assertThrows(InvalidQueryException.class, () -> index.search(Scope.tenant(ACME), SearchQuery.text("reason:(boiler")));
        assertTrue(e.getMessage().startsWith("Cannot parse 'reason:(boiler'"), e.getMessage());
        assertFalse(e.getMessage().contains("Was expecting"), e.getMessage());

        var wildcard = assertThrows(InvalidQueryException.class, () -> index.search(Scope.tenant(ACME), SearchQuery.text("*oiler")));
        assertTrue(wildcard.getMessage().contains("not allowed as first character"), wildcard.getMessage());
    }

    @Test
    void commitRecordsTheAppliedOutboxSequenceAcrossReopen() {
        add(message(1, ACME, 0, null, "A", Map.of("reason", "boiler")));
        index.markApplied(41);
        index.commit();
        index.close();
        index = LuceneMessageIndex.open(dir, new PhoneNumbers("GB"));
        assertEquals(41, index.committedSeq());
        assertEquals(41, index.appliedSeq());
        assertEquals(1, index.documentCount());
    }
}
