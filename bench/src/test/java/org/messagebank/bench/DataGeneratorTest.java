package org.messagebank.bench;

import org.junit.jupiter.api.Test;
import org.messagebank.store.PhoneNumbers;

import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataGeneratorTest {
    private final DataGenerator data = DataGenerator.standard(7, 20_000);
    private final PhoneNumbers phones = new PhoneNumbers("GB");

    @Test
    void aMessageDependsOnlyOnTheSeedAndItsPosition() {
        var again = DataGenerator.standard(7, 20_000);
        assertEquals(data.message(12_345), again.message(12_345));
        assertNotEquals(data.message(12_345), data.message(12_346));
        assertNotEquals(data.message(12_345), DataGenerator.standard(8, 20_000).message(12_345));
    }

    @Test
    void timesRiseWithIdsAndStayInsideTheSpan() {
        var previous = data.start();
        for (long seq = 0; seq < data.messageCount(); seq += 97) {
            var m = data.message(seq);
            assertTrue(!m.createdAt().isBefore(previous) && m.createdAt().isBefore(data.end()), m.toString());
            previous = m.createdAt();
        }
    }

    @Test
    void callersAreUkNumbersWhoseNationalFormParsesToTheirE164() {
        LongStream.range(0, 2_000).mapToObj(data::message).filter(m -> m.caller() != null).forEach(m -> {
            var caller = m.caller();
            assertTrue(caller.e164().matches("\\+447700(9\\d{5})|\\+44(2079460|1614960|1134960|1214960)\\d{3}"), caller.e164());
            assertEquals(caller.e164(), phones.toE164(caller.national()).orElseThrow());
        });
    }

    @Test
    void afewClientsTakeMostOfTheTraffic() {
        var counts = new long[data.clients().size()];
        LongStream.range(0, data.messageCount()).forEach(seq -> counts[data.message(seq).clientIndex()]++);
        long top5 = counts[0] + counts[1] + counts[2] + counts[3] + counts[4];
        assertTrue(top5 > data.messageCount() / 3, "top five clients: " + top5);
        assertTrue(counts[0] > 50 * Math.max(1, counts[counts.length - 1]), "biggest vs smallest");
    }

    @Test
    void everyMessageHasAReasonAndMostAreFromRegularCallers() {
        int regular = 0;
        for (long seq = 0; seq < 1_000; seq++) {
            var m = data.message(seq);
            assertNotNull(m.fields().get("reason"));
            if (m.caller() != null && data.clients().get(m.clientIndex()).regulars().contains(m.caller())) {
                regular++;
            }
        }
        assertTrue(regular > 750, "regular callers: " + regular);
    }

    @Test
    void contentWordsAreNotStopWords() {
        assertTrue(Vocabulary.CONTENT.size() >= 300, "vocabulary size " + Vocabulary.CONTENT.size());
        for (String stop : new String[]{"the", "and", "about", "would", "for", "with"}) {
            assertTrue(!Vocabulary.CONTENT.contains(stop), stop);
        }
    }
}
