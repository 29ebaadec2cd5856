package org.messagebank.delivery;

import org.messagebank.config.DeliveryConfig;
import org.messagebank.delivery.mail.EmlFileMailSender;
import org.messagebank.delivery.mail.MailSender;
import org.messagebank.delivery.mail.SmtpMailSender;
import org.messagebank.delivery.sms.FileSmsSender;
import org.messagebank.delivery.sms.SmsSender;
import org.messagebank.delivery.sms.TwilioSmsSender;
import org.messagebank.delivery.sms.TwilioWebhooks;
import org.messagebank.delivery.webhook.HttpWebhookSender;
import org.messagebank.delivery.webhook.WebhookSender;
import org.messagebank.store.MessageBankStore;
import org.messagebank.store.PhoneNumbers;
import org.messagebank.store.domain.DeliveryChannel;
import org.messagebank.store.event.Committed;
import org.messagebank.store.event.EventBus;
import org.messagebank.store.event.MessageChanged;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Delivery on one node: the outbox planner, dispatch workers per channel (SMS, email,
 * webhook) and escalation, all over the shared store, so several nodes can run it at once
 * (claims are leased; planning and escalation rounds are idempotent). Woken by message
 * events and by a poll.
 */
public final class Delivery implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Delivery.class);

    /** Path of Twilio's status callback on this server. */
    public static final String TWILIO_STATUS_PATH = "/webhooks/twilio/status";
    /** Path of Twilio's inbound SMS webhook on this server. */
    public static final String TWILIO_INBOUND_PATH = "/webhooks/twilio/inbound";

    /** The consumer group, shared by every node, that takes {@link DispatchJob}s: each job goes to one node. */
    public static final String WORKER_GROUP = "delivery-workers";

    /** The transports; the mail supplier gives one sender per email worker. */
    public record Transports(SmsSender sms, Supplier<MailSender> mail, WebhookSender webhook) {
    }

    private final DeliveryConfig config;
    private final MessageBankStore store;
    private final EventBus bus;
    private final Clock clock;
    private final DispatchPlanner planner;
    private final Escalator escalator;
    private final TwilioWebhooks twilioWebhooks;
    private final WebhookSender webhook;
    private final List<DispatchWorker> workers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final Semaphore wakePlanner = new Semaphore(0);
    private final List<Semaphore> wakeWorkers = new ArrayList<>();
    private final List<EventBus.Subscription> subscriptions = new ArrayList<>();
    private volatile boolean running;

    public Delivery(DeliveryConfig config, MessageBankStore store, EventBus bus, Clock clock, PhoneNumbers phones,
                    Transports transports) {
        this.config = config;
        this.store = store;
        this.bus = bus;
        this.clock = clock;
        this.planner = new DispatchPlanner(store, clock, config.escalationAfter(), config.escalationRounds(), this::publishJob);
        this.escalator = new Escalator(store, clock, config.escalationAfter(), config.escalationRounds(), this::publishJob);
        this.webhook = transports.webhook();
        this.twilioWebhooks = new TwilioWebhooks(config.sms().authToken(), store, phones, config.ackWord());
        var retries = new ExponentialBackoff(config.maxAttempts(), config.retryInitial(), config.retryMax(), new Random());
        var composer = new Composer(config.publicUrl(), config.ackWord(), config.sms().maxSegments());
        String statusCallback = config.sms().twilio() ? trimSlash(config.publicUrl()) + TWILIO_STATUS_PATH : null;
        String sender = config.sms().from().isBlank() && !config.sms().twilio() ? "messagebank" : config.sms().from();
        var setup = new DispatchWorker.Setup(store, bus, clock, composer, retries, config.lease(), leaseCheck(config), sender, statusCallback,
                new SmsRateLimiter(config.sms().rate(), System::nanoTime));
        String node = UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < config.workers(); i++) {
            workers.add(new DispatchWorker(setup, node + "-sms-" + i, EnumSet.of(DeliveryChannel.SMS), transports.sms(), null, null));
            workers.add(new DispatchWorker(setup, node + "-mail-" + i, EnumSet.of(DeliveryChannel.EMAIL), null, transports.mail().get(), null));
            workers.add(new DispatchWorker(setup, node + "-webhook-" + i, EnumSet.of(DeliveryChannel.WEBHOOK), null, null,
                    transports.webhook()));
        }
    }

    /**
     * How often a sending worker looks whether its leases need renewing: every poll interval, and
     * at least four times per lease so that a renewal due at half the lease is made well before it ends.
     */
    static Duration leaseCheck(DeliveryConfig config) {
        var quarter = config.lease().dividedBy(4);
        return config.pollInterval().compareTo(quarter) < 0 ? config.pollInterval() : quarter;
    }

    /**
     * The transports the configuration chooses: Twilio when its credentials are set, else SMS
     * files under {@code dataDir/outbox/sms}; SMTP when a host is set, else .eml files under
     * {@code dataDir/outbox/mail}; webhooks over HTTP.
     */
    public static Transports transports(DeliveryConfig config, Path dataDir, Clock clock) {
        SmsSender sms = config.sms().twilio()
                ? TwilioSmsSender.create(config.sms().accountSid(), config.sms().authToken(), config.sms().timeout(), Optional.empty())
                : new FileSmsSender(dataDir.resolve("outbox").resolve("sms"));
        Supplier<MailSender> mail = config.mail().smtp()
                ? () -> new SmtpMailSender(config.mail(), clock)
                : () -> new EmlFileMailSender(dataDir.resolve("outbox").resolve("mail"), config.mail().from(), clock);
        log.info("delivery: SMS {}, email {}", config.sms().twilio() ? "through Twilio" : "to files in " + dataDir.resolve("outbox/sms"),
                config.mail().smtp() ? "through SMTP" : "to files in " + dataDir.resolve("outbox/mail"));
        return new Transports(sms, mail, new HttpWebhookSender(config.webhookTimeout(), clock, config.webhookPrivateNetworks()));
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    public DispatchPlanner planner() {
        return planner;
    }

    public Escalator escalator() {
        return escalator;
    }

    /** The handlers for Twilio's status callbacks and inbound SMS. */
    public TwilioWebhooks twilioWebhooks() {
        return twilioWebhooks;
    }

    /**
     * Plans, escalates and sends everything due now on the calling thread, until nothing is
     * left; for tests and tools. Returns how many dispatches were handled.
     */
    public int runDueNow() throws InterruptedException {
        int handled = 0;
        boolean progress = true;
        while (progress) {
            planner.catchUp();
            escalator.runDue();
            progress = false;
            for (DispatchWorker worker : workers) {
                int n = worker.drain();
                handled += n;
                progress |= n > 0;
            }
        }
        return handled;
    }

    /**
     * Plans, escalates and sends in the background: the planner follows the message events
     * (every node's planner sees each), the workers the dispatch jobs (one node's workers take each).
     */
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        subscriptions.add(bus.subscribe(MessageChanged.TOPIC, bus.nodeGroup("delivery-planner"), event -> wakePlanner.release()));
        subscriptions.add(bus.subscribe(DispatchJob.TOPIC, WORKER_GROUP, job -> wakeWorkers(job.channel())));
        threads.add(Thread.ofPlatform().name("delivery-planner").daemon().start(this::planLoop));
        for (DispatchWorker worker : workers) {
            var wake = new Semaphore(0);
            wakeWorkers.add(wake);
            threads.add(Thread.ofPlatform().name("delivery-" + worker.channels().iterator().next().name().toLowerCase() + "-worker")
                    .daemon().start(() -> workLoop(worker, wake)));
        }
    }

    /**
     * Hands a job to the workers of one node, after its dispatches were committed. When the bus
     * refuses it, this node's workers take it; the other nodes' workers find it at their next poll.
     */
    private void publishJob(DispatchJob job) {
        if (!Committed.publish(bus, DispatchJob.TOPIC, job)) {
            wakeWorkers(job.channel());
        }
    }

    private void wakeWorkers(DeliveryChannel channel) {
        for (int i = 0; i < wakeWorkers.size(); i++) {
            if (workers.get(i).channels().contains(channel)) {
                wakeWorkers.get(i).release();
            }
        }
    }

    /** Wakes every loop now, such as after a test moved the clock. */
    public void wake() {
        wakePlanner.release();
        wakeWorkers.forEach(Semaphore::release);
    }

    private void planLoop() {
        while (running) {
            try {
                planner.catchUp();
                escalator.runDue();
            } catch (RuntimeException e) {
                log.warn("dispatch planning failed; retrying in {} ms", config.pollInterval().toMillis(), e);
            }
            if (!await(wakePlanner, config.pollInterval())) {
                return;
            }
        }
    }

    private void workLoop(DispatchWorker worker, Semaphore wake) {
        while (running) {
            Duration idle = config.pollInterval();
            try {
                if (worker.runSome() > 0) {
                    continue;
                }
                Optional<Instant> next = store.dispatches().nextDue(worker.channels());
                if (next.isPresent()) {
                    Duration until = Duration.between(clock.instant(), next.get());
                    if (until.compareTo(idle) < 0) {
                        idle = until.isNegative() ? Duration.ofMillis(1) : until.plusMillis(1);
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("dispatch worker failed; retrying in {} ms", idle.toMillis(), e);
            }
            if (!await(wake, idle)) {
                return;
            }
        }
    }

    private boolean await(Semaphore wake, Duration timeout) {
        try {
            if (wake.tryAcquire(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS)) {
                wake.drainPermits();
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Stops the loops without interrupting them (an interrupt inside a database call can close
     * an embedded database's files) and closes the workers' SMTP connections and the webhook's. A dispatch being
     * sent is finished first; one left SENDING by a crash is retried after its lease.
     */
    @Override
    public synchronized void close() {
        running = false;
        subscriptions.forEach(EventBus.Subscription::close);
        wake();
        for (Thread thread : threads) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        workers.forEach(DispatchWorker::close);
        webhook.close();
    }
}
