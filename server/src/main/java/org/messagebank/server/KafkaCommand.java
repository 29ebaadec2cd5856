package org.messagebank.server;

import org.messagebank.config.EventsConfig;
import org.messagebank.store.event.kafka.KafkaTopics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/** Kafka administration for a cluster of nodes. */
@Command(name = "kafka", mixinStandardHelpOptions = true,
        description = "Kafka administration, for several nodes sharing one event bus (events.kind: kafka).",
        subcommands = KafkaCommand.InitTopics.class)
final class KafkaCommand {
    @ParentCommand
    Main main;

    /** Creates the event topics. */
    @Command(name = "init-topics", mixinStandardHelpOptions = true,
            description = {"Create the event bus's topics with events.partitions and events.replication-factor.",
                    "Topics that exist are left as they are, so it is safe to run again (for example after an upgrade)."})
    static final class InitTopics implements Callable<Integer> {
        @ParentCommand
        KafkaCommand parent;

        @Mixin
        Main.ConfigOption config;

        @Override
        public Integer call() {
            var events = config.load(parent.main.env).events();
            if (events.kind() != EventsConfig.Kind.KAFKA) {
                throw new IllegalStateException("events.kind is in-process: there are no Kafka topics to create"
                        + " (set events.kind to kafka, with events.bootstrap-servers and events.node-id)");
            }
            KafkaTopics.create(events, EventTopics.ALL).forEach(parent.main.out::println);
            return 0;
        }
    }
}
