package org.messagebank.bench.web;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.messagebank.config.ConfigLoader;
import org.messagebank.server.Node;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * A whole Message Bank node in this process, on the embedded default (H2 and a local index)
 * under a scratch directory, serving HTTP and FastAGI on 127.0.0.1 only, on free ports.
 */
final class BenchNode {
    private BenchNode() {
    }

    /**
     * Opens the node; {@code extraYaml} lines are added to its configuration file.
     * Logging is set to warnings: the benchmark's output is its report.
     */
    static Node open(Path dir, Clock clock, String... extraYaml) throws IOException {
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        var yaml = new StringBuilder()
                .append("data:\n  dir: ").append(dir.resolve("data")).append('\n')
                .append("http:\n  host: 127.0.0.1\n  port: 0\n")
                .append("agi:\n  host: 127.0.0.1\n  port: 0\n");
        for (String line : extraYaml) {
            yaml.append(line).append('\n');
        }
        var file = Files.writeString(dir.resolve("messagebank.yml"), yaml);
        return Node.open(ConfigLoader.load(Optional.of(file), Map.of()), clock);
    }
}
