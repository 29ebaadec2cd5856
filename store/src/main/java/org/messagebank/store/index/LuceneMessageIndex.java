package org.messagebank.store.index;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.core.KeywordAnalyzer;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LongField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.TieredMergePolicy;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortedNumericSortField;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopFieldCollectorManager;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.search.TotalHits;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;
import org.messagebank.store.PhoneNumbers;
import org.messagebank.store.Scope;
import org.messagebank.store.StoreException;
import org.messagebank.store.domain.Message;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The message index on Lucene. Documents are sorted newest first inside the index, so the usual
 * "newest 20 matches" search stops after the first matches it meets; it counts matches only as
 * far as the page it needs, so totals are often lower bounds ({@link SearchResult#totalExact()}
 * false). Searches see writes after {@link #refresh()} (near real time); {@link #commit()} makes
 * them durable together with the outbox sequence they reflect.
 */
public final class LuceneMessageIndex implements MessageIndex {
    static final String ID_KEY = "id_key";
    static final String ID = "id";
    static final String CLIENT = "client";
    static final String CLIENT_ID = "client_id";
    static final String OPERATOR = "operator";
    static final String CREATED = "created";
    static final String STATUS = "status";
    static final String URGENCY = "urgency";
    static final String PHONE = "phone";
    static final String CALLER_NAME = "caller_name";
    static final String TEXT = "text";
    static final String RESTRICTED = "restricted";
    static final String SEQ_KEY = "outbox_seq";

    /** Names that script fields cannot take as their own search field. */
    static final Set<String> RESERVED = Set.of(ID_KEY, ID, CLIENT, CLIENT_ID, OPERATOR, CREATED, STATUS, URGENCY,
            PHONE, CALLER_NAME, TEXT, RESTRICTED, MessageQueryParser.CALLER, MessageQueryParser.NAME);

    private static final Sort NEWEST_FIRST = new Sort(
            new SortedNumericSortField(CREATED, SortField.Type.LONG, true),
            new SortedNumericSortField(ID, SortField.Type.LONG, true));

    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final Analyzer analyzer;
    private final PhoneNumbers phones;
    private volatile long appliedSeq;
    private volatile long committedSeq;

    private LuceneMessageIndex(Directory directory, PhoneNumbers phones) throws IOException {
        this.directory = directory;
        this.phones = phones;
        this.analyzer = analyzer();
        var config = new IndexWriterConfig(analyzer)
                .setIndexSort(NEWEST_FIRST)
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                .setRAMBufferSizeMB(64)
                .setMergePolicy(mergePolicy());
        this.writer = new IndexWriter(directory, config);
        this.searchers = new SearcherManager(writer, null);
        long seq = 0;
        var data = writer.getLiveCommitData();
        if (data != null) {
            for (Map.Entry<String, String> e : data) {
                if (SEQ_KEY.equals(e.getKey())) {
                    seq = Long.parseLong(e.getValue());
                }
            }
        }
        this.appliedSeq = seq;
        this.committedSeq = seq;
    }

    /** Opens (or creates) the index in a directory on disk. */
    public static LuceneMessageIndex open(Path dir, PhoneNumbers phones) {
        try {
            Files.createDirectories(dir);
            return new LuceneMessageIndex(FSDirectory.open(dir), phones);
        } catch (LockObtainFailedException e) {
            throw new StoreException("the message index in " + dir + " is in use by another process (is the server running?)", e);
        } catch (IOException e) {
            throw new StoreException("cannot open the message index in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Tiered merging, but a purge of deletes rewrites every segment holding a deleted document. */
    private static TieredMergePolicy mergePolicy() {
        var policy = new TieredMergePolicy();
        policy.setForceMergeDeletesPctAllowed(0.0);
        return policy;
    }

    static Analyzer analyzer() {
        var keyword = new KeywordAnalyzer();
        var perField = new HashMap<String, Analyzer>();
        for (String f : List.of(ID_KEY, CLIENT, OPERATOR, STATUS, URGENCY, PHONE, RESTRICTED)) {
            perField.put(f, keyword);
        }
        return new PerFieldAnalyzerWrapper(new StandardAnalyzer(), perField);
    }

    @Override
    public SearchResult search(Scope scope, SearchQuery query) {
        Query q = toLucene(scope, query);
        IndexSearcher searcher;
        try {
            searcher = searchers.acquire();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            int wanted = query.offset() + query.limit();
            TopFieldDocs top = searcher.search(q, new TopFieldCollectorManager(NEWEST_FIRST, wanted, null, wanted));
            var hits = new ArrayList<SearchResult.Hit>(query.limit());
            var leaves = searcher.getIndexReader().leaves();
            for (int i = query.offset(); i < top.scoreDocs.length; i++) {
                var doc = (FieldDoc) top.scoreDocs[i];
                long created = (Long) doc.fields[0];
                long id = (Long) doc.fields[1];
                long client = switch (scope) {
                    case Scope.Tenant t -> t.clientId();
                    case Scope.Admin a -> clientOf(leaves, doc.doc);
                };
                hits.add(new SearchResult.Hit(id, client, Instant.ofEpochMilli(created)));
            }
            return new SearchResult(hits, top.totalHits.value(), top.totalHits.relation() == TotalHits.Relation.EQUAL_TO);
        } catch (IndexSearcher.TooManyClauses e) {
            throw new InvalidQueryException("the query is too broad: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                searchers.release(searcher);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The client of a document, from its doc values (no stored-fields block to decompress). */
    private static long clientOf(List<LeafReaderContext> leaves, int doc) throws IOException {
        var leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
        NumericDocValues values = DocValues.getNumeric(leaf.reader(), CLIENT_ID);
        if (!values.advanceExact(doc - leaf.docBase)) {
            throw new IllegalStateException("document without a client: " + doc);
        }
        return values.longValue();
    }

    Query toLucene(Scope scope, SearchQuery query) {
        var b = new BooleanQuery.Builder();
        if (query.text() == null || query.text().isBlank()) {
            b.add(new MatchAllDocsQuery(), Occur.MUST);
        } else {
            b.add(new MessageQueryParser(analyzer, phones).parse(query.text()), Occur.MUST);
        }
        switch (scope) {
            case Scope.Tenant t -> {
                b.add(term(CLIENT, t.clientId()), Occur.FILTER);
                b.add(new TermQuery(new Term(RESTRICTED, "true")), Occur.MUST_NOT);
            }
            case Scope.Admin a -> {
            }
        }
        if (query.clientId() != null) {
            b.add(term(CLIENT, query.clientId()), Occur.FILTER);
        }
        if (query.caller() != null && !query.caller().isBlank()) {
            b.add(new TermQuery(new Term(PHONE, phones.normaliseCallerId(query.caller()))), Occur.FILTER);
        }
        if (query.operatorId() != null) {
            b.add(term(OPERATOR, query.operatorId()), Occur.FILTER);
        }
        if (query.status() != null) {
            b.add(new TermQuery(new Term(STATUS, query.status().name())), Occur.FILTER);
        }
        if (query.from() != null || query.to() != null) {
            long from = query.from() == null ? Long.MIN_VALUE : query.from().toEpochMilli();
            long to = query.to() == null ? Long.MAX_VALUE : query.to().toEpochMilli() - 1;
            b.add(LongField.newRangeQuery(CREATED, from, to), Occur.FILTER);
        }
        return b.build();
    }

    private static Query term(String field, long value) {
        return new TermQuery(new Term(field, Long.toString(value)));
    }

    @Override
    public void upsert(Collection<Message> messages) {
        try {
            for (Message m : messages) {
                writer.updateDocument(new Term(ID_KEY, Long.toString(m.id())), document(m));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Document document(Message m) {
        var doc = new Document();
        doc.add(new StringField(ID_KEY, Long.toString(m.id()), Field.Store.NO));
        doc.add(new LongField(ID, m.id(), Field.Store.NO));
        doc.add(new StringField(CLIENT, Long.toString(m.clientId()), Field.Store.NO));
        doc.add(new NumericDocValuesField(CLIENT_ID, m.clientId()));
        if (m.operatorId() != null) {
            doc.add(new StringField(OPERATOR, Long.toString(m.operatorId()), Field.Store.NO));
        }
        doc.add(new LongField(CREATED, m.createdAt().toEpochMilli(), Field.Store.NO));
        doc.add(new StringField(STATUS, m.status().name(), Field.Store.NO));
        doc.add(new StringField(URGENCY, m.urgency().name(), Field.Store.NO));
        if (m.restricted()) {
            doc.add(new StringField(RESTRICTED, "true", Field.Store.NO));
        }
        var numbers = new java.util.LinkedHashSet<String>();
        if (m.callerNumber() != null) {
            numbers.add(phones.normaliseCallerId(m.callerNumber()));
        }
        if (m.callerName() != null) {
            doc.add(new TextField(CALLER_NAME, m.callerName(), Field.Store.NO));
            doc.add(new TextField(TEXT, m.callerName(), Field.Store.NO));
        }
        for (var field : m.fields().entrySet()) {
            String value = field.getValue();
            if (value == null || value.isBlank()) {
                continue;
            }
            doc.add(new TextField(TEXT, value, Field.Store.NO));
            if (!RESERVED.contains(field.getKey())) {
                doc.add(new TextField(field.getKey(), value, Field.Store.NO));
            }
            phones.findIn(value).forEach(found -> numbers.add(found.e164()));
        }
        numbers.forEach(n -> doc.add(new StringField(PHONE, n, Field.Store.NO)));
        return doc;
    }

    @Override
    public void delete(Collection<Long> messageIds) {
        try {
            var terms = messageIds.stream().map(id -> new Term(ID_KEY, Long.toString(id))).toArray(Term[]::new);
            if (terms.length > 0) {
                writer.deleteDocuments(terms);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void clear() {
        try {
            writer.deleteAll();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void refresh() {
        try {
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public long appliedSeq() {
        return appliedSeq;
    }

    @Override
    public void markApplied(long seq) {
        if (seq < appliedSeq) {
            throw new IllegalArgumentException("applied sequence cannot go back from " + appliedSeq + " to " + seq);
        }
        appliedSeq = seq;
    }

    @Override
    public long committedSeq() {
        return committedSeq;
    }

    @Override
    public synchronized void commit() {
        long seq = appliedSeq;
        try {
            writer.setLiveCommitData(Map.of(SEQ_KEY, Long.toString(seq)).entrySet());
            writer.commit();
            committedSeq = seq;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** False once closed or failed. */
    public boolean isOpen() {
        return writer.isOpen();
    }

    @Override
    public long documentCount() {
        try {
            var searcher = searchers.acquire();
            try {
                return searcher.getIndexReader().numDocs();
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void expungeDeletes() {
        try {
            writer.forceMergeDeletes(true);
            commit();
            refresh();
            writer.deleteUnusedFiles();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Drops everything not yet committed and closes, as a crash would. For tests of recovery.
     */
    void abandon() {
        try {
            searchers.close();
            writer.rollback();
            directory.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Commits and closes; closing again does nothing. */
    @Override
    public synchronized void close() {
        if (!writer.isOpen()) {
            return;
        }
        try {
            commit();
            searchers.close();
            writer.close();
            directory.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
