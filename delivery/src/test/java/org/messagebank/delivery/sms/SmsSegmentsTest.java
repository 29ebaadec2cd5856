package org.messagebank.delivery.sms;

import org.junit.jupiter.api.Test;
import org.messagebank.delivery.sms.SmsSegments.Encoding;
import org.messagebank.delivery.sms.SmsSegments.Measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SmsSegmentsTest {

    @Test
    void countsGsm7TextIn160SeptetsThen153PerSegment() {
        assertEquals(new Measure(Encoding.GSM_7, 160, 1), SmsSegments.measure("a".repeat(160)));
        assertEquals(new Measure(Encoding.GSM_7, 161, 2), SmsSegments.measure("a".repeat(161)));
        assertEquals(new Measure(Encoding.GSM_7, 306, 2), SmsSegments.measure("a".repeat(306)));
        assertEquals(new Measure(Encoding.GSM_7, 307, 3), SmsSegments.measure("a".repeat(307)));
        assertEquals(Encoding.GSM_7, SmsSegments.encoding("Café £5 @ Müller, 100% ¿Qué? ñ è ù à"));
    }

    @Test
    void countsExtensionCharactersAsTwoSeptetsAndNeverSplitsThem() {
        assertEquals(new Measure(Encoding.GSM_7, 160, 1), SmsSegments.measure("€".repeat(80)));
        assertEquals(new Measure(Encoding.GSM_7, 162, 2), SmsSegments.measure("€".repeat(81)));
        // 152 septets then an escape pair: the pair cannot straddle the segment boundary
        assertEquals(new Measure(Encoding.GSM_7, 154 + 153, 3), SmsSegments.measure("a".repeat(152) + "{" + "a".repeat(153)));
    }

    @Test
    void switchesTheWholeTextToUcs2ForAnyOtherCharacter() {
        assertEquals(Encoding.UCS_2, SmsSegments.encoding("Ñandú"), "ú is not in GSM 03.38");
        assertEquals(new Measure(Encoding.UCS_2, 70, 1), SmsSegments.measure("ą".repeat(70)));
        assertEquals(new Measure(Encoding.UCS_2, 71, 2), SmsSegments.measure("a".repeat(70) + "ą"));
        assertEquals(new Measure(Encoding.UCS_2, 134, 2), SmsSegments.measure("ж".repeat(134)));
        // emoji are surrogate pairs: two units each, never split
        assertEquals(new Measure(Encoding.UCS_2, 70, 1), SmsSegments.measure("😀".repeat(35)));
        assertEquals(new Measure(Encoding.UCS_2, 68, 1), SmsSegments.measure("a".repeat(66) + "😀"));
        assertEquals(new Measure(Encoding.UCS_2, 134, 3), SmsSegments.measure("a".repeat(66) + "😀" + "a".repeat(66)));
    }

    @Test
    void leavesATextThatFitsAlone() {
        String text = "a".repeat(459);
        assertEquals(text, SmsSegments.fit(text, 3));
    }

    @Test
    void cutsALongGsmTextToTheSegmentLimitWithThreeDots() {
        String fitted = SmsSegments.fit("word ".repeat(200), 3);
        assertTrue(fitted.endsWith("..."), fitted);
        assertEquals(Encoding.GSM_7, SmsSegments.encoding(fitted));
        assertEquals(3, SmsSegments.measure(fitted).segments());
        assertTrue(SmsSegments.measure(fitted).units() >= 459 - 5, "uses nearly all the room: " + fitted.length());
        assertEquals(160, SmsSegments.fit("x".repeat(500), 1).length());
    }

    @Test
    void cutsALongUcs2TextWithAnEllipsisAndNeverHalvesAnEmoji() {
        String fitted = SmsSegments.fit("Zażółć 😀 ".repeat(40), 2);
        assertTrue(fitted.endsWith("…"), fitted);
        assertTrue(SmsSegments.measure(fitted).segments() <= 2);
        assertTrue(fitted.codePoints().noneMatch(cp -> Character.isSurrogate((char) cp)), "no lone surrogate");
    }
}
