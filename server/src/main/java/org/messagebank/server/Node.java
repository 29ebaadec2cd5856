package org.messagebank.server;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.messagebank.config.EventsConfig;
import org.messagebank.config.MessageBankConfig;
import org.messagebank.delivery.Delivery;
import org.messagebank.store.MessageBankStore;
import org.messagebank.store.domain.DispatchState;
import org.messagebank.store.PhoneNumbers;
import org.messagebank.store.event.EventBus;
import org.messagebank.store.event.InProcessEventBus;
import org.messagebank.store.event.kafka.KafkaEventBus;
import org.messagebank.store.index.LuceneMessageIndex;
import org.messagebank.store.index.MessageIndexer;
import org.messagebank.store.jdbc.Database;
import org.messagebank.store.jdbc.JdbcMessageBankStore;
import org.messagebank.store.retention.RetentionReaper;
import org.messagebank.server.auth.PasswordHasher;
import org.messagebank.server.http.HttpServer;
import org.messagebank.server.web.AdminRoutes;
import org.messagebank.server.web.OperatorRoutes;
import org.messagebank.server.web.WallboardRoutes;
import org.messagebank.server.web.ApiRoutes;
import org.messagebank.server.web.Authenticator;
import org.messagebank.server.web.PortalRoutes;
import org.messagebank.server.web.PrivacyRoutes;
import org.messagebank.server.web.StaticAssets;
import org.messagebank.telephony.Telephony;
import org.messagebank.telephony.acd.Acd;
import org.messagebank.telephony.acd.LocalAcd;
import org.messagebank.telephony.acd.SharedAcd;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * One running Message Bank node: the one place that chooses implementations from the
 * configuration and wires them, starts them in order and stops them in reverse.
 */
public final class Node implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Node.class);
    static final Duration DRAIN = Duration.ofSeconds(10);

    private final MessageBankConfig config;
    private final Clock clock;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private EventBus bus;
    private MessageBankStore store;
    private LuceneMessageIndex index;
    private MessageIndexer indexer;
    private RetentionReaper reaper;
    private Delivery delivery;
    private HttpServer http;
    private InetSocketAddress httpAddress;
    private Telephony telephony;
    private OperatorRoutes operatorRoutes;
    private volatile boolean stopping;

    private Node(MessageBankConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** Opens the store and index and starts the indexer and delivery, without serving anything. */
    public static Node open(MessageBankConfig config, Clock clock) {
        var node = new Node(config, clock);
        try {
            node.bus = node.track(eventBus(config.events()));
            var opening = openIndexMeanwhile(config, node.phones());
            try {
                node.store = node.track(new JdbcMessageBankStore(Database.open(config.database()), clock, node.bus));
            } finally {
                node.index = node.track(joined(opening));
            }
            node.indexer = node.track(new MessageIndexer(node.store.messages(), node.index,
                    config.index().refreshInterval(), config.index().commitInterval()));
            node.indexer.start(node.bus);
            node.reaper = new RetentionReaper(node.store.retention(), node.store.audit(), config.retention(), clock,
                    node.indexer::purgeDeleted);
            node.delivery = node.track(new Delivery(config.delivery(), node.store, node.bus, clock, node.phones(),
                    Delivery.transports(config.delivery(), config.data().dir(), clock)));
            node.delivery.start();
            return node;
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
    }

    /** The in-process bus for one node, or Kafka for several. */
    static EventBus eventBus(EventsConfig events) {
        return switch (events.kind()) {
            case IN_PROCESS -> new InProcessEventBus();
            case KAFKA -> new KafkaEventBus(events);
        };
    }

    /** Opens the index on another thread, since it does not need the database: start-up is quicker. */
    private static CompletableFuture<LuceneMessageIndex> openIndexMeanwhile(MessageBankConfig config, PhoneNumbers phones) {
        var future = new CompletableFuture<LuceneMessageIndex>();
        Thread.ofVirtual().name("index-open").start(() -> {
            try {
                future.complete(LuceneMessageIndex.open(config.index().dir(), phones));
            } catch (RuntimeException e) {
                future.completeExceptionally(e);
            }
        });
        return future;
    }

    private static <T> T joined(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    public PhoneNumbers phones() {
        return new PhoneNumbers(config.phone().defaultRegion());
    }

    /**
     * Starts telephony: the FastAGI listener (returned address), the operator queue and, when
     * {@code ami.host} is set, the AMI connection in the background. Call it before
     * {@link #serveHttp()}, which mounts the operator console's routes only for a node that
     * serves telephony.
     *
     * @throws IllegalStateException if HTTP is already being served, or telephony already started
     */
    public InetSocketAddress serveTelephony() {
        if (http != null || telephony != null) {
            throw new IllegalStateException(telephony != null ? "telephony is already started"
                    : "start telephony before HTTP: serveHttp() mounts the operator console's routes only when telephony is started");
        }
        telephony = track(new Telephony(config.agi(), config.telephony(), store, phones(), bus, callDistribution()));
        return telephony.start();
    }

    /**
     * Operators and waiting calls: in memory on a node of its own; in the database when nodes
     * share Kafka, so that any node's operators answer any node's calls (ADR 10).
     */
    private Acd callDistribution() {
        var wrapUp = config.telephony().wrapUpLimit();
        return switch (config.events().kind()) {
            case IN_PROCESS -> new LocalAcd(clock, bus, wrapUp);
            case KAFKA -> new SharedAcd(store.acd(), clock, bus, wrapUp, config.events().nodeId());
        };
    }

    /** Telephony, once {@link #serveTelephony()} has started it; null before. */
    public Telephony telephony() {
        return telephony;
    }

    /** AMI for readiness: UP, DEGRADED while disconnected (routing goes on), OFF when not configured or not started. */
    String amiStatus() {
        var t = telephony;
        if (t == null || !t.amiEnabled()) {
            return "OFF";
        }
        return t.amiConnected() ? "UP" : "DEGRADED";
    }

    private static double seconds(java.time.Duration duration) {
        return duration.toNanos() / 1e9;
    }

    /** Starts the HTTP server; returns the address it listens on. */
    public InetSocketAddress serveHttp() {
        var metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(metrics);
        new JvmGcMetrics().bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
        new ClassLoaderMetrics().bindTo(metrics);
        new ProcessorMetrics().bindTo(metrics);
        new UptimeMetrics().bindTo(metrics);
        Gauge.builder("messagebank.index.documents", index, LuceneMessageIndex::documentCount)
                .description("messages in the search index").register(metrics);
        Gauge.builder("messagebank.index.lag", this, n -> n.store.messages().lastOutboxSeq() - n.index.appliedSeq())
                .description("outbox entries not yet applied to the search index").register(metrics);

        var messages = store.messages();
        FunctionCounter.builder("messagebank.store.commits", messages, m -> m.commitStats().commits())
                .description("group commits of saved messages on this node").register(metrics);
        FunctionCounter.builder("messagebank.store.committed.messages", messages, m -> m.commitStats().messages())
                .description("messages saved on this node").register(metrics);
        FunctionCounter.builder("messagebank.store.commit.time", messages, m -> seconds(m.commitStats().committing()))
                .baseUnit("seconds").tag("stage", "commit").description("time spent in group commits of saved messages").register(metrics);
        FunctionCounter.builder("messagebank.store.commit.time", messages, m -> seconds(m.commitStats().syncing()))
                .baseUnit("seconds").tag("stage", "sync")
                .description("time spent syncing the embedded database's files after group commits (zero on PostgreSQL)").register(metrics);

        for (var state : DispatchState.values()) {
            Gauge.builder("messagebank.delivery.dispatches", store.dispatches(), d -> d.count(state)).tag("state", state.name())
                    .description("dispatches by state").register(metrics);
        }
        Gauge.builder("messagebank.delivery.dead.letters", store.dispatches(), d -> d.deadLetterCount())
                .description("dispatches that failed after their last attempt").register(metrics);
        var health = new HealthRoutes(this::databaseUp, index::isOpen, () -> stopping, this::amiStatus, bus::stoppedSubscriptions);
        var deliveryRoutes = new DeliveryRoutes(delivery.twilioWebhooks(), config.delivery().publicUrl());
        http = new HttpServer()
                .route("GET", "/health/live", health::live)
                .route("GET", "/health/ready", health::ready)
                .route("POST", Delivery.TWILIO_STATUS_PATH, deliveryRoutes::status)
                .route("POST", Delivery.TWILIO_INBOUND_PATH, deliveryRoutes::inbound)
                .route("GET", "/metrics", request -> new org.messagebank.server.http.Response(200,
                        "text/plain; version=0.0.4; charset=utf-8",
                        metrics.scrape().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        var hasher = new PasswordHasher();
        var authenticator = new Authenticator(store, hasher, config.web(), clock);
        config.http().tls().ifPresent(tls -> http.tls(tls.certificate(), tls.key()));
        new ApiRoutes(store, index, authenticator, config.http().tls().isPresent(), config.retention().messages().toDays())
                .mount(http);
        new AdminRoutes(store, phones(), hasher, authenticator, clock).mount(http);
        if (telephony != null) {
            operatorRoutes = track(new OperatorRoutes(store, index, telephony, authenticator, phones(),
                    config.telephony().wrapUpLimit()));
            operatorRoutes.mount(http, bus);
            new WallboardRoutes(store, telephony, authenticator, clock, config.web().timeZone()).mount(http);
        }
        new PortalRoutes(store, phones(), authenticator, config.delivery().webhookPrivateNetworks()).mount(http);
        new PrivacyRoutes(store, phones(), index, reaper, indexer::purgeDeleted, authenticator, clock).mount(http);
        new StaticAssets().mount(http);
        httpAddress = http.start(config.http().host(), config.http().port());
        track(() -> http.stop(DRAIN));
        return httpAddress;
    }

    /** Runs the retention reaper now and then every {@code reaper.interval}, until the node closes. */
    public void scheduleReaper() {
        var scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("retention-reaper").factory());
        long every = config.retention().reaperInterval().toMillis();
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                reaper.run(false);
            } catch (RuntimeException e) {
                log.warn("retention reaper run failed; next run in {} ms", every, e);
            }
        }, 0, every, TimeUnit.MILLISECONDS);
        track(() -> {
            reaper.stop();
            scheduler.shutdown();
            if (!scheduler.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("retention reaper still running after 30 s; stopping without waiting");
            }
        });
    }

    /** Every HTTP route as {@code METHOD path}, once {@link #serveHttp()} has started. */
    java.util.List<String> httpRoutes() {
        return http.routes();
    }

    /** Closes every open operator console; they reconnect by themselves. */
    void disconnectConsoles() {
        operatorRoutes.disconnectConsoles();
    }

    /** Checks the sessions of open operator consoles now rather than at the next interval. */
    void checkConsoleSessions() {
        operatorRoutes.checkConsoleSessions();
    }

    public RetentionReaper reaper() {
        return reaper;
    }

    private boolean databaseUp() {
        return store.healthy();
    }

    public MessageBankStore store() {
        return store;
    }

    public LuceneMessageIndex index() {
        return index;
    }

    public MessageIndexer indexer() {
        return indexer;
    }

    public Delivery delivery() {
        return delivery;
    }

    public MessageBankConfig config() {
        return config;
    }

    private <T extends AutoCloseable> T track(T resource) {
        started.push(resource);
        return resource;
    }

    /**
     * Stops in reverse order of start: HTTP stops accepting and drains, the indexer applies what
     * is left and commits, the index closes, the store finishes its pending commits and closes
     * the pool.
     */
    @Override
    public synchronized void close() {
        stopping = true;
        while (!started.isEmpty()) {
            var resource = started.pop();
            try {
                resource.close();
            } catch (Exception e) {
                log.warn("error while stopping {}", resource.getClass().getSimpleName(), e);
            }
        }
    }
}
