package org.messagebank.config;

/**
 * A configuration problem, described in one line that names its source (a file path or an
 * environment variable) and never contains a secret value. Callers print {@link #getMessage()}
 * and stop.
 */
public final class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        this(message, null);
    }

    public ConfigException(String message, Throwable cause) {
        super(message.replaceAll("\\R", " "), cause);
    }
}
