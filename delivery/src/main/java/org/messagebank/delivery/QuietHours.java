package org.messagebank.delivery;

import org.messagebank.store.domain.DeliveryRules;
import org.messagebank.store.domain.Urgency;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;

/**
 * Quiet hours in the client's time zone: a normal message taken during them waits until they
 * end (the morning); an urgent one goes at once. A window whose end is before its start runs
 * overnight (21:30 to 07:00); equal start and end means no quiet hours.
 */
public final class QuietHours {
    private QuietHours() {
    }

    /** When a message of this urgency, ready at {@code now}, may be sent. */
    public static Instant sendAt(DeliveryRules rules, Urgency urgency, Instant now) {
        if (urgency == Urgency.URGENT || rules.quietStart() == null || rules.quietStart().equals(rules.quietEnd())) {
            return now;
        }
        ZonedDateTime local = now.atZone(rules.timeZone());
        LocalTime time = local.toLocalTime();
        LocalTime start = rules.quietStart();
        LocalTime end = rules.quietEnd();
        boolean overnight = end.isBefore(start);
        boolean quiet = overnight ? !time.isBefore(start) || time.isBefore(end) : !time.isBefore(start) && time.isBefore(end);
        if (!quiet) {
            return now;
        }
        ZonedDateTime endToday = local.toLocalDate().atTime(end).atZone(rules.timeZone());
        ZonedDateTime wake = endToday.isAfter(local) ? endToday : local.toLocalDate().plusDays(1).atTime(end).atZone(rules.timeZone());
        return wake.toInstant();
    }
}
