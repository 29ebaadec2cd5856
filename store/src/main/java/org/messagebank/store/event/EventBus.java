package org.messagebank.store.event;

import java.util.List;
import java.util.function.Consumer;

/**
 * Publish / subscribe of small id-only events, with the delivery rules of a consumer-group
 * log: every group receives every event of a topic; within one group each event goes to one
 * subscriber; events with the same key reach a group in publication order. A handler that
 * throws does not stop later events.
 *
 * <p>Implementations: in-process for one node; a broker-backed one for several.
 */
public interface EventBus extends AutoCloseable {

    <E extends BusEvent> void publish(Topic<E> topic, E event);

    /**
     * @param group subscribers sharing a group share the work; give each node-local consumer
     *              its own group to receive every event
     */
    <E extends BusEvent> Subscription subscribe(Topic<E> topic, String group, Consumer<? super E> handler);

    /**
     * A group for one subscriber that must see every event on this node, such as the operator
     * console or a search-index replica. In-process each call gives a new group; with a broker the
     * group is the role and the node's configured id, stable across restarts, so a node resumes
     * where it stopped and never shares these events with another node. A node group that has
     * never run starts with the events published after it subscribed, not with older ones (a
     * new node must not replay old screen-pops; the index replica catches up from the database).
     *
     * @param role what the subscriber does, such as {@code indexer}
     */
    String nodeGroup(String role);

    /**
     * Subscriptions that no longer follow their topic because their consumer failed for good, as
     * {@code topic/group}; empty while every subscription follows (always, in-process). A node
     * with any is not ready: it would miss screen-pops or index changes.
     */
    default List<String> stoppedSubscriptions() {
        return List.of();
    }

    @Override
    void close();

    /** An active subscription. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
