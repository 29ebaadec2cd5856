package org.messagebank.store.event.kafka;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.messagebank.config.EventsConfig;
import org.messagebank.store.event.BusEvent;
import org.messagebank.store.event.EventBus;
import org.messagebank.store.event.Topic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The event bus of several nodes, on Kafka. Each event is a JSON record keyed by
 * {@link BusEvent#key()}, so events with one key keep their order; the producer is idempotent
 * and waits for every in-sync replica. Each subscription is one consumer of its group on its own
 * thread: it commits an offset only once the handler has run on the event (at least once: handlers
 * must be idempotent), and a handler that throws is logged and passed over.
 *
 * <p>Topics are never created on the fly: {@code messagebank kafka init-topics} creates them (see
 * {@link KafkaTopics}), and publishing to or following a topic that does not exist fails at once
 * with an error that says so. Topic and group names start with {@code events.topic-prefix}.
 *
 * <p>A shared group with no committed offset starts at the oldest event Kafka holds, so no work
 * is lost. A {@linkplain #nodeGroup node group} with none starts at the events published after
 * it subscribed: a new node must not replay old screen-pops to operators, and what follows the
 * message events (the index replica, the delivery planner) catches up from the database anyway.
 * That start is committed as soon as the group has its partitions, so a node restarted before
 * handling anything still resumes there.
 */
public final class KafkaEventBus implements EventBus {
    private static final Logger log = LoggerFactory.getLogger(KafkaEventBus.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration CLOSE = Duration.ofSeconds(10);
    /** The longest pause between retries of a consumer whose broker or group fails. */
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final EventsConfig config;
    private final EventCodec codec = new EventCodec();
    private final KafkaProducer<String, byte[]> producer;
    private final Admin admin;
    private final Set<String> knownTopics = ConcurrentHashMap.newKeySet();
    private final Set<String> nodeGroups = ConcurrentHashMap.newKeySet();
    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    public KafkaEventBus(EventsConfig config) {
        if (config.bootstrapServers().isBlank() || config.nodeId().isBlank()) {
            throw new IllegalArgumentException("the Kafka event bus needs events.bootstrap-servers and events.node-id");
        }
        this.config = config;
        this.admin = Admin.create(clientProperties(Map.of(
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMillis(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMillis())));
        try {
            // A record goes out at once rather than after Kafka's default 5 ms linger: the bus carries
            // screen-pops. Records published while one is in flight still travel together.
            // events.client-properties may set linger.ms otherwise.
            var producerProperties = new HashMap<String, Object>(Map.of(ProducerConfig.LINGER_MS_CONFIG, 0));
            producerProperties.putAll(clientProperties(Map.of(
                    ProducerConfig.CLIENT_ID_CONFIG, config.topicPrefix() + "messagebank-" + config.nodeId(),
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                    // One request in flight per broker: with more, a first request refused by a partition
                    // that is still being created can be overtaken by the next, and then never be accepted
                    // (KAFKA-15591). Bus events are few and small, so this costs little.
                    ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1,
                    ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMillis())));
            this.producer = new KafkaProducer<>(producerProperties, new StringSerializer(), new ByteArraySerializer());
        } catch (KafkaException e) {
            admin.close();
            throw e;
        }
    }

    /** The properties every client gets: the pass-through ones, then the bootstrap servers and {@code own}. */
    static Map<String, Object> clientProperties(EventsConfig config, Map<String, Object> own) {
        var properties = new HashMap<String, Object>(config.clientProperties());
        properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        properties.putAll(own);
        return properties;
    }

    private Map<String, Object> clientProperties(Map<String, Object> own) {
        return clientProperties(config, own);
    }

    private int timeoutMillis() {
        return (int) Math.min(Integer.MAX_VALUE, config.publishTimeout().toMillis());
    }

    /** The Kafka topic of a bus topic: its name after {@code events.topic-prefix}. */
    public static String topicName(EventsConfig config, Topic<?> topic) {
        return config.topicPrefix() + topic.name();
    }

    @Override
    public <E extends BusEvent> void publish(Topic<E> topic, E event) {
        if (closed) {
            throw new IllegalStateException("event bus is closed");
        }
        topic.requireOwn(event);
        String name = requireTopic(topic);
        String key = event.key();
        producer.send(new ProducerRecord<>(name, key, codec.encode(event)), (metadata, failure) -> {
            if (failure != null) {
                log.warn("could not publish a {} event with key {} to {}: {}", event.getClass().getSimpleName(), key, name,
                        failure.toString());
            }
        });
    }

    @Override
    public <E extends BusEvent> Subscription subscribe(Topic<E> topic, String group, Consumer<? super E> handler) {
        if (closed) {
            throw new IllegalStateException("event bus is closed");
        }
        var subscriber = new Subscriber(requireTopic(topic), config.topicPrefix() + group, nodeGroups.contains(group),
                bytes -> handler.accept(codec.decode(bytes, topic.type())));
        subscribers.add(subscriber);
        subscriber.start();
        return subscriber;
    }

    @Override
    public List<String> stoppedSubscriptions() {
        return subscribers.stream().filter(Subscriber::stopped).map(s -> s.topic + "/" + s.group).sorted().toList();
    }

    @Override
    public String nodeGroup(String role) {
        String group = role + "." + config.nodeId();
        nodeGroups.add(group);
        return group;
    }

    /** The topic's Kafka name, once the cluster has confirmed it exists. */
    private String requireTopic(Topic<?> topic) {
        String name = topicName(config, topic);
        if (knownTopics.contains(name)) {
            return name;
        }
        try {
            admin.describeTopics(List.of(name)).allTopicNames().get(config.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new IllegalStateException("Kafka topic " + name + " does not exist: create the topics with"
                        + " 'messagebank kafka init-topics' (topics are never created automatically)");
            }
            throw new IllegalStateException("cannot look up Kafka topic " + name + " at " + config.bootstrapServers() + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka at " + config.bootstrapServers() + " did not answer within "
                    + config.publishTimeout().toMillis() + " ms (events.publish-timeout) about topic " + name);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while looking up Kafka topic " + name);
        }
        knownTopics.add(name);
        return name;
    }

    @Override
    public void close() {
        closed = true;
        // All consumers stop at once (each commits and leaves its group on its own thread); then
        // they are waited for together, so shutting down takes one consumer's time, not the sum.
        var closing = List.copyOf(subscribers);
        closing.forEach(Subscriber::requestClose);
        long deadline = System.nanoTime() + CLOSE.plusSeconds(5).toNanos();
        closing.forEach(subscriber -> subscriber.awaitClosed(deadline));
        producer.close(CLOSE);
        admin.close(CLOSE);
    }

    /** One consumer of a group, on its own thread. */
    private final class Subscriber implements Subscription, ConsumerRebalanceListener {
        private final String topic;
        private final String group;
        private final Consumer<byte[]> handler;
        private final KafkaConsumer<String, byte[]> consumer;
        private final Map<TopicPartition, OffsetAndMetadata> handled = new HashMap<>();
        /** For a node group: the end of each partition when it subscribed, where it starts if it has no offset yet. */
        private final Map<TopicPartition, Long> startAt;
        private volatile boolean closing;
        private final CountDownLatch closeRequested = new CountDownLatch(1);
        private Thread thread;

        Subscriber(String topic, String group, boolean nodeGroup, Consumer<byte[]> handler) {
            this.topic = topic;
            this.group = group;
            this.handler = handler;
            this.consumer = new KafkaConsumer<>(clientProperties(Map.of(
                    ConsumerConfig.GROUP_ID_CONFIG, group,
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, nodeGroup ? "latest" : "earliest",
                    ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false)),
                    new StringDeserializer(), new ByteArrayDeserializer());
            try {
                this.startAt = nodeGroup ? new HashMap<>(consumer.endOffsets(consumer.partitionsFor(topic).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition())).toList())) : Map.of();
            } catch (KafkaException e) {
                consumer.close(CloseOptions.timeout(Duration.ZERO));
                throw new IllegalStateException("cannot read the end offsets of Kafka topic " + topic + " for group " + group
                        + ": " + e.getMessage(), e);
            }
        }

        void start() {
            thread = Thread.ofPlatform().name("bus-" + topic + "/" + group).daemon().start(this::run);
        }

        /** Its thread ended (an error no retry covers) without the subscription being closed. */
        boolean stopped() {
            return !closing && thread != null && !thread.isAlive();
        }

        private void run() {
            try {
                consumer.subscribe(List.of(topic), this);
                long backoffMillis = 0;
                while (!closing) {
                    try {
                        pollOnce();
                        backoffMillis = 0;
                    } catch (WakeupException e) {
                        // closing, or woken for nothing: the loop condition decides
                    } catch (CommitFailedException | RebalanceInProgressException e) {
                        // The group moved these partitions on (for instance after a handler ran
                        // past max.poll.interval.ms): their uncommitted events go to the new owner.
                        handled.clear();
                        log.warn("offsets of {} in group {} not committed ({}); the events since the last commit are handled again",
                                topic, group, e.getClass().getSimpleName());
                    } catch (KafkaException e) {
                        // A broker outage, a lost coordinator, refused credentials: keep following
                        // the topic, retrying with a growing pause, and say so each time.
                        backoffMillis = Math.min(MAX_BACKOFF.toMillis(), Math.max(POLL.toMillis(), 2 * backoffMillis));
                        log.warn("consumer of {} in group {} failed ({}: {}); retrying in {} ms", topic, group,
                                e.getClass().getSimpleName(), e.getMessage(), backoffMillis);
                        if (closeRequested.await(backoffMillis, TimeUnit.MILLISECONDS)) {
                            break;
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException | Error e) {
                // Reported by the node's readiness (stoppedSubscriptions) as well as here.
                log.error("consumer of {} in group {} stopped; this node no longer follows that topic", topic, group, e);
                if (e instanceof Error error) {
                    throw error;
                }
            } finally {
                try {
                    commitHandled();
                } catch (RuntimeException e) {
                    log.warn("could not commit the last offsets of {} in group {}; those events will be handled again", topic, group, e);
                }
                consumer.close(CloseOptions.timeout(CLOSE));
            }
        }

        private void pollOnce() {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                if (closing) {
                    break;
                }
                handle(record);
                handled.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1));
            }
            commitHandled();
        }

        private void handle(ConsumerRecord<String, byte[]> record) {
            try {
                handler.accept(record.value());
            } catch (RuntimeException e) {
                log.warn("handler in group {} failed on the event with key {} at {}-{} offset {}", group, record.key(),
                        record.topic(), record.partition(), record.offset(), e);
            }
        }

        /** Commits what was handled, waiting at most {@link #CLOSE} for the brokers (then it throws, and a later commit covers it). */
        private void commitHandled() {
            if (!handled.isEmpty()) {
                consumer.commitSync(handled, CLOSE);
                handled.clear();
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            commitHandled();
        }

        /** A node group's partitions without a committed offset start, and are committed, where it subscribed. */
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (startAt.isEmpty()) {
                return;
            }
            var committed = consumer.committed(Set.copyOf(partitions));
            var start = new HashMap<TopicPartition, OffsetAndMetadata>();
            for (TopicPartition partition : partitions) {
                Long end = startAt.remove(partition);
                if (end != null && committed.get(partition) == null) {
                    consumer.seek(partition, end);
                    start.put(partition, new OffsetAndMetadata(end));
                }
            }
            if (!start.isEmpty()) {
                consumer.commitSync(start);
            }
        }

        @Override
        public void close() {
            requestClose();
            awaitClosed(System.nanoTime() + CLOSE.plusSeconds(5).toNanos());
        }

        void requestClose() {
            closing = true;
            closeRequested.countDown();
            subscribers.remove(this);
            consumer.wakeup();
        }

        /** Waits for the consumer's thread to end, until {@code deadline} ({@link System#nanoTime()}). */
        void awaitClosed(long deadline) {
            if (thread != null && Thread.currentThread() != thread) {
                try {
                    thread.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
