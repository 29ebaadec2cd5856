package org.messagebank.bench;

import org.messagebank.bench.QuerySpec.Field;
import org.messagebank.bench.QuerySpec.Kind;
import org.messagebank.bench.QuerySpec.Term;
import org.messagebank.store.domain.MessageStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The fixed, seeded query mix. Clients are picked in proportion to their traffic, words as often
 * as messages use them, callers and surnames mostly from the client's regular callers (so that
 * most searches find something); one search in ten is an admin search across all clients.
 */
public final class QueryMix {
    /** Relative frequency (%) of each kind of search, in {@link Kind} order: the order makes the mix reproducible. */
    static final Map<Kind, Integer> WEIGHTS = weights();

    private final DataGenerator data;
    private final List<Kind> wheel = new ArrayList<>();

    public QueryMix(DataGenerator data) {
        this.data = data;
        WEIGHTS.forEach((kind, weight) -> {
            for (int i = 0; i < weight; i++) {
                wheel.add(kind);
            }
        });
    }

    private static Map<Kind, Integer> weights() {
        var w = new EnumMap<Kind, Integer>(Kind.class);
        w.put(Kind.WORD, 20);
        w.put(Kind.TWO_WORDS, 15);
        w.put(Kind.REASON_FIELD, 10);
        w.put(Kind.NAME_FIELD, 10);
        w.put(Kind.CALLER_FILTER, 10);
        w.put(Kind.CALLER_TEXT, 5);
        w.put(Kind.DATE_RANGE, 10);
        w.put(Kind.STATUS, 5);
        w.put(Kind.WORD_STATUS_RANGE, 10);
        w.put(Kind.NAME_DATE_RANGE, 5);
        return Collections.unmodifiableMap(w);
    }

    /** {@code count} searches from the random stream {@code stream} (warm-up and measurement use different ones). */
    public List<QuerySpec> queries(long stream, int count) {
        var r = data.random(Long.MIN_VALUE / 2 + stream);
        var list = new ArrayList<QuerySpec>(count);
        for (int i = 0; i < count; i++) {
            list.add(next(r));
        }
        return List.copyOf(list);
    }

    private QuerySpec next(SplittableRandom r) {
        var kind = wheel.get(r.nextInt(wheel.size()));
        var client = data.weightedClient(r);
        Integer clientIndex = r.nextInt(10) == 0 ? null : client.index();
        var regular = client.regulars().get(r.nextInt(client.regulars().size()));
        return switch (kind) {
            case WORD -> spec(kind, clientIndex, List.of(word(r)), null, false, null);
            case TWO_WORDS -> spec(kind, clientIndex, List.of(word(r), word(r)), null, false, null);
            case REASON_FIELD -> spec(kind, clientIndex, List.of(new Term(Field.REASON, data.contentWord(r))), null, false, null);
            case NAME_FIELD -> spec(kind, clientIndex, List.of(surname(r, regular)), null, false, null);
            case CALLER_FILTER -> spec(kind, clientIndex, List.of(), regular, false, null);
            case CALLER_TEXT -> spec(kind, clientIndex, List.of(), regular, true, null);
            case DATE_RANGE -> withRange(r, spec(kind, clientIndex, List.of(), null, false, null));
            case STATUS -> spec(kind, clientIndex, List.of(), null, false, status(r));
            case WORD_STATUS_RANGE -> withRange(r, spec(kind, clientIndex, List.of(word(r)), null, false, status(r)));
            case NAME_DATE_RANGE -> withRange(r, spec(kind, clientIndex, List.of(surname(r, regular)), null, false, null));
        };
    }

    private static QuerySpec spec(Kind kind, Integer clientIndex, List<Term> terms, Caller caller, boolean callerAsText,
                                  MessageStatus status) {
        return new QuerySpec(kind, clientIndex, terms, caller, callerAsText, null, null, status);
    }

    /** A window of 1 to 30 days somewhere in the data's span. */
    private QuerySpec withRange(SplittableRandom r, QuerySpec q) {
        long spanDays = Duration.between(data.start(), data.end()).toDays();
        int days = 1 + r.nextInt(30);
        Instant from = data.start().plus(Duration.ofDays(r.nextLong(Math.max(1, spanDays - days + 1))));
        return new QuerySpec(q.kind(), q.clientIndex(), q.terms(), q.caller(), q.callerAsText(), from,
                from.plus(Duration.ofDays(days)), q.status());
    }

    private Term word(SplittableRandom r) {
        return new Term(Field.ANY, data.contentWord(r));
    }

    /** Usually the surname of one of the client's regular callers, sometimes anybody's. */
    private static Term surname(SplittableRandom r, Caller regular) {
        String name = regular.name() != null && r.nextInt(10) < 7
                ? regular.name().substring(regular.name().indexOf(' ') + 1)
                : DataGenerator.pick(r, Vocabulary.SURNAMES);
        return new Term(Field.NAME, name.toLowerCase(java.util.Locale.ROOT));
    }

    /** New messages are what people filter for most. */
    private static MessageStatus status(SplittableRandom r) {
        int p = r.nextInt(10);
        return p < 6 ? MessageStatus.NEW : p < 8 ? MessageStatus.READ : MessageStatus.ACKNOWLEDGED;
    }
}
