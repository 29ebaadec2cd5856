package org.messagebank.store.index;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.messagebank.store.PhoneNumbers;

import java.util.ArrayList;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The user query syntax: Lucene's classic syntax over the message text, with all terms
 * required by default, {@code caller:} and {@code phone:} taking a number in any format, and
 * {@code name:} the caller's name. A telephone number typed as free text also matches
 * callers and phone fields holding that number in E.164.
 */
final class MessageQueryParser {
    static final String CALLER = "caller";
    static final String NAME = "name";

    private final Analyzer analyzer;
    private final PhoneNumbers phones;

    MessageQueryParser(Analyzer analyzer, PhoneNumbers phones) {
        this.analyzer = analyzer;
        this.phones = phones;
    }

    Query parse(String text) {
        var simple = parseSimple(text);
        return simple != null ? simple : parseFull(text);
    }

    /** A word of letters and digits, optionally after a field name and a colon. */
    private static final Pattern SIMPLE_WORD = Pattern.compile("(?:([A-Za-z_][A-Za-z0-9_]*):)?([A-Za-z0-9]{1,255})");
    /** Text shorter than a number: no digits to expand into phone searches. */
    private static final int MAX_SIMPLE_DIGITS = 6;

    /**
     * The query the classic parser would build for the commonest input, words and field:word
     * pairs with no operators, quotes or numbers, built without the parser (which costs more
     * than the search itself for such queries); null for any other input.
     */
    Query parseSimple(String text) {
        int digits = 0;
        for (int i = 0; i < text.length(); i++) {
            if (Character.isDigit(text.charAt(i)) && ++digits > MAX_SIMPLE_DIGITS) {
                return null;
            }
        }
        var words = text.strip().split("\\s+");
        var clauses = new ArrayList<Query>(words.length);
        for (String word : words) {
            var m = SIMPLE_WORD.matcher(word);
            if (!m.matches() || OPERATORS.contains(m.group(2))) {
                return null;
            }
            String field = m.group(1) == null ? LuceneMessageIndex.TEXT : m.group(1);
            if (CALLER.equals(field) || LuceneMessageIndex.PHONE.equals(field)) {
                return null;
            }
            if (NAME.equals(field)) {
                field = LuceneMessageIndex.CALLER_NAME;
            }
            clauses.add(new TermQuery(new Term(field, analyzer.normalize(field, m.group(2)))));
        }
        if (clauses.size() == 1) {
            return clauses.getFirst();
        }
        var b = new BooleanQuery.Builder();
        clauses.forEach(q -> b.add(q, BooleanClause.Occur.MUST));
        return b.build();
    }

    private static final Set<String> OPERATORS = Set.of("AND", "OR", "NOT", "TO");

    private Query parseFull(String text) {
        var parser = new QueryParser(LuceneMessageIndex.TEXT, analyzer) {
            @Override
            protected Query getFieldQuery(String field, String queryText, boolean quoted) throws ParseException {
                if (CALLER.equals(field) || LuceneMessageIndex.PHONE.equals(field)) {
                    return new TermQuery(new Term(LuceneMessageIndex.PHONE, phones.normaliseCallerId(queryText)));
                }
                if (NAME.equals(field)) {
                    return super.getFieldQuery(LuceneMessageIndex.CALLER_NAME, queryText, quoted);
                }
                return super.getFieldQuery(field, queryText, quoted);
            }
        };
        parser.setDefaultOperator(QueryParser.Operator.AND);
        try {
            return parser.parse(expandPhoneNumbers(text));
        } catch (ParseException e) {
            throw new InvalidQueryException(describe(e), e);
        }
    }

    /** Rewrites each free-standing telephone number into "that number as a phone, or those words". */
    String expandPhoneNumbers(String text) {
        var out = new StringBuilder();
        int at = 0;
        for (var found : phones.findIn(text)) {
            if (found.start() < at || insideQuotesOrField(text, found.start())) {
                continue;
            }
            String written = text.substring(found.start(), found.end());
            out.append(text, at, found.start())
                    .append("(").append(LuceneMessageIndex.PHONE).append(":\"").append(found.e164()).append("\" OR \"")
                    .append(written.replace("\"", "")).append("\")");
            at = found.end();
        }
        return out.append(text.substring(at)).toString();
    }

    private static boolean insideQuotesOrField(String text, int index) {
        int quotes = 0;
        for (int i = 0; i < index; i++) {
            if (text.charAt(i) == '\\') {
                i++;
            } else if (text.charAt(i) == '"') {
                quotes++;
            }
        }
        return quotes % 2 == 1 || (index > 0 && text.charAt(index - 1) == ':');
    }

    private static String describe(ParseException e) {
        String message = e.getMessage() == null ? "the query cannot be parsed" : e.getMessage();
        int expecting = message.indexOf("Was expecting");
        if (expecting > 0) {
            message = message.substring(0, expecting);
        }
        return message.replaceAll("\\s+", " ").strip();
    }
}
