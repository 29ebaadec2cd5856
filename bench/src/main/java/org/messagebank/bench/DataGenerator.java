package org.messagebank.bench;

import org.messagebank.store.domain.Urgency;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SplittableRandom;
import java.util.StringJoiner;

/**
 * Realistic, reproducible answering-service messages. Message {@code i} depends only on the seed
 * and {@code i}, so any thread can make any message and two runs (or the index and the SQL
 * baseline) see the same rows.
 *
 * <ul>
 *   <li>Clients: a Zipf share of the traffic (exponent 1: of 200 clients the biggest takes ~17%,
 *       the smallest ~0.1%); each has regular callers, who make most of its calls.</li>
 *   <li>Callers: mobiles +447700900000..+447700999999 (80%) and Ofcom drama landlines in
 *       London, Manchester, Leeds and Birmingham; 5% withhold their number.</li>
 *   <li>Text: a reason of 6-16 words, Zipf-distributed over {@link Vocabulary#CONTENT} with
 *       fillers, sometimes a company and a callback number.</li>
 *   <li>Times: message {@code i} of {@code n} is created {@code i/n} of the way through the span,
 *       so ids and times rise together as in the store; status follows age (recent ones are new).</li>
 * </ul>
 */
public final class DataGenerator {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private static final String[][] LANDLINES = {
            {"+442079460", "020 7946 0"}, {"+441614960", "0161 496 0"}, {"+441134960", "0113 496 0"}, {"+441214960", "0121 496 0"}};

    private final long seed;
    private final long messageCount;
    private final Instant start;
    private final Duration span;
    private final Zipf clientZipf;
    private final Zipf wordZipf;
    private final List<ClientProfile> clients;

    public DataGenerator(long seed, int clientCount, long messageCount, Instant end, Duration span) {
        this.seed = seed;
        this.messageCount = messageCount;
        this.start = end.minus(span);
        this.span = span;
        this.clientZipf = new Zipf(clientCount, 1.0);
        this.wordZipf = new Zipf(Vocabulary.CONTENT.size(), 0.9);
        var list = new ArrayList<ClientProfile>(clientCount);
        for (int c = 0; c < clientCount; c++) {
            list.add(client(c));
        }
        this.clients = List.copyOf(list);
    }

    /** A mix of 200 clients over 100 days ending at a fixed instant. */
    static DataGenerator standard(long seed, long messageCount) {
        return new DataGenerator(seed, 200, messageCount, Instant.parse("2025-06-01T00:00:00Z"), Duration.ofDays(100));
    }

    public List<ClientProfile> clients() {
        return clients;
    }

    public long messageCount() {
        return messageCount;
    }

    public Instant start() {
        return start;
    }

    public Instant end() {
        return start.plus(span);
    }

    /** A random generator for stream {@code stream}, independent of every other stream. */
    SplittableRandom random(long stream) {
        return new SplittableRandom(mix64(seed + GOLDEN * (stream + 1)));
    }

    public SyntheticMessage message(long seq) {
        if (seq < 0 || seq >= messageCount) {
            throw new IllegalArgumentException("message " + seq + " is outside 0.." + (messageCount - 1));
        }
        var r = random(seq);
        var client = clients.get(clientZipf.sample(r));
        long step = span.toMillis() / Math.max(1, messageCount);
        var createdAt = start.plusMillis(seq * span.toMillis() / messageCount + (step > 1 ? r.nextLong(step) : 0));

        int kind = r.nextInt(100);
        Caller caller = kind < 85 ? client.regulars().get(r.nextInt(client.regulars().size()))
                : kind < 95 ? randomCaller(r) : null;

        var fields = new LinkedHashMap<String, String>();
        fields.put("reason", reason(r));
        if (r.nextInt(100) < 35) {
            fields.put("company", pick(r, Vocabulary.SURNAMES) + " " + pick(r, Vocabulary.TRADES));
        }
        if (r.nextInt(100) < 25) {
            fields.put("callback", randomCaller(r).national());
        }
        var urgency = r.nextInt(100) < 8 ? Urgency.URGENT : Urgency.NORMAL;

        Duration age = Duration.between(createdAt, end());
        int newPercent = age.toDays() < 1 ? 70 : age.toDays() < 7 ? 15 : 3;
        int readPercent = age.toDays() < 1 ? 20 : age.toDays() < 7 ? 30 : 12;
        int status = r.nextInt(100);
        Instant readAt = status < newPercent ? null : createdAt.plusSeconds(60 + r.nextInt(4 * 3600));
        Instant acknowledgedAt = status < newPercent + readPercent ? null : readAt.plusSeconds(r.nextInt(600));
        return new SyntheticMessage(seq, client.index(), 1 + r.nextInt(40), createdAt, caller, fields, urgency, readAt,
                acknowledgedAt);
    }

    /** A client drawn in proportion to its traffic: big clients search more too. */
    ClientProfile weightedClient(SplittableRandom r) {
        return clients.get(clientZipf.sample(r));
    }

    /** A content word as often as messages use it. */
    String contentWord(SplittableRandom r) {
        return Vocabulary.CONTENT.get(wordZipf.sample(r));
    }

    Caller randomCaller(SplittableRandom r) {
        String name = r.nextInt(100) < 90 ? pick(r, Vocabulary.FIRST_NAMES) + " " + pick(r, Vocabulary.SURNAMES) : null;
        if (r.nextInt(100) < 80) {
            int local = 900_000 + r.nextInt(100_000);
            return new Caller("+447700" + local, "07700 " + local, name);
        }
        String[] area = LANDLINES[r.nextInt(LANDLINES.length)];
        String last = String.format("%03d", r.nextInt(1000));
        return new Caller(area[0] + last, area[1] + last, name);
    }

    static String pick(SplittableRandom r, List<String> words) {
        return words.get(r.nextInt(words.size()));
    }

    private ClientProfile client(int index) {
        var r = random(-1 - index);
        double share = clientZipf.share(index);
        int regulars = (int) Math.clamp(share * messageCount / 8, 20, 20_000);
        var callers = new ArrayList<Caller>(regulars);
        for (int i = 0; i < regulars; i++) {
            callers.add(randomCaller(r));
        }
        String name = pick(r, Vocabulary.SURNAMES) + " " + pick(r, Vocabulary.TRADES) + " #" + (index + 1);
        return new ClientProfile(index, name, share, callers);
    }

    private String reason(SplittableRandom r) {
        int words = 6 + r.nextInt(11);
        var text = new StringJoiner(" ");
        for (int i = 0; i < words; i++) {
            text.add(r.nextInt(100) < 55 ? contentWord(r) : pick(r, Vocabulary.FILLERS));
        }
        return text.toString();
    }

    /** Stafford's mix 13 (the SplittableRandom finaliser): nearby inputs give unrelated outputs. */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
