package org.messagebank.store.domain;

import org.junit.jupiter.api.Test;
import org.messagebank.store.PhoneNumbers;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DomainRulesTest {
    @Test
    void clientNumbersMustBeCanonicalE164() {
        assertEquals("+442079460000", new ClientNumber("+442079460000", 1).e164());
        assertThrows(IllegalArgumentException.class, () -> new ClientNumber("020 7946 0000", 1));
        assertThrows(IllegalArgumentException.class, () -> new ClientNumber("+44 20 7946 0000", 1));
        assertThrows(IllegalArgumentException.class, () -> new ClientNumber("+4412", 1));
    }

    @Test
    void phoneNumbersNormaliseNationalAndInternationalFormsInTheDefaultRegion() {
        var gb = new PhoneNumbers("GB");
        assertEquals("+442079460000", gb.requireE164("020 7946 0000"));
        assertEquals("+442079460000", gb.requireE164("+44 (0)20 7946 0000"));
        assertEquals("+14155550123", gb.requireE164("+1 415 555 0123"));
        assertEquals("anonymous", gb.normaliseCallerId(" anonymous "));
        var e = assertThrows(IllegalArgumentException.class, () -> gb.requireE164("12"));
        assertEquals("not a telephone number in region GB: 12", e.getMessage());
        assertEquals("+33123456789", new PhoneNumbers("FR").requireE164("01 23 45 67 89"));
        assertThrows(IllegalArgumentException.class, () -> new PhoneNumbers("ZZ"));
    }

    @Test
    void scriptsRejectDuplicateFieldsAndChoicesWithoutOptions() {
        var f = ScriptField.of("reason", "Reason", FieldType.TEXT, true);
        assertThrows(IllegalArgumentException.class, () -> new CaptureScript(1, 1, List.of(f, f), Instant.EPOCH));
        assertThrows(IllegalArgumentException.class, () -> new ScriptField("urgency", "U", FieldType.CHOICE, true, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new ScriptField("Bad Name", "B", FieldType.TEXT, true, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new ScriptField("x", "X", FieldType.TEXT, true, List.of("a")));
    }

    @Test
    void statusFollowsReadAndAcknowledgedTimesAndToStringHoldsNoPersonalData() {
        var m = new Message(1, 2, null, null, Instant.EPOCH, "+447700900123", "Jane Canary", 1,
                Map.of("reason", "secret words"), Urgency.NORMAL, null, null);
        assertEquals(MessageStatus.NEW, m.status());
        assertEquals(MessageStatus.READ, new Message(1, 2, null, null, Instant.EPOCH, null, null, 1, Map.of(),
                Urgency.NORMAL, Instant.EPOCH, null).status());
        assertEquals(MessageStatus.ACKNOWLEDGED, new Message(1, 2, null, null, Instant.EPOCH, null, null, 1, Map.of(),
                Urgency.NORMAL, Instant.EPOCH, Instant.EPOCH).status());
        for (String s : List.of(m.toString(),
                new Call(1, 2, "+442079460000", "+447700900123", "Jane Canary", Instant.EPOCH, null).toString(),
                new NewMessage(2, null, null, "+447700900123", "Jane Canary", 1, Map.of("reason", "secret words"), Urgency.NORMAL).toString())) {
            for (String personal : List.of("Canary", "7700900123", "secret")) {
                assertEquals(-1, s.indexOf(personal), s);
            }
        }
    }
}
