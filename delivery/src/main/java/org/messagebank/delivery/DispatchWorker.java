package org.messagebank.delivery;

import org.messagebank.delivery.mail.MailSender;
import org.messagebank.delivery.mail.OutgoingMail;
import org.messagebank.delivery.sms.OutgoingSms;
import org.messagebank.delivery.sms.SmsSender;
import org.messagebank.delivery.webhook.WebhookSender;
import org.messagebank.store.MessageBankStore;
import org.messagebank.store.Scope;
import org.messagebank.store.domain.Client;
import org.messagebank.store.domain.Contact;
import org.messagebank.store.domain.DeliveryChannel;
import org.messagebank.store.domain.DeliveryRules;
import org.messagebank.store.domain.Dispatch;
import org.messagebank.store.domain.DispatchState;
import org.messagebank.store.domain.Message;
import org.messagebank.store.event.Committed;
import org.messagebank.store.event.DispatchChanged;
import org.messagebank.store.event.EventBus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Sends due dispatches of some channels, one at a time: claims one under a lease, composes it
 * per the client's rules, hands it to the channel's transport and records the outcome, retrying
 * transient failures per the {@link RetryPolicy}. One worker is used by one thread; its
 * {@link MailSender} holds that worker's SMTP connection.
 */
public final class DispatchWorker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DispatchWorker.class);

    /**
     * What the worker needs besides its transports.
     *
     * @param lease      how long a claim holds a dispatch ({@code delivery.lease})
     * @param leaseCheck how often, while a send is in progress, the worker looks whether its leases need renewing
     */
    public record Setup(MessageBankStore store, EventBus bus, Clock clock, Composer composer, RetryPolicy retries, Duration lease,
                        Duration leaseCheck, String smsSender, String statusCallbackUrl, SmsRateLimiter rateLimiter) {
    }

    private final Setup setup;
    private final String owner;
    private final Set<DeliveryChannel> channels;
    private final SmsSender sms;
    private final MailSender mail;
    private final WebhookSender webhook;

    public DispatchWorker(Setup setup, String owner, Set<DeliveryChannel> channels, SmsSender sms, MailSender mail,
                          WebhookSender webhook) {
        this.setup = setup;
        this.owner = owner;
        this.channels = EnumSet.copyOf(channels);
        this.sms = sms;
        this.mail = mail;
        this.webhook = webhook;
    }

    public Set<DeliveryChannel> channels() {
        return channels;
    }

    /** How many due dispatches one claim takes: a few, so that a busy queue costs fewer claims. */
    static final int CLAIM = 4;

    /**
     * Claims up to {@link #CLAIM} due dispatches and sends them in turn; returns how many. Their
     * leases are kept while they wait their turn and while one is being sent, however long the
     * send takes ({@link HeldLeases}); any that another worker claimed meanwhile, after this
     * node could not renew in time, are left to that worker.
     */
    public int runSome() throws InterruptedException {
        var claimed = setup.store().dispatches().claimDue(owner, channels, setup.clock().instant(), setup.lease(), CLAIM);
        if (claimed.isEmpty()) {
            return 0;
        }
        try (var leases = new HeldLeases(setup.store().dispatches(), owner, setup.clock(), setup.lease(), setup.leaseCheck(), claimed)) {
            for (Dispatch d : claimed) {
                if (leases.stillHeld(d)) {
                    try {
                        process(d);
                    } finally {
                        leases.release(d);
                    }
                }
            }
        }
        return claimed.size();
    }

    /** Sends everything due now; returns how many dispatches it handled. */
    public int drain() throws InterruptedException {
        int handled = 0;
        int n;
        while ((n = runSome()) > 0) {
            handled += n;
        }
        return handled;
    }

    private void process(Dispatch d) throws InterruptedException {
        var store = setup.store();
        Optional<Message> message = store.messages().find(Scope.admin(), d.messageId());
        if (message.isEmpty()) {
            if (store.dispatches().dropIfMessageGone(d.id())) {
                log.debug("dispatch {} dropped: its message was deleted", d.id());
            }
            return;
        }
        if (message.get().restricted()) {
            finish(d, SendResult.permanent("restricted", "processing of this message is restricted at the data subject's request"));
            return;
        }
        if (message.get().acknowledgedAt() != null) {
            store.dispatches().acknowledged(d.messageId());
            publish(d, DispatchState.ACKNOWLEDGED);
            return;
        }
        Optional<Client> client = store.clients().find(d.clientId());
        if (client.isEmpty()) {
            finish(d, SendResult.permanent("gone", "the client was deleted"));
            return;
        }
        DeliveryRules rules = store.contacts().rules(d.clientId());
        Optional<Contact> contact = d.contactId() == null ? Optional.empty() : store.contacts().find(d.contactId());
        SendResult result = switch (d.channel()) {
            case SMS -> sendSms(d, client.get(), rules, message.get(), contact);
            case EMAIL -> sendMail(d, client.get(), rules, message.get(), contact);
            case WEBHOOK -> sendWebhook(d, client.get(), rules, message.get());
        };
        finish(d, result);
    }

    private SendResult sendSms(Dispatch d, Client client, DeliveryRules rules, Message message, Optional<Contact> contact)
            throws InterruptedException {
        if (contact.isEmpty() || contact.get().mobile() == null) {
            return SendResult.permanent("no-address", "the contact has no mobile number");
        }
        String sender = rules.smsSender() != null && !rules.smsSender().isBlank() ? rules.smsSender() : setup.smsSender();
        if (sender == null || sender.isBlank()) {
            return SendResult.permanent("no-sender", "no SMS sender is configured (sms.from)");
        }
        var content = setup.composer().sms(client, rules, message);
        setup.rateLimiter().take(sender);
        return sms.send(new OutgoingSms(sender, contact.get().mobile(), content.text(), setup.statusCallbackUrl(), d.idempotencyKey()));
    }

    private SendResult sendMail(Dispatch d, Client client, DeliveryRules rules, Message message, Optional<Contact> contact) {
        if (contact.isEmpty() || contact.get().email() == null) {
            return SendResult.permanent("no-address", "the contact has no email address");
        }
        var content = setup.composer().mail(client, rules, message);
        return mail.send(new OutgoingMail(contact.get().email(), content.subject(), content.plain(), content.html(), d.idempotencyKey()));
    }

    private SendResult sendWebhook(Dispatch d, Client client, DeliveryRules rules, Message message) {
        if (rules.webhookUrl() == null) {
            return SendResult.permanent("no-webhook", "the client no longer has a webhook");
        }
        var content = setup.composer().webhook(client, rules, message);
        return webhook.post(rules.webhookUrl(), rules.webhookSecret(), d.idempotencyKey(), content.json());
    }

    private void finish(Dispatch d, SendResult result) {
        var dispatches = setup.store().dispatches();
        switch (result) {
            case SendResult.Sent sent -> {
                if (dispatches.markSent(d.id(), owner, sent.providerId())) {
                    log.debug("dispatch {} sent on {}", d.id(), d.channel());
                    publish(d, DispatchState.SENT);
                } else {
                    log.info("dispatch {} was sent after its lease was lost or it was acknowledged", d.id());
                }
            }
            case SendResult.Transient t -> retryOrFail(d, result, t.code(), t.text());
            case SendResult.Permanent p -> retryOrFail(d, result, p.code(), p.text());
        }
    }

    private void retryOrFail(Dispatch d, SendResult failure, String code, String text) {
        var dispatches = setup.store().dispatches();
        switch (setup.retries().decide(d.attempts(), failure, setup.clock().instant())) {
            case RetryPolicy.RetryAt retry -> {
                if (dispatches.markRetry(d.id(), owner, retry.at(), code, text)) {
                    log.debug("dispatch {} on {} failed transiently ({}), attempt {}; retry at {}", d.id(), d.channel(), code,
                            d.attempts(), retry.at());
                    publish(d, DispatchState.QUEUED);
                }
            }
            case RetryPolicy.GiveUp giveUp -> {
                if (dispatches.markFailed(d.id(), owner, code, text, giveUp.deadLetter())) {
                    if (giveUp.deadLetter()) {
                        log.warn("dispatch {} on {} dead-lettered after {} attempts (last code {})", d.id(), d.channel(), d.attempts(), code);
                    } else {
                        log.info("dispatch {} on {} failed permanently (code {})", d.id(), d.channel(), code);
                    }
                    publish(d, DispatchState.FAILED);
                }
            }
        }
    }

    private void publish(Dispatch d, DispatchState state) {
        try {
            Committed.publish(setup.bus(), DispatchChanged.TOPIC, new DispatchChanged(d.id(), d.messageId(), d.clientId(), state));
        } catch (IllegalStateException e) {
            log.debug("bus closed; dispatch {} change not announced", d.id());
        }
    }

    @Override
    public void close() {
        if (mail != null) {
            mail.close();
        }
    }
}
