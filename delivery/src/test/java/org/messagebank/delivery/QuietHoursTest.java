package org.messagebank.delivery;

import org.junit.jupiter.api.Test;
import org.messagebank.store.domain.DeliveryRules;
import org.messagebank.store.domain.Urgency;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;

import static org.junit.jupiter.api.Assertions.assertEquals;

class QuietHoursTest {
    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private final DeliveryRules overnight = DeliveryRules.defaults(1).withQuietHours(LONDON, LocalTime.of(21, 30), LocalTime.of(7, 0));

    @Test
    void holdsANormalMessageTakenAtNightUntilMorningInTheClientsZone() {
        // 23:00 in London in summer is 22:00 UTC; 07:00 BST is 06:00 UTC
        assertEquals(Instant.parse("2026-07-02T06:00:00Z"), QuietHours.sendAt(overnight, Urgency.NORMAL, Instant.parse("2026-07-01T22:00:00Z")));
        // 05:00 BST, after midnight: the same morning
        assertEquals(Instant.parse("2026-07-02T06:00:00Z"), QuietHours.sendAt(overnight, Urgency.NORMAL, Instant.parse("2026-07-02T04:00:00Z")));
    }

    @Test
    void sendsAtOnceOutsideQuietHoursAndUrgentMessagesAlways() {
        var noon = Instant.parse("2026-07-01T11:00:00Z");
        var night = Instant.parse("2026-07-01T22:00:00Z");
        assertEquals(noon, QuietHours.sendAt(overnight, Urgency.NORMAL, noon));
        assertEquals(night, QuietHours.sendAt(overnight, Urgency.URGENT, night));
        assertEquals(night, QuietHours.sendAt(DeliveryRules.defaults(1), Urgency.NORMAL, night));
    }

    @Test
    void treatsTheEndAsTheFirstMomentAllowedAndTheStartAsQuiet() {
        assertEquals(Instant.parse("2026-01-15T07:00:00Z"), QuietHours.sendAt(overnight, Urgency.NORMAL, Instant.parse("2026-01-15T07:00:00Z")));
        assertEquals(Instant.parse("2026-01-16T07:00:00Z"), QuietHours.sendAt(overnight, Urgency.NORMAL, Instant.parse("2026-01-15T21:30:00Z")));
    }

    @Test
    void handlesAWindowWithinOneDay() {
        var lunch = DeliveryRules.defaults(1).withQuietHours(ZoneId.of("UTC"), LocalTime.of(12, 0), LocalTime.of(13, 0));
        assertEquals(Instant.parse("2026-01-15T13:00:00Z"), QuietHours.sendAt(lunch, Urgency.NORMAL, Instant.parse("2026-01-15T12:10:00Z")));
        assertEquals(Instant.parse("2026-01-15T13:00:00Z"), QuietHours.sendAt(lunch, Urgency.NORMAL, Instant.parse("2026-01-15T13:00:00Z")));
    }
}
