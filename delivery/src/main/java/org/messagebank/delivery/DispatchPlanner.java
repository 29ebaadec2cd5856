package org.messagebank.delivery;

import org.messagebank.store.MessageBankStore;
import org.messagebank.store.Scope;
import org.messagebank.store.domain.Contact;
import org.messagebank.store.domain.DeliveryChannel;
import org.messagebank.store.domain.DeliveryRules;
import org.messagebank.store.domain.Escalation;
import org.messagebank.store.domain.Message;
import org.messagebank.store.domain.NewDispatch;
import org.messagebank.store.domain.OutboxEntry;
import org.messagebank.store.domain.OutboxEntry.OutboxKind;
import org.messagebank.store.domain.Urgency;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Follows the message outbox with a durable cursor and turns each new message into dispatches
 * per the client's rules: every contact on every channel its rules give for the message's
 * urgency (of the escalation list, only the first contact gets an urgent message at once; the
 * others get it by escalation), the client's webhook if it has one, and an escalation for an
 * urgent message when the list has someone to escalate to. Dispatches and the cursor are written in one transaction
 * and dispatch creation is idempotent, so a crash re-plans at most one batch and creates
 * nothing twice. An acknowledged message's pending dispatches are cancelled.
 */
public final class DispatchPlanner {
    /** The name of the planner's outbox cursor. */
    public static final String CURSOR = "dispatch-planner";
    static final int BATCH = 500;

    private final MessageBankStore store;
    private final Clock clock;
    private final Duration escalationAfter;
    private final int escalationRounds;
    private final Consumer<DispatchJob> jobs;

    /** @param jobs told, after each commit, of the dispatches due now: one job per message and channel */
    public DispatchPlanner(MessageBankStore store, Clock clock, Duration escalationAfter, int escalationRounds,
                           Consumer<DispatchJob> jobs) {
        this.store = store;
        this.clock = clock;
        this.escalationAfter = escalationAfter;
        this.escalationRounds = escalationRounds;
        this.jobs = jobs;
    }

    /** Plans every outbox entry after the cursor; returns how many dispatches were created. */
    public synchronized int catchUp() {
        int created = 0;
        while (true) {
            var entries = store.messages().outboxAfter(store.dispatches().cursor(CURSOR), BATCH);
            if (entries.isEmpty()) {
                return created;
            }
            created += plan(entries);
        }
    }

    private int plan(List<OutboxEntry> entries) {
        var ids = entries.stream().map(OutboxEntry::messageId).collect(Collectors.toCollection(LinkedHashSet::new));
        Map<Long, Message> messages = store.messages().findAll(Scope.admin(), ids).stream()
                .collect(Collectors.toMap(Message::id, Function.identity()));
        for (Message m : messages.values()) {
            if (m.acknowledgedAt() != null) {
                store.dispatches().acknowledged(m.id());
            }
        }
        var dispatches = new ArrayList<NewDispatch>();
        var escalations = new ArrayList<Escalation>();
        Instant now = clock.instant();
        for (OutboxEntry entry : entries) {
            Message m = messages.get(entry.messageId());
            if (entry.kind() != OutboxKind.MESSAGE_CREATED || m == null || m.acknowledgedAt() != null || m.restricted()) {
                continue;
            }
            var client = store.clients().find(m.clientId());
            if (client.isEmpty() || !client.get().active()) {
                continue;
            }
            DeliveryRules rules = store.contacts().rules(m.clientId());
            boolean urgent = m.urgency() == Urgency.URGENT;
            Instant due = QuietHours.sendAt(rules, m.urgency(), now);
            List<Contact> escalationList = store.contacts().escalationList(m.clientId());
            Long firstOnCall = escalationList.isEmpty() ? null : escalationList.getFirst().id();
            for (Contact contact : store.contacts().list(m.clientId())) {
                if (urgent && contact.escalationOrder() != null && contact.id() != firstOnCall) {
                    continue;
                }
                for (DeliveryChannel channel : contact.channelsFor(m.urgency())) {
                    dispatches.add(new NewDispatch(m.id(), m.clientId(), contact.id(), channel, urgent, due));
                }
            }
            if (rules.webhookUrl() != null) {
                dispatches.add(new NewDispatch(m.id(), m.clientId(), null, DeliveryChannel.WEBHOOK, urgent, now));
            }
            int rounds = rules.escalationRounds() != null ? rules.escalationRounds() : escalationRounds;
            if (urgent && rounds > 0 && escalationList.size() > 1) {
                Duration after = rules.escalationAfter() != null ? rules.escalationAfter() : escalationAfter;
                escalations.add(new Escalation(m.id(), m.clientId(), 0, now.plus(after), false));
            }
        }
        var created = store.dispatches().plan(CURSOR, entries.getLast().seq(), dispatches, escalations);
        created.stream().filter(d -> !d.dueAt().isAfter(now)).map(d -> new DispatchJob(d.messageId(), d.channel())).distinct()
                .forEach(jobs);
        return created.size();
    }
}
