package org.messagebank.bench;

import org.apache.lucene.document.LongField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.SortedNumericSortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopFieldCollectorManager;
import org.apache.lucene.store.FSDirectory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A diagnostic, not a product path: the same searches straight on the store's committed index files
 * with plain Lucene, building the Lucene queries the store builds (field names copied from
 * {@code LuceneMessageIndex}: they must follow it) but without the query parser, phone-number
 * detection or the stored-field read of each hit's client. The gap to {@link StoreSearch} is the
 * cost of the store's search layer; equal hit counts per kind show the queries are the same.
 *
 * <p>{@code totalHitsThreshold} is how many matches Lucene counts before it may stop early on the
 * index sort: 1000 is what {@code IndexSearcher.search(query, n, sort)} (and so the store) uses;
 * {@link QuerySpec#LIMIT} shows what counting only the page would save.
 */
final class PlainLuceneSearch implements SearchEngine, AutoCloseable {
    private static final Sort NEWEST_FIRST = new Sort(
            new SortedNumericSortField("created", SortField.Type.LONG, true),
            new SortedNumericSortField("id", SortField.Type.LONG, true));

    /** Lucene's default for {@code IndexSearcher.search(query, n, sort)}. */
    static final int DEFAULT_TOTAL_HITS_THRESHOLD = 1000;

    private final DirectoryReader reader;
    private final IndexSearcher searcher;
    private final int totalHitsThreshold;

    PlainLuceneSearch(Path indexDir, int totalHitsThreshold) {
        this.totalHitsThreshold = totalHitsThreshold;
        try {
            reader = DirectoryReader.open(FSDirectory.open(indexDir));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        searcher = new IndexSearcher(reader);
    }

    @Override
    public String name() {
        return "plain Lucene, same index, count to " + totalHitsThreshold + " (diagnostic)";
    }

    static Query toLucene(QuerySpec q) {
        var b = new BooleanQuery.Builder();
        var text = new BooleanQuery.Builder();
        boolean anyText = false;
        for (var t : q.terms()) {
            String field = switch (t.field()) {
                case ANY -> "text";
                case REASON -> "reason";
                case NAME -> "caller_name";
            };
            text.add(new TermQuery(new Term(field, t.word().toLowerCase(Locale.ROOT))), Occur.MUST);
            anyText = true;
        }
        if (q.caller() != null && q.callerAsText()) {
            var written = new PhraseQuery("text", q.caller().national().split(" "));
            text.add(new BooleanQuery.Builder()
                    .add(new TermQuery(new Term("phone", q.caller().e164())), Occur.SHOULD)
                    .add(written, Occur.SHOULD).build(), Occur.MUST);
            anyText = true;
        }
        b.add(anyText ? text.build() : MatchAllDocsQuery.INSTANCE, Occur.MUST);
        if (!q.admin()) {
            b.add(new TermQuery(new Term("client", Long.toString(q.clientIndex() + 1L))), Occur.FILTER);
            b.add(new TermQuery(new Term("restricted", "true")), Occur.MUST_NOT);
        }
        if (q.caller() != null && !q.callerAsText()) {
            b.add(new TermQuery(new Term("phone", q.caller().e164())), Occur.FILTER);
        }
        if (q.status() != null) {
            b.add(new TermQuery(new Term("status", q.status().name())), Occur.FILTER);
        }
        if (q.from() != null) {
            b.add(LongField.newRangeQuery("created", q.from().toEpochMilli(), q.to().toEpochMilli() - 1), Occur.FILTER);
        }
        return b.build();
    }

    @Override
    public Session open() {
        return new Session() {
            @Override
            public int search(QuerySpec query) {
                try {
                    var top = new TopFieldCollectorManager(NEWEST_FIRST, QuerySpec.LIMIT, null, totalHitsThreshold);
                    return searcher.search(toLucene(query), top).scoreDocs.length;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
