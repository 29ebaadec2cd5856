package org.messagebank.bench.delivery;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** Keeps benchmark runs at INFO: logback's default without a configuration file is DEBUG. */
final class BenchLogging {
    private BenchLogging() {
    }

    static void quiet() {
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(Level.INFO);
    }
}
