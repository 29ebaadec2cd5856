package org.messagebank.delivery;

import org.messagebank.store.MessageBankStore;
import org.messagebank.store.Scope;
import org.messagebank.store.domain.Contact;
import org.messagebank.store.domain.DeliveryChannel;
import org.messagebank.store.domain.Escalation;
import org.messagebank.store.domain.NewDispatch;
import org.messagebank.store.domain.Urgency;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Escalates unacknowledged urgent messages. The first contact on the client's escalation list
 * gets an urgent message at once (with the contacts not on the list); when it is still
 * unacknowledged at its escalation time, it goes to the next contact on the list (on that
 * contact's urgent channels), and the next round is due one escalation interval later; it
 * stops after the configured rounds or at the end of the list. Acknowledgement (portal or SMS
 * reply) stops it. Time comes only from the injected clock.
 */
public final class Escalator {
    static final int BATCH = 100;

    private final MessageBankStore store;
    private final Clock clock;
    private final Duration defaultAfter;
    private final int defaultRounds;
    private final Consumer<DispatchJob> jobs;

    /** @param jobs told, after each round commits, of the dispatches it created */
    public Escalator(MessageBankStore store, Clock clock, Duration defaultAfter, int defaultRounds, Consumer<DispatchJob> jobs) {
        this.store = store;
        this.clock = clock;
        this.defaultAfter = defaultAfter;
        this.defaultRounds = defaultRounds;
        this.jobs = jobs;
    }

    /** Runs every round due now; returns how many dispatches it created. */
    public synchronized int runDue() {
        int created = 0;
        Instant now = clock.instant();
        for (Escalation e : store.dispatches().dueEscalations(now, BATCH)) {
            created += step(e, now);
        }
        return created;
    }

    private int step(Escalation e, Instant now) {
        var message = store.messages().find(Scope.admin(), e.messageId());
        if (message.isEmpty() && store.dispatches().dropEscalationIfMessageGone(e.messageId())) {
            return 0;
        }
        if (message.isEmpty() || message.get().acknowledgedAt() != null) {
            store.dispatches().escalate(finished(e), e.roundsDone(), List.of());
            return 0;
        }
        var rules = store.contacts().rules(e.clientId());
        List<Contact> list = store.contacts().escalationList(e.clientId());
        int rounds = Math.min(list.size() - 1, rules.escalationRounds() != null ? rules.escalationRounds() : defaultRounds);
        if (e.roundsDone() >= rounds) {
            store.dispatches().escalate(finished(e), e.roundsDone(), List.of());
            return 0;
        }
        Contact next = list.get(e.roundsDone() + 1);
        var dispatches = new ArrayList<NewDispatch>();
        for (DeliveryChannel channel : next.channelsFor(Urgency.URGENT)) {
            dispatches.add(new NewDispatch(e.messageId(), e.clientId(), next.id(), channel, true, now));
        }
        Duration after = rules.escalationAfter() != null ? rules.escalationAfter() : defaultAfter;
        int done = e.roundsDone() + 1;
        var step = new Escalation(e.messageId(), e.clientId(), done, now.plus(after), done >= rounds);
        if (!store.dispatches().escalate(step, e.roundsDone(), dispatches)) {
            return 0;
        }
        dispatches.stream().map(d -> new DispatchJob(e.messageId(), d.channel())).distinct().forEach(jobs);
        return dispatches.size();
    }

    private static Escalation finished(Escalation e) {
        return new Escalation(e.messageId(), e.clientId(), e.roundsDone(), e.nextAt(), true);
    }
}
