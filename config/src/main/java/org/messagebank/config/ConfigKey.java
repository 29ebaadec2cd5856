package org.messagebank.config;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One configuration key of the catalog in {@link ConfigKeys}.
 *
 * @param name         dotted lower-case path, such as {@code database.pool-size}; in YAML it is
 *                     nested by the dots
 * @param type         how the value is parsed and validated
 * @param defaultValue the value used when neither the file nor the environment sets the key, as
 *                     it would be written in the file
 * @param description  one line for the documentation
 * @param <T>          the Java type of the value
 */
public record ConfigKey<T>(String name, ValueType<T> type, String defaultValue, String description) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+");
    private static final String SECRET_PLACEHOLDER = "(value hidden)";

    public ConfigKey {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid config key name " + name);
        }
    }

    /** The environment variable that overrides this key: {@code database.pool-size} → {@code MB_DATABASE_POOL_SIZE}. */
    public String envVar() {
        return "MB_" + name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /**
     * Parses {@code text} or fails with a message such as
     * {@code http.port in /etc/mb.yml: 'eighty' is not an integer (expected an integer from 0 to 65535)}.
     *
     * @param origin where the text comes from, completing the key name: {@code in /etc/mb.yml}
     *               or {@code from MB_HTTP_PORT}
     */
    T parse(String text, String origin) {
        try {
            return type.parse(text);
        } catch (InvalidValueException e) {
            throw new ConfigException(name + " " + origin + ": " + show(text, e.wellFormed()) + " " + e.getMessage()
                    + " (expected " + type.expectation() + ")");
        }
    }

    private String show(String text, boolean wellFormed) {
        if (type.isSecret()) {
            return SECRET_PLACEHOLDER;
        }
        return wellFormed ? text.strip() : "'" + escapeControls(text) + "'";
    }

    private static String escapeControls(String text) {
        StringBuilder escaped = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                escaped.append(String.format("\\u%04x", c));
            } else {
                escaped.appendCodePoint(c);
            }
        });
        return escaped.toString();
    }
}
