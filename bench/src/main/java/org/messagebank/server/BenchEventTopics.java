package org.messagebank.server;

import org.messagebank.store.event.Topic;

import java.util.List;

/**
 * The event bus's topics as {@code messagebank kafka init-topics} creates them, for the cluster
 * benchmark's own broker. In the server's package (on the class path the benchmark jar holds both),
 * so that a topic added to the server is created here too without a copy of the list.
 */
public final class BenchEventTopics {
    private BenchEventTopics() {
    }

    public static List<Topic<?>> all() {
        return EventTopics.ALL;
    }
}
